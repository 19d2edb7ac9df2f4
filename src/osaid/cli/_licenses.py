"""`osaid licenses show` and `list`."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from osaid.licenses.interface import LicenseCategory, LicenseFacts
from osaid.licenses.knowledge import knowledge

_CATEGORY = {
    LicenseCategory.OSI_APPROVED: "OSI-approved",
    LicenseCategory.OPEN_DATA: "open data / documentation terms (allowlist)",
    LicenseCategory.PERMISSIVE_NON_OSI: "grants the four freedoms, not OSI-approved",
    LicenseCategory.RESTRICTED: "restricted: takes away one or more freedoms",
    LicenseCategory.NOT_OPEN: "neither OSI-approved nor on the open data terms allowlist",
    LicenseCategory.NO_LICENSE: "no license: all rights reserved",
    LicenseCategory.UNKNOWN: "unknown: osaid does not know this license; it is treated as "
    "neither open nor closed",
}


def _facts_dict(query: str, facts: LicenseFacts, notes: tuple[str, ...]) -> dict[str, Any]:
    entry = facts.catalog
    return {
        "query": query,
        "id": facts.id,
        "name": facts.name,
        "category": facts.category.value,
        "osi_approved": facts.osi_approved,
        "fsf_libre": facts.fsf_libre,
        "deprecated": facts.deprecated,
        "on_data_allowlist": facts.on_data_allowlist,
        "version": entry.version if entry else None,
        "url": entry.url if entry else None,
        "scancode_key": entry.scancode_key if entry else None,
        "policies": list(entry.policies) if entry else [],
        "restrictions": [
            {
                "kind": r.kind.value,
                "clause": r.clause,
                "summary": r.summary,
                "value": r.value,
                "freedoms": [f.value for f in r.freedoms],
                "source": r.source,
            }
            for r in facts.restrictions
        ],
        "freedoms_broken": sorted({f.value for r in facts.restrictions for f in r.freedoms}),
        "source": facts.source,
        "notes": list(notes),
    }


def show(query: str, fmt: str) -> None:
    kb = knowledge()
    normalized = kb.normalize(query)
    license_id = normalized.expression if normalized.expression else query.strip()
    facts = kb.facts(license_id)
    data = _facts_dict(query, facts, normalized.notes)
    if fmt == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    print(f"{facts.id}: {facts.name}")
    print(f"  status: {_CATEGORY[facts.category]}")
    for note in normalized.notes:
        print(f"  note: {note}")
    if facts.catalog:
        print(f"  version: {facts.catalog.version}; text: {facts.catalog.url}")
        if facts.catalog.scancode_key:
            print(f"  ScanCode key: {facts.catalog.scancode_key}")
    if facts.known and facts.category is not LicenseCategory.NO_LICENSE:
        flags = [
            ("OSI-approved", facts.osi_approved),
            ("FSF-libre", facts.fsf_libre),
            ("deprecated SPDX id", facts.deprecated),
        ]
        print("  flags: " + ", ".join(f"{n}: {'yes' if v else 'no'}" for n, v in flags))
    if facts.restrictions:
        print("  restrictions:")
        for r in facts.restrictions:
            value = (
                f" ({r.value:,})"
                if isinstance(r.value, int)
                else (f" ({r.value})" if r.value else "")
            )
            print(f"    - {r.kind.value}{value} — §{r.clause}")
            print(textwrap.indent(textwrap.fill(r.summary, 90), "        "))
            print(f"        breaks: {', '.join(f.value for f in r.freedoms)}; source: {r.source}")
    if facts.source:
        print(f"  source: {facts.source}")


def list_catalog() -> None:
    kb = knowledge()
    for lic in sorted(kb.catalog.values(), key=lambda x: x.id.casefold()):
        kind = (
            "policy"
            if lic.is_policy
            else ("open" if lic.grants_freedoms else "restricted" if lic.restrictions else "")
        )
        print(f"{lic.id:42} {lic.version:12} {kind:10} {lic.name}")
