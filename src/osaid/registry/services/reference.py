"""Definitions and licenses: read-only, from the data osaid ships."""

from __future__ import annotations

from typing import Any

from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.licenses.interface import LicenseFacts
from osaid.registry.errors import NotFound


def definition_or_404(definition_id: str) -> Any:
    """The definition with this id (NotFound for an id osaid does not know)."""
    from osaid.definitions.loader import load_definition

    if not isinstance(definition_id, str) or not definition_id or len(definition_id) > 60:
        raise InputError("a definition id is required", field="definition_id")
    try:
        return load_definition(definition_id)
    except UnknownIdError as exc:
        raise NotFound(str(exc)) from None


def list_definitions() -> list[dict[str, Any]]:
    from osaid.definitions.loader import all_definitions

    return [
        {
            "id": d.id,
            "name": d.name,
            "version": d.version,
            "status": d.status,
            "published": d.published,
            "family": d.family,
            "previous": d.previous,
            "requirements": len(d.requirements),
        }
        for d in all_definitions()
    ]


def get_definition(definition_id: str) -> dict[str, Any]:
    """The definition as `osaid definitions show --format json` prints it."""
    from osaid.definitions.serialize import definition_to_dict

    return definition_to_dict(definition_or_404(definition_id))


def diff_definitions(before_id: str, after_id: str) -> dict[str, Any]:
    """What changed between two definition versions: header fields and requirements."""
    from osaid.definitions.diff import diff_definitions as diff
    from osaid.definitions.serialize import diff_to_dict

    d = diff(definition_or_404(before_id), definition_or_404(after_id))
    return {**diff_to_dict(d), "before": before_id, "after": after_id, "empty": d.empty}


def list_licenses() -> list[dict[str, Any]]:
    """The AI license catalog: id, name, version, kind (open, restricted, policy)."""
    from osaid.licenses.describe import catalog_kind
    from osaid.licenses.knowledge import knowledge

    return [
        {"id": lic.id, "name": lic.name, "version": lic.version, "kind": catalog_kind(lic)}
        for lic in sorted(knowledge().catalog.values(), key=lambda x: x.id.casefold())
    ]


def license_facts(license_id: str) -> LicenseFacts | None:
    """The facts of a license osaid knows by this exact id (an SPDX license, or an entry of
    the AI license catalog, whose terms may be unverified), else None."""
    from osaid.licenses.knowledge import knowledge

    kb = knowledge()
    if not isinstance(license_id, str) or not license_id or len(license_id) > 200:
        return None
    facts = kb.facts(license_id)
    return facts if facts.known or license_id in kb.catalog else None


def get_license(query: str) -> dict[str, Any]:
    """A license's status and restrictions, as `osaid licenses show --format json` prints."""
    from osaid.licenses.describe import facts_to_dict, lookup

    if not isinstance(query, str) or not query.strip() or len(query) > 500:
        raise InputError("a license id or name is required", field="license")
    try:
        facts, notes = lookup(query)
    except OsaidError as exc:
        raise InputError(str(exc), field="license") from None
    return facts_to_dict(query, facts, notes)
