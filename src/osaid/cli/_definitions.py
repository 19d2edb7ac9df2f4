"""`osaid definitions show` and `diff`."""

from __future__ import annotations

import json
import textwrap

from osaid.definitions.diff import DefinitionDiff, diff_definitions
from osaid.definitions.interface import Definition
from osaid.definitions.loader import load_definition


def _definition_dict(d: Definition) -> dict[str, object]:
    return {
        "id": d.id,
        "name": d.name,
        "version": d.version,
        "status": d.status,
        "published": d.published,
        "source": d.source,
        "family": d.family,
        "legal_frameworks": {k.value: v for k, v in d.legal_frameworks.items()},
        "requirements": [
            {
                "id": r.id,
                "element": r.element.value,
                "title": r.title,
                "text": r.text,
                "source": r.source,
                "rule": r.rule.value,
                "components": list(r.components),
                "legal": r.legal.value,
                "freedoms": [f.value for f in r.freedoms],
                "if_used": r.if_used,
                "optional": r.optional,
                "data_kinds": list(r.data_kinds),
                "mof_class": r.mof_class,
                "remediation": r.remediation,
            }
            for r in d.requirements
        ],
    }


def show(definition_id: str, fmt: str) -> None:
    d = load_definition(definition_id)
    if fmt == "json":
        print(json.dumps(_definition_dict(d), indent=2, ensure_ascii=False))
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


def _diff_dict(diff: DefinitionDiff) -> dict[str, object]:
    return {
        "before": diff.before.id,
        "after": diff.after.id,
        "header": [
            {
                "field": c.field,
                "before": c.before,
                "after": c.after,
                "words": [list(w) for w in c.words],
            }
            for c in diff.header
        ],
        "requirements": [
            {
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "changes": [
                    {
                        "field": c.field,
                        "before": c.before,
                        "after": c.after,
                        "words": [list(w) for w in c.words],
                    }
                    for c in r.changes
                ],
            }
            for r in diff.requirements
        ],
    }


def diff(before_id: str, after_id: str, fmt: str) -> None:
    result = diff_definitions(load_definition(before_id), load_definition(after_id))
    if fmt == "json":
        print(json.dumps(_diff_dict(result), indent=2, ensure_ascii=False))
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
