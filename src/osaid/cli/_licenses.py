"""`osaid licenses show` and `list`."""

from __future__ import annotations

import json
import textwrap

from osaid.licenses.describe import ai_act_acceptance, catalog_kind, facts_to_dict, lookup
from osaid.licenses.interface import LicenseCategory
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


def show(query: str, fmt: str) -> None:
    facts, notes = lookup(query)
    data = facts_to_dict(query, facts, notes)
    if fmt == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    print(f"{facts.id}: {facts.name}")
    print(f"  status: {_CATEGORY[facts.category]}")
    for note in notes:
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
    act, why = ai_act_acceptance(facts)
    verdict = {"met": "accepted", "not-met": "not accepted", "unknown": "unknown"}[act.value]
    print(f"  EU AI Act open-source exemption (Art. 53(2)): {verdict}: {why}")
    if facts.source:
        print(f"  source: {facts.source}")


def list_catalog() -> None:
    kb = knowledge()
    for lic in sorted(kb.catalog.values(), key=lambda x: x.id.casefold()):
        print(f"{lic.id:42} {lic.version:12} {catalog_kind(lic):10} {lic.name}")
