"""The JSON report (layout documented in docs/report-format.md)."""

from __future__ import annotations

import json
from typing import Any

from osaid.evaluation.evaluate import Report
from osaid.evaluation.result import DefinitionResult, Reason
from osaid.formats._common import SCHEMA_VERSION, evidence_to_dict, training_compute_dict
from osaid.formats.table import component_rows


def _reason(r: Reason) -> dict[str, Any]:
    out: dict[str, Any] = {"text": r.text}
    if r.component:
        out["component"] = r.component
    if r.sources:
        out["sources"] = list(r.sources)
    return out


def result_to_dict(result: DefinitionResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "definition": result.definition,
        "name": result.name,
        "version": result.version,
        "status": result.status.value,
        "requirements": [
            {
                "id": r.id,
                "title": r.title,
                "element": r.element,
                "outcome": r.outcome.value,
                "optional": r.optional,
                "failure_kind": r.failure_kind.value if r.failure_kind else None,
                "legal_framework": r.legal or None,
                "freedoms": [f.value for f in r.freedoms],
                "reasons": [_reason(x) for x in r.reasons],
                "remediation": list(r.remediation),
                "source": r.source,
            }
            for r in result.requirements
        ],
        "freedoms": {
            f.freedom.value: {"status": f.status.value, "requirements": list(f.requirements)}
            for f in result.freedoms
        },
        "remediation": list(result.remediation),
        "needs_review": list(result.needs_review),
        "source": result.source,
    }
    if result.family in ("osaid", "lf-proposal", "eu-ai-act"):
        out["license_only_failure"] = result.license_only_failure
    if result.score is not None:
        out["score"] = result.score
        out["score_max"] = result.score_max
        out["score_basis"] = result.score_basis
        out["dimensions"] = dict(result.dimensions)
    if result.family == "mof":
        out["class"] = result.mof_class
        out["label"] = result.mof_label
        out["progress"] = dict(result.progress)
    if result.warnings:
        out["warnings"] = list(result.warnings)
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    m = report.system.manifest
    identity = m.system
    return {
        "schema_version": SCHEMA_VERSION,
        "data_versions": report.data_versions,
        "system": {
            "name": identity.name,
            "version": identity.version,
            "producer": identity.producer.name if identity.producer else None,
            "producer_kind": identity.producer.kind.value
            if identity.producer and identity.producer.kind
            else None,
            "origin": report.system.origin,
            "urls": dict(identity.urls),
            "license": m.license,
            "lineage": [
                {"ref": b.ref, "relation": b.relation.value, "role": role}
                for role, refs in (("base", m.lineage.base_models), ("teacher", m.lineage.teachers))
                for b in refs
            ],
        },
        "components": [
            {
                "component": row.component,
                "name": row.name,
                "status": row.status,
                "link": row.link,
                "license": row.license,
                "license_origin": row.license_origin,
                "legal_framework": row.legal_framework or None,
                "legal_status": row.legal_status,
                "sources": list(row.sources),
            }
            for row in component_rows(report)
        ],
        "notes": list(report.system.notes),
        **(
            {"evidence": [evidence_to_dict(e) for e in report.system.evidence]}
            if report.system.evidence
            else {}
        ),
        **(
            {"training_compute": training_compute_dict(report.system)}
            if any(r.family == "eu-ai-act" for r in report.results)
            else {}
        ),
        "results": [result_to_dict(r) for r in report.results],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
