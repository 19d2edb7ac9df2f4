"""Report formats: pure functions from a `Report` to text, chosen through one enum."""

from __future__ import annotations

import importlib
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
        module, function = _RENDERERS[self]
        render: Callable[[Report], str] = getattr(importlib.import_module(module), function)
        return render

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


_RENDERERS: dict[OutputFormat, tuple[str, str]] = {
    OutputFormat.TEXT: ("osaid.formats.text", "render_text"),
    OutputFormat.JSON: ("osaid.formats.json_report", "render_json"),
    OutputFormat.MARKDOWN: ("osaid.formats.markdown", "render_markdown"),
    OutputFormat.HTML: ("osaid.formats.html", "render_html"),
    OutputFormat.SPDX3: ("osaid.formats.spdx3", "render_spdx3"),
    OutputFormat.CYCLONEDX: ("osaid.formats.cyclonedx", "render_cyclonedx"),
    OutputFormat.SARIF: ("osaid.formats.sarif", "render_sarif"),
}
"""Where each format's renderer lives (a test renders every member)."""
