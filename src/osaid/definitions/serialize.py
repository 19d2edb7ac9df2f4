"""Definitions and their diffs as plain data (the JSON of the CLI, the API and the pages)."""

from __future__ import annotations

from osaid.definitions.diff import DefinitionDiff, FieldChange
from osaid.definitions.interface import Definition


def definition_to_dict(d: Definition) -> dict[str, object]:
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


def diff_to_dict(diff: DefinitionDiff) -> dict[str, object]:
    def change(c: FieldChange) -> dict[str, object]:
        return {
            "field": c.field,
            "before": c.before,
            "after": c.after,
            "words": [list(w) for w in c.words],
        }

    return {
        "before": diff.before.id,
        "after": diff.after.id,
        "header": [change(c) for c in diff.header],
        "requirements": [
            {
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "changes": [change(c) for c in r.changes],
            }
            for r in diff.requirements
        ],
    }
