"""Report formats: pure functions from a `Report` to text, chosen through one enum."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from osaid.evaluation.evaluate import Report
from osaid.formats._common import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "OutputFormat"]


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    SPDX3 = "spdx3"
    """SPDX 3.0.1 JSON-LD with the AI and Dataset profiles."""
    CYCLONEDX = "cyclonedx"
    """CycloneDX 1.6 JSON with a model card."""
    SARIF = "sarif"
    """SARIF 2.1.0 JSON, for code-scanning dashboards."""

    def renderer(self) -> Callable[[Report], str]:
        # Imported on use: each format only loads its own dependencies.
        if self is OutputFormat.JSON:
            from osaid.formats.json_report import render_json

            return render_json
        if self is OutputFormat.MARKDOWN:
            from osaid.formats.markdown import render_markdown

            return render_markdown
        if self is OutputFormat.HTML:
            from osaid.formats.html import render_html

            return render_html
        if self is OutputFormat.SPDX3:
            from osaid.formats.spdx3 import render_spdx3

            return render_spdx3
        if self is OutputFormat.CYCLONEDX:
            from osaid.formats.cyclonedx import render_cyclonedx

            return render_cyclonedx
        if self is OutputFormat.SARIF:
            from osaid.formats.sarif import render_sarif

            return render_sarif
        from osaid.formats.text import render_text

        return render_text

    @property
    def extension(self) -> str:
        """The usual file extension of the format."""
        return _EXTENSIONS[self]


_EXTENSIONS = {
    OutputFormat.TEXT: "txt",
    OutputFormat.JSON: "json",
    OutputFormat.MARKDOWN: "md",
    OutputFormat.HTML: "html",
    OutputFormat.SPDX3: "spdx3.json",
    OutputFormat.CYCLONEDX: "cdx.json",
    OutputFormat.SARIF: "sarif",
}


def render(report: Report, fmt: OutputFormat) -> str:
    return fmt.renderer()(report)
