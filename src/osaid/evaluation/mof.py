"""Evaluate a system against the Model Openness Framework (`mof`, `mof-normalized`).

MOT records are evaluated as they are; osaid manifests are first written as the MOT record
that says the same thing (released components with their licenses, the distribution
license), so that both go through one algorithm (`osaid.mof`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from osaid.components import component_catalog
from osaid.definitions.interface import Definition, LegalFramework
from osaid.evaluation.interface import EvaluationContext
from osaid.evaluation.result import (
    DefinitionResult,
    FailureKind,
    Outcome,
    Reason,
    RequirementResult,
    Status,
    definition_result,
)
from osaid.evaluation.system import System
from osaid.licenses.context import LicenseContext
from osaid.licenses.knowledge import LegalOutcome, knowledge
from osaid.manifest.model import Availability
from osaid.mof import MofComponentResult, MofResult, evaluate_mof_normalized, evaluate_mot


def mot_record_for(system: System) -> dict[str, Any]:
    """The MOT record for a system: its own if it came from one, else one written from it."""
    if system.mot_record is not None:
        return system.mot_record
    catalog = component_catalog()
    m = system.manifest
    components = []
    for comp in catalog.mof_components:
        entry = m.components.get(comp.id)
        if entry is None or entry.status is not Availability.RELEASED:
            continue
        item: dict[str, Any] = {"name": _mot_name(comp.id), "description": comp.description}
        if entry.license is not None:
            item["license"] = entry.license
        if entry.location:
            item["component_path"] = entry.location
        components.append(item)
    license_block: dict[str, Any] = {}
    if m.license is not None:
        license_block["distribution"] = {"name": m.license, "path": m.license_source or ""}
    return {
        "framework": {"name": "Model Openness Framework", "version": "1.0"},
        "release": {
            "name": m.system.name,
            "version": m.system.version or "",
            "license": license_block,
            "components": components,
        },
    }


def _mot_name(component_id: str) -> str:
    for source, name in component_catalog().get(component_id).aliases:
        if source == "mot":
            return name
    return component_catalog().get(component_id).name


def _open_under(licenses: LicenseContext) -> Callable[[str], bool | None]:
    """The open-license test of the normalised MOF variant, under the check's licenses."""

    def is_open(license_text: str) -> bool | None:
        judged = knowledge().judge(license_text, LegalFramework.MOT_OPEN_LICENSE, licenses)
        outcome = judged.outcome
        return None if outcome is LegalOutcome.UNKNOWN else outcome is LegalOutcome.MET

    return is_open


def _outcome(
    c: MofComponentResult | None, result: MofResult, component_id: str
) -> tuple[Outcome, FailureKind | None, str]:
    if c is None:
        return Outcome.NOT_MET, FailureKind.MISSING, "not evaluated"
    if c.listed and c.open and not c.required:
        return Outcome.MET, None, f"included under {c.license} (optional: never counts)"
    if c.counted:
        return (
            Outcome.MET,
            None,
            f"included under {c.license}"
            + (
                f" ({c.license_origin} license)"
                if c.license_origin not in (None, "component")
                else ""
            ),
        )
    if component_id == "technical-report":
        paper = next((x for x in result.components if x.component_id == "research-paper"), None)
        if paper is not None and paper.counted and not c.listed:
            return Outcome.MET, None, "no technical report; the research paper stands in for it"
    if not c.listed:
        return Outcome.NOT_MET, FailureKind.MISSING, "not listed in the release"
    license_text = c.license or "no license"
    note = f": {c.note}" if c.note else ""
    return (
        Outcome.NOT_MET,
        FailureKind.LEGAL,
        f"listed, but {license_text} is not an open license as the framework counts them{note}",
    )


def evaluate_mof(
    system: System, definition: Definition, context: EvaluationContext
) -> DefinitionResult:
    licenses = context.licenses
    record = mot_record_for(system)
    if definition.id == "mof":
        result = evaluate_mot(record)
    else:
        result = evaluate_mof_normalized(record, _open_under(licenses))
    by_id = {c.component_id: c for c in result.components if c.component_id}
    requirements = []
    for req in definition.requirements:
        cid = req.components[0]
        c = by_id.get(cid)
        outcome, kind, text = _outcome(c, result, cid)
        entry = system.manifest.components.get(cid)
        sources = tuple(entry.all_sources()) if entry else ()
        requirements.append(
            RequirementResult(
                id=req.id,
                title=req.title,
                element=req.element.value,
                outcome=outcome,
                reasons=(Reason(f"{component_catalog().get(cid).name}: {text}", cid, sources),),
                freedoms=req.freedoms,
                remediation=(req.remediation,) if outcome is Outcome.NOT_MET else (),
                optional=req.optional,
                failure_kind=kind,
                legal=definition.legal_frameworks.get(req.legal, ""),
                source=req.source,
            )
        )
    next_class = result.class_ - 1 if result.class_ > 1 else (3 if result.class_ == 0 else None)
    remediation = tuple(
        r.remediation[0]
        for r in requirements
        if next_class is not None
        and r.outcome is Outcome.NOT_MET
        and not r.optional
        and definition.requirement(r.id).mof_class is not None
        and definition.requirement(r.id).mof_class >= next_class  # type: ignore[operator]
    )
    return definition_result(
        definition,
        tuple(requirements),
        status=Status.PASS if result.class_ >= 1 else Status.FAIL,
        freedoms=(),
        remediation=remediation,
        license_only_failure=None,
        needs_review=(),
        mof_class=result.class_,
        mof_label=result.label,
        progress={str(k): v for k, v in sorted(result.progress.items())},
        warnings=result.warnings,
    )
