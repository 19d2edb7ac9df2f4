"""Report formats: pure functions from a `Report` to text, chosen through one enum."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from osaid.evaluation.evaluate import Report

SCHEMA_VERSION = "1.0"
"""Version of the JSON report layout (docs/report-format.md)."""


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"

    def renderer(self) -> Callable[[Report], str]:
        if self is OutputFormat.JSON:
            from osaid.formats.json_report import render_json

            return render_json
        if self is OutputFormat.MARKDOWN:
            from osaid.formats.markdown import render_markdown

            return render_markdown
        from osaid.formats.text import render_text

        return render_text


def render(report: Report, fmt: OutputFormat) -> str:
    return fmt.renderer()(report)
