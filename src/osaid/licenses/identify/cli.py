"""Output of ``osaid licenses identify FILE... [--format json]`` (the CLI wiring is elsewhere)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from osaid.errors import InputError
from osaid.licenses.identify import (
    MAX_BYTES,
    REPORT_THRESHOLD,
    REVIEW_THRESHOLD,
    REVIEW_THRESHOLD_AI,
    FileResult,
    LicenseMatch,
    identify_file,
)

FORMATS = ("text", "json")


def data_versions() -> dict[str, str]:
    """Versions of the data the matcher used (the SPDX License List, the AI catalog)."""
    from osaid.licenses.catalog import CATALOG_VERSION
    from osaid.licenses.identify._index import get_index

    sources = get_index().header.get("sources", {})
    return {
        "spdx-license-list-XML": str(sources.get("spdx-license-list-XML", "unknown")),
        "ai-license-catalog": CATALOG_VERSION,
    }


def match_to_dict(m: LicenseMatch) -> dict[str, Any]:
    """A match as JSON: its fields in order, the two lines as one ``lines`` pair, the match
    kind as its value, sequences as lists and differences as objects."""
    out: dict[str, Any] = {}
    for f in fields(m):
        value = getattr(m, f.name)
        if f.name == "start_line":
            out["lines"] = [m.start_line, m.end_line]
        elif f.name == "end_line":
            continue
        elif f.name == "match":
            out["match"] = m.match.value
        elif f.name == "differences":
            out["differences"] = [asdict(d) for d in m.differences]
        else:
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def result_to_dict(r: FileResult) -> dict[str, Any]:
    return {
        "path": r.path,
        "match": r.match.value,
        "needs_review": r.needs_review,
        "note": r.note,
        "expression": r.expression,
        "licenses": [match_to_dict(m) for m in r.matches],
    }


def _text_line(m: LicenseMatch) -> str:
    version = f", version {m.version}" if m.version else ""
    parts = [
        f"  {m.id} ({m.name}{version})",
        f"{m.match.value}" + (f" {m.form}" if m.form != "text" else ""),
        f"score {m.score:.3f}",
        f"lines {m.start_line}-{m.end_line}",
    ]
    if m.scancode_key:
        parts.append(f"ScanCode {m.scancode_key}")
    line = ", ".join(parts)
    if m.needs_review:
        threshold = REVIEW_THRESHOLD if m.kind == "spdx" else REVIEW_THRESHOLD_AI
        why = (
            f"score below {threshold:.2f}"
            if m.score < threshold
            else "another license fits almost as well"
        )
        line += f"\n    NEEDS REVIEW: {why}"
    if m.expression and m.expression != m.id:
        line += f"\n    expression: {m.expression}"
    if m.alternatives:
        line += f"\n    also fits: {', '.join(m.alternatives)}"
    for note in m.notes:
        line += f"\n    note: {note}"
    for d in m.differences:
        what = {
            "added": f"added {d.found!r}",
            "missing": f"missing {d.expected!r}",
            "changed": f"{d.expected!r} changed to {d.found!r}",
        }[d.kind]
        line += f"\n    line {d.line}: {what}"
    return line


def render_text(results: list[FileResult]) -> str:
    out: list[str] = []
    for r in results:
        head = f"{r.path}: {r.match.value}"
        if r.needs_review:
            head += " (needs review)"
        if r.note:
            head += f" [{r.note}]"
        out.append(head)
        if not r.matches and not r.note:
            out.append(f"  no license text found (nothing scored {REPORT_THRESHOLD:.2f} or more)")
        out.extend(_text_line(m) for m in r.matches)
    return "\n".join(out) + "\n"


def identify_command(paths: list[Path], fmt: str = "text") -> str:
    """Identify the licenses in `paths`; return the report as text or JSON.

    Each file is read up to `MAX_BYTES`; symbolic links are not followed. A problem with one
    file (missing, binary, a link) is reported for that file and does not stop the others.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    results = [identify_file(p) for p in paths]
    if fmt == "json":
        doc = {
            "data_versions": data_versions(),
            "thresholds": {
                "review": REVIEW_THRESHOLD,
                "review_ai": REVIEW_THRESHOLD_AI,
                "report": REPORT_THRESHOLD,
                "max_bytes": MAX_BYTES,
            },
            "files": [result_to_dict(r) for r in results],
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return render_text(results)
