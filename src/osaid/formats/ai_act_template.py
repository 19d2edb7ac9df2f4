"""The EU AI Act's template for the public summary of training content, and how osaid maps a
manifest onto it, read from the package's data files.

`ai-act-summary-template.yaml` is the template itself (Article 53(1)(d) of Regulation (EU)
2024/1689; the AI Office's template of 24 July 2025): its sections, groups and fields in order,
worded as the template words them. `ai-act-summary-mapping.yaml` is osaid's policy: where each
kind of training data goes, and, for every field, which manifest facts fill it and why it
stays unfilled without them. Both are validated on load against each other and against the
manifest's data kinds; a broken file is a `DataError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

from osaid._yaml import load_yaml
from osaid.errors import DataError
from osaid.manifest.model import DataKind

__all__ = [
    "ANSWERS",
    "FieldMapping",
    "FieldTree",
    "KindPlacement",
    "SizeOption",
    "SizeRange",
    "SummaryMapping",
    "SummaryTemplate",
    "TemplateField",
    "TemplateGroup",
    "summary_mapping",
    "summary_template",
]

TEMPLATE_FILE = "ai-act-summary-template.yaml"
MAPPING_FILE = "ai-act-summary-mapping.yaml"
ANSWERS = frozenset({"yes-no", "modalities", "size", "text", "date"})
"""The kinds of answer a field takes."""


@dataclass(frozen=True)
class SizeRange:
    """One of the size ranges the template offers for a modality."""

    label: str
    below: int | None = None
    """Values under this fall in the range."""
    through: int | None = None
    """Values up to and including this fall in the range."""

    def holds(self, value: float) -> bool:
        if self.below is not None:
            return value < self.below
        if self.through is not None:
            return value <= self.through
        return True


@dataclass(frozen=True)
class SizeOption:
    modality: str
    ranges: tuple[SizeRange, ...]

    def range_of(self, value: float) -> SizeRange:
        """The first range that holds `value` (the last range is open-ended)."""
        return next(r for r in self.ranges if r.holds(value))


@dataclass(frozen=True)
class TemplateField:
    id: str
    title: str
    description: str
    answer: str
    optional: bool = False
    options: tuple[str, ...] = ()
    """The choices offered (modalities)."""
    sizes: tuple[SizeOption, ...] = ()
    """The size ranges offered, per modality (a `size` field)."""


F = TypeVar("F")


class FieldTree(Generic[F]):
    """Fields first, then nested groups: a template's groups, and the filled summary's."""

    fields: tuple[F, ...]
    groups: tuple[FieldTree[F], ...]

    def all_fields(self) -> Iterator[F]:
        """Every field of the group and of its nested groups, in the template's order."""
        yield from self.fields
        for group in self.groups:
            yield from group.all_fields()


@dataclass(frozen=True)
class TemplateGroup(FieldTree[TemplateField]):
    """A section or subsection: fields first, then nested groups, as the template orders them."""

    id: str
    title: str
    description: str
    fields: tuple[TemplateField, ...] = ()
    groups: tuple[TemplateGroup, ...] = ()


@dataclass(frozen=True)
class SummaryTemplate:
    id: str
    title: str
    document: str
    publisher: str
    published: str
    communication: str
    sources: tuple[str, ...]
    checked_against: tuple[str, ...]
    sections: tuple[TemplateGroup, ...]

    def fields(self) -> Iterator[TemplateField]:
        """Every field, in the template's order."""
        for section in self.sections:
            yield from section.all_fields()

    def field(self, field_id: str) -> TemplateField:
        for f in self.fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)


@dataclass(frozen=True)
class KindPlacement:
    """Where training data of one kind goes in Section 2."""

    kind: DataKind
    listed: tuple[str, ...]
    review: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class FieldMapping:
    id: str
    filled_from: str | None
    """The manifest facts that fill the field (None: osaid never fills it)."""
    unfilled: str
    """Why the field is not filled when those facts are missing."""


@dataclass(frozen=True)
class SummaryMapping:
    kinds: dict[DataKind, KindPlacement]
    fields: dict[str, FieldMapping]
    kinds_source: str


def _text(raw: Any) -> str:
    return " ".join(str(raw).split())


def _field(raw: dict[str, Any]) -> TemplateField:
    answer = raw["answer"]
    if answer not in ANSWERS:
        raise DataError(f"{TEMPLATE_FILE}: field {raw['id']}: unknown answer {answer!r}")
    options: tuple[str, ...] = ()
    sizes: tuple[SizeOption, ...] = ()
    if answer == "size":
        sizes = tuple(
            SizeOption(
                o["modality"],
                tuple(SizeRange(r["label"], r.get("below"), r.get("through")) for r in o["ranges"]),
            )
            for o in raw["options"]
        )
    else:
        options = tuple(raw.get("options") or ())
    return TemplateField(
        id=str(raw["id"]),
        title=_text(raw["title"]),
        description=_text(raw["description"]),
        answer=answer,
        optional=bool(raw.get("optional", False)),
        options=options,
        sizes=sizes,
    )


def _group(raw: dict[str, Any]) -> TemplateGroup:
    return TemplateGroup(
        id=str(raw["id"]),
        title=_text(raw["title"]),
        description=_text(raw["description"]),
        fields=tuple(_field(f) for f in raw.get("fields") or ()),
        groups=tuple(_group(g) for g in raw.get("groups") or ()),
    )


def _read(name: str) -> Any:
    text = resources.files("osaid.formats").joinpath("data", name).read_text("utf-8")
    return load_yaml(text, file=f"osaid/formats/data/{name}").data


@cache
def summary_template() -> SummaryTemplate:
    """The template, loaded once."""
    data = _read(TEMPLATE_FILE)
    try:
        template = SummaryTemplate(
            id=data["id"],
            title=_text(data["title"]),
            document=_text(data["document"]),
            publisher=data["publisher"],
            published=str(data["published"]),
            communication=data["communication"],
            sources=tuple(data["sources"]),
            checked_against=tuple(data.get("checked_against") or ()),
            sections=tuple(_group(s) for s in data["sections"]),
        )
    except (KeyError, TypeError) as exc:
        raise DataError(f"{TEMPLATE_FILE} is malformed: {exc!r}") from exc
    ids = [f.id for f in template.fields()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DataError(f"{TEMPLATE_FILE}: duplicate field ids {duplicates}")
    return template


@cache
def summary_mapping() -> SummaryMapping:
    """osaid's mapping of manifest facts onto the template, checked against the template."""
    data = _read(MAPPING_FILE)
    field_ids = [f.id for f in summary_template().fields()]
    try:
        kinds = {
            DataKind(k): KindPlacement(
                DataKind(k),
                tuple(v.get("listed") or ()),
                tuple(v.get("review") or ()),
                _text(v["why"]),
            )
            for k, v in data["kinds"].items()
        }
        fields = {
            str(k): FieldMapping(str(k), v["from"], _text(v["unfilled"]))
            for k, v in data["fields"].items()
        }
        kinds_source = data["kinds_source"]
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{MAPPING_FILE} is malformed: {exc!r}") from exc
    if set(kinds) != set(DataKind):
        raise DataError(f"{MAPPING_FILE}: kinds must be exactly {[k.value for k in DataKind]}")
    if list(fields) != field_ids:
        raise DataError(f"{MAPPING_FILE}: fields must be the template's, in its order")
    for placement in kinds.values():
        unknown = [f for f in (*placement.listed, *placement.review) if f not in fields]
        if unknown:
            raise DataError(f"{MAPPING_FILE}: {placement.kind.value}: unknown fields {unknown}")
    return SummaryMapping(kinds=kinds, fields=fields, kinds_source=kinds_source)
