"""Exact matches: templates that matched, which of them win, and what each one says.

When matches overlap, the longer one wins (a license that is another plus more text, LGPL-3.0
with the GPL-3.0 it incorporates); ids whose templates have the same words are told apart by
their notice (``or (at your option) any later version``) when the text has one, and otherwise
reported as the id the bare text grants (`base_rank`), with the others in
`alternatives`. Exceptions found right after (or before) a license make one SPDX expression
(``GPL-2.0-or-later WITH Classpath-exception-2.0``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from osaid.licenses.identify._index import IndexedLicense, LicenseIndex
from osaid.licenses.identify._keys import MASKED, TextKeys
from osaid.licenses.identify._result import LicenseMatch
from osaid.licenses.identify._template import match
from osaid.licenses.identify._templates import Templates
from osaid.licenses.identify._words import Words

MAX_LICENSES = 8
"""At most this many licenses are reported per text."""
EXCEPTION_GAP = 60
"""An exception at most this many words after (or before) a license applies to it."""


@dataclass
class Exact:
    lic: int
    start: int
    end: int  # word span, end exclusive
    notes: list[str] = field(default_factory=list)
    exception: int | None = None
    as_id: str | None = None
    alternatives: tuple[str, ...] = ()


SAME_SIZE = 0.9
"""A template at least this share of a match's length may match the same words."""


def template_matches(
    index: LicenseIndex,
    templates: Templates,
    words: Words,
    cands: list[int],
    worth: Callable[[int, set[int]], bool],
    tk: TextKeys,
) -> list[Exact]:
    """The first match of every candidate template.

    Once a template has matched, a shorter candidate is tried only when it may lie outside
    the matches (``worth`` of the keys left there says so): inside one it would lose to the
    longer match anyway. This keeps a file that is one license from trying every sibling,
    and so does a sibling's word that the text lacks (`LicenseIndex.required_words`)."""
    found: list[Exact] = []
    outside: set[int] | None = None
    distinct = words.distinct()
    for i in cands:
        lic = index.licenses[i]
        if lic.template is None or lic.template not in templates:
            continue
        if not index.required_words(i) <= distinct:
            continue
        if found and not any(lic.size >= SAME_SIZE * (e.end - e.start) for e in found):
            if outside is None:
                outside = set(tk.masked((e.start, e.end) for e in found))
                outside.discard(MASKED)
            if not worth(i, outside):
                continue
        span = match(templates.get(lic.template), words)
        if span is not None:
            found.append(Exact(i, span[0], span[1]))
            outside = None
    return found


def base_rank(spdx_id: str) -> tuple[int, bool, str]:
    """Order of ids that share one text: the one a bare text is reported as comes first.

    The SPDX list keeps several ids for one text where a notice, not the text, says which
    applies: ``-only`` / ``-or-later``, the GFDL's invariant-section variants, OFL's Reserved
    Font Name variants, MPL-2.0's Exhibit B. A text alone grants what it says and no more, so
    the shortest id (``GFDL-1.3-only``, which SPDX defines as asserting nothing about
    invariant sections) and ``-only`` before ``-or-later`` come first.
    """
    stem = re.sub(r"-(only|or-later)$", "", spdx_id)
    return (len(stem), spdx_id.endswith("-or-later"), spdx_id)


def _order(index: LicenseIndex, e: Exact) -> tuple[int, int, int, tuple[int, bool, str]]:
    lic = index.licenses[e.lic]
    # Longer first; then a license over a notice, a current id over a deprecated one, and
    # among ids with the same text the one a bare text grants.
    return (
        -(e.end - e.start),
        lic.kind == "notice",
        lic.deprecated,
        base_rank(lic.id),
    )


def resolve(index: LicenseIndex, found: list[Exact]) -> tuple[list[Exact], list[Exact]]:
    """Non-overlapping license matches (longest first) and the notices outside them."""
    kept: list[Exact] = []
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


def more_matches(
    index: LicenseIndex,
    templates: Templates,
    words: Words,
    found: list[Exact],
    licenses: list[Exact],
    notices: list[Exact],
    worth: Callable[[int, set[int]], bool],
    tk: TextKeys,
) -> tuple[list[Exact], list[Exact]]:
    """Matches outside the spans kept so far: a second copy of a license in the same file,
    or a license whose first match lay inside a longer one and that occurs again elsewhere.
    A template is tried again only when the keys outside the spans may hold it (`worth`)."""
    tried = list(dict.fromkeys(e.lic for e in found))
    for _ in range(MAX_LICENSES):
        kept = [*licenses, *notices]
        spans = sorted((e.start, e.end) for e in kept)
        outside = set(tk.masked(spans))
        outside.discard(MASKED)
        more = []
        for i in tried:
            key = index.licenses[i].template
            if key is None or not worth(i, outside):
                continue
            span = match(templates.get(key), words, spans)
            if span is not None:
                more.append(Exact(i, span[0], span[1]))
        if not more:
            break
        licenses, notices = resolve(index, [*kept, *more])
        if len(licenses) + len(notices) == len(kept):
            break
    return licenses, notices


def apply_notices(
    index: LicenseIndex, licenses: list[Exact], notices: list[Exact], words: Words
) -> list[Exact]:
    """A notice in the same file decides between ids that share a text; the others stay."""
    left: list[Exact] = []
    for n in notices:
        nid, _ = current_id(index, index.licenses[n.lic])
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


def attach_exceptions(index: LicenseIndex, licenses: list[Exact]) -> list[Exact]:
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


def current_id(index: LicenseIndex, lic: IndexedLicense) -> tuple[str, list[str]]:
    """A deprecated id's replacement (the first the list names), with a note."""
    if not lic.deprecated:
        return lic.id, []
    if not lic.replaced_by:
        return lic.id, [f"{lic.id} is a deprecated SPDX id; the list names no replacement"]
    target = lic.replaced_by[0]
    ids = by_id(index)
    parts = []
    for tok in target.split():
        j = ids.get(tok)
        if j is not None and index.licenses[j].deprecated and index.licenses[j].replaced_by:
            tok = index.licenses[j].replaced_by[0]
        parts.append(tok)
    new = " ".join(parts)
    return new, [f"the text is that of the deprecated SPDX id {lic.id}, replaced by {new}"]


_BY_ID: dict[int, dict[str, int]] = {}


def by_id(index: LicenseIndex) -> dict[str, int]:
    got = _BY_ID.get(id(index))
    if got is None:
        got = _BY_ID[id(index)] = {
            lic.id: i for i, lic in enumerate(index.licenses) if lic.kind != "notice"
        }
    return got


def exact_match(index: LicenseIndex, e: Exact, words: Words) -> LicenseMatch:
    lic = index.licenses[e.lic]
    ident = e.as_id or lic.id
    notes = list(e.notes)
    expression: str = ident
    if e.as_id is None:
        expression, more = current_id(index, lic)
        notes.extend(more)
        ident = expression.split()[0]
    shown = by_id(index).get(ident)
    # An id with several templates (the versions of a text) keeps the matched one's version.
    meta = lic if ident == lic.id or shown is None else index.licenses[shown]
    deprecated = deprecated_ids(index)
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
    return LicenseMatch.of(
        ident,
        meta,
        meta.kind,
        words.lines_of(e.start, e.end),
        alternatives=alternatives,
        expression=expression if lic.kind != "exception" or e.exception is not None else None,
        exception=exception,
        form="text",
        notes=tuple(notes),
    )


def notice_match(index: LicenseIndex, e: Exact, words: Words) -> LicenseMatch:
    lic = index.licenses[e.lic]
    ident, notes = current_id(index, lic)
    return LicenseMatch.of(
        ident,
        lic,
        "exception" if lic.id in exception_ids(index) else "spdx",
        words.lines_of(e.start, e.end),
        expression=ident,
        form="notice",
        notes=tuple(notes),
    )


_DEPRECATED: dict[int, frozenset[str]] = {}


def deprecated_ids(index: LicenseIndex) -> frozenset[str]:
    got = _DEPRECATED.get(id(index))
    if got is None:
        got = _DEPRECATED[id(index)] = frozenset(x.id for x in index.licenses if x.deprecated)
    return got


def exception_ids(index: LicenseIndex) -> frozenset[str]:
    return frozenset(lic.id for lic in index.licenses if lic.kind == "exception")
