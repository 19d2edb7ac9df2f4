"""The evaluator of the OSAID family (1.0, 1.0-RC1, 0.0.9).

Each requirement asks the probes of `osaid.evaluation.probes` and combines their findings by
its rule; the definition's status follows from the requirements (`definition_result`).
"""

from __future__ import annotations

from osaid.definitions.interface import Definition, Requirement, Rule
from osaid.evaluation.findings import Finding, all_of, any_of, requirement_result
from osaid.evaluation.interface import EvaluationContext
from osaid.evaluation.probes import (
    coverage_reasons,
    probe_component,
    probe_data_listing,
    probe_lineage,
    probe_review,
    unique_components,
)
from osaid.evaluation.result import (
    DefinitionResult,
    Outcome,
    RequirementResult,
    definition_result,
)
from osaid.evaluation.system import System

__all__ = ["evaluate_osaid", "evaluate_requirement"]


def evaluate_requirement(
    system: System, req: Requirement, definition: Definition, context: EvaluationContext
) -> RequirementResult:
    licenses = context.licenses
    if req.rule is Rule.ALL:
        probe = all_of(
            [probe_component(system, c, req, licenses) for c in unique_components(system, req)]
        )
        if req.id == "data-information.description" and probe.outcome is Outcome.MET:
            probe = Finding(probe.outcome, probe.reasons + coverage_reasons(system))
    elif req.rule is Rule.ANY:
        probe = any_of([probe_component(system, c, req, licenses) for c in req.components])
    elif req.rule is Rule.DATA_LISTING:
        probe = probe_data_listing(system, req, licenses)
    elif req.rule is Rule.REVIEW:
        probe = probe_review(system, req)
    elif req.rule is Rule.LINEAGE:
        probe = probe_lineage(system, req, definition, context.ancestors)
    else:
        raise ValueError(f"rule {req.rule} is not evaluated by the OSAID evaluator")
    return requirement_result(req, definition, probe)


def evaluate_osaid(
    system: System, definition: Definition, context: EvaluationContext
) -> DefinitionResult:
    results = tuple(
        evaluate_requirement(system, r, definition, context) for r in definition.requirements
    )
    # The skilled-person judgment is left to people and does not block a pass; any other
    # needs-review (a license only identified approximately) leaves the verdict open.
    undecided = frozenset(
        r.id
        for r, req in zip(results, definition.requirements, strict=True)
        if r.outcome is Outcome.NEEDS_REVIEW and req.rule is not Rule.REVIEW
    )
    return definition_result(definition, results, undecided=undecided)
