"""`osaid badge`: an SVG badge of one definition's verdict."""

from __future__ import annotations

from pathlib import Path

from osaid.cli._output import write_output

DEFAULT_DEFINITION = "osaid-1.0"


def badge_command(target: str, definition: str | None, output: Path | None) -> None:
    """Evaluate `target` against one definition and write its badge to `output` (or stdout)."""
    from osaid.definitions.loader import load_definition
    from osaid.evaluation.evaluate import Evaluator
    from osaid.formats.badge import render_badge
    from osaid.targets import load_target

    definition_id = definition or DEFAULT_DEFINITION
    load_definition(definition_id)  # an unknown id is a usage error before any work is done
    report = Evaluator().evaluate(load_target(target), [definition_id])
    svg = render_badge(report.results[0])
    write_output(svg, output)
