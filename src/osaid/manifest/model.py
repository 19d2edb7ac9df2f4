"""The osaid manifest: what a system is made of, where each part is and under which terms.

A manifest states facts, each with the source that supports it. It never states a verdict:
verdicts come from evaluating the facts against a definition. The JSON Schema shipped in
`osaid/manifest/schema/` is generated from these models (`osaid manifest schema`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MANIFEST_VERSION = 1

Url = Annotated[str, StringConstraints(min_length=1, max_length=2048)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class ProducerKind(StrEnum):
    """Kinds of producers, as the seed talk distinguishes them."""

    BIG_TECH = "big-tech"
    COMPANY = "company"
    STARTUP = "startup"
    RESEARCH_INSTITUTE = "research-institute"
    ACADEMIC = "academic"
    COMMUNITY = "community"
    GOVERNMENT = "government"
    INDIVIDUAL = "individual"


class Producer(_Frozen):
    name: ShortText
    kind: ProducerKind | None = None
    url: Url | None = None


class Identity(_Frozen):
    """Who made the system and where to find it."""

    name: ShortText
    version: ShortText | None = None
    producer: Producer | None = None
    description: Text | None = None
    modality: ShortText | None = Field(
        default=None, description="e.g. language, vision, multimodal"
    )
    architecture: ShortText | None = None
    release_date: ShortText | None = None
    urls: dict[ShortText, Url] = Field(
        default_factory=dict, description="homepage, repository, huggingface, paper…"
    )


class Availability(StrEnum):
    """Whether a component is released."""

    RELEASED = "released"
    NOT_RELEASED = "not-released"
    NOT_USED = "not-used"
    """The component does not exist for this system (OSAID's "if used")."""
    UNKNOWN = "unknown"


class Coverage(StrEnum):
    """Aspects a description of the training data can disclose (OSAID 1.0 Data Information (1))."""

    PROVENANCE = "provenance"
    SCOPE = "scope"
    CHARACTERISTICS = "characteristics"
    OBTAINED = "obtained"
    SELECTION = "selection"
    LABELING = "labeling"
    PROCESSING = "processing"
    FILTERING = "filtering"
    UNSHAREABLE = "unshareable"


class Component(_Frozen):
    """One component of the system, keyed by its canonical id in `components:`."""

    status: Availability = Availability.RELEASED
    location: Url | None = Field(default=None, description="URL or path where it is published")
    license: ShortText | None = Field(
        default=None,
        description="SPDX expression; catalog ids (LicenseRef-…), Hugging Face tags and common "
        "misspellings are understood. NONE = no license; NOASSERTION = unknown.",
    )
    license_candidates: list[ShortText] = Field(
        default_factory=list,
        description="when the license text was identified only approximately: the licenses it "
        "may be. The evaluation fails if every candidate fails, else it needs review.",
    )
    license_unidentified: list[ShortText] = Field(
        default_factory=list,
        description="license texts that govern this component but were not identified (paths "
        "or URLs): a person must read them",
    )
    license_file: Url | None = None
    notes: Text | None = None
    source: Url | None = Field(default=None, description="URL that supports this entry")
    sources: list[Url] = Field(default_factory=list)
    covers: list[Coverage] = Field(
        default_factory=list, description="for data descriptions: which aspects are disclosed"
    )

    def all_sources(self) -> list[str]:
        return [s for s in [self.source, *self.sources] if s]


class DataKind(StrEnum):
    """The four kinds of training data of the OSAID FAQ."""

    OPEN = "open"
    PUBLIC = "public"
    OBTAINABLE = "obtainable"
    UNSHAREABLE = "unshareable"


class TrainingData(_Frozen):
    """One training data set or source."""

    name: ShortText
    kind: DataKind
    location: Url | None = Field(default=None, description="where to obtain it")
    license: ShortText | None = None
    description: Text | None = None
    stage: ShortText | None = Field(default=None, description="pretraining, fine-tuning, RLHF…")
    source: Url | None = None


class Relation(StrEnum):
    """How a system derives from another."""

    FINETUNE = "finetune"
    ADAPTER = "adapter"
    MERGE = "merge"
    QUANTIZED = "quantized"
    CONTINUED_PRETRAINING = "continued-pretraining"
    DISTILLED_FROM = "distilled-from"


class BaseModelRef(_Frozen):
    """A model this system derives from."""

    ref: ShortText = Field(description="catalog:SLUG, a manifest path, hf:ORG/NAME or a URL")
    relation: Relation
    source: Url | None = None


class Lineage(_Frozen):
    base_models: list[BaseModelRef] = Field(default_factory=list)
    teachers: list[BaseModelRef] = Field(
        default_factory=list, description="models whose outputs trained this one (distillation)"
    )


class Assertion(_Frozen):
    """An explicit statement by the producer, e.g. that the parameters are free to all."""

    value: bool
    text: Text | None = None
    source: Url | None = None


class Figure(_Frozen):
    """A published number, with where it is stated."""

    value: float = Field(gt=0)
    source: Url
    quote: Text | None = Field(default=None, description="the words of the source that state it")


class Scale(_Frozen):
    """How big the model and its training are, as published (for the training-compute estimate)."""

    model: ShortText | None = Field(
        default=None,
        description="which model the figures are for, when the system is a family (the largest)",
    )
    parameters: Figure | None = Field(default=None, description="total parameters")
    active_parameters: Figure | None = Field(
        default=None, description="parameters active for each token (mixture-of-experts models)"
    )
    training_tokens: Figure | None = Field(
        default=None, description="tokens seen in training over all stages and epochs"
    )
    training_compute_flop: Figure | None = Field(
        default=None, description="cumulative training compute in FLOP, as its source states it"
    )
    notes: Text | None = None


class SourcedAssertion(_Frozen):
    """A statement of fact that must say where it is published."""

    value: bool
    source: Url
    text: Text | None = None
    date: ShortText | None = None


class EuAiActFacts(_Frozen):
    """Facts the EU AI Act's open-source exemption turns on that no artifact shows."""

    systemic_risk_designation: SourcedAssertion | None = Field(
        default=None,
        description="a Commission decision designating the model as a general-purpose AI model "
        "with systemic risk (value true), or rejecting the provider's rebuttal",
    )
    monetised: SourcedAssertion | None = Field(
        default=None,
        description="whether the model is provided against a price or otherwise monetised "
        "(recital 103): paid support tied to it, a paid licence tier, personal data collection",
    )
    training_content_summary: SourcedAssertion | None = Field(
        default=None,
        description="where the provider published its public summary of the training content "
        "(Art. 53(1)(d))",
    )
    copyright_policy: SourcedAssertion | None = Field(
        default=None,
        description="where the provider published its copyright policy (Art. 53(1)(c))",
    )


class ReferenceOutcome(_Frozen):
    """A published, third-party outcome for this system (e.g. OSI's validation)."""

    definition: ShortText
    status: Literal["pass", "fail"]
    license_only_failure: bool | None = None
    source: Url
    notes: Text | None = None
    deviation: Text | None = Field(
        default=None,
        description="why the sourced facts in this manifest lead to a different result",
    )
    deviation_sources: list[Url] = Field(default_factory=list)


class Manifest(_Frozen):
    """An osaid manifest (version 1)."""

    osaid_manifest: Literal[1] = Field(description="manifest format version")
    system: Identity
    license: ShortText | None = Field(
        default=None, description="distribution license: applies to components that name none"
    )
    license_source: Url | None = None
    components: dict[ShortText, Component] = Field(default_factory=dict)
    training_data: list[TrainingData] = Field(default_factory=list)
    lineage: Lineage = Field(default_factory=Lineage)
    assertions: dict[ShortText, Assertion] = Field(
        default_factory=dict,
        description="known keys: parameters-freely-available",
    )
    scale: Scale = Field(default_factory=Scale)
    eu_ai_act: EuAiActFacts = Field(default_factory=EuAiActFacts)
    reference_outcomes: list[ReferenceOutcome] = Field(default_factory=list)
    artifacts: list[ShortText] = Field(
        default_factory=list,
        description="release directories (relative to the manifest), hf:ORG/NAME[@REV] or git "
        "URLs to scan as evidence; disagreements with the declared facts are reported",
    )
    notes: Text | None = None
