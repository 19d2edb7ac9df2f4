"""Where command output goes: standard output, or a file named with -o."""

from __future__ import annotations

import sys
from pathlib import Path

from osaid.errors import InputError


def write_output(text: str, output: Path | str | None) -> None:
    """Write `text` to `output` (None or "-" for standard output); a file that cannot be
    written is a user error naming the file."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write ({exc.strerror})", file=str(output)) from None
