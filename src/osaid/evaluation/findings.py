"""Findings: what a probe found about one requirement, and how findings combine.

A probe (`osaid.evaluation.findings`) looks at one component, one data listing or one lineage and
returns a `Finding`: its outcome, the reasons with their evidence, the failure kind and the
freedoms it takes away, and what would fix it. A definition's evaluator only combines findings
according to its rules (`all_of`, `any_of`) and turns them into requirement results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from osaid.definitions.interface import Definition, Requirement, Rule
from osaid.evaluation.result import FailureKind, Outcome, Reason, RequirementResult
from osaid.freedoms import Freedom

__all__ = ["Finding", "all_of", "any_of", "requirement_result", "union_freedoms"]


@dataclass(frozen=True)
class Finding:
    outcome: Outcome
    reasons: tuple[Reason, ...]
    failure: FailureKind | None = None
    freedoms: tuple[Freedom, ...] = ()
    """The freedoms a `not-met` finding takes away."""
    remediation: tuple[str, ...] = ()


def all_of(findings: list[Finding]) -> Finding:
    """Every finding must be met: the worst one decides (not met, unknown, needs review)."""
    reasons = tuple(r for p in findings for r in p.reasons)
    failing = [p for p in findings if p.outcome is Outcome.NOT_MET]
    if failing:
        kind = (
            FailureKind.MISSING
            if any(p.failure is FailureKind.MISSING for p in failing)
            else FailureKind.LEGAL
        )
        freedoms = union_freedoms(f for p in failing for f in p.freedoms)
        return Finding(
            Outcome.NOT_MET,
            reasons,
            kind,
            freedoms,
            tuple(x for p in failing for x in p.remediation),
        )
    if any(p.outcome is Outcome.UNKNOWN for p in findings):
        return Finding(Outcome.UNKNOWN, reasons)
    if any(p.outcome is Outcome.NEEDS_REVIEW for p in findings):
        return Finding(Outcome.NEEDS_REVIEW, reasons)
    if findings and all(p.outcome is Outcome.NOT_APPLICABLE for p in findings):
        return Finding(Outcome.NOT_APPLICABLE, reasons)
    return Finding(Outcome.MET, reasons)


def any_of(findings: list[Finding]) -> Finding:
    """One met finding is enough (0.0.9's \"at least one of\")."""
    met = [p for p in findings if p.outcome is Outcome.MET]
    if met:
        return Finding(Outcome.MET, tuple(r for p in met for r in p.reasons))
    reasons = tuple(r for p in findings for r in p.reasons)
    if any(p.outcome is Outcome.UNKNOWN for p in findings):
        return Finding(Outcome.UNKNOWN, reasons)
    if any(p.outcome is Outcome.NEEDS_REVIEW for p in findings):
        return Finding(Outcome.NEEDS_REVIEW, reasons)
    legal = [p for p in findings if p.failure is FailureKind.LEGAL]
    kind = FailureKind.LEGAL if legal else FailureKind.MISSING
    return Finding(
        Outcome.NOT_MET,
        reasons,
        kind,
        union_freedoms(f for p in findings for f in p.freedoms),
        tuple(x for p in legal for x in p.remediation),
    )


def union_freedoms(freedoms: Iterable[Freedom]) -> tuple[Freedom, ...]:
    seen = set(freedoms)
    return tuple(f for f in Freedom if f in seen)


def requirement_result(
    req: Requirement, definition: Definition, probe: Finding
) -> RequirementResult:
    """The requirement's result: the probe's outcome, reasons and what to do about it."""
    remediation: tuple[str, ...] = ()
    if probe.outcome is Outcome.NOT_MET:
        # A legal or lineage failure already says what to relicense or replace; the generic
        # text only helps where something is missing.
        specific = bool(probe.remediation) and (
            probe.failure is FailureKind.LEGAL or req.rule is Rule.LINEAGE
        )
        generic: tuple[str, ...] = () if specific else (req.remediation,)
        remediation = tuple(dict.fromkeys([*probe.remediation, *generic]))
    elif probe.outcome is Outcome.UNKNOWN:
        remediation = (f"State in the manifest, with a source, the facts for: {req.title}.",)
    return RequirementResult(
        id=req.id,
        title=req.title,
        element=req.element.value,
        outcome=probe.outcome,
        reasons=probe.reasons,
        freedoms=probe.freedoms if probe.outcome is Outcome.NOT_MET else req.freedoms,
        remediation=remediation,
        optional=req.optional,
        failure_kind=probe.failure if probe.outcome is Outcome.NOT_MET else None,
        legal=definition.legal_frameworks.get(req.legal, ""),
        source=req.source,
    )
