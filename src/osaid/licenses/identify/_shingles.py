"""Shingle search: which licenses a text may contain, and how much of each it holds.

The index (`_index`) stores, per license, the set of its shingle keys and a few rare
*candidate keys*. For a text we look its keys up in the candidate table (`candidates`), rank
the candidates by estimated Jaccard similarity (`rank`) and measure, for one license, the
densest region of the text that holds its keys (`score`): *coverage* is the share of the
license's keys found there, *density* the share of the region's keys that belong to it.

This finds licenses fast and says how close a text is; it never decides that a text *is* a
license — the template matcher does (`_template`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, compress, count, islice
from operator import ne, not_, sub

from osaid.licenses.identify._index import SAMPLE_MASK, LicenseIndex
from osaid.licenses.identify._keys import MASKED

MIN_CANDIDATE_SHARE = 0.2
MAX_CANDIDATES = 16
CANDIDATE_WINDOW = 0.5
"""Candidates whose share is this far below the best candidate's share are dropped."""
RANKED = 6
RANK_WINDOW = 0.2
"""Candidates whose estimated similarity is this far below the best one are not scored."""


@dataclass
class Scored:
    lic: int
    start: int
    end: int  # inclusive key positions
    coverage: float
    density: float
    jaccard: float
    score: float = field(init=False)

    def __post_init__(self) -> None:
        self.score = self.coverage * self.density

    @property
    def matched(self) -> int:
        """How many of the region's keys belong to the license."""
        return round(self.density * (self.end - self.start + 1))

    @property
    def exact(self) -> bool:
        return self.coverage >= 1.0 and self.density >= 1.0


def best_segment(positions: list[int]) -> tuple[int, int, int]:
    """Densest stretch of sorted matched positions: (first, last, matched count).

    Maximum-sum segment where each matched position is worth +1 and each unmatched position
    between two matched ones costs 1. Runs of consecutive positions are scored as a whole.
    """
    first, last = positions[0], positions[-1]
    if last - first + 1 == len(positions):
        return first, last, len(positions)
    # Where a gap follows: the index of each position more than one after the one before.
    gaps = map(sub, islice(positions, 1, None), positions)
    breaks = list(compress(count(1), map((1).__lt__, gaps)))
    bounds = [0, *breaks, len(positions)]
    best = (first, first, 0)
    best_sum = 0
    cur_start = first
    cur_sum = 0
    cur_count = 0
    prev_end = first - 1
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        run_start = positions[lo]
        run_len = hi - lo
        gap = run_start - prev_end - 1
        if cur_count and cur_sum - gap > 0:
            cur_sum += run_len - gap
            cur_count += run_len
        else:
            cur_start, cur_sum, cur_count = run_start, run_len, run_len
        prev_end = positions[hi - 1]
        if cur_sum > best_sum:
            best_sum = cur_sum
            best = (cur_start, prev_end, cur_count)
    return best


def score(
    index: LicenseIndex, i: int, keys: list[int], jaccard: float, qset: set[int] | None = None
) -> Scored | None:
    """How much of license `i` the densest region of `keys` holds.

    The region is where the license's keys are densest; *coverage* is the share of the
    license's required keys (its words that are neither replaceable nor omittable) found
    there, so that a text with other values in the replaceable parts, or without the
    omittable parts, is not held against the license, while a sibling that needs words the
    text lacks is; *density* is the share of the region's keys that belong to the license.
    """
    ref = index.key_set(i)
    req = index.required_set(i)
    if not req:
        return None
    if qset is not None and keys and qset <= ref and MASKED not in qset:
        # Every key of the text belongs to the license: the region is the whole text.
        return Scored(i, 0, len(keys) - 1, len(req & qset) / len(req), 1.0, jaccard)
    positions = list(compress(range(len(keys)), map(ref.__contains__, keys)))
    if not positions:
        return None
    segment = best_segment(positions)
    whole = _region(i, keys, req, positions, jaccard, segment)
    second = _second_copy(keys, positions, segment[0], segment[1])
    if second is not None:
        # Two copies (or a fragment and a copy) close together: each is its own region,
        # unless the license needs both (Sleepycat holds three BSD texts).
        halves = [[p for p in positions if p < second], [p for p in positions if p >= second]]
        best = max(
            (_region(i, keys, req, h, jaccard) for h in halves if h),
            key=lambda r: (r.score, -r.start),
        )
        if best.coverage >= whole.coverage - SPLIT_LOSS:
            return best
    return whole


def _region(
    i: int,
    keys: list[int],
    req: frozenset[int],
    positions: list[int],
    jac: float,
    segment: tuple[int, int, int] | None = None,
) -> Scored:
    """The score of the densest stretch of `positions` (`segment`, when already known)."""
    start, end, matched = segment or best_segment(positions)
    coverage = len(req.intersection(keys[start : end + 1])) / len(req)
    return Scored(i, start, end, coverage, matched / (end - start + 1), jac)


REPEAT_RUN = 16
"""A license's keys that come again, this many in a row, from where the region starts, start
a second copy of it (a license repeats its own phrases, but not its opening)."""
SPLIT_LOSS = 0.1
"""A region is split in two copies only when one copy alone covers nearly as much of the
license (at most this much less) as both."""
REPEAT_HEAD = 0.05
"""... "where the region starts": within this share of the region's length (or 8 keys)."""


def _second_copy(keys: list[int], positions: list[int], start: int, end: int) -> int | None:
    """Where a second copy of the license starts in the region ``start..end``, if it does:
    a run of `REPEAT_RUN` keys that the region already had at its start."""
    inside = positions[bisect_left(positions, start) : bisect_right(positions, end)]
    # Each key's first position: later positions overwrite earlier ones, so go backwards.
    backwards = inside[::-1]
    first = dict(zip(map(keys.__getitem__, backwards), backwards, strict=True))
    head = start + max(8, int(REPEAT_HEAD * (end - start)))
    again = list(
        compress(inside, map(ne, map(first.__getitem__, map(keys.__getitem__, inside)), inside))
    )
    if len(again) < REPEAT_RUN:
        return None
    run = 1
    for a, b in zip(again, again[1:], strict=False):
        run = run + 1 if b == a + 1 and first[keys[b]] == first[keys[a]] + 1 else 1
        if run >= REPEAT_RUN and first[keys[b - REPEAT_RUN + 1]] <= head:
            return b - REPEAT_RUN + 1
    return None


def shares(
    index: LicenseIndex, qset: set[int], minimum: float = MIN_CANDIDATE_SHARE
) -> list[tuple[float, int]]:
    """(share of its candidate keys in `qset`, license) for every license with at least
    `minimum` of them, best first."""
    table = index.candidates
    hits = Counter(chain.from_iterable(map(table.__getitem__, table.keys() & qset)))
    counts = index.candidate_counts
    need = index.candidate_need(minimum)
    out = [(h / counts[i], i) for i, h in hits.items() if h >= need[i]]
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


def candidates(index: LicenseIndex, qset: set[int]) -> list[int]:
    """Licenses with at least `MIN_CANDIDATE_SHARE` of their candidate keys in `qset`, best
    share first (at most `MAX_CANDIDATES`, none far below the best)."""
    found = shares(index, qset)
    if not found:
        return []
    floor = found[0][0] - CANDIDATE_WINDOW
    return [i for share, i in found[:MAX_CANDIDATES] if share >= floor]


def rank(index: LicenseIndex, cands: list[int], qset: set[int]) -> list[tuple[float, int]]:
    """Candidates by their estimated Jaccard similarity with `qset`, best first.

    The estimate compares the samples (one key in four) of both sides: set operations over a
    quarter of the keys, which is what keeps ranking cheap.
    """
    qs = set(compress(qset, map(not_, map(SAMPLE_MASK.__and__, qset))))
    nq = len(qs)
    ranked: list[tuple[float, int]] = []
    for i in cands:
        ref = index.sample_set(i)
        inter = len(ref & qs) if len(ref) < nq else len(qs & ref)
        if inter:
            ranked.append((inter / (len(ref) + nq - inter), i))
    ranked.sort(key=lambda t: (-t[0], t[1]))
    if ranked:
        floor = ranked[0][0] - RANK_WINDOW
        ranked = [r for r in ranked[:RANKED] if r[0] >= floor]
    return ranked
