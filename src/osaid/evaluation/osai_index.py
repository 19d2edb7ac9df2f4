"""Score a system under the Open Source AI Index (`osai-index`, `osai-index-legacy`).

Each requirement of an index definition is one openness dimension, judged open (1), partial
(0.5) or closed (0); the score is their sum (legacy) or mean (current). Where the judgments
come from, in order:

1. the system's own index record, when it was read from one in the definition's layout
   (`index`);
2. a record of the other layout, its judgments mapped across (`CROSSWALK`; `index-mapped`;
   a dimension without counterpart is unknown);
3. otherwise the manifest: each dimension is *derived* from the components the requirement
   lists (`derived`). With rule `all`: open when every listed component is released (and,
   for a dimension with a legal framework, licensed under it), closed when none is, partial
   when some are, unknown while missing facts could still change that; components marked
   not-used are left out, and so are unreleased ones for a legal dimension (the index judges
   licenses "as available"). With rule `any`: open when one is, closed when none is. The base
   model dimensions are unknown for a system with base models (they are the base's facts).

An unknown dimension weighs 0, as a missing judgment does on osai-index.eu. Status: pass when
every dimension is open, fail when one is partial or closed, unknown otherwise; the score is
what the index publishes, the status only summarises it.
"""

from __future__ import annotations

import dataclasses

from osaid.definitions.interface import (
    Definition,
    LegalFramework,
    Requirement,
    Rule,
)
from osaid.evaluation.interface import EvaluationContext
from osaid.evaluation.probes import probe_component
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
from osaid.manifest.osai_index import CROSSWALK, WEIGHTS, IndexRecord, index_record_of

__all__ = ["BASE_DIMENSIONS", "evaluate_osai_index"]

BASE_DIMENSIONS = frozenset({"llmdata", "llmweights", "datasources_basemodel", "weights_basemodel"})
"""Dimensions about the base model: the index mirrors the end model where there is none."""

_LAYOUTS = {"osai-index-legacy": ("legacy",), "osai-index": ("current", "v1")}


@dataclasses.dataclass(frozen=True)
class _Dim:
    value: str
    """open, partial, closed or unknown."""
    reasons: tuple[Reason, ...]
    failure: FailureKind | None = None


def _from_record(record: IndexRecord, req: Requirement, mapped: bool) -> _Dim:
    dimension = req.id
    if mapped:
        if record.schema == "legacy":  # a legacy record under the current definition
            dimension = {v: k for k, v in CROSSWALK.items()}.get(req.id, "")
        else:  # a current (or v1) record under the legacy definition
            dimension = CROSSWALK.get(req.id, "")
    judgment = record.judgments.get(dimension) if dimension else None
    if judgment is None:
        text = (
            f"{record.file}: the {record.schema} layout has no counterpart of {req.id}"
            if mapped
            else f"{record.file}: {req.id} is not judged"
        )
        return _Dim("unknown", (Reason(text),))
    where = f"{record.file}:{judgment.line}" if judgment.line else record.file
    shown = judgment.value if judgment.value else "empty (NA)"
    label = f"index ({dimension})" if mapped else "index"
    text = f"{label}: {shown}" + (f" — {judgment.notes}" if judgment.notes else "")
    if judgment.judged == "unknown" and judgment.value:
        text += " (not open, partial or closed: weighs 0)"
    value = judgment.judged
    failure = None
    if value in ("partial", "closed"):
        failure = FailureKind.LEGAL if req.legal is not LegalFramework.NONE else FailureKind.MISSING
    return _Dim(value, (Reason(text, None, (*judgment.links, where)),), failure)


def _derive(system: System, req: Requirement, licenses: LicenseContext) -> _Dim:
    if not req.components:
        return _Dim("unknown", (Reason(f"derived: {req.title} cannot be read from a manifest"),))
    if req.id in BASE_DIMENSIONS and system.manifest.lineage.base_models:
        bases = ", ".join(b.ref for b in system.manifest.lineage.base_models)
        return _Dim(
            "unknown",
            (Reason(f"derived: {req.title} is about the base model ({bases}); see its own entry"),),
        )
    probe_req = dataclasses.replace(req, if_used=True)
    yes: list[str] = []
    no: list[str] = []
    open_question: list[str] = []
    reasons: list[Reason] = []
    legal_failure = False
    legal = req.legal is not LegalFramework.NONE
    unreleased: list[str] = []
    for cid in req.components:
        probe = probe_component(system, cid, probe_req, licenses)
        reasons.extend(Reason(f"derived: {r.text}", r.component, r.sources) for r in probe.reasons)
        if probe.outcome is Outcome.MET:
            yes.append(cid)
        elif probe.outcome is Outcome.NOT_MET:
            if legal and probe.failure is FailureKind.MISSING:
                unreleased.append(cid)  # licenses are judged "as available"
                continue
            no.append(cid)
            legal_failure = legal_failure or probe.failure is FailureKind.LEGAL
        elif probe.outcome is Outcome.UNKNOWN:
            open_question.append(cid)
    if req.rule is Rule.ANY:
        if yes:
            value = "open"
        elif open_question:
            value = "unknown"
        else:
            value = "closed"
    elif yes and no:
        value = "partial"
    elif open_question:
        value = "unknown"
    elif no:
        value = "closed"
    else:
        value = "open" if yes else "closed"  # nothing (or nothing used) is released
    failure = None
    if value in ("partial", "closed"):
        failure = FailureKind.LEGAL if legal_failure else FailureKind.MISSING
    rule = "any of" if req.rule is Rule.ANY else "all of"
    head = Reason(f"derived: {value} ({rule} {', '.join(req.components)})")
    return _Dim(value, (head, *reasons), failure)


_OUTCOME = {
    "open": Outcome.MET,
    "partial": Outcome.NOT_MET,
    "closed": Outcome.NOT_MET,
    "unknown": Outcome.UNKNOWN,
}


def evaluate_osai_index(
    system: System, definition: Definition, context: EvaluationContext
) -> DefinitionResult:
    licenses = context.licenses
    record = index_record_of(system)
    own_layouts = _LAYOUTS.get(definition.id, ())
    if record is not None and record.schema in own_layouts:
        basis = "index"
    elif record is not None:
        basis = "index-mapped"
    else:
        basis = "derived"
    results: list[RequirementResult] = []
    dimensions: dict[str, str] = {}
    total = 0.0
    for req in definition.requirements:
        if record is not None:
            dim = _from_record(record, req, mapped=basis == "index-mapped")
        else:
            dim = _derive(system, req, licenses)
        dimensions[req.id] = dim.value
        total += WEIGHTS.get(dim.value, 0.0)
        outcome = _OUTCOME[dim.value]
        weight = WEIGHTS.get(dim.value, 0.0)
        results.append(
            RequirementResult(
                id=req.id,
                title=f"{req.title}: {dim.value} ({weight:g})",
                element=req.element.value,
                outcome=outcome,
                reasons=dim.reasons,
                freedoms=req.freedoms,
                remediation=(req.remediation,) if dim.value != "open" else (),
                failure_kind=dim.failure if outcome is Outcome.NOT_MET else None,
                legal=definition.legal_frameworks.get(req.legal, ""),
                source=req.source,
            )
        )
    n = len(definition.requirements)
    score = total if definition.scoring == "sum" else (total / n if n else 0.0)
    values = set(dimensions.values())
    if values <= {"open"}:
        status = Status.PASS
    elif values & {"partial", "closed"}:
        status = Status.FAIL
    else:
        status = Status.UNKNOWN
    warnings: list[str] = []
    if basis == "derived":
        warnings.append(
            "derived from the manifest's components and licenses, not judged by the index: "
            "availability stands in for documentation quality"
        )
    elif basis == "index-mapped" and record is not None:
        warnings.append(
            f"judgments of the index's {record.schema} layout mapped onto {definition.id}'s "
            "dimensions; dimensions without counterpart are unknown"
        )
    unknown = [d for d, v in dimensions.items() if v == "unknown"]
    if unknown:
        warnings.append(f"unknown (weigh 0): {', '.join(unknown)}")
    return definition_result(
        definition,
        tuple(results),
        status=status,
        freedoms=(),
        remediation=tuple(dict.fromkeys(x for r in results for x in r.remediation)),
        license_only_failure=None,
        needs_review=(),
        warnings=tuple(warnings),
        score=score,
        score_max=float(n) if definition.scoring == "sum" else 1.0,
        score_basis=basis,
        dimensions=dimensions,
    )
