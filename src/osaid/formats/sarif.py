"""SARIF 2.1.0: the requirements that are not met as code-scanning results
(docs/formats.md#sarif-210).

One run of the tool `osaid`. Its rules are every requirement of every evaluated definition
(`osaid-1.0/code.training`, …) plus two evidence rules (`osaid/evidence.risk`,
`osaid/evidence.conflict`). Results:

* a requirement that is not met: `error`; unknown: `warning`; needs review: `note`
  (optional requirements one level lower: `warning`, `note`, `note`);
* risk evidence: `error` when its severity is high or critical (e.g. a pickle that imports
  `os.system`), else `warning`; conflicting evidence: `warning`.

Each result's location is the evidence file (with its line span) when the system was read
from a release (the model card when no file is to blame), else the manifest the system was
read from (`catalog:SLUG` for the reference catalog).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from osaid.definitions.loader import load_definition
from osaid.evaluation.evaluate import Report
from osaid.evaluation.result import DefinitionResult, Outcome, RequirementResult
from osaid.formats import _common as c
from osaid.sources.evidence import Evidence, EvidenceKind

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
RELEASE_BASE = "RELEASE"
"""The `uriBaseId` of evidence paths (relative to the release root)."""

_LEVEL = {Outcome.NOT_MET: "error", Outcome.UNKNOWN: "warning", Outcome.NEEDS_REVIEW: "note"}
_OPTIONAL_LEVEL = {
    Outcome.NOT_MET: "warning",
    Outcome.UNKNOWN: "note",
    Outcome.NEEDS_REVIEW: "note",
}
_EVIDENCE_RULES = {
    EvidenceKind.RISK: (
        "osaid/evidence.risk",
        "Risky file in the release",
        "A file of the release is dangerous to load (e.g. a pickle that runs code).",
        "error",
    ),
    EvidenceKind.CONFLICT: (
        "osaid/evidence.conflict",
        "Conflicting evidence",
        "Two pieces of evidence disagree (e.g. the model card's license tag and the LICENSE).",
        "warning",
    ),
}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_LINE_SUFFIX = re.compile(r":(\d+)(?:-(\d+))?$")


def rule_id(result: DefinitionResult, requirement_id: str) -> str:
    return f"{result.definition}/{requirement_id}"


def _text(text: str) -> dict[str, str]:
    return {"text": text}


def _rules(report: Report) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for result in report.results:
        definition = load_definition(result.definition)
        for req in definition.requirements:
            rule: dict[str, Any] = {
                "id": rule_id(result, req.id),
                "name": req.title,
                "shortDescription": _text(f"{result.name} {result.version}: {req.title}"),
                "fullDescription": _text(" ".join(req.text.split()) or req.title),
                "defaultConfiguration": {"level": "warning" if req.optional else "error"},
                "properties": {
                    "definition": result.definition,
                    "element": req.element.value,
                    "optional": req.optional,
                    "freedoms": [f.value for f in req.freedoms],
                },
            }
            if req.remediation:
                rule["help"] = _text(" ".join(req.remediation.split()))
            if req.source:
                rule["helpUri"] = req.source
            rules.append(rule)
    for rid, name, description, level in _EVIDENCE_RULES.values():
        rules.append(
            {
                "id": rid,
                "name": name,
                "shortDescription": _text(name),
                "fullDescription": _text(description),
                "defaultConfiguration": {"level": level},
            }
        )
    return rules


def _fallback_location(report: Report, has_base: bool) -> dict[str, Any]:
    """Where a finding without evidence of its own goes: the model card of a scanned release
    (where a missing component should be stated), else the manifest."""
    for e in report.system.evidence:
        if e.kind is EvidenceKind.MODEL_CARD and e.path:
            artifact: dict[str, Any] = {"uri": e.path}
            if has_base:
                artifact["uriBaseId"] = RELEASE_BASE
            return {"physicalLocation": {"artifactLocation": artifact}}
    return _manifest_location(report)


def _manifest_location(report: Report) -> dict[str, Any]:
    origin = report.system.origin
    if _SCHEME.match(origin) and not re.match(r"^[a-zA-Z]:[\\/]", origin):
        uri = origin  # catalog:SLUG, hf:ORG/NAME, https://…
    else:
        path = Path(origin)
        uri = path.as_uri() if path.is_absolute() else path.as_posix()
    return {"physicalLocation": {"artifactLocation": {"uri": uri}}}


def _evidence_location(e: Evidence, has_base: bool) -> dict[str, Any] | None:
    if not e.path:
        return None
    artifact: dict[str, Any] = {"uri": e.path}
    if has_base:
        artifact["uriBaseId"] = RELEASE_BASE
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if e.span is not None and e.span.start_line is not None:
        region: dict[str, Any] = {"startLine": e.span.start_line}
        if e.span.end_line is not None and e.span.end_line >= e.span.start_line:
            region["endLine"] = e.span.end_line
        physical["region"] = region
    return {"physicalLocation": physical}


def _find_evidence(report: Report, req: RequirementResult) -> Evidence | None:
    """The evidence a requirement's reasons point to, best first: a cited file and line, then
    any evidence for one of the reasons' components."""
    evidence = [e for e in report.system.evidence if e.path]
    if not evidence:
        return None
    for reason in req.reasons:
        for source in reason.sources:
            match = _LINE_SUFFIX.search(source)
            path = source[: match.start()] if match else source
            line = int(match.group(1)) if match else None
            for e in evidence:
                if e.path == path and (
                    line is None or (e.span is not None and e.span.start_line == line)
                ):
                    return e
            for e in evidence:
                if e.path == path:
                    return e
    components = [r.component for r in req.reasons if r.component]
    for component in components:
        for e in evidence:
            if e.component == component:
                return e
    return None


def _result_message(req: RequirementResult) -> str:
    reasons = list(dict.fromkeys(r.text for r in req.reasons))
    text = f"{req.title}: {req.outcome.value}."
    if reasons:
        text += " " + " ".join(r if r.endswith(".") else r + "." for r in reasons)
    if req.remediation:
        text += " To do: " + " ".join(req.remediation)
    return text


def build(report: Report) -> dict[str, Any]:
    """The SARIF 2.1.0 log as JSON data."""
    rules = _rules(report)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    base = c.release_base_uri(report)
    results: list[dict[str, Any]] = []
    for result in report.results:
        for req in result.requirements:
            levels = _OPTIONAL_LEVEL if req.optional else _LEVEL
            level = levels.get(req.outcome)
            if level is None:
                continue
            rid = rule_id(result, req.id)
            found = _find_evidence(report, req)
            location = _evidence_location(found, base is not None) if found else None
            results.append(
                {
                    "ruleId": rid,
                    "ruleIndex": index[rid],
                    "level": level,
                    "message": _text(_result_message(req)),
                    "locations": [location or _fallback_location(report, base is not None)],
                    "properties": {
                        "outcome": req.outcome.value,
                        "definition": result.definition,
                        "status": result.status.value,
                        **({"failureKind": req.failure_kind.value} if req.failure_kind else {}),
                        **(
                            {
                                "sources": list(
                                    dict.fromkeys(s for r in req.reasons for s in r.sources)
                                )
                            }
                            if any(r.sources for r in req.reasons)
                            else {}
                        ),
                    },
                }
            )
    for e in report.system.evidence:
        if e.kind not in _EVIDENCE_RULES:
            continue
        rid, _, _, level = _EVIDENCE_RULES[e.kind]
        if e.kind is EvidenceKind.RISK and e.data.get("severity") not in ("high", "critical"):
            level = "warning"
        location = _evidence_location(e, base is not None)
        results.append(
            {
                "ruleId": rid,
                "ruleIndex": index[rid],
                "level": level,
                "message": _text(c.evidence_message(e)),
                "locations": [location or _fallback_location(report, base is not None)],
                "properties": {"evidence": e.kind.value, **{k: str(v) for k, v in e.data.items()}},
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "osaid",
                "version": c.osaid_version(report),
                "rules": rules,
            }
        },
        "automationDetails": {"id": f"osaid/{c.slug(report.system.name)}/"},
        "results": results,
        "properties": {
            "system": report.system.name,
            "origin": report.system.origin,
            "verdicts": {r.definition: r.status.value for r in report.results},
            "dataVersions": dict(report.data_versions),
        },
    }
    if base is not None:
        run["originalUriBaseIds"] = {RELEASE_BASE: {"uri": base}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report) -> str:
    return json.dumps(build(report), indent=2, ensure_ascii=False) + "\n"
