"""Evaluate a system against the EU AI Act's open-source exemption (`eu-ai-act-2024`).

The exemption of Art. 53(2) has five conditions, each a requirement:

* `all` / `any`: the licence of the parameters (probed like any component, under the
  `free-open-source-licence` framework: no restriction beyond attribution and comparable
  distribution terms) and the public availability of the weights, the architecture
  information and the usage information;
* `monetisation`: the manifest's sourced statement, else needs review with the licence terms
  that point at a paid tier (recital 103 asks for judgment);
* `systemic-risk`: a Commission designation, else the training compute against the 10^25
  FLOP presumption of Art. 51(2) (`osaid.evaluation.compute`);
* `published` (optional): what the Act asks even of an exempt model (the training-content
  summary, the copyright policy), shown but not deciding the exemption.

Status: pass when every condition is met (needs review on monetisation does not block it),
fail when one is not met, unknown otherwise.
"""

from __future__ import annotations

import dataclasses

from osaid.definitions.interface import Definition, LegalFramework, Requirement, Rule
from osaid.evaluation.compute import (
    GPAI_INDICATIVE_FLOP,
    SYSTEMIC_RISK_FLOP,
    ComputeEstimate,
    estimate_training_compute,
    format_flop,
)
from osaid.evaluation.findings import Finding, all_of, any_of, requirement_result
from osaid.evaluation.interface import EvaluationContext
from osaid.evaluation.probes import probe_component
from osaid.evaluation.result import (
    DefinitionResult,
    FailureKind,
    Outcome,
    Reason,
    RequirementResult,
    definition_result,
)
from osaid.evaluation.system import System
from osaid.licenses.context import LicenseContext
from osaid.licenses.interface import RestrictionKind
from osaid.licenses.knowledge import knowledge
from osaid.manifest.model import SourcedAssertion

__all__ = ["evaluate_eu_ai_act"]

_PAID_TIER = frozenset({RestrictionKind.USER_CAP, RestrictionKind.PERMISSION_REQUIRED})
"""Licence terms under which some users must obtain (and may have to pay for) another
licence: a sign of monetisation for the reviewer, never a verdict."""


def _assertion_reason(label: str, fact: SourcedAssertion) -> Reason:
    text = f"{label}: {'yes' if fact.value else 'no'}"
    if fact.text:
        text += f" ({fact.text})"
    if fact.date:
        text += f", {fact.date}"
    return Reason(text, None, (fact.source,))


def _paid_tier_reasons(system: System, licenses: LicenseContext) -> list[Reason]:
    view = system.component("model-parameters-final")
    if view is None:
        return []
    text, _ = system.license_of(view)
    judgement = knowledge().judge(text, LegalFramework.FREE_OPEN_SOURCE_LICENCE, licenses)
    return [
        Reason(
            f"evidence for the reviewer: {lid} §{r.clause}: {r.summary}",
            "model-parameters-final",
            (r.source,) if r.source else (),
        )
        for lid, r in judgement.restrictions
        if r.kind in _PAID_TIER
    ]


def probe_monetisation(system: System, licenses: LicenseContext) -> Finding:
    fact = system.manifest.eu_ai_act.monetised
    if fact is not None:
        reason = _assertion_reason("provided against a price or otherwise monetised", fact)
        if fact.value:
            return Finding(
                Outcome.NOT_MET,
                (reason,),
                FailureKind.SCOPE,
                (),
                ("Provide the model free of charge, without paid services it depends on.",),
            )
        return Finding(Outcome.MET, (reason,))
    return Finding(
        Outcome.NEEDS_REVIEW,
        (
            Reason(
                "whether the model is monetised is a judgment recital 103 leaves to people: a "
                'price, paid technical support, other services related to it "including '
                'through a software platform" (a paid API or hosted service for the model), '
                "or personal data used beyond security and interoperability; the manifest "
                "states nothing about it"
            ),
            *_paid_tier_reasons(system, licenses),
        ),
    )


def _compute_reasons(estimate: ComputeEstimate) -> tuple[Reason, ...]:
    model = f"{estimate.model}: " if estimate.model else ""
    out = [Reason(model + estimate.describe(), None, estimate.sources)]
    out.extend(
        Reason(
            f"{i.name}: {i.value:,.0f}" + (f' ("{i.quote}")' if i.quote else ""), None, (i.source,)
        )
        for i in estimate.inputs
    )
    return tuple(out)


def probe_systemic_risk(system: System) -> Finding:
    designation = system.manifest.eu_ai_act.systemic_risk_designation
    estimate = estimate_training_compute(system)
    reasons = _compute_reasons(estimate)
    threshold = format_flop(SYSTEMIC_RISK_FLOP)
    if designation is not None and designation.value:
        return Finding(
            Outcome.NOT_MET,
            (
                _assertion_reason(
                    "designated by the Commission as having systemic risk", designation
                ),
                *reasons,
            ),
            FailureKind.SCOPE,
        )
    exceeds = estimate.exceeds(SYSTEMIC_RISK_FLOP)
    if exceeds:
        return Finding(
            Outcome.NOT_MET,
            (
                *reasons,
                Reason(
                    f"above the {threshold} FLOP presumption of systemic risk (Art. 51(2)): "
                    "the exemption does not apply"
                ),
            ),
            FailureKind.SCOPE,
        )
    if estimate.flop is None:
        return Finding(Outcome.UNKNOWN, reasons)
    if exceeds is None:
        return Finding(
            Outcome.NEEDS_REVIEW,
            (
                *reasons,
                Reason(
                    f"the upper bound is above {threshold} FLOP; the active parameters decide it"
                ),
            ),
        )
    scope = (
        f"; below {format_flop(GPAI_INDICATIVE_FLOP)} FLOP, the Commission's indicative "
        "criterion for a general-purpose AI model, so the model may be outside Chapter V"
        if estimate.flop <= GPAI_INDICATIVE_FLOP
        else ""
    )
    below = Reason(
        f"below the {threshold} FLOP presumption (Art. 51(2)); the Commission may still designate "
        f"it (Art. 51(1)(b)){scope}"
    )
    if designation is not None:
        below = _assertion_reason(
            "designated by the Commission as having systemic risk", designation
        )
    return Finding(Outcome.MET, (*reasons, below))


def probe_published(system: System, req: Requirement) -> Finding:
    fact = getattr(system.manifest.eu_ai_act, req.fact or "", None)
    if fact is None:
        return Finding(Outcome.UNKNOWN, (Reason(f"{req.title}: the manifest does not say"),))
    reason = _assertion_reason("published", fact)
    if fact.value:
        return Finding(Outcome.MET, (reason,))
    return Finding(Outcome.NOT_MET, (reason,), FailureKind.MISSING)


def _requirement(
    system: System, req: Requirement, definition: Definition, licenses: LicenseContext
) -> RequirementResult:
    if req.rule is Rule.ALL:
        probe = all_of([probe_component(system, c, req, licenses) for c in req.components])
    elif req.rule is Rule.ANY:
        probe = any_of([probe_component(system, c, req, licenses) for c in req.components])
    elif req.rule is Rule.MONETISATION:
        probe = probe_monetisation(system, licenses)
    elif req.rule is Rule.SYSTEMIC_RISK:
        probe = probe_systemic_risk(system)
    elif req.rule is Rule.PUBLISHED:
        probe = probe_published(system, req)
    else:
        raise ValueError(f"rule {req.rule} is not evaluated by the EU AI Act evaluator")
    result = requirement_result(req, definition, probe)
    if result.outcome is Outcome.UNKNOWN and req.rule is not Rule.ALL:
        # Say which manifest facts would decide it, not only that facts are missing.
        result = dataclasses.replace(result, remediation=(req.remediation,))
    return result


def evaluate_eu_ai_act(
    system: System, definition: Definition, context: EvaluationContext
) -> DefinitionResult:
    results = tuple(
        _requirement(system, r, definition, context.licenses) for r in definition.requirements
    )
    # The monetisation judgment is listed for people and does not block, as OSAID's review
    # does not; a licence identified only approximately or a compute upper bound above the
    # threshold leave the exemption open.
    undecided = frozenset(
        r.id
        for r, req in zip(results, definition.requirements, strict=True)
        if r.outcome is Outcome.NEEDS_REVIEW and req.rule is not Rule.MONETISATION
    )
    return definition_result(definition, results, undecided=undecided)
