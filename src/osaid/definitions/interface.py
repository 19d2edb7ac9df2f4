"""Value types of definitions: a definition is a versioned list of requirements."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from osaid.freedoms import Freedom


class Family(StrEnum):
    """Definition families. Each has one evaluator (`osaid.evaluation.registry`)."""

    OSAID = "osaid"
    MOF = "mof"
    OSAI_INDEX = "osai-index"
    LF_PROPOSAL = "lf-proposal"
    EU_AI_ACT = "eu-ai-act"


class Rule(StrEnum):
    """How a requirement combines its components."""

    ALL = "all"
    """Every listed component must be available under the legal framework."""
    ANY = "any"
    """At least one listed component (0.0.9's "at least one of these data components")."""
    DATA_LISTING = "data-listing"
    """Every training-data entry of the named kinds is listed with where to obtain it."""
    REVIEW = "review"
    """Needs human judgment; osaid lays out the evidence and never decides."""
    LINEAGE = "lineage"
    """Every base and teacher model must itself satisfy the definition."""
    MOF_CLASS = "mof-class"
    """The component counts towards a Model Openness Framework class."""
    DONT_CARE = "dont-care"
    """Named by the definition, but asks nothing of it (the LF proposal's "Don't care")."""
    NOT_APPLICABLE = "not-applicable"
    """Outside the definition's scope (the LF proposal's "Not applicable": the user's data)."""
    MONETISATION = "monetisation"
    """Whether the model is provided against a price or otherwise monetised (AI Act recital 103)."""
    SYSTEMIC_RISK = "systemic-risk"
    """Whether the model has systemic risk: designated, or above the training-compute presumption."""
    PUBLISHED = "published"
    """The provider has published something the manifest records (`fact`: an `eu_ai_act` key)."""


class LegalFramework(StrEnum):
    OSI_APPROVED_LICENSE = "osi-approved-license"
    OPEN_TERMS = "open-terms"
    """OSI-approved licenses plus the open data/documentation terms allowlist."""
    MOT_OPEN_LICENSE = "mot-open-license"
    """Whatever the Model Openness Tool accepts as an open license."""
    FREE_OPEN_SOURCE_LICENCE = "free-open-source-licence"
    """The EU AI Act's "free and open-source licence" (Art. 53(2), recital 102): OSI-approved,
    FSF-free or open data terms, with no restriction on use."""
    NONE = "none"


class Element(StrEnum):
    DATA_INFORMATION = "data-information"
    CODE = "code"
    PARAMETERS = "parameters"
    DOCUMENTATION = "documentation"
    ACCESS = "access"
    """How the system is reached and licensed (the Open Source AI Index's "Access" group)."""


FAMILY_RULES: dict[Family, frozenset[Rule]] = {
    Family.OSAID: frozenset({Rule.ALL, Rule.ANY, Rule.DATA_LISTING, Rule.REVIEW, Rule.LINEAGE}),
    Family.MOF: frozenset({Rule.MOF_CLASS}),
    Family.OSAI_INDEX: frozenset({Rule.ALL, Rule.ANY}),
    Family.LF_PROPOSAL: frozenset({Rule.ALL, Rule.DONT_CARE, Rule.NOT_APPLICABLE}),
    Family.EU_AI_ACT: frozenset(
        {Rule.ALL, Rule.ANY, Rule.MONETISATION, Rule.SYSTEMIC_RISK, Rule.PUBLISHED}
    ),
}
"""The rules each family's definitions may use (its evaluator implements exactly these)."""


@dataclass(frozen=True)
class Requirement:
    id: str
    element: Element
    title: str
    text: str
    source: str
    rule: Rule
    components: tuple[str, ...]
    legal: LegalFramework
    freedoms: tuple[Freedom, ...]
    remediation: str
    if_used: bool = False
    optional: bool = False
    data_kinds: tuple[str, ...] = ()
    mof_class: int | None = None
    fact: str | None = None
    """For `published` requirements: the manifest's `eu_ai_act` key that records it."""


@dataclass(frozen=True)
class Definition:
    id: str
    family: Family
    """Which evaluator applies it."""
    name: str
    version: str
    status: str
    published: str
    source: str
    requirements: tuple[Requirement, ...]
    legal_frameworks: dict[LegalFramework, str]
    freedoms_text: str = ""
    preferred_form_text: str = ""
    previous: str | None = None
    notes: str = ""
    scoring: str | None = None
    """For scored families (`osai-index`): `sum` or `mean` of the dimension weights."""

    def requirement(self, requirement_id: str) -> Requirement:
        for r in self.requirements:
            if r.id == requirement_id:
                return r
        raise KeyError(requirement_id)
