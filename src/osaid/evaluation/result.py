"""Value types of an evaluation: requirement outcomes, freedom verdicts, overall status."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from osaid.freedoms import Freedom


class Outcome(StrEnum):
    """The outcome of one requirement. More than pass/fail, so missing evidence never reads
    as non-compliance."""

    MET = "met"
    NOT_MET = "not-met"
    UNKNOWN = "unknown"
    """Evidence is missing or a license is not recognised."""
    NEEDS_REVIEW = "needs-review"
    """The definition asks for human judgment."""
    NOT_APPLICABLE = "not-applicable"
    """An "if used" requirement for something the system does not have."""


class FailureKind(StrEnum):
    MISSING = "missing"
    """Something is not released."""
    LEGAL = "legal"
    """Everything is released, but the terms do not grant the freedoms."""


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Reason:
    """One sentence of explanation and the evidence behind it."""

    text: str
    component: str | None = None
    sources: tuple[str, ...] = ()
    """URLs or paths of the evidence."""


@dataclass(frozen=True)
class RequirementResult:
    id: str
    title: str
    element: str
    outcome: Outcome
    reasons: tuple[Reason, ...]
    freedoms: tuple[Freedom, ...]
    """The freedoms this outcome affects (for not-met: the freedoms it takes away)."""
    remediation: tuple[str, ...] = ()
    optional: bool = False
    failure_kind: FailureKind | None = None
    legal: str = ""
    source: str = ""


@dataclass(frozen=True)
class FreedomResult:
    freedom: Freedom
    status: Status
    requirements: tuple[str, ...] = ()
    """Requirements that deny it (fail) or leave it open (unknown)."""
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class DefinitionResult:
    definition: str
    name: str
    version: str
    family: str
    status: Status
    requirements: tuple[RequirementResult, ...]
    freedoms: tuple[FreedomResult, ...]
    remediation: tuple[str, ...]
    license_only_failure: bool | None = None
    needs_review: tuple[str, ...] = ()
    mof_class: int | None = None
    mof_label: str | None = None
    progress: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    source: str = ""
    score: float | None = None
    """Scored families (`osai-index`): the framework's openness score."""
    score_max: float | None = None
    """The highest score possible (14 for the legacy sum, 1 for the current mean)."""
    score_basis: str | None = None
    """Where the per-dimension judgments come from: `index` (the index's own record),
    `index-mapped` (the other index version's judgments, mapped across) or `derived` (from the
    manifest's components and licenses)."""
    dimensions: dict[str, str] = field(default_factory=dict)
    """Per-dimension judgment (open, partial, closed, unknown) for scored families."""

    @property
    def failing(self) -> tuple[RequirementResult, ...]:
        return tuple(
            r for r in self.requirements if r.outcome is Outcome.NOT_MET and not r.optional
        )
