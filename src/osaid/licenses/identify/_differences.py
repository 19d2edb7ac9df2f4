"""Near misses: the words in which a text differs from a license's template.

When no template matches (`_template.match`), the closest candidates are reported with what
differs (added, missing, changed words), so a reviewer sees at a glance why a sibling is not
the license.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import accumulate

from osaid.licenses.identify._template import Element, fullmatch, regex
from osaid.licenses.identify._words import Words


@dataclass(frozen=True)
class Difference:
    """Words in which a text differs from a license's template."""

    kind: str
    """``added`` (in the text, not in the license), ``missing`` or ``changed``."""
    expected: str
    """The license's words (empty when added)."""
    found: str
    """The text's words (empty when missing)."""
    line: int
    """Line of the text where the difference is."""


MAX_DIFFERENCES = 12
DIFFERENCE_WORDS = 16
"""Longer runs of differing words are shortened to their first words and a count."""


def _shorten(words: Sequence[str]) -> str:
    if len(words) <= DIFFERENCE_WORDS:
        return " ".join(words)
    return f"{' '.join(words[:DIFFERENCE_WORDS])} … (+{len(words) - DIFFERENCE_WORDS} words)"


@dataclass
class _Expected:
    """A template's default words, each with what kind of text it is."""

    words: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    """``""`` (required), ``marker`` (a list marker), ``alt`` or ``optional``."""
    alts: list[int] = field(default_factory=list)
    """For a replaceable part's words, which part (an index into `parts`); else -1."""
    parts: list[tuple[str, str, str]] = field(default_factory=list)
    """Every replaceable part: name, expression, default text."""

    def add(self, words: Sequence[str], kind: str, alt: int = -1) -> None:
        self.words.extend(words)
        self.kinds.extend([kind] * len(words))
        self.alts.extend([alt] * len(words))


def _expected(elems: Sequence[Element], out: _Expected, opt: bool = False) -> _Expected:
    for e in elems:
        if e[0] == "w":
            kind = "optional" if opt else ""
            if not e[2]:
                out.add(e[1], kind)
                continue
            start = len(out.kinds)
            out.add(e[1], kind)
            for j in e[2]:
                out.kinds[start + j] = "marker"
        elif e[0] == "a":
            out.parts.append((e[1], e[2], e[4]))
            if opt:
                out.add(e[3], "optional")
            else:
                # An empty default still marks where the part is.
                out.add(e[3] or [""], "alt", len(out.parts) - 1)
        else:
            _expected(e[2], out, True)
    return out


def differences(
    elems: Sequence[Element], words: Words, start: int, end: int
) -> tuple[tuple[Difference, ...], float]:
    """How the words ``start:end`` of a text differ from a template, and the share of the
    template's required words found in order.

    Omittable parts of the template, its list markers, and the copyright notices and list
    markers of the text are not differences; a replaceable part is one only when the text in
    its place does not fit its expression.
    """
    ex = _expected(elems, _Expected())
    expected, kinds, alt_of = ex.words, ex.kinds, ex.alts
    found = words.words[start:end]
    opcodes = align(expected, found)
    is_required = list(map("".__eq__, kinds))
    before = list(accumulate(is_required, initial=0))
    required = before[-1] or 1
    matched_required = 0
    out: list[Difference] = []
    skipped: set[int] = set()
    for a, b in words.skippable.items():
        skipped.update(range(a, b))
    aligned: dict[int, int] = {}
    for tag, i1, i2, j1, _ in opcodes:
        if tag == "equal":
            aligned.update(zip(range(i1, i2), range(j1, j1 + i2 - i1), strict=True))
    where: dict[int, list[int]] = {}
    for i, k in enumerate(alt_of):
        if k >= 0:
            where.setdefault(k, []).append(i)
    checked: set[int] = set()

    def add(kind: str, exp: Sequence[str], got: Sequence[str], j: int) -> None:
        if len(out) < MAX_DIFFERENCES:
            out.append(
                Difference(
                    kind=kind,
                    expected=_shorten(exp),
                    found=_shorten(got),
                    line=words.line_of(start + min(j, max(len(found) - 1, 0))),
                )
            )

    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            matched_required += before[i2] - before[i1]
        for k in sorted(set(alt_of[i1:i2]) - checked - {-1}):
            checked.add(k)
            bad = _alt_misfit(ex, where[k], k, aligned, found, words, start)
            if bad is not None:
                add("changed", [f"«{ex.parts[k][2] or ex.parts[k][0]}»"], bad[1], bad[0])
        if tag == "equal":
            continue
        lost = [w for w, req in zip(expected[i1:i2], is_required[i1:i2], strict=True) if req]
        extra = [w for j, w in enumerate(found[j1:j2], start + j1) if j not in skipped]
        if tag != "insert" and all(k == "alt" for k in kinds[i1:i2]):
            continue  # the replaceable part, checked above
        if not lost and not extra:
            continue
        kind = "changed" if lost and extra else ("missing" if lost else "added")
        add(kind, lost, extra, j1)
    return tuple(out), matched_required / required


ANCHOR = 4
"""Words in an anchor of `align`: a run of this many words found once in each text."""
SMALL = 40_000
"""Texts whose lengths multiply to less than this are aligned by difflib alone."""


def align(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes turning `a` into `b`.

    Two copies of a license mostly agree, so long texts are aligned on anchors first: runs of
    `ANCHOR` words that occur once in each text, kept when they come in the same order in
    both (the longest such chain); difflib then aligns the short stretches between anchors.
    This is a few milliseconds where difflib on the whole of a long license takes tens."""
    if len(a) * len(b) < SMALL:
        small: list[tuple[str, int, int, int, int]] = [
            *SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        ]
        return small
    blocks = _blocks(a, b)
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for ai, bj, size in blocks:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            ops.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            ops.append(("equal", ai, i, bj, j))
    return ops


def _unique_runs(seq: Sequence[str]) -> dict[int, int]:
    """Runs of `ANCHOR` words found once in `seq` (by their hash, within this process: a
    tuple would be hashed again by every look-up), with their position."""
    runs = list(map(hash, zip(*(seq[k:] for k in range(ANCHOR)), strict=False)))
    counts = Counter(runs)
    where = dict(zip(runs, range(len(runs)), strict=True))
    return {r: p for r, p in where.items() if counts[r] == 1}


def _blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """Matching blocks (difflib's form, with its final ``(len(a), len(b), 0)``)."""
    ua, ub = _unique_runs(a), _unique_runs(b)
    pairs = sorted((ua[r], ub[r]) for r in ua.keys() & ub.keys())
    js = [j for _, j in pairs]
    chain = pairs if js == sorted(js) else _longest_chain(pairs)
    # Anchors that overlap on one diagonal make one block; the stretches between blocks
    # are aligned by difflib.
    merged: list[list[int]] = []
    for i, j in chain:
        if merged and i - j == merged[-1][0] - merged[-1][1] and i <= merged[-1][0] + merged[-1][2]:
            merged[-1][2] = i + ANCHOR - merged[-1][0]
        elif not merged or (
            i >= merged[-1][0] + merged[-1][2] and j >= merged[-1][1] + merged[-1][2]
        ):
            merged.append([i, j, ANCHOR])
    out: list[tuple[int, int, int]] = []
    i = j = 0
    for bi, bj, size in [*merged, [len(a), len(b), 0]]:
        if bi - i > 2 and bj - j > 2:
            # A stretch between anchors long enough to hold words in common (a word or
            # two between anchors is simply different).
            sm = SequenceMatcher(None, a[i:bi], b[j:bj], autojunk=False)
            out.extend((i + x, j + y, n) for x, y, n in sm.get_matching_blocks() if n)
        if size:
            out.append((bi, bj, size))
        i, j = bi + size, bj + size
    out.append((len(a), len(b), 0))
    return out


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of anchors (sorted by their place in the first text) whose places
    in the second text increase too (patience sorting). Two copies of one license mostly
    need none: their anchors are in order already."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k] = j
            tail_at[k] = n
        back.append(tail_at[k - 1] if k else -1)
    chain: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    chain.reverse()
    return chain


def _alt_misfit(
    ex: _Expected,
    idx: list[int],
    k: int,
    aligned: dict[int, int],
    found: Sequence[str],
    words: Words,
    start: int,
) -> tuple[int, list[str]] | None:
    """The text in place of replaceable part `k` (at template positions `idx`: its position
    and words) when it does not fit the part's expression; None when it fits or cannot be
    placed."""
    before = next((aligned[i] for i in range(idx[0] - 1, -1, -1) if i in aligned), None)
    after = next((aligned[i] for i in range(idx[-1] + 1, len(ex.words)) if i in aligned), None)
    if before is None or after is None:
        return None
    j1, j2 = before + 1, after
    if j2 < j1:
        return None
    got = list(found[j1:j2])
    if got == [ex.words[i] for i in idx if ex.words[i]]:
        return None
    rx = regex(ex.parts[k][1])
    if rx is None:
        return None
    a = words.span_of(start + j1 - 1)[1]
    b = words.span_of(start + j2)[0] if start + j2 < len(words) else len(words.norm)
    if fullmatch(rx, words.text_between(a, b)):
        return None
    return j1, got
