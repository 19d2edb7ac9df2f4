"""Value types of an evaluation: requirement outcomes, freedom verdicts, overall status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from osaid.freedoms import Freedom

if TYPE_CHECKING:
    from osaid.definitions.interface import Definition


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
    SCOPE = "scope"
    """The system is outside what the definition can grant (e.g. a model with systemic risk,
    or a monetised one, under the EU AI Act's exemption)."""


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


def freedom_verdicts(
    results: Iterable[RequirementResult], undecided: frozenset[str] = frozenset()
) -> tuple[FreedomResult, ...]:
    """Each freedom: denied by a requirement not met, unknown while one is unknown or
    `undecided` (a needs-review that blocks, e.g. a license to be read)."""
    out = []
    results = [r for r in results if not r.optional]
    for freedom in Freedom:
        denied = [r for r in results if r.outcome is Outcome.NOT_MET and freedom in r.freedoms]
        unknown = [
            r
            for r in results
            if (r.outcome is Outcome.UNKNOWN or r.id in undecided) and freedom in r.freedoms
        ]
        if denied:
            out.append(
                FreedomResult(
                    freedom,
                    Status.FAIL,
                    tuple(r.id for r in denied),
                    tuple(f"{r.title}: not met" for r in denied),
                )
            )
        elif unknown:
            out.append(
                FreedomResult(
                    freedom,
                    Status.UNKNOWN,
                    tuple(r.id for r in unknown),
                    tuple(
                        f"{r.title}: {'needs review' if r.id in undecided else 'unknown'}"
                        for r in unknown
                    ),
                )
            )
        else:
            out.append(FreedomResult(freedom, Status.PASS))
    return tuple(out)


def definition_result(
    definition: Definition,
    requirements: tuple[RequirementResult, ...],
    *,
    status: Status | None = None,
    freedoms: tuple[FreedomResult, ...] | None = None,
    remediation: tuple[str, ...] | None = None,
    undecided: frozenset[str] = frozenset(),
    **extra: Any,
) -> DefinitionResult:
    """The one way a definition's result is made.

    By default the status follows from the requirements: `fail` when a non-optional one is
    not met, `unknown` when one is unknown or `undecided` (a needs-review that blocks), else
    `pass`; the freedoms and the remediation are those of the non-optional requirements.
    Families with their own status (MOF classes, index scores) pass it, with `extra` fields."""
    blocking = [r for r in requirements if not r.optional]
    failing = [r for r in blocking if r.outcome is Outcome.NOT_MET]
    undecided = frozenset(r.id for r in blocking if r.id in undecided)
    if status is None:
        if failing:
            status = Status.FAIL
        elif undecided or any(r.outcome is Outcome.UNKNOWN for r in blocking):
            status = Status.UNKNOWN
        else:
            status = Status.PASS
    if remediation is None:
        remediation = tuple(
            dict.fromkeys(
                x
                for r in blocking
                for x in r.remediation
                if r.outcome in (Outcome.NOT_MET, Outcome.UNKNOWN)
            )
        )
    if freedoms is None:
        freedoms = freedom_verdicts(requirements, undecided)
    extra.setdefault(
        "license_only_failure",
        status is Status.FAIL and all(r.failure_kind is FailureKind.LEGAL for r in failing),
    )
    extra.setdefault(
        "needs_review", tuple(r.id for r in requirements if r.outcome is Outcome.NEEDS_REVIEW)
    )
    return DefinitionResult(
        definition=definition.id,
        name=definition.name,
        version=definition.version,
        family=definition.family,
        status=status,
        requirements=requirements,
        freedoms=freedoms,
        remediation=remediation,
        source=definition.source,
        **extra,
    )
