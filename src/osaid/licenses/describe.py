"""A license looked up by any name, described as plain data (CLI, API and pages)."""

from __future__ import annotations

from typing import Any

from osaid.definitions.interface import LegalFramework
from osaid.licenses.interface import CatalogLicense, LicenseFacts
from osaid.licenses.knowledge import LegalOutcome, knowledge


def lookup(query: str) -> tuple[LicenseFacts, tuple[str, ...]]:
    """Facts for an SPDX id, catalog id, Hugging Face tag or common name, with the notes on
    how the name was read. Unknown names give `unknown` facts, never an error."""
    kb = knowledge()
    normalized = kb.normalize(query)
    license_id = normalized.expression if normalized.expression else query.strip()
    return kb.facts(license_id), normalized.notes


def catalog_kind(entry: CatalogLicense) -> str:
    """policy, open, restricted, or "" for an entry whose terms are not verified."""
    if entry.is_policy:
        return "policy"
    if entry.grants_freedoms:
        return "open"
    return "restricted" if entry.restrictions else ""


def ai_act_acceptance(facts: LicenseFacts) -> tuple[LegalOutcome, str]:
    """Whether the EU AI Act's open-source exemption (Art. 53(2)) accepts the licence, and why."""
    outcome = knowledge().accepts(facts, LegalFramework.FREE_OPEN_SOURCE_LICENCE)
    if outcome is LegalOutcome.UNKNOWN:
        return outcome, "osaid does not know this licence"
    if outcome is LegalOutcome.MET:
        return outcome, "allows access, use, modification and distribution with no use restriction"
    if facts.restrictions:
        clauses = "; ".join(f"{r.kind.value} (§{r.clause})" for r in facts.restrictions)
        return outcome, f"restricts use beyond attribution and comparable terms: {clauses}"
    return outcome, "is neither an open-source nor a free licence, nor open data terms"


def facts_to_dict(query: str, facts: LicenseFacts, notes: tuple[str, ...]) -> dict[str, Any]:
    entry = facts.catalog
    act, why = ai_act_acceptance(facts)
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
        "eu_ai_act_exemption": {"outcome": act.value, "why": why},
        "source": facts.source,
        "notes": list(notes),
    }
