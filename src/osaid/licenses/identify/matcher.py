"""Find the licenses in a text: templates decide, shingles find and measure.

For one text:

1. **Dismiss** what cannot hold a license: binary data, and text without any of the words
   licenses are made of (`_LICENSE_WORDS`), in microseconds.
2. **Candidates** from the shingle index (`_shingles`): licenses, exceptions, standard
   notices and AI-model licenses whose rare keys the text contains.
3. **Templates decide** (`_template`): each candidate's template is matched against the
   text's words under the SPDX matching guidelines. A match is *exact*: the text is that
   license. When matches overlap, the longer one wins (a license that is another plus more
   text, LGPL-3.0 with the GPL-3.0 it incorporates); ids whose templates have the same words
   are told apart by their notice (``or (at your option) any later version``) when the text
   has one, and otherwise reported as the id the bare text grants (`build_index.base_rank`),
   with the others in `alternatives`.
4. **Exceptions** found right after (or before) a license make one SPDX expression
   (``GPL-2.0-or-later WITH Classpath-exception-2.0``); ``SPDX-License-Identifier:`` lines
   and standard notices are reported where they are.
5. **Near misses**: where no template matched, the closest candidates by shingle score are
   reported as *approximate*, with the words that differ from the template, and flagged
   ``needs_review`` unless they are close to certain (`REVIEW_THRESHOLD`, never for AI-model
   licenses). A sibling is never reported as exact.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from osaid.licenses.identify import _shingles
from osaid.licenses.identify._index import IndexedLicense, LicenseIndex, get_index
from osaid.licenses.identify._template import Difference, differences, match
from osaid.licenses.identify._templates import Templates, get_templates
from osaid.licenses.identify._tokens import SHINGLE, Tokens, text_keys
from osaid.licenses.identify._words import Words, words_of

MAX_BYTES = 1024 * 1024
"""`identify_file` reads at most this many bytes (1 MiB) of a file; the rest is ignored."""

REVIEW_THRESHOLD = 0.95
"""An approximate SPDX match scoring below this needs review (it is reported, flagged)."""

REVIEW_THRESHOLD_AI = 1.0
"""The same for AI-model licenses and use policies: every approximate match needs review.
Their versions differ by a few clauses and one changed number can change what they allow."""

REPORT_THRESHOLD = 0.35
"""Below this score nothing approximate is reported."""

AMBIGUITY_MARGIN = 0.05
"""An approximate match whose runner-up scores within this margin needs review."""

TEMPLATE_SHARE = 0.5
"""A template is tried when at least this share of its candidate keys is in the text."""
MAX_TEMPLATES = 40
MAX_LICENSES = 8
"""At most this many licenses are reported per text."""
EXCEPTION_GAP = 60
"""An exception at most this many words after (or before) a license applies to it."""

_LICENSE_WORDS = re.compile(
    r"licen[cs]|copyright|\(c\)|\u00a9|permi|warrant|agree|terms|spdx|distribut|freely|cop(?:y|ie)"
    r"|freeware|public\s+domain|modif|responsib|claim|creative commons|\u8bb8\u53ef|\u6388\u6743"
    r"|\u7248\u6743|\u30e9\u30a4\u30bb\u30f3\u30b9|\u8a31\u8afe",
    re.IGNORECASE,
)
"""A text with none of these is not a license (Chinese: license, authorise, copyright)."""
_IDENTIFIER = re.compile(r"SPDX-License-Identifier:[ \t]*([^\n\r]*)", re.IGNORECASE)
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*|\(|\)")


class MatchKind(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LicenseMatch:
    """One license found in a text."""

    id: str
    name: str
    version: str | None
    family: str
    kind: str
    """``spdx``, ``exception``, ``ai`` or ``policy`` (an acceptable-use policy)."""
    scancode_key: str | None
    match: MatchKind
    score: float
    """1.0 for an exact match; for an approximate one, shingle ``coverage × density``."""
    coverage: float
    """Share of the license's shingles found in the region."""
    density: float
    """Share of the region's shingles that belong to the license."""
    start_line: int
    end_line: int
    needs_review: bool
    alternatives: tuple[str, ...] = ()
    """Other ids that fit: ids with the same text (told apart by a notice), close runners-up,
    and for an approximate AI-model license the other versions of its family."""
    source: str = ""
    """Where the template comes from (the SPDX page, the AI license's URL)."""
    expression: str | None = None
    """The SPDX expression this match stands for: the id, ``id WITH exception``, or what an
    ``SPDX-License-Identifier:`` line says; None for an approximate match."""
    exception: str | None = None
    """The SPDX exception found with the license, if any."""
    form: str = "text"
    """``text`` (the license text), ``notice`` (a standard license notice) or
    ``identifier`` (an ``SPDX-License-Identifier:`` line)."""
    differences: tuple[Difference, ...] = ()
    """For an approximate match: the words that differ from the template (added, missing,
    changed), replaceable and omittable parts aside."""
    notes: tuple[str, ...] = ()
    """Why an id was chosen: a notice that decided -or-later, a deprecated id replaced."""


@dataclass(frozen=True)
class FileResult:
    """What `identify_file` found in one file."""

    path: str
    matches: tuple[LicenseMatch, ...] = ()
    note: str | None = None
    """Why a file was not (fully) read: a symbolic link, binary, too large, unreadable."""
    bytes_read: int = 0

    @property
    def match(self) -> MatchKind:
        """``exact`` when every match is exact, ``approximate`` when any is not, else unknown."""
        if not self.matches:
            return MatchKind.UNKNOWN
        if all(m.match is MatchKind.EXACT for m in self.matches):
            return MatchKind.EXACT
        return MatchKind.APPROXIMATE

    @property
    def needs_review(self) -> bool:
        return any(m.needs_review for m in self.matches)

    @property
    def expression(self) -> str | None:
        """The licenses that need no review, as one SPDX expression (``A AND B``)."""
        return expression_of(self.matches)


def expression_of(matches: tuple[LicenseMatch, ...]) -> str | None:
    """``AND`` of the expressions of the matches that need no review (None if there are none)."""
    parts = [m.expression for m in matches if m.expression and not m.needs_review]
    parts = list(dict.fromkeys(parts))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return " AND ".join(f"({p})" if " OR " in p else p for p in parts)


# ------------------------------------------------------------------------------ exact


@dataclass
class _Exact:
    lic: int
    start: int
    end: int  # word span, end exclusive
    notes: list[str] = field(default_factory=list)
    exception: int | None = None
    as_id: str | None = None
    alternatives: tuple[str, ...] = ()


def _template_matches(
    index: LicenseIndex, templates: Templates, words: Words, cands: list[int]
) -> list[_Exact]:
    found: list[_Exact] = []
    for i in cands:
        lic = index.licenses[i]
        if lic.template is None or lic.template not in templates:
            continue
        t = templates.get(lic.template)
        span = match(t, words)
        if span is not None:
            found.append(_Exact(i, span[0], span[1]))
    return found


def _order(index: LicenseIndex, e: _Exact) -> tuple[int, int, int, tuple[int, bool, str]]:
    from osaid.licenses.identify.build_index import base_rank

    lic = index.licenses[e.lic]
    # Longer first; then a license over a notice, a current id over a deprecated one, and
    # among ids with the same text the one a bare text grants.
    return (
        -(e.end - e.start),
        lic.kind == "notice",
        lic.deprecated,
        base_rank(lic.id),
    )


def _resolve(index: LicenseIndex, found: list[_Exact]) -> tuple[list[_Exact], list[_Exact]]:
    """Non-overlapping license matches (longest first) and the notices outside them."""
    kept: list[_Exact] = []
    for e in sorted(found, key=lambda e: _order(index, e)):
        same = next((k for k in kept if (k.start, k.end) == (e.start, e.end)), None)
        if same is not None and index.licenses[e.lic].kind == index.licenses[same.lic].kind:
            # Another template matches the very same words: it fits as well.
            if not index.licenses[e.lic].deprecated:
                same.alternatives = (*same.alternatives, index.licenses[e.lic].id)
            continue
        if any(e.start < k.end and k.start < e.end for k in kept):
            continue
        kept.append(e)
    licenses = [e for e in kept if index.licenses[e.lic].kind != "notice"]
    notices = [e for e in kept if index.licenses[e.lic].kind == "notice"]
    return licenses, notices


def _more_matches(
    index: LicenseIndex,
    templates: Templates,
    words: Words,
    found: list[_Exact],
    licenses: list[_Exact],
    notices: list[_Exact],
) -> tuple[list[_Exact], list[_Exact]]:
    """Matches outside the spans kept so far: a second copy of a license in the same file,
    or a license whose first match lay inside a longer one and that occurs again elsewhere."""
    tried = list(dict.fromkeys(e.lic for e in found))
    for _ in range(MAX_LICENSES):
        kept = [*licenses, *notices]
        spans = sorted((e.start, e.end) for e in kept)
        more = []
        for i in tried:
            key = index.licenses[i].template
            if key is None:
                continue
            span = match(templates.get(key), words, spans)
            if span is not None:
                more.append(_Exact(i, span[0], span[1]))
        if not more:
            break
        licenses, notices = _resolve(index, [*kept, *more])
        if len(licenses) + len(notices) == len(kept):
            break
    return licenses, notices


def _apply_notices(
    index: LicenseIndex, licenses: list[_Exact], notices: list[_Exact], words: Words
) -> list[_Exact]:
    """A notice in the same file decides between ids that share a text; the others stay."""
    left: list[_Exact] = []
    for n in notices:
        nid, _ = _current_id(index, index.licenses[n.lic])
        target = next(
            (e for e in licenses if nid in index.licenses[e.lic].same_as and e.as_id is None),
            None,
        )
        if target is None:
            left.append(n)
            continue
        target.as_id = nid
        target.notes.append(
            f"the notice at line {words.line_of(n.start)} says {nid}; the license text is the"
            f" same for {', '.join(sorted({index.licenses[target.lic].id, nid}))}"
        )
    return left


def _attach_exceptions(index: LicenseIndex, licenses: list[_Exact]) -> list[_Exact]:
    """An exception right after (or before) a license applies to it: one ``WITH`` match."""
    plain = sorted(
        (e for e in licenses if index.licenses[e.lic].kind != "exception"), key=lambda e: e.start
    )
    out = list(plain)
    for x in sorted(
        (e for e in licenses if index.licenses[e.lic].kind == "exception"), key=lambda e: e.start
    ):
        host = None
        for e in plain:
            if e.exception is None and (
                0 <= x.start - e.end <= EXCEPTION_GAP or 0 <= e.start - x.end <= EXCEPTION_GAP
            ):
                host = e
                break
        if host is None:
            out.append(x)
            continue
        host.exception = x.lic
        host.start = min(host.start, x.start)
        host.end = max(host.end, x.end)
    return sorted(out, key=lambda e: e.start)


def _current_id(index: LicenseIndex, lic: IndexedLicense) -> tuple[str, list[str]]:
    """A deprecated id's replacement (the first the list names), with a note."""
    if not lic.deprecated:
        return lic.id, []
    if not lic.replaced_by:
        return lic.id, [f"{lic.id} is a deprecated SPDX id; the list names no replacement"]
    target = lic.replaced_by[0]
    by_id = _by_id(index)
    parts = []
    for tok in target.split():
        j = by_id.get(tok)
        if j is not None and index.licenses[j].deprecated and index.licenses[j].replaced_by:
            tok = index.licenses[j].replaced_by[0]
        parts.append(tok)
    new = " ".join(parts)
    return new, [f"the text is that of the deprecated SPDX id {lic.id}, replaced by {new}"]


_BY_ID: dict[int, dict[str, int]] = {}


def _by_id(index: LicenseIndex) -> dict[str, int]:
    got = _BY_ID.get(id(index))
    if got is None:
        got = _BY_ID[id(index)] = {
            lic.id: i for i, lic in enumerate(index.licenses) if lic.kind != "notice"
        }
    return got


def _exact_match(index: LicenseIndex, e: _Exact, words: Words) -> LicenseMatch:
    lic = index.licenses[e.lic]
    ident = e.as_id or lic.id
    notes = list(e.notes)
    expression: str = ident
    if e.as_id is None:
        expression, more = _current_id(index, lic)
        notes.extend(more)
        ident = expression.split()[0]
    shown = _by_id(index).get(ident)
    # An id with several templates (the versions of a text) keeps the matched one's version.
    meta = lic if ident == lic.id or shown is None else index.licenses[shown]
    deprecated = _deprecated(index)
    alternatives = tuple(
        dict.fromkeys(
            a for a in (lic.id, *lic.same_as, *e.alternatives) if a != ident and a not in deprecated
        )
    )
    if e.as_id is None and lic.same_as:
        notes.append(
            f"{', '.join(alternatives)} {'has' if len(alternatives) == 1 else 'have'} the same"
            f" text; a notice (none in this text) tells {'it' if len(alternatives) == 1 else 'them'}"
            f" apart"
        )
    exception = None
    if e.exception is not None:
        exception = index.licenses[e.exception].id
        expression = f"{expression} WITH {exception}"
    if lic.kind == "exception" and e.exception is None:
        notes.append("an exception without the license it applies to")
    return LicenseMatch(
        id=ident,
        name=meta.name,
        version=meta.version,
        family=meta.family,
        kind=meta.kind,
        scancode_key=meta.scancode_key,
        match=MatchKind.EXACT,
        score=1.0,
        coverage=1.0,
        density=1.0,
        start_line=words.line_of(e.start),
        end_line=words.line_of(max(e.end - 1, e.start)),
        needs_review=False,
        alternatives=alternatives,
        source=meta.source,
        expression=expression if lic.kind != "exception" or e.exception is not None else None,
        exception=exception,
        form="text",
        notes=tuple(notes),
    )


def _notice_match(index: LicenseIndex, e: _Exact, words: Words) -> LicenseMatch:
    lic = index.licenses[e.lic]
    ident, notes = _current_id(index, lic)
    return LicenseMatch(
        id=ident,
        name=lic.name,
        version=lic.version,
        family=lic.family,
        kind="exception" if lic.id in _exception_ids(index) else "spdx",
        scancode_key=lic.scancode_key,
        match=MatchKind.EXACT,
        score=1.0,
        coverage=1.0,
        density=1.0,
        start_line=words.line_of(e.start),
        end_line=words.line_of(max(e.end - 1, e.start)),
        needs_review=False,
        source=lic.source,
        expression=ident,
        form="notice",
        notes=tuple(notes),
    )


_DEPRECATED: dict[int, frozenset[str]] = {}


def _deprecated(index: LicenseIndex) -> frozenset[str]:
    got = _DEPRECATED.get(id(index))
    if got is None:
        got = _DEPRECATED[id(index)] = frozenset(x.id for x in index.licenses if x.deprecated)
    return got


def _exception_ids(index: LicenseIndex) -> frozenset[str]:
    return frozenset(lic.id for lic in index.licenses if lic.kind == "exception")


# ------------------------------------------------------------------------------ identifiers


def _identifiers(text: str, index: LicenseIndex) -> list[LicenseMatch]:
    """``SPDX-License-Identifier:`` lines, their ids checked against the list."""
    if "spdx-license-identifier" not in text[:MAX_BYTES].lower():
        return []
    out: list[LicenseMatch] = []
    by_id = _by_id(index)
    lower = {k.lower(): k for k in by_id}
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
            known = by_id.get(tok) or by_id.get(lower.get(tok.lower(), ""))
            if known is None:
                if tok.startswith(("LicenseRef-", "DocumentRef-")):
                    parts.append(tok)
                    ids.append(tok)
                    continue
                unknown.append(tok)
                parts.append(tok)
                continue
            lic = index.licenses[known]
            current, more = _current_id(index, lic)
            if lic.deprecated and lic.id.endswith("+") is False and lic.replaced_by:
                more = [f"{lic.id} is deprecated; read as {current}"]
            notes.extend(more)
            parts.append(current)
            ids.append(current.split()[0])
        if not ids and not unknown:
            continue
        expression = " ".join(parts).replace("( ", "(").replace(" )", ")")
        first = ids[0] if ids else unknown[0]
        j = by_id.get(first)
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


# ------------------------------------------------------------------------------ approximate


def _key_lines(tokens: Tokens, n_keys: int) -> list[int]:
    """1-based line of the first token of every shingle key."""
    out: list[int] = []
    for number, line in enumerate(tokens.lines, start=1):
        out.extend([number] * len(line.split()))
        if len(out) >= n_keys:
            break
    return out[:n_keys] + [len(tokens.lines)] * max(0, n_keys - len(out))


def _mask_lines(tokens: Tokens, keys: list[int], taken: list[tuple[int, int]]) -> list[int]:
    """`keys` with every shingle that starts or ends on a taken line masked."""
    lines = _key_lines(tokens, len(keys))
    n_lines = len(tokens.lines) + 2
    covered = bytearray(n_lines)
    for a, b in taken:
        covered[max(a, 0) : min(b, n_lines - 1) + 1] = b"\x01" * (
            min(b, n_lines - 1) + 1 - max(a, 0)
        )
    last = len(lines) - 1
    return [
        _shingles.MASKED if covered[lines[k]] or covered[lines[min(k + SHINGLE - 1, last)]] else key
        for k, key in enumerate(keys)
    ]


def _approximate(
    index: LicenseIndex,
    templates: Templates,
    tokens: Tokens,
    keys: list[int],
    words: Words | None,
    taken_lines: list[tuple[int, int]],
    room: int,
) -> list[LicenseMatch]:
    """Near misses in what the exact matches left of the text.

    A license matched exactly elsewhere in the file stays a candidate: a second copy of it
    that is not exact (a changed word) must come out as that license, not as a sibling."""
    if not keys:
        return []
    if taken_lines:
        keys = _mask_lines(tokens, keys, taken_lines)
    else:
        keys = list(keys)
    out: list[LicenseMatch] = []
    used: set[int] = set()
    qset = set(keys)
    qset.discard(_shingles.MASKED)
    while len(out) < room and qset:
        cands = [
            i
            for i in _shingles.candidates(index, qset)
            if i not in used and index.licenses[i].kind != "notice"
        ]
        if not cands:
            break
        ranked = _shingles.rank(index, cands, qset) if len(cands) > 1 else [(0.0, cands[0])]
        scored = [s for jac, i in ranked if (s := _shingles.score(index, i, keys, jac)) is not None]
        if not scored:
            break
        scored.sort(key=lambda s: (-s.score, index.licenses[s.lic].deprecated, -s.jaccard, s.lic))
        # Longer wins among near ties: LGPL-3.0 with a changed word scores as well as the
        # GPL-3.0 it carries, and holds more of the text.
        best = scored[0]
        if index.licenses[best.lic].deprecated:
            # A current id with (nearly) the same text goes first (SMLNJ, not StandardML-NJ).
            best = next(
                (
                    x
                    for x in scored
                    if not index.licenses[x.lic].deprecated
                    and x.score >= best.score - AMBIGUITY_MARGIN
                ),
                best,
            )
        for x in scored:
            if (
                x.score >= scored[0].score - AMBIGUITY_MARGIN
                and x.start <= best.start
                and x.end >= best.end
                and x.matched >= LONGER * best.matched
                and not index.licenses[x.lic].deprecated
            ):
                best = x
        if best.score < REPORT_THRESHOLD:
            break
        scored.remove(best)
        out.append(_near_miss(index, templates, best, scored, tokens, words))
        used.add(best.lic)
        keys[best.start : best.end + 1] = [_shingles.MASKED] * (best.end - best.start + 1)
        qset = set(keys[: best.start])
        qset.update(keys[best.end + 1 :])
        qset.discard(_shingles.MASKED)
    return out


def _near_miss(
    index: LicenseIndex,
    templates: Templates,
    s: _shingles.Scored,
    runners: list[_shingles.Scored],
    tokens: Tokens,
    words: Words | None,
) -> LicenseMatch:
    lic = index.licenses[s.lic]
    start_line = tokens.line_of(s.start)
    end_line = tokens.line_of(s.end + SHINGLE - 1)
    close = [
        _current_id(index, index.licenses[r.lic])[0].split()[0]
        for r in runners
        if r.lic != s.lic
        and r.score >= s.score - AMBIGUITY_MARGIN
        and index.licenses[r.lic].kind != "notice"
    ]
    family = []
    if lic.kind in ("ai", "policy"):
        family = [
            x.id
            for x in index.licenses
            if x.family == lic.family and x.kind == lic.kind and x.id != lic.id
        ]
    threshold = REVIEW_THRESHOLD if lic.kind in ("spdx", "exception") else REVIEW_THRESHOLD_AI
    score = min(round(s.score, 4), 0.9999)
    # A license that is a modified copy of others (Pixar of Apache-2.0) is, when its template
    # does not match, as likely one of them with a change: never without review.
    needs_review = s.score < threshold or bool(close) or bool(lic.bases)
    if lic.kind in ("ai", "policy") and lic.template is not None:
        needs_review = True  # a near miss of an AI-model license, whatever its score
    diffs: tuple[Difference, ...] = ()
    if words is not None and lic.template is not None and lic.template in templates:
        a = words.line_starts[start_line - 1] if start_line - 1 < len(words.line_starts) else 0
        b = words.line_starts[end_line] if end_line < len(words.line_starts) else len(words)
        diffs, _ = differences(templates.elements(lic.template), words, a, b)
    ident, notes = _current_id(index, lic)
    ident = ident.split()[0]
    return LicenseMatch(
        id=ident,
        name=lic.name,
        version=lic.version,
        family=lic.family,
        kind=lic.kind,
        scancode_key=lic.scancode_key,
        match=MatchKind.APPROXIMATE,
        score=score,
        coverage=round(s.coverage, 4),
        density=round(s.density, 4),
        start_line=start_line,
        end_line=end_line,
        needs_review=needs_review,
        alternatives=tuple(
            a
            for a in dict.fromkeys([*lic.same_as, *close, *lic.bases, *family])
            if a not in (lic.id, ident) and a not in _deprecated(index)
        ),
        source=lic.source,
        expression=None,
        differences=diffs,
        notes=tuple(notes),
    )


LONGER = 1.1
"""Among near ties, a region with this many times the matched keys of the best one, holding
it, wins (a license that carries another, plus more of the text)."""
SUPERSET_SHARE = 0.6
"""A longer license is checked against an exact match when at least this share of its
candidate keys is in the text ..."""
SUPERSET_HOLDS = 0.8
"""... and this share of the matched license's required keys is in its text ..."""
SUPERSET_SCORE = 0.75
"""... and it wins over the exact match, as a near miss, when it scores at least this ..."""
SUPERSET_EXTRA = 0.6
"""... and this share of the keys it adds to the matched license is in the text."""


def _longer_near_miss(
    index: LicenseIndex,
    templates: Templates,
    e: _Exact,
    m: LicenseMatch,
    words: Words,
    tokens: Tokens,
    keys: list[int],
    shares: list[tuple[float, int]],
    tried: set[int],
) -> LicenseMatch | None:
    """A longer license that holds the exactly matched one and nearly matches the text.

    HPND-export-US is HPND-UC plus an export clause: with a typo in that clause only the
    HPND-UC template matches, and reporting HPND-UC alone would drop the clause. When a
    longer license whose template did not match holds the matched license's words and
    covers its span and more with a high score, the longer license is reported, as a near
    miss that needs review, with the matched one among its alternatives."""
    own_lic = index.licenses[e.lic]
    if own_lic.kind not in ("spdx", "ai") or e.exception is not None:
        return None
    own = index.required_set(e.lic)
    best: _shingles.Scored | None = None
    for share, i in shares:
        if share < SUPERSET_SHARE:
            break
        lic = index.licenses[i]
        if (
            i in tried
            or i == e.lic
            or lic.kind == "notice"
            or lic.id in own_lic.same_as
            or index.size(i) <= index.size(e.lic)
            or len(own & index.key_set(i)) < SUPERSET_HOLDS * len(own)
        ):
            continue
        # What it adds to the matched license must be in the text: JSON is MIT plus a
        # sentence, and MIT alone is not a near miss of JSON.
        extra = index.required_set(i) - index.key_set(e.lic)
        if not extra or len(extra.intersection(keys)) < SUPERSET_EXTRA * len(extra):
            continue
        s = _shingles.score(index, i, keys, 0.0)
        if s is None or s.score < SUPERSET_SCORE:
            continue
        first, last = tokens.line_of(s.start), tokens.line_of(s.end + SHINGLE - 1)
        # Its region holds the match (titles and copyright lines at the edges aside) and more.
        slack = max(2, (m.end_line - m.start_line) // 5)
        if (
            first > m.start_line + slack
            or last < m.end_line - slack
            or last - first <= m.end_line - m.start_line
        ):
            continue
        if best is None or (s.score, s.matched) > (best.score, best.matched):
            best = s
    if best is None:
        return None
    near = _near_miss(index, templates, best, [], tokens, words)
    note = (
        f"the text holds {m.id} (its template matches lines {m.start_line}-{m.end_line}) and"
        f" nearly all of {near.id}, which is longer"
    )
    return replace(
        near,
        needs_review=True,
        alternatives=tuple(dict.fromkeys([m.id, *near.alternatives])),
        notes=(*near.notes, note),
    )


# ------------------------------------------------------------------------------ entry points


def identify_data(data: bytes, text: str | None = None) -> tuple[LicenseMatch, ...]:
    """Licenses in a text given as bytes (and, when at hand, as str)."""
    if text is None:
        text = data.decode("utf-8", errors="replace")
    if _LICENSE_WORDS.search(text) is None:
        return ()
    index = get_index()
    templates = get_templates()
    tokens, keys = text_keys(data)
    qset = set(keys)
    shares = _shingles.shares(index, qset, TEMPLATE_SHARE) if qset else []
    cands = [i for _, i in shares[:MAX_TEMPLATES] if index.licenses[i].template is not None]
    words: Words | None = None
    results: list[LicenseMatch] = []
    taken: list[tuple[int, int]] = []
    if cands:
        words = words_of(text)
        found = _template_matches(index, templates, words, cands)
        licenses, notices = _resolve(index, found)
        licenses, notices = _more_matches(index, templates, words, found, licenses, notices)
        notices = _apply_notices(index, licenses, notices, words)
        tried = {e.lic for e in found}
        for e in _attach_exceptions(index, licenses)[:MAX_LICENSES]:
            m = _exact_match(index, e, words)
            longer = _longer_near_miss(index, templates, e, m, words, tokens, keys, shares, tried)
            results.append(longer or m)
            taken.append((min(m.start_line, (longer or m).start_line), (longer or m).end_line))
        for n in notices:
            m = _notice_match(index, n, words)
            results.append(m)
            taken.append((m.start_line, m.end_line))
    results.extend(_identifiers(text, index))
    if len([r for r in results if r.form == "text"]) < MAX_LICENSES and qset:
        near = _approximate(
            index, templates, tokens, keys, words, taken, MAX_LICENSES - len(results)
        )
        results.extend(near)
    results.sort(key=lambda m: (m.start_line, m.form != "text", m.id))
    return tuple(results)


def identify_text(text: str) -> tuple[LicenseMatch, ...]:
    """Licenses whose text appears in `text`, in the order they appear (empty: unknown)."""
    return identify_data(text.encode("utf-8", errors="replace"), text)


def identify_bytes(data: bytes) -> tuple[LicenseMatch, ...]:
    """Like `identify_text` for raw bytes (UTF-8, UTF-16 with a byte-order mark, or any
    ASCII-compatible encoding; binary data gives no match)."""
    data = _decode_utf16(data)
    if _is_binary(data):
        return ()
    return identify_data(data)


def _decode_utf16(data: bytes) -> bytes:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head and head[:2] not in (b"\xff\xfe", b"\xfe\xff")


def identify_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> FileResult:
    """Identify the licenses in one file.

    Reads at most `max_bytes` (default 1 MiB). Never follows a symbolic link and never raises
    for a file problem: a link, a directory, a missing, unreadable or binary file gives a
    result without matches and a `note`.
    """
    name = os.fspath(path)
    p = Path(name)
    try:
        st = p.lstat()
    except FileNotFoundError:
        return FileResult(path=name, note="file not found")
    except OSError as exc:
        return FileResult(path=name, note=f"cannot read file ({exc.strerror})")
    if stat.S_ISLNK(st.st_mode):
        return FileResult(path=name, note="symbolic link, not followed")
    if stat.S_ISDIR(st.st_mode):
        return FileResult(path=name, note="is a directory")
    if not stat.S_ISREG(st.st_mode):
        return FileResult(path=name, note="not a regular file")
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(name, flags)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return FileResult(path=name, note=f"cannot read file ({exc.strerror or exc})")
    note = None
    if len(data) > max_bytes:
        data = data[:max_bytes]
        note = f"larger than {max_bytes} bytes: only the first {max_bytes} were read"
    if _is_binary(data):
        return FileResult(path=name, note="binary file", bytes_read=len(data))
    if not data.strip():
        return FileResult(path=name, note="empty file", bytes_read=len(data))
    matches = identify_bytes(data)
    return FileResult(path=name, matches=matches, note=note, bytes_read=len(data))
