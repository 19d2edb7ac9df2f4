"""What changed between two versions of a definition, in words a person can read."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from osaid.definitions.interface import Definition, Requirement

_FIELDS = (
    "title",
    "text",
    "rule",
    "components",
    "legal",
    "if_used",
    "optional",
    "data_kinds",
    "freedoms",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    words: tuple[tuple[str, str], ...] = ()
    """For text fields: (removed words, added words) pairs, in order."""


@dataclass(frozen=True)
class RequirementChange:
    id: str
    kind: str
    """added, removed or changed."""
    title: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class DefinitionDiff:
    before: Definition
    after: Definition
    header: tuple[FieldChange, ...] = field(default=())
    requirements: tuple[RequirementChange, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.header and not self.requirements


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(getattr(v, "value", v)) for v in value) or "(none)"
    return str(getattr(value, "value", value))


def word_changes(before: str, after: str) -> tuple[tuple[str, str], ...]:
    a, b = before.split(), after.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return tuple(out)


def _field_change(name: str, before: object, after: object) -> FieldChange | None:
    if before == after:
        return None
    b, a = _show(before), _show(after)
    words = (
        word_changes(b, a)
        if name in ("text", "title", "freedoms_text", "preferred_form_text", "legal_frameworks")
        else ()
    )
    return FieldChange(name, b, a, words)


def _requirement_changes(a: Requirement, b: Requirement) -> tuple[FieldChange, ...]:
    changes = (_field_change(f, getattr(a, f), getattr(b, f)) for f in _FIELDS)
    return tuple(c for c in changes if c is not None)


def diff_definitions(before: Definition, after: Definition) -> DefinitionDiff:
    header = []
    for name in ("freedoms_text", "preferred_form_text"):
        change = _field_change(name, getattr(before, name), getattr(after, name))
        if change:
            header.append(change)
    frameworks = _field_change(
        "legal_frameworks",
        "; ".join(f"{k.value}: {v}" for k, v in sorted(before.legal_frameworks.items())),
        "; ".join(f"{k.value}: {v}" for k, v in sorted(after.legal_frameworks.items())),
    )
    if frameworks:
        header.append(frameworks)
    old = {r.id: r for r in before.requirements}
    new = {r.id: r for r in after.requirements}
    reqs: list[RequirementChange] = []
    for r in after.requirements:
        if r.id not in old:
            reqs.append(RequirementChange(r.id, "added", r.title))
        else:
            changes = _requirement_changes(old[r.id], r)
            if changes:
                reqs.append(RequirementChange(r.id, "changed", r.title, changes))
    reqs.extend(
        RequirementChange(r.id, "removed", r.title) for r in before.requirements if r.id not in new
    )
    return DefinitionDiff(before, after, tuple(header), tuple(reqs))
