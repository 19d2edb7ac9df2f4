"""``SPDX-License-Identifier:`` lines: the expression a line states, its ids checked against
the list (a deprecated id read as its replacement, an unknown one flagged for review)."""

from __future__ import annotations

import re

from osaid.licenses.identify._exact import by_id, current_id
from osaid.licenses.identify._index import LicenseIndex
from osaid.licenses.identify._result import LicenseMatch, MatchKind

SCAN_LIMIT = 1024 * 1024
"""Only the first this many characters are searched for identifier lines."""
_IDENTIFIER = re.compile(r"SPDX-License-Identifier:[ \t]*([^\n\r]*)", re.IGNORECASE)
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*|\(|\)")


_BY_LOWER_ID: dict[int, dict[str, str]] = {}


def _by_lower_id(index: LicenseIndex) -> dict[str, str]:
    """Lower-case id → id (made once per index)."""
    got = _BY_LOWER_ID.get(id(index))
    if got is None:
        got = _BY_LOWER_ID[id(index)] = {k.lower(): k for k in by_id(index)}
    return got


def identifiers(text: str, index: LicenseIndex) -> list[LicenseMatch]:
    """``SPDX-License-Identifier:`` lines, their ids checked against the list."""
    if "spdx-license-identifier" not in text[:SCAN_LIMIT].lower():
        return []
    out: list[LicenseMatch] = []
    known_ids = by_id(index)
    lower = _by_lower_id(index)
    for m in _IDENTIFIER.finditer(text):
        raw = re.sub(r"(\*/|-->|#}|%>).*$", "", m.group(1)).strip().strip("\"'")
        if not raw:
            continue
        line = text.count("\n", 0, m.start()) + 1
        parts: list[str] = []
        notes: list[str] = []
        unknown: list[str] = []
        ids: list[str] = []
        for tok in _ID_TOKEN.findall(raw):
            upper = tok.upper()
            if upper in ("AND", "OR", "WITH") or tok in "()":
                parts.append(upper if tok not in "()" else tok)
                continue
            known = known_ids.get(tok) or known_ids.get(lower.get(tok.lower(), ""))
            if known is None:
                if tok.startswith(("LicenseRef-", "DocumentRef-")):
                    parts.append(tok)
                    ids.append(tok)
                    continue
                unknown.append(tok)
                parts.append(tok)
                continue
            lic = index.licenses[known]
            current, more = current_id(index, lic)
            if lic.deprecated and lic.id.endswith("+") is False and lic.replaced_by:
                more = [f"{lic.id} is deprecated; read as {current}"]
            notes.extend(more)
            parts.append(current)
            ids.append(current.split()[0])
        if not ids and not unknown:
            continue
        expression = " ".join(parts).replace("( ", "(").replace(" )", ")")
        first = ids[0] if ids else unknown[0]
        j = known_ids.get(first)
        meta = index.licenses[j] if j is not None else None
        if unknown:
            notes.append(f"not on the SPDX License List: {', '.join(unknown)}")
        out.append(
            LicenseMatch(
                id=first,
                name=meta.name if meta else first,
                version=meta.version if meta else None,
                family=meta.family if meta else "",
                kind=meta.kind if meta else "spdx",
                scancode_key=None,
                match=MatchKind.EXACT,
                score=1.0,
                coverage=1.0,
                density=1.0,
                start_line=line,
                end_line=line,
                needs_review=bool(unknown),
                source=meta.source if meta else "",
                expression=expression,
                form="identifier",
                notes=tuple(dict.fromkeys(notes)),
            )
        )
    return out
