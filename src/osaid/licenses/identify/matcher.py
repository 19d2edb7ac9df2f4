"""Find license texts in a text: candidate selection, then a coverage score over one region.

For a text we compute its shingle keys (`_tokens`), then repeat:

1. **Candidates**: look the keys up in the index's small table of *candidate keys* (the
   rarest key of each 1/32 of every license) and keep the licenses with at least
   `MIN_CANDIDATE_SHARE` of their candidate keys present.
2. **Rank** them by the Jaccard similarity of their key set and the text's remaining keys
   (set operations in C, so a few dozen candidates cost little). The best `RANKED` go on.
3. **Region**: for each of those, mark the text positions whose key belongs to the license
   and take the densest stretch (maximum-sum segment, +1 per matched position, -1 per other
   position). Header and footer text fall outside it.
4. **Score** in that region: *coverage* = share of the license's keys found there, *density* =
   share of the region's positions that belong to the license; ``score = coverage × density``.
   ``exact`` means both are 1: every reference shingle is there and nothing else is inside the
   region (case, punctuation, white space, line wrapping and copyright lines aside).
5. Keep the best scoring one if ``score ≥ REPORT_THRESHOLD``, blank its region out and go
   again to find a second license in the same file.

An approximate match below `REVIEW_THRESHOLD` (`REVIEW_THRESHOLD_AI` for AI-model licenses and
use policies), or one whose runner-up scores within `AMBIGUITY_MARGIN` of it, is flagged
``needs_review``: it is never silently taken as that license.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain, compress
from operator import not_
from pathlib import Path

from osaid.licenses.identify._index import SAMPLE_MASK, IndexedLicense, LicenseIndex, get_index
from osaid.licenses.identify._tokens import SHINGLE, Tokens, text_keys

MAX_BYTES = 1024 * 1024
"""`identify_file` reads at most this many bytes (1 MiB) of a file; the rest is ignored."""

REVIEW_THRESHOLD = 0.90
"""An approximate match scoring below this needs review (it is reported, flagged)."""

REVIEW_THRESHOLD_AI = 1.0
"""The same for AI-model licenses and use policies: every approximate match needs review.
Their versions differ by a few clauses (Llama 3.1 / 3.2 / 3.3 / 4 score about 0.90 against one
another) and one changed number or sentence can change what they allow."""

REPORT_THRESHOLD = 0.35
"""Below this score nothing is reported: the text is ``unknown``."""

AMBIGUITY_MARGIN = 0.02
"""An approximate match whose runner-up scores within this margin needs review."""

MIN_CANDIDATE_SHARE = 0.2
MAX_CANDIDATES = 12
CANDIDATE_WINDOW = 0.35
"""Candidates whose share is this far below the best candidate's share are dropped."""
RANKED = 5
RANK_WINDOW = 0.15
"""Candidates whose estimated similarity is this far below the best one are not scored."""
MAX_LICENSES = 8
"""At most this many licenses are reported per text."""
_MASKED = -1


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
    """``spdx``, ``ai`` or ``policy`` (an acceptable-use policy)."""
    scancode_key: str | None
    match: MatchKind
    score: float
    """``coverage × density``, 1.0 for an exact match."""
    coverage: float
    """Share of the reference text's shingles found in the region."""
    density: float
    """Share of the region's shingles that belong to the reference text."""
    start_line: int
    end_line: int
    needs_review: bool
    alternatives: tuple[str, ...] = ()
    """Other ids that fit (about) as well: identical reference texts or close runners-up."""
    source: str = ""
    """Where the reference text comes from."""


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


@dataclass
class _Scored:
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
    def exact(self) -> bool:
        return self.coverage >= 1.0 and self.density >= 1.0


def _best_segment(positions: list[int]) -> tuple[int, int, int]:
    """Densest stretch of sorted matched positions: (first, last, matched count).

    Maximum-sum segment where each matched position is worth +1 and each unmatched position
    between two matched ones costs 1. Runs of consecutive positions are scored as a whole.
    """
    first, last = positions[0], positions[-1]
    if last - first + 1 == len(positions):
        return first, last, len(positions)
    breaks = [
        i for i, (a, b) in enumerate(zip(positions, positions[1:], strict=False), 1) if b - a > 1
    ]
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


def _score(
    index: LicenseIndex, i: int, keys: list[int], jaccard: float, qset: set[int] | None = None
) -> _Scored | None:
    ref = index.key_set(i)
    if qset is not None and keys and qset <= ref and _MASKED not in qset:
        # Every key of the text belongs to the license: the region is the whole text.
        return _Scored(i, 0, len(keys) - 1, len(qset) / len(ref), 1.0, jaccard)
    positions = list(compress(range(len(keys)), map(ref.__contains__, keys)))
    if not positions:
        return None
    start, end, count = _best_segment(positions)
    region = keys[start : end + 1]
    # Every position of a dense region matched: its distinct keys are all reference keys.
    found = len(set(region)) if count == len(region) else len(ref.intersection(region))
    coverage = found / len(ref)
    density = count / (end - start + 1)
    return _Scored(i, start, end, coverage, density, jaccard)


def _candidates(index: LicenseIndex, qset: set[int]) -> list[int]:
    """Licenses with at least `MIN_CANDIDATE_SHARE` of their candidate keys in `qset`, best
    share first (at most `MAX_CANDIDATES`)."""
    table = index.candidates
    hits = Counter(chain.from_iterable(map(table.__getitem__, table.keys() & qset)))
    counts = index.candidate_counts
    shares = [(h / counts[i], i) for i, h in hits.items() if h >= MIN_CANDIDATE_SHARE * counts[i]]
    if not shares:
        return []
    shares.sort(reverse=True)
    floor = shares[0][0] - CANDIDATE_WINDOW
    return [i for share, i in shares[:MAX_CANDIDATES] if share >= floor]


def _rank(index: LicenseIndex, cands: list[int], qset: set[int]) -> list[tuple[float, int]]:
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


def _to_match(
    index: LicenseIndex, s: _Scored, tokens: Tokens, runners: list[_Scored]
) -> LicenseMatch:
    lic: IndexedLicense = index.licenses[s.lic]
    exact = s.exact
    close = tuple(
        index.licenses[r.lic].id
        for r in runners
        if r.lic != s.lic and r.score >= s.score - AMBIGUITY_MARGIN and not exact
    )
    score = round(s.score, 4)
    if not exact and score >= 1.0:
        score = 0.9999
    threshold = REVIEW_THRESHOLD if lic.kind == "spdx" else REVIEW_THRESHOLD_AI
    needs_review = not exact and (s.score < threshold or bool(close))
    return LicenseMatch(
        id=lic.id,
        name=lic.name,
        version=lic.version,
        family=lic.family,
        kind=lic.kind,
        scancode_key=lic.scancode_key,
        match=MatchKind.EXACT if exact else MatchKind.APPROXIMATE,
        score=1.0 if exact else score,
        coverage=round(s.coverage, 4),
        density=round(s.density, 4),
        start_line=tokens.line_of(s.start),
        end_line=tokens.line_of(s.end + SHINGLE - 1),
        needs_review=needs_review,
        alternatives=tuple(dict.fromkeys((*lic.same_as, *close))),
        source=lic.source,
    )


def _identify(data: bytes, index: LicenseIndex) -> tuple[LicenseMatch, ...]:
    tokens, keys = text_keys(data)
    return _match_keys(tokens, keys, index)


def identify_keys(keys: list[int]) -> tuple[LicenseMatch, ...]:
    """Match a sequence of shingle keys directly (line numbers are key positions + 1).

    For tests and tools that work on fingerprints rather than texts.
    """
    words = [b"x"] * (len(keys) + SHINGLE - 1) if keys else []
    tokens = Tokens(words=words, lines=words)
    return _match_keys(tokens, list(keys), get_index())


def _match_keys(tokens: Tokens, keys: list[int], index: LicenseIndex) -> tuple[LicenseMatch, ...]:
    found: list[LicenseMatch] = []
    used: set[int] = set()
    qset = set(keys)
    while len(found) < MAX_LICENSES and qset:
        cands = [i for i in _candidates(index, qset) if i not in used]
        if not cands:
            break
        ranked = _rank(index, cands, qset) if len(cands) > 1 else [(0.0, cands[0])]
        scored: list[_Scored] = []
        for jac, i in ranked:
            s = _score(index, i, keys, jac, qset if not found else None)
            if s is None:
                continue
            scored.append(s)
            if s.exact:
                break
        if not scored:
            break
        scored.sort(key=lambda s: (-s.score, -s.jaccard, s.lic))
        best = scored[0]
        if best.score < REPORT_THRESHOLD:
            break
        found.append(_to_match(index, best, tokens, scored[1:]))
        used.add(best.lic)
        keys[best.start : best.end + 1] = [_MASKED] * (best.end - best.start + 1)
        qset = set(keys[: best.start])
        qset.update(keys[best.end + 1 :])
        qset.discard(_MASKED)
    found.sort(key=lambda m: (m.start_line, m.id))
    return tuple(found)


def identify_text(text: str) -> tuple[LicenseMatch, ...]:
    """Licenses whose text appears in `text`, in the order they appear (empty: unknown)."""
    return _identify(text.encode("utf-8", errors="replace"), get_index())


def identify_bytes(data: bytes) -> tuple[LicenseMatch, ...]:
    """Like `identify_text` for raw bytes (UTF-8 or any ASCII-compatible encoding)."""
    return _identify(_decode_utf16(data), get_index())


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
