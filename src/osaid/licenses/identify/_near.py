"""Near misses: where no template matched, the closest licenses by shingle score.

A near miss is *approximate*: it says which license the text is closest to, the words that
differ from its template, and whether a reader must check it (`needs_review`). A sibling is
never reported in place of the license whose template nearly matches (scores count a
template's required words), and a near miss of a license that is a modified copy of another
lists that one.
"""

from __future__ import annotations

from dataclasses import replace

from osaid.licenses.identify import _shingles
from osaid.licenses.identify._differences import Difference, differences
from osaid.licenses.identify._exact import Exact, current_id, deprecated_ids
from osaid.licenses.identify._index import LicenseIndex
from osaid.licenses.identify._keys import MASKED, TextKeys
from osaid.licenses.identify._result import LicenseMatch, MatchKind
from osaid.licenses.identify._templates import Templates
from osaid.licenses.identify._words import Words

REVIEW_THRESHOLD = 0.95
"""An approximate SPDX match scoring below this needs review (it is reported, flagged)."""
REVIEW_THRESHOLD_AI = 1.0
"""The same for AI-model licenses and use policies: every approximate match needs review.
Their versions differ by a few clauses and one changed number can change what they allow."""
REPORT_THRESHOLD = 0.35
"""Below this score nothing approximate is reported."""
AMBIGUITY_MARGIN = 0.05
"""An approximate match whose runner-up scores within this margin needs review."""
LONGER = 1.1
"""Among near ties, a region with this many times the matched keys of the best one, holding
it, wins (a license that carries another, plus more of the text)."""
MIN_KEYS = 8
"""Fewer keys than this left outside the exact matches: nothing more to look for."""


def approximate(
    index: LicenseIndex,
    templates: Templates,
    words: Words,
    tk: TextKeys,
    taken: list[tuple[int, int]],
    room: int,
) -> list[LicenseMatch]:
    """Near misses in what the exact matches (word spans `taken`) left of the text.

    A license matched exactly elsewhere in the file stays a candidate: a second copy of it
    that is not exact (a changed word) must come out as that license, not as a sibling."""
    keys = tk.masked(taken) if taken else list(tk.keys)
    qset = set(keys)
    qset.discard(MASKED)
    out: list[LicenseMatch] = []
    used: set[int] = set()
    while len(out) < room and len(qset) >= MIN_KEYS:
        cands = [
            i
            for i in _shingles.candidates(index, qset)
            if i not in used and index.licenses[i].kind != "notice"
        ]
        if not cands:
            break
        ranked = _shingles.rank(index, cands, qset) if len(cands) > 1 else [(0.0, cands[0])]
        # Coverage cannot exceed the share of the required keys left in the text: a
        # license that cannot reach `REPORT_THRESHOLD` is not scored.
        ranked = [(jac, i) for jac, i in ranked if _reachable(index, i, qset)]
        scored = [s for jac, i in ranked if (s := _shingles.score(index, i, keys, jac)) is not None]
        if not scored:
            break
        best = _best(index, scored)
        if best.score < REPORT_THRESHOLD:
            break
        scored.remove(best)
        out.append(near_miss(index, templates, best, scored, tk, words))
        used.add(best.lic)
        keys[best.start : best.end + 1] = [MASKED] * (best.end - best.start + 1)
        qset = set(keys[: best.start])
        qset.update(keys[best.end + 1 :])
        qset.discard(MASKED)
    return out


def _reachable(index: LicenseIndex, i: int, qset: set[int]) -> bool:
    sample = index.required_sample(i)
    return sum(map(qset.__contains__, sample)) >= REPORT_THRESHOLD * len(sample)


def _best(index: LicenseIndex, scored: list[_shingles.Scored]) -> _shingles.Scored:
    scored.sort(key=lambda s: (-s.score, index.licenses[s.lic].deprecated, -s.jaccard, s.lic))
    best = scored[0]
    if index.licenses[best.lic].deprecated:
        # A current id with (nearly) the same text goes first (SMLNJ, not StandardML-NJ).
        best = next(
            (
                x
                for x in scored
                if not index.licenses[x.lic].deprecated and x.score >= best.score - AMBIGUITY_MARGIN
            ),
            best,
        )
    # Longer wins among near ties: LGPL-3.0 with a changed word scores as well as the
    # GPL-3.0 it carries, and holds more of the text.
    for x in scored:
        if (
            x.score >= scored[0].score - AMBIGUITY_MARGIN
            and x.start <= best.start
            and x.end >= best.end
            and x.matched >= LONGER * best.matched
            and not index.licenses[x.lic].deprecated
        ):
            best = x
    return best


def near_miss(
    index: LicenseIndex,
    templates: Templates,
    s: _shingles.Scored,
    runners: list[_shingles.Scored],
    tk: TextKeys,
    words: Words,
) -> LicenseMatch:
    lic = index.licenses[s.lic]
    start, end = tk.words_of_keys(s.start, s.end)
    close = [
        current_id(index, index.licenses[r.lic])[0].split()[0]
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
    # A license that is a modified copy of others (Pixar of Apache-2.0) is, when its template
    # does not match, as likely one of them with a change: never without review.
    needs_review = s.score < threshold or bool(close) or bool(lic.bases)
    if lic.kind in ("ai", "policy"):
        needs_review = True  # a near miss of an AI-model license, whatever its score
    diffs: tuple[Difference, ...] = ()
    if lic.template is not None and lic.template in templates:
        diffs, _ = differences(templates.elements(lic.template), words, start, end)
    ident, notes = current_id(index, lic)
    ident = ident.split()[0]
    deprecated = deprecated_ids(index)
    return LicenseMatch.of(
        ident,
        lic,
        lic.kind,
        words.lines_of(start, end),
        match=MatchKind.APPROXIMATE,
        score=min(round(s.score, 4), 0.9999),
        coverage=round(s.coverage, 4),
        density=round(s.density, 4),
        needs_review=needs_review,
        alternatives=tuple(
            a
            for a in dict.fromkeys([*lic.same_as, *close, *lic.bases, *family])
            if a not in (lic.id, ident) and a not in deprecated
        ),
        expression=None,
        differences=diffs,
        notes=tuple(notes),
    )


SUPERSET_SHARE = 0.6
"""A longer license that holds most of an exactly matched one's required words (the index
lists them: `IndexedLicense.longer`) is checked against the match when at least this share
of its candidate keys is in the text ..."""
SUPERSET_SCORE = 0.75
"""... and it wins over the exact match, as a near miss, when it scores at least this ..."""
SUPERSET_EXTRA = 0.6
"""... and this share of the keys it adds to the matched license is in the text."""


def longer_near_miss(
    index: LicenseIndex,
    templates: Templates,
    e: Exact,
    words: Words,
    tk: TextKeys,
    qset: set[int],
    shares: list[tuple[float, int]],
    tried: set[int],
) -> tuple[LicenseMatch, tuple[int, int]] | None:
    """A longer license that holds the exactly matched one and nearly matches the text.

    HPND-export-US is HPND-UC plus an export clause: with a typo in that clause only the
    HPND-UC template matches, and reporting HPND-UC alone would drop the clause. When a
    longer license whose template did not match holds the matched license's words and
    covers its span and more with a high score, the longer license is reported, as a near
    miss that needs review, with the matched one among its alternatives. Returns the near
    miss and the span of words it covers."""
    own_lic = index.licenses[e.lic]
    if own_lic.kind not in ("spdx", "ai") or e.exception is not None:
        return None
    if not own_lic.longer:
        return None
    share_of = {i: share for share, i in shares if share >= SUPERSET_SHARE}
    by_template = index.by_template()
    best: _shingles.Scored | None = None
    for key in own_lic.longer:
        i = by_template[key]
        lic = index.licenses[i]
        if i not in share_of or i in tried or lic.id in own_lic.same_as:
            continue
        sample = index.required_sample(i)
        if sum(map(qset.__contains__, sample)) < SUPERSET_SCORE * len(sample):
            continue  # most of its required words are not in the text: it cannot score
        # What it adds to the matched license must be in the text: JSON is MIT plus a
        # sentence, and MIT alone is not a near miss of JSON.
        extra = index.required_set(i) - index.key_set(e.lic)
        if not extra or len(extra & qset) < SUPERSET_EXTRA * len(extra):
            continue
        s = _shingles.score(index, i, tk.keys, 0.0)
        if s is None or s.score < SUPERSET_SCORE:
            continue
        start, end = tk.words_of_keys(s.start, s.end)
        # Its region holds the match (titles and copyright lines at the edges aside) and more.
        slack = max(8, (e.end - e.start) // 5)
        if start > e.start + slack or end < e.end - slack or end - start <= e.end - e.start:
            continue
        if best is None or (s.score, s.matched) > (best.score, best.matched):
            best = s
    if best is None:
        return None
    near = near_miss(index, templates, best, [], tk, words)
    own_id = current_id(index, own_lic)[0].split()[0]
    first, last = words.lines_of(e.start, e.end)
    note = (
        f"the text holds {own_id} (its template matches lines {first}-{last}) and nearly all"
        f" of {near.id}, which is longer"
    )
    found = replace(
        near,
        needs_review=True,
        alternatives=tuple(dict.fromkeys([own_id, *near.alternatives])),
        notes=(*near.notes, note),
    )
    return found, tk.words_of_keys(best.start, best.end)
