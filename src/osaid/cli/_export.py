"""`osaid export mot TARGET`: write a system as a Model Openness Tool record.
`osaid export ai-act-summary TARGET`: draft its EU AI Act public summary of training content."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from osaid.cli._output import write_output

if TYPE_CHECKING:
    from osaid.formats.ai_act_render import SummaryFormat

__all__ = [
    "ai_act_summary_command",
    "ai_act_summary_text",
    "mot_export_command",
    "mot_export_text",
]


def mot_export_text(target: str) -> str:
    """The MOT record of a target as YAML, headed by comments saying what was left out."""
    from osaid.manifest.mot_export import export_mot_record, export_notes
    from osaid.targets import load_target

    system = load_target(target)
    record = export_mot_record(system)
    header = [
        f"# Model Openness Tool record written by osaid from {system.origin}",
        "# (github.com/lfai/model_openness_tool models/*.yml layout).",
        *(f"# note: {n}" for n in export_notes(system)),
    ]
    body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body


def mot_export_command(target: str, output: Path | None) -> None:
    """Print the record, or write it to `output`."""
    text = mot_export_text(target)
    write_output(text, output)


def ai_act_summary_text(target: str, fmt: SummaryFormat) -> str:
    """The draft summary of a target's training content, in `fmt`."""
    from osaid.formats.ai_act_render import render_summary
    from osaid.formats.ai_act_summary import build_summary
    from osaid.targets import load_target

    return render_summary(build_summary(load_target(target)), fmt)


def ai_act_summary_command(target: str, fmt: SummaryFormat, output: Path | None) -> None:
    """Print the draft summary, or write it to `output`."""
    write_output(ai_act_summary_text(target, fmt), output)
