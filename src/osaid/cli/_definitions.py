"""`osaid definitions show` and `diff`."""

from __future__ import annotations

import json
import textwrap

from osaid.definitions.diff import diff_definitions
from osaid.definitions.loader import load_definition
from osaid.definitions.serialize import definition_to_dict, diff_to_dict


def show(definition_id: str, fmt: str) -> None:
    d = load_definition(definition_id)
    if fmt == "json":
        print(json.dumps(definition_to_dict(d), indent=2, ensure_ascii=False))
        return
    print(f"{d.name} {d.version} ({d.id}) — {d.status}, published {d.published}")
    print(f"Source: {d.source}")
    if d.notes:
        print(textwrap.fill(d.notes, 100))
    print()
    for r in d.requirements:
        flags = [f for f, on in (("optional", r.optional), ("if used", r.if_used)) if on]
        legal = d.legal_frameworks.get(r.legal, "no legal requirement")
        print(f"[{r.id}] {r.title}" + (f" ({', '.join(flags)})" if flags else ""))
        print(
            f"  components: {', '.join(r.components) or '—'}; rule: {r.rule.value}; "
            f"legal: {legal}; freedoms: {', '.join(f.value for f in r.freedoms)}"
        )
        print(textwrap.indent(textwrap.fill(f"“{r.text}”", 96), "  "))
        print()


def diff(before_id: str, after_id: str, fmt: str) -> None:
    result = diff_definitions(load_definition(before_id), load_definition(after_id))
    if fmt == "json":
        print(json.dumps(diff_to_dict(result), indent=2, ensure_ascii=False))
        return
    print(f"{result.before.name} {result.before.version} → {result.after.version}")
    if result.empty:
        print("No differences.")
        return
    for change in result.header:
        print(f"~ {change.field}")
        for removed, added in change.words:
            print(f"    {_words(removed, added)}")
    for r in result.requirements:
        mark = {"added": "+", "removed": "-", "changed": "~"}[r.kind]
        print(f"{mark} [{r.id}] {r.title} ({r.kind})")
        for c in r.changes:
            if c.words:
                print(f"    {c.field}:")
                for removed, added in c.words:
                    print(f"      {_words(removed, added)}")
            else:
                print(f"    {c.field}: {c.before} → {c.after}")


def _words(removed: str, added: str) -> str:
    if removed and added:
        return f"“{removed}” → “{added}”"
    if removed:
        return f"removed “{removed}”"
    return f"added “{added}”"
