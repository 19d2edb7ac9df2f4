"""`osaid compare TARGET...`: systems under every framework, side by side."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from osaid.errors import InputError
from osaid.evaluation.evaluate import Evaluator, Report
from osaid.evaluation.result import DefinitionResult, Status

__all__ = ["COMPARE_DEFINITIONS", "compare_command", "compare_reports", "comparison_dict"]

COMPARE_DEFINITIONS: tuple[str, ...] = (
    "osaid-1.0",
    "mof",
    "osai-index-legacy",
    "osai-index",
    "lf-proposal",
    "eu-ai-act-2024",
)

_ROMAN = {1: "I", 2: "II", 3: "III"}


@dataclass(frozen=True)
class _Row:
    key: str
    label: str


_ROWS = (
    _Row("osaid-1.0", "OSAID 1.0"),
    _Row("osaid-1.0:license-only", "  fails on legal terms only"),
    _Row("mof", "MOF class (as MOT computes it)"),
    _Row("osai-index-legacy", "Opening up ChatGPT (sum of 14)"),
    _Row("osai-index", "EU Open Source AI Index (mean of 12)"),
    _Row("lf-proposal", "LF proposal (code + model meet OSD)"),
    _Row("lf-proposal:license-only", "  fails on legal terms only"),
    _Row("eu-ai-act-2024", "EU AI Act open-source exemption (Art. 53(2))"),
    _Row("eu-ai-act-2024:compute", "  training compute (10^25 FLOP presumes systemic risk)"),
)


def compare_reports(targets: list[str]) -> list[Report]:
    from osaid.targets import load_target

    if not targets:
        raise InputError("give at least one system to compare", field="TARGET")
    evaluator = Evaluator()
    return [evaluator.evaluate(load_target(t), COMPARE_DEFINITIONS) for t in targets]


def _by_id(report: Report) -> dict[str, DefinitionResult]:
    return {r.definition: r for r in report.results}


def _entry(result: DefinitionResult) -> dict[str, Any]:
    out: dict[str, Any] = {"status": result.status.value}
    if result.family in ("osaid", "lf-proposal", "eu-ai-act"):
        out["license_only_failure"] = result.license_only_failure
    if result.family == "mof":
        out["class"] = result.mof_class
        out["label"] = result.mof_label
        out["progress"] = dict(result.progress)
    if result.score is not None:
        out["score"] = result.score
        out["score_max"] = result.score_max
        out["basis"] = result.score_basis
        out["dimensions"] = dict(result.dimensions)
    return out


def comparison_dict(reports: list[Report]) -> dict[str, Any]:
    from osaid.formats._common import training_compute_dict
    from osaid.formats.interface import SCHEMA_VERSION

    return {
        "schema_version": SCHEMA_VERSION,
        "definitions": list(COMPARE_DEFINITIONS),
        "systems": [
            {
                "name": report.system.name,
                "origin": report.system.origin,
                "results": {d: _entry(r) for d, r in _by_id(report).items()},
                "training_compute": training_compute_dict(report.system),
            }
            for report in reports
        ],
        "data_versions": reports[0].data_versions if reports else {},
    }


def _compute_cell(report: Report) -> str:
    from osaid.evaluation.compute import Method, estimate_training_compute, format_flop

    estimate = estimate_training_compute(report.system)
    if estimate.flop is None:
        return "unknown"
    how = {Method.STATED: "stated", Method.UPPER_BOUND: "6ND, upper bound"}.get(
        estimate.method, "6ND"
    )
    return f"{format_flop(estimate.flop)} [dim]({how})[/]"


def _status(status: Status, text: str | None = None) -> str:
    style = {Status.PASS: "green", Status.FAIL: "red", Status.UNKNOWN: "yellow"}[status]
    return f"[{style}]{escape(text or status.value)}[/]"


def _cell(key: str, report: Report) -> str:
    results = _by_id(report)
    definition, _, flag = key.partition(":")
    r = results[definition]
    if flag == "compute":
        return _compute_cell(report)
    if flag == "license-only":
        if r.status is not Status.FAIL:
            return "—"
        return "yes" if r.license_only_failure else "no"
    if r.family == "mof":
        if not r.mof_class:
            progress = r.progress.get("3", 0.0)
            return _status(Status.FAIL, f"none (class III {progress:.0f}%)")
        return _status(Status.PASS, f"Class {_ROMAN[r.mof_class]} — {r.mof_label}")
    if r.score is not None:
        basis = {"index": "index", "index-mapped": "index, mapped", "derived": "derived"}
        score = f"{r.score:g}" if r.score_max and r.score_max > 1 else f"{r.score:.3f}"
        return f"{score} / {r.score_max or 0:g} [dim]({basis.get(r.score_basis or '', '')})[/]"
    return _status(r.status)


def _text(reports: list[Report]) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=140, force_terminal=False, no_color=True, highlight=False)
    table = Table(title="osaid compare", show_lines=False)
    table.add_column("Framework", overflow="fold")
    for report in reports:
        table.add_column(escape(report.system.name), overflow="fold")
    for row in _ROWS:
        table.add_row(escape(row.label), *(_cell(row.key, report) for report in reports))
    console.print(table)
    for report in reports:
        console.print(f"[dim]{escape(report.system.name)}: {escape(report.system.origin)}[/]")
    console.print(
        "[dim]index scores: `index` = the index's own judgments, `derived` = derived by osaid "
        "from the manifest (an upper bound; see docs/frameworks.md)[/]"
    )
    return buffer.getvalue()


def compare_command(targets: list[str], fmt: str) -> str:
    """Render the comparison as `text` (a table) or `json`."""
    if fmt not in ("text", "json"):
        raise InputError(f"unknown format {fmt!r} (use text, json)", field="--format")
    reports = compare_reports(targets)
    if fmt == "json":
        return json.dumps(comparison_dict(reports), indent=2, ensure_ascii=False) + "\n"
    return _text(reports)
