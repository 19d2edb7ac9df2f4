"""A draft of the EU AI Act's public summary of training content, filled from a manifest.

Article 53(1)(d) of Regulation (EU) 2024/1689 asks every provider of a general-purpose AI
model, open-source ones included, to publish a summary of its training content in the AI
Office's template (`ai-act-summary-template.yaml`). `build_summary` fills that template with
the facts an osaid manifest states, and nothing else:

* Every field gets a status. **filled**: manifest facts answer it. **needs review**: manifest
  facts bear on it, but putting them there is a judgment (the facts are listed, with why).
  **not filled**: the manifest states nothing for it; the reason says what is missing. An
  empty list in the manifest never answers "No": osaid cannot tell "none" from "not stated".
* Every fact keeps the manifest path it comes from and its source URLs. Identity facts (name,
  version, release date, modality) have no source of their own in a manifest: they cite the
  system's own URLs (`system.urls`); the producer cites its web site.
* Training data is placed by its OSAID kind, as `ai-act-summary-mapping.yaml` says: `open`
  and `public` entries are publicly available datasets (2.1, filled); `obtainable` entries
  may be publicly available for a fee or private third-party data (2.1, 2.2.1, 2.2.2) and
  `unshareable` entries may be any of 2.2 to 2.6, so both are listed, for review, in each
  field they may belong to. The stated absence of obtainable data (component
  `obtainable-data-listing: not-used`) is listed for review in 2.2, not taken for a "No".
* Other judgments flagged for review: the producer as the provider (1.1.a); the release date
  as the date of placement on the Union market (1.2.c); the model's modality as the training
  data's (1.3.a); tokens seen in training (over all epochs) as the training data size, placed
  in the template's Text range (1.3.b); the training data descriptions as types of content
  (1.3.c); teacher models as dependencies (1.2.b) and as generators of synthetic data (2.5);
  the copyright policy as the measures for reservations of rights (3.1.b); documented
  filtering as removal of illegal content (3.2.a).
* Never filled: the summary's version and date, the authorised representative, collection
  dates, languages, crawlers, user data, the Code of Practice signature: no manifest field
  holds them.

Only the components the manifest lists itself are read (no inheritance from coarser ones),
so that a data card never stands in for a data listing. The result is a value; the Markdown
and JSON renderers are in `osaid.formats.ai_act_render`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from osaid.components import component_catalog
from osaid.evaluation.system import System
from osaid.formats.ai_act_template import (
    FieldTree,
    SummaryMapping,
    SummaryTemplate,
    TemplateField,
    TemplateGroup,
    summary_mapping,
    summary_template,
)
from osaid.manifest.model import (
    Availability,
    BaseModelRef,
    Component,
    Coverage,
    DataKind,
    Relation,
)

__all__ = [
    "Fact",
    "FieldStatus",
    "FilledField",
    "FilledGroup",
    "PublishedSummary",
    "TrainingContentSummary",
    "build_summary",
]


class FieldStatus(StrEnum):
    FILLED = "filled"
    NEEDS_REVIEW = "needs-review"
    NOT_FILLED = "not-filled"


@dataclass(frozen=True)
class Fact:
    """A manifest fact put in a field."""

    text: str
    fact: str
    """Where in the manifest it is, e.g. `training_data[0]`."""
    sources: tuple[str, ...] = ()
    review: bool = False
    """True when its place in this field is a judgment."""


@dataclass(frozen=True)
class FilledField:
    field: TemplateField
    status: FieldStatus
    value: str | None
    """What the field says: an answer (`Yes`, a size range) or the facts' text."""
    facts: tuple[Fact, ...] = ()
    why: str | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for f in self.facts for s in f.sources))


@dataclass(frozen=True)
class FilledGroup(FieldTree[FilledField]):
    group: TemplateGroup
    fields: tuple[FilledField, ...]
    groups: tuple[FilledGroup, ...]


@dataclass(frozen=True)
class PublishedSummary:
    """What the manifest says of the provider's own summary (`eu_ai_act.training_content_summary`)."""

    published: bool
    source: str
    text: str | None
    date: str | None


@dataclass(frozen=True)
class TrainingContentSummary:
    template: SummaryTemplate
    system_name: str
    system_version: str | None
    origin: str
    published_summary: PublishedSummary | None
    sections: tuple[FilledGroup, ...]

    def fields(self) -> Iterator[FilledField]:
        for s in self.sections:
            yield from s.all_fields()

    def with_status(self, status: FieldStatus) -> list[FilledField]:
        return [f for f in self.fields() if f.status is status]


@dataclass
class _Draft:
    facts: list[Fact] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    value: str | None = None


def _clean(text: str) -> str:
    return " ".join(text.split())


def provider_statement(said: str, date: str | None, text: str) -> str:
    """A provider's published statement as the drafts quote it: what the manifest says of it,
    its date, then its own words (already cleaned for the output format)."""
    dated = f" ({date})" if date else ""
    detail = f": {text}" if text else ""
    return f"{said}{dated}{detail}"


def _lineage_fact(model: BaseModelRef, role: str, where: str) -> Fact:
    """A model whose outputs trained this one; whether it made synthetic data needs review."""
    return Fact(
        f"{model.ref} ({role}, {model.relation.value})",
        where,
        (model.source,) if model.source else (),
        review=True,
    )


class _Filler:
    """The manifest facts of one system, ready to be put in fields."""

    def __init__(self, system: System, mapping: SummaryMapping) -> None:
        self.system = system
        self.manifest = system.manifest
        self.mapping = mapping
        self.urls = tuple(dict.fromkeys(self.manifest.system.urls.values()))

    # ---- shared facts ------------------------------------------------------------------------

    def component(self, cid: str) -> Component | None:
        return self.manifest.components.get(cid)

    def component_fact(self, cid: str, what: str, *, review: bool) -> Fact | None:
        """A released component, as a fact: its name, `what` it is, location, license, notes."""
        entry = self.component(cid)
        if entry is None or entry.status is not Availability.RELEASED:
            return None
        name = component_catalog().get(cid).name
        parts = [f"{name}{what}: {entry.location or 'no location given'}"]
        if entry.license:
            parts.append(f"license {entry.license}")
        text = "; ".join(parts) + "." + (f" {_clean(entry.notes)}" if entry.notes else "")
        return Fact(text, f"components.{cid}", tuple(entry.all_sources()), review)

    def kind_facts(self, field_id: str, long: bool) -> _Draft:
        """The training data entries the mapping places in this field, by their kind."""
        draft = _Draft()
        flagged: list[DataKind] = []
        for i, entry in enumerate(self.manifest.training_data):
            placement = self.mapping.kinds[entry.kind]
            listed = field_id in placement.listed
            if not listed and field_id not in placement.review:
                continue
            if long:
                text = (
                    f"{entry.name}: {entry.location or 'no location given'}; "
                    f"license {entry.license or 'not stated'}; stage {entry.stage or 'not stated'}"
                )
            else:
                text = f"{entry.name} ({entry.kind.value})"
            sources = (entry.source,) if entry.source else ()
            draft.facts.append(Fact(text, f"training_data[{i}]", sources, review=not listed))
            if not listed and entry.kind not in flagged:
                flagged.append(entry.kind)
        draft.why += [self.mapping.kinds[k].why for k in flagged]
        return draft

    def teachers(self) -> list[Fact]:
        """Models whose outputs trained this one: teachers, and base models distilled from."""
        lineage = self.manifest.lineage
        facts = [
            _lineage_fact(t, "teacher", f"lineage.teachers[{i}]")
            for i, t in enumerate(lineage.teachers)
        ]
        facts += [
            _lineage_fact(b, "base model", f"lineage.base_models[{i}]")
            for i, b in enumerate(lineage.base_models)
            if b.relation is Relation.DISTILLED_FROM
        ]
        return facts

    def obtainable_listing(self) -> _Draft:
        draft = _Draft()
        entry = self.component("obtainable-data-listing")
        if entry is None:
            return draft
        name = component_catalog().get("obtainable-data-listing").name
        sources = tuple(entry.all_sources())
        if entry.status is Availability.NOT_USED:
            note = f" {_clean(entry.notes)}" if entry.notes else ""
            draft.facts.append(
                Fact(
                    f"{name}: not used.{note}", "components.obtainable-data-listing", sources, True
                )
            )
            draft.why.append(
                "The manifest states that no training data obtainable from third parties was "
                "used; OSAID's obtainable data is not the template's category, so whether this "
                "answers No needs review."
            )
        elif entry.status is Availability.RELEASED:
            fact = self.component_fact("obtainable-data-listing", "", review=True)
            if fact is not None:
                draft.facts.append(fact)
                draft.why.append(
                    "The manifest lists training data obtainable from third parties; whether "
                    "any of it was licensed or privately obtained needs review."
                )
        return draft

    def data_description(self, coverage: Coverage, what: str, *, review: bool) -> Fact | None:
        entry = self.component("data-description")
        if entry is None or entry.status is not Availability.RELEASED:
            return None
        if coverage not in entry.covers:
            return None
        name = component_catalog().get("data-description").name
        text = f"{name}, which discloses the {what}: {entry.location or 'no location given'}."
        return Fact(text, "components.data-description", tuple(entry.all_sources()), review)

    # ---- fields ------------------------------------------------------------------------------

    def producer(self) -> _Draft:
        producer = self.manifest.system.producer
        if producer is None:
            return _Draft()
        text = producer.name + (f", {producer.url}" if producer.url else "")
        sources = (producer.url,) if producer.url else ()
        site = " and its web site" if producer.url else ""
        return _Draft(
            [Fact(text, "system.producer", sources, review=True)],
            [
                f"The manifest names the producer{site} but no contact point (a postal or "
                "e-mail address); whether the producer is the provider that places the model "
                "on the Union market needs review."
            ],
        )

    def model_name(self) -> _Draft:
        ident = self.manifest.system
        if ident.version:
            return _Draft(
                [
                    Fact(
                        f"{ident.name}, version {ident.version}",
                        "system.name, system.version",
                        self.urls,
                    )
                ]
            )
        return _Draft(
            [Fact(ident.name, "system.name", self.urls, review=True)],
            ["The manifest gives no version."],
        )

    def dependencies(self) -> _Draft:
        lineage = self.manifest.lineage
        draft = _Draft(
            [
                Fact(
                    f"{b.ref} ({b.relation.value})",
                    f"lineage.base_models[{i}]",
                    (b.source,) if b.source else (),
                )
                for i, b in enumerate(lineage.base_models)
            ]
        )
        teachers = [f for f in self.teachers() if f.fact.startswith("lineage.teachers")]
        if teachers:
            draft.facts += teachers
            draft.why.append(
                "The manifest names teacher models whose outputs trained this one; whether a "
                "teacher is a dependency in the template's sense, or only a source of synthetic "
                "data (2.5), needs review."
            )
        return draft

    def placement_date(self) -> _Draft:
        date = self.manifest.system.release_date
        if not date:
            return _Draft()
        return _Draft(
            [Fact(date, "system.release_date", self.urls, review=True)],
            [
                "The manifest gives the release date, which need not be the date the model was "
                "placed on the Union market."
            ],
        )

    def modality(self) -> _Draft:
        modality = self.manifest.system.modality
        if not modality:
            return _Draft()
        return _Draft(
            [Fact(f"The model's modality: {modality}.", "system.modality", self.urls, review=True)],
            [
                "The manifest states the model's modality, not which modalities (Text, Image, "
                "Audio, Video, Other) its training data has."
            ],
        )

    def size(self, tfield: TemplateField) -> _Draft:
        scale = self.manifest.scale
        tokens = scale.training_tokens
        if tokens is None:
            return _Draft()
        of = f" (the figure is for {scale.model})" if scale.model else ""
        quote = f' Its source: "{_clean(tokens.quote)}"' if tokens.quote else ""
        text = f"{tokens.value:,.0f} tokens seen in training{of}.{quote}"
        text_sizes = next(o for o in tfield.sizes if o.modality == "Text")
        return _Draft(
            [Fact(text, "scale.training_tokens", (tokens.source,), review=True)],
            [
                "The figure counts the tokens seen in training over all stages and epochs, which "
                "can exceed the size of the training data the template asks for; the range given "
                "is the template's range for Text, which holds only if the tokens are text."
            ],
            value=f"Text: {text_sizes.range_of(tokens.value).label}",
        )

    def content_types(self) -> _Draft:
        facts = [
            Fact(
                f"{e.name}: {_clean(e.description)}",
                f"training_data[{i}]",
                (e.source,) if e.source else (),
                review=True,
            )
            for i, e in enumerate(self.manifest.training_data)
            if e.description
        ]
        why = (
            [
                "These are the manifest's descriptions of its training data; sorting them into the "
                "template's types of content, modality by modality, needs review."
            ]
            if facts
            else []
        )
        return _Draft(facts, why)

    def public_list(self) -> _Draft:
        draft = self.kind_facts("2.1.c", long=True)
        if draft.facts:
            draft.why.insert(
                0,
                "Every open or public training data entry is listed; the manifest does not say "
                "which of them are large in the template's sense.",
            )
        return draft

    def public_comments(self) -> _Draft:
        facts = [
            self.component_fact("datasets", " (published)", review=False),
            self.component_fact("public-data-listing", "", review=False),
        ]
        return _Draft([f for f in facts if f is not None])

    def third_party(self, field_id: str) -> _Draft:
        draft = self.kind_facts(field_id, long=False)
        listing = self.obtainable_listing()
        draft.facts += listing.facts
        draft.why += listing.why
        return draft

    def synthetic(self, field_id: str) -> _Draft:
        draft = self.kind_facts(field_id, long=False) if field_id == "2.5.a" else _Draft()
        teachers = self.teachers()
        if teachers:
            draft.facts = teachers + draft.facts
            market = ", and whether each is available on the market," if field_id == "2.5.c" else ""
            draft.why.insert(
                0,
                "The manifest names models whose outputs trained this one (distillation); "
                f"whether the provider generated synthetic data with them{market} needs review.",
            )
        return draft

    def copyright_policy(self) -> _Draft:
        policy = self.manifest.eu_ai_act.copyright_policy
        if policy is None:
            return _Draft()
        said = (
            "The provider's copyright policy (Art. 53(1)(c)) is published"
            if policy.value
            else "The manifest states that the provider has published no copyright policy"
        )
        stated = provider_statement(said, policy.date, _clean(policy.text or ""))
        return _Draft(
            [Fact(f"{stated}.", "eu_ai_act.copyright_policy", (policy.source,), True)],
            [
                "The manifest says where the provider's copyright policy is stated; the measures "
                "it takes to honour reservations of rights are not in the manifest."
            ],
        )

    def illegal_content(self) -> _Draft:
        facts = [
            self.data_description(Coverage.FILTERING, "data filtering methods", review=True),
            self.component_fact("data-preprocessing-code", "", review=True),
        ]
        found = [f for f in facts if f is not None]
        why = (
            [
                "The manifest says where the data's filtering is documented or implemented; "
                "whether that filtering removes illegal content needs review."
            ]
            if found
            else []
        )
        return _Draft(found, why)

    def processing(self) -> _Draft:
        facts = [
            self.data_description(Coverage.PROCESSING, "data processing methods", review=False),
            self.component_fact("data-preprocessing-code", "", review=False),
        ]
        return _Draft([f for f in facts if f is not None])

    def draft(self, tfield: TemplateField) -> _Draft:
        special: dict[str, Callable[[], _Draft]] = {
            "1.1.a": self.producer,
            "1.2.a": self.model_name,
            "1.2.b": self.dependencies,
            "1.2.c": self.placement_date,
            "1.3.a": self.modality,
            "1.3.b": lambda: self.size(tfield),
            "1.3.c": self.content_types,
            "2.1.c": self.public_list,
            "2.1.e": self.public_comments,
            "2.2.1.a": lambda: self.third_party("2.2.1.a"),
            "2.2.2.a": lambda: self.third_party("2.2.2.a"),
            "2.5.a": lambda: self.synthetic("2.5.a"),
            "2.5.c": lambda: self.synthetic("2.5.c"),
            "3.1.b": self.copyright_policy,
            "3.2.a": self.illegal_content,
            "3.3.a": self.processing,
        }
        make = special.get(tfield.id)
        if make is not None:
            return make()
        return self.kind_facts(tfield.id, long=tfield.answer != "yes-no")


def _finish(tfield: TemplateField, draft: _Draft, mapping: SummaryMapping) -> FilledField:
    facts = tuple(draft.facts)
    if not facts:
        why = mapping.fields[tfield.id].unfilled
        return FilledField(tfield, FieldStatus.NOT_FILLED, None, (), why[0].upper() + why[1:] + ".")
    status = FieldStatus.NEEDS_REVIEW if any(f.review for f in facts) else FieldStatus.FILLED
    value = draft.value
    if value is None:
        if tfield.answer == "yes-no":
            value = "Yes" if any(not f.review for f in facts) else None
        elif tfield.answer in ("text", "date"):
            value = "\n".join(f.text for f in facts)
    return FilledField(tfield, status, value, facts, " ".join(draft.why) or None)


def _group(group: TemplateGroup, filler: _Filler) -> FilledGroup:
    return FilledGroup(
        group,
        tuple(_finish(f, filler.draft(f), filler.mapping) for f in group.fields),
        tuple(_group(g, filler) for g in group.groups),
    )


def build_summary(system: System) -> TrainingContentSummary:
    """The template, filled with what the system's manifest states."""
    template = summary_template()
    filler = _Filler(system, summary_mapping())
    stated = system.manifest.eu_ai_act.training_content_summary
    published = (
        PublishedSummary(stated.value, stated.source, stated.text, stated.date) if stated else None
    )
    ident = system.manifest.system
    return TrainingContentSummary(
        template=template,
        system_name=ident.name,
        system_version=ident.version,
        origin=system.origin,
        published_summary=published,
        sections=tuple(_group(s, filler) for s in template.sections),
    )
