"""Evaluate a system against the Linux Foundation proposal (`lf-proposal`).

Five components by four freedoms; each row is one requirement:

* `all` (the table's "Meets OSD"): every listed component is released under the row's legal
  framework (Code: an OSI-approved license; Model: OSI-approved or open terms). Probed the
  way the OSAID evaluator probes a component, so the reasons and remediation read the same.
* `dont-care`: asks nothing; shown as not applicable, with what the manifest says.
* `not-applicable`: outside the definition (the user's own data).

Status: pass when both "Meets OSD" rows are met, fail when one is not met, unknown otherwise.
"""

from __future__ import annotations

from osaid.components import component_catalog
from osaid.definitions.interface import Definition, Requirement, Rule
from osaid.evaluation.findings import all_of, requirement_result
from osaid.evaluation.interface import EvaluationContext
from osaid.evaluation.probes import probe_component
from osaid.evaluation.result import (
    DefinitionResult,
    Outcome,
    Reason,
    RequirementResult,
    definition_result,
)
from osaid.evaluation.system import System
from osaid.licenses.context import LicenseContext

__all__ = ["evaluate_lf_proposal"]


def _released_summary(system: System, req: Requirement) -> tuple[Reason, ...]:
    out = []
    for cid in req.components:
        view = system.component(cid)
        state = "not stated" if view is None else view.entry.status.value
        out.append(Reason(f"{component_catalog().get(cid).name}: {state}", cid))
    return tuple(out)


def _requirement(
    system: System, req: Requirement, definition: Definition, licenses: LicenseContext
) -> RequirementResult:
    if req.rule in (Rule.DONT_CARE, Rule.NOT_APPLICABLE):
        reasons = (
            (Reason("Don't care: the proposal asks nothing of it"), *_released_summary(system, req))
            if req.rule is Rule.DONT_CARE
            else (Reason("Not applicable: the user's own input, outside the definition"),)
        )
        return RequirementResult(
            id=req.id,
            title=req.title,
            element=req.element.value,
            outcome=Outcome.NOT_APPLICABLE,
            reasons=reasons,
            freedoms=req.freedoms,
            legal=definition.legal_frameworks.get(req.legal, ""),
            source=req.source,
        )
    if req.rule is not Rule.ALL:
        raise ValueError(f"rule {req.rule} is not evaluated by the LF proposal evaluator")
    probe = all_of([probe_component(system, c, req, licenses) for c in req.components])
    return requirement_result(req, definition, probe)


def evaluate_lf_proposal(
    system: System, definition: Definition, context: EvaluationContext
) -> DefinitionResult:
    results = tuple(
        _requirement(system, r, definition, context.licenses) for r in definition.requirements
    )
    return definition_result(definition, results, needs_review=())
