"""The terminal report: the component table, then per definition the freedoms, the verdict
and what to do about it."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from osaid.evaluation.evaluate import Report
from osaid.evaluation.result import DefinitionResult, Outcome, Status
from osaid.formats._common import legal_only_note, verdict
from osaid.formats.table import component_rows
from osaid.sources.evidence import EvidenceKind

_STYLE = {
    "met": "green",
    "not-met": "red",
    "unknown": "yellow",
    "needs-review": "cyan",
    "not-applicable": "dim",
    "n/a": "dim",
    "pass": "bold green",
    "fail": "bold red",
}
_MARK = {"met": "✔", "not-met": "✘", "unknown": "?", "needs-review": "⚑", "not-applicable": "–"}


def _styled(value: str) -> str:
    style = _STYLE.get(value, "")
    return f"[{style}]{escape(value)}[/]" if style else escape(value)


def _verdict_line(result: DefinitionResult) -> str:
    if result.family == "mof":
        progress = ", ".join(f"class {k}: {v:.0f}%" for k, v in sorted(result.progress.items()))
        return f"{escape(result.mof_label or '')} (class {result.mof_class}; {progress})"
    if result.score is not None:
        return (
            f"score {result.score:.4g} of {result.score_max or 0:g} "
            f"({escape(result.score_basis or '')}); all dimensions open: "
            f"{_styled(result.status.value)}"
        )
    if result.family == "eu-ai-act":
        return f"{_styled(result.status.value)}: {escape(verdict(result))}"
    text = {
        Status.PASS: "Open Source AI",
        Status.FAIL: "NOT Open Source AI",
        Status.UNKNOWN: "cannot decide: evidence is missing",
    }[result.status]
    if legal := legal_only_note(result):
        text += f" — {legal}"
    return f"{_styled(result.status.value)}: {text}"


def _result(console: Console, result: DefinitionResult) -> None:
    console.rule(f"{escape(result.name)} {escape(result.version)} [dim]({result.definition})[/]")
    console.print(_verdict_line(result))
    if result.family in ("osaid", "lf-proposal"):
        freedoms = "  ".join(
            f"{f.freedom.value}: {_styled(f.status.value)}" for f in result.freedoms
        )
        console.print(f"Freedoms  {freedoms}")
    printed: set[str] = set()
    for req in result.requirements:
        if result.family == "mof" and req.outcome is Outcome.MET:
            continue
        mark = _MARK[req.outcome.value]
        opt = " [dim](optional)[/]" if req.optional else ""
        kind = f" [dim]({req.failure_kind.value})[/]" if req.failure_kind else ""
        console.print(f" [{_STYLE[req.outcome.value]}]{mark}[/] {escape(req.title)}{opt}{kind}")
        for reason in req.reasons:
            if reason.text in printed:
                continue  # restrictions repeat for every component under the same license
            printed.add(reason.text)
            console.print(f"     [dim]{escape(reason.text)}[/]")
    for warning in result.warnings[:10]:
        console.print(f" [yellow]![/] {escape(warning)}")
    if result.remediation:
        console.print("[bold]To do[/]")
        for item in result.remediation:
            console.print(f"  • {escape(item)}")
    if result.needs_review:
        console.print(f"[cyan]Needs human review:[/] {', '.join(result.needs_review)}")


def render_text(report: Report, *, width: int = 110, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
    )
    ident = report.system.manifest.system
    title = ident.name + (f" {ident.version}" if ident.version else "")
    producer = f" by {ident.producer.name}" if ident.producer else ""
    console.print(
        f"[bold]{escape(title)}[/]{escape(producer)}  [dim]{escape(report.system.origin)}[/]"
    )
    table = Table(show_lines=False, expand=False)
    for col in ("Component", "Link", "License", "Legal framework", "Status"):
        table.add_column(col, overflow="fold")
    for row in component_rows(report):
        status = row.status if row.status != "released" else row.legal_status
        if row.status == "released" and row.legal_status == "n/a":
            status = "released"
        table.add_row(
            escape(row.name),
            escape(row.link or ""),
            escape(row.license or "—")
            + (" [dim](dist.)[/]" if row.license_origin == "distribution" else ""),
            escape(row.legal_framework),
            _styled(status),
        )
    console.print(table)
    for note in report.system.notes[:20]:
        console.print(f"[dim]note: {escape(note)}[/]")
    for e in report.system.evidence:
        if e.kind is EvidenceKind.RISK and e.data.get("severity") in ("high", "medium"):
            message = str(e.data.get("message") or e.how)
            console.print(
                f"[red]risk[/] ({e.data['severity']}) {escape(e.path)}: {escape(message)}"
            )
    for result in report.results:
        _result(console, result)
    versions = ", ".join(
        f"{k} {v}" for k, v in report.data_versions.items() if not k.startswith("definition:")
    )
    console.print(f"[dim]data: {escape(versions)}[/]")
    return buffer.getvalue()
