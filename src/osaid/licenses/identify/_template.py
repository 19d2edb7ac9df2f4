"""License templates and the matcher that decides whether a text *is* a license.

A template is a sequence of elements compared word by word (`_words`):

* ``["w", words, markers]``: words that must be there, in this order (``markers`` are the
  positions of list markers, which may be absent);
* ``["a", name, regex, words, text]``: replaceable text (SPDX ``<alt>``): the default
  ``words``, or any text the regular expression ``regex`` matches in full;
* ``["o", kind, elements]``: omittable text (``<optional>``, a title, a copyright notice).

`match` looks for the template in a text and returns the span of words it covers when the
whole template matches under the guidelines: every required word in order, replaceable
parts matching their expression, omittable parts present or absent, and nothing else in
between except copyright notices and list markers. A text that matches is that license; a
text that does not is at best a near miss, explained by `differences`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from osaid.licenses.identify._words import Words, words_of
from osaid.licenses.identify._xml import Alt, Bullet, Node, Opt

ALT_MAX_WORDS = 300
"""A replaceable part never spans more words than this ..."""
ALT_SPAN = (40, 4)
"""... nor more than the larger of 40 words and 4 times its default text: a name, a year or a
clause in another wording, not a stretch of the text that swallows a difference (``.*`` in
BSD-3-Clause's "PROVIDED BY ... AS IS" would otherwise reach across a whole license to the
next copy's "AS IS")."""
MAX_STARTS = 24
"""At most this many places where a template could start are tried per text."""
_PUNCT = " .,;:!?'\"()[]<>{}-/*#=|"

Element = list[Any]


# ------------------------------------------------------------------------------ compiling


def compile_nodes(nodes: Sequence[Node]) -> list[Element]:
    """Template elements from the nodes of an XML text (at index build time)."""
    out: list[Element] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            w = words_of("".join(buf), notices=False)
            if w.words:
                out.append(["w", w.words, sorted(w.markers)])
            buf.clear()

    for n in nodes:
        if isinstance(n, str):
            buf.append(n)
        elif isinstance(n, Bullet):
            # A list marker may be absent, or another marker, in a text that matches.
            flush()
            b = words_of(n.text, notices=False)
            if b.words:
                out.append(["w", b.words, list(range(len(b.words)))])
        elif isinstance(n, Alt):
            flush()
            d = words_of(n.default, notices=False)
            out.append(["a", n.name, n.match, d.words, " ".join(n.default.split())])
        elif isinstance(n, Opt):
            flush()
            inner = compile_nodes(n.children)
            if inner:
                out.append(["o", n.kind, inner])
    flush()
    return _join(out)


def _join(elems: list[Element]) -> list[Element]:
    """Adjacent word runs become one."""
    out: list[Element] = []
    for e in elems:
        if e[0] == "w" and out and out[-1][0] == "w":
            prev = out[-1]
            shift = len(prev[1])
            prev[1] = [*prev[1], *e[1]]
            prev[2] = [*prev[2], *(m + shift for m in e[2])]
        else:
            out.append(e)
    return out


def default_words(elems: Sequence[Element], *, optional: bool = True) -> list[str]:
    """The words of the default text (omittable parts included unless ``optional=False``)."""
    out: list[str] = []
    for e in elems:
        if e[0] == "w":
            out.extend(e[1])
        elif e[0] == "a":
            out.extend(e[3])
        elif optional:
            out.extend(default_words(e[2]))
    return out


def required_words(elems: Sequence[Element]) -> list[str]:
    """The distinct words that every text matching the template has: the words of its
    required runs, list markers (which may be absent or other markers) left out. A text
    without one of them cannot match, which is checked before the template is tried."""
    out: set[str] = set()
    for e in elems:
        if e[0] == "w":
            markers = set(e[2])
            out.update(w for i, w in enumerate(e[1]) if i not in markers)
    return sorted(out)


def flagged_words(elems: Sequence[Element], flag: str = "") -> list[tuple[str, str]]:
    """Default words with what kind of text each is: "" (required), "alt" or "optional"."""
    out: list[tuple[str, str]] = []
    for e in elems:
        if e[0] == "w":
            out.extend((w, flag) for w in e[1])
        elif e[0] == "a":
            out.extend((w, flag or "alt") for w in e[3])
        else:
            out.extend(flagged_words(e[2], flag or "optional"))
    return out


# ------------------------------------------------------------------------------ runtime form


class _W:
    __slots__ = ("markers", "n", "stops", "words")

    def __init__(self, words: list[str], markers: list[int]) -> None:
        self.words = words
        self.markers = frozenset(markers)
        self.n = len(words)
        self.stops = markers or [len(words)]
        """Positions of the list markers (where texts differ most), or the end; the build
        stores them in order (`compile_nodes`)."""


class _A:
    __slots__ = ("follow", "name", "regex", "text", "words")

    def __init__(self, name: str, regex: str, words: list[str], text: str) -> None:
        self.name = name
        self.regex = regex
        self.words = words
        self.text = text
        self.follow: frozenset[str] | None = None
        """Words that can come right after this part (None: anything, or the end)."""


class _O:
    __slots__ = ("elems", "kind")

    def __init__(self, kind: str, elems: list[_E]) -> None:
        self.kind = kind
        self.elems = elems


_E = _W | _A | _O


def _words(packed: str) -> list[str]:
    return packed.split(" ") if packed else []


def _first_packed(
    elems: Sequence[Element], i: int, after: frozenset[str] | None
) -> frozenset[str] | None:
    """`_first` on stored elements (words that can start ``elems[i:]``, then `after`)."""
    acc: set[str] = set()
    for e in elems[i:]:
        if e[0] == "w":
            words = _words(e[1])
            if words:
                acc.add(words[0])
                if 0 in e[2]:
                    markers = set(e[2])
                    rest = [w for j, w in enumerate(words) if j not in markers]
                    if not rest:
                        return None
                    acc.add(rest[0])
                return frozenset(acc)
        elif e[0] == "a":
            return None
        else:
            inner = _first_packed(e[2], 0, frozenset())
            if inner is None:
                return None
            acc |= inner
    if after is None:
        return None
    return frozenset(acc | after)


def with_follow(elems: Sequence[Element], after: frozenset[str] | None = None) -> list[Element]:
    """Stored elements with, on each replaceable part, the words that may come right after it
    (a sixth field: the words joined by spaces, or None for any word), computed once when the
    index is built instead of every time a template is loaded."""
    out: list[Element] = []
    for i, e in enumerate(elems):
        if e[0] == "a":
            follow = _first_packed(elems, i + 1, after)
            out.append([*e[:5], None if follow is None else " ".join(sorted(follow))])
        elif e[0] == "o":
            out.append(["o", e[1], with_follow(e[2], _first_packed(elems, i + 1, after))])
        else:
            out.append(e)
    return out


def _load(elems: Sequence[Element]) -> list[_E]:
    """Runtime elements from stored ones (`_templates.pack`: each run of words one string)."""
    out: list[_E] = []
    for e in elems:
        if e[0] == "w":
            out.append(_W(_words(e[1]), e[2]))
        elif e[0] == "a":
            prev = out[-1] if out else None
            if isinstance(prev, _A):
                # Two replaceable parts in a row are one: SPDX's tools match the first as a
                # prefix and give the rest of the text to the second ("name" + "s "Apache"").
                part = out[-1] = _A(
                    f"{prev.name}+{e[1]}",
                    f"(?:{prev.regex})\\s*(?:{e[2]})",
                    [*prev.words, *_words(e[3])],
                    f"{prev.text} {e[4]}",
                )
            else:
                part = _A(e[1], e[2], _words(e[3]), e[4])
                out.append(part)
            # The words that may follow it (`with_follow`); None: any word.
            part.follow = None if e[5] is None else frozenset(_words(e[5]))
        else:
            out.append(_O(e[1], _load(e[2])))
    return out


@dataclass
class Template:
    """One license (or exception, notice, AI license) in the form the matcher uses."""

    id: str
    elems: list[_E]
    entry: int
    """Index of the first top-level run of required words: matching starts there."""
    size: int
    """Words of the default text, omittable parts included."""

    @classmethod
    def from_packed(cls, ident: str, packed: Sequence[Element], size: int) -> Template:
        """A template from its stored elements (`_templates.pack`) and its default size."""
        loaded = _load(packed)
        entry = next((i for i, e in enumerate(loaded) if isinstance(e, _W) and e.n), -1)
        return cls(ident, loaded, entry, size)


_REGEX_CACHE: dict[str, re.Pattern[str] | None] = {}


def regex(source: str) -> re.Pattern[str] | None:
    rx = _REGEX_CACHE.get(source, False)
    if rx is False:
        try:
            rx = re.compile(source, re.IGNORECASE | re.DOTALL)
        except re.error:
            rx = None  # checked when the index is built; a bad one only loses its variants
        _REGEX_CACHE[source] = rx
    return rx  # type: ignore[return-value]


class _Run:
    """One attempt to match a template against a text from one start."""

    __slots__ = ("deepest", "fails", "limit", "skip", "toks", "words")

    def __init__(self, words: Words, limit: int) -> None:
        self.words = words
        self.toks = words.words
        self.skip = words.skippable
        self.limit = limit
        self.fails: set[tuple[int, int, int]] = set()
        self.deepest: tuple[int, int, _W | None] = (-1, 0, None)
        """The furthest word a failed attempt reached, with the template word it expected."""

    def seq(self, elems: list[_E], i: int, p: int, k: Callable[[int], int | None]) -> int | None:
        key = (id(elems), i, p)
        if key in self.fails:
            return None
        r = self._seq(elems, i, p, k)
        if r is None:
            self.fails.add(key)
        return r

    def _seq(self, elems: list[_E], i: int, p: int, k: Callable[[int], int | None]) -> int | None:
        while i < len(elems):
            e = elems[i]
            if isinstance(e, _W):
                q = self.run_words(e, p)
                if q is None:
                    return None
                p = q
                i += 1
                continue
            j = i + 1
            if isinstance(e, _O):

                def after(q: int, j: int = j) -> int | None:
                    return self.seq(elems, j, q, k)

                r = self.seq(e.elems, 0, p, after)
                if r is not None:
                    return r
                i = j
                continue
            for q in self.alt_ends(e, p):
                r = self.seq(elems, j, q, k)
                if r is not None:
                    return r
            return None
        return k(p)

    def run_words(self, e: _W, p: int) -> int | None:
        toks = self.toks
        n = e.n
        if p + n <= self.limit and toks[p : p + n] == e.words:
            return p + n
        ws = e.words
        skip = self.skip
        markers = e.markers
        stops = e.stops
        limit = self.limit
        in_markers = self.words.markers
        ti = 0
        resync = True
        while ti < n:
            if resync:
                # Where the text and the template agree up to the next list marker of the
                # template, compare them at once (in C) rather than word by word.
                resync = False
                nxt = stops[bisect_right(stops, ti)] if ti < stops[-1] else n
                seg = nxt - ti
                if seg > 1 and p + seg <= limit and toks[p : p + seg] == ws[ti:nxt]:
                    p += seg
                    ti = nxt
                    resync = True
                    continue
            if p < limit and toks[p] == ws[ti]:
                if (
                    p in in_markers
                    and ti not in markers
                    and p + 1 < limit
                    and toks[p + 1] == ws[ti]
                ):
                    p += 1  # "a. A license": the marker, then the word
                    continue
                ti += 1
                p += 1
                continue
            if p >= limit:
                if ti in markers and ti + 1 == n:
                    return p
                return None
            run = skip.get(p)
            if run is not None and (run - p > 1 or (run < limit and toks[run] == ws[ti])):
                p = run
                resync = True
                continue
            if ti in markers:
                if p in in_markers:
                    ti += 1  # one list marker for another ("a." for "1.")
                    p = skip.get(p, p + 1)
                    resync = True
                    continue
                if ti + 1 < n and ws[ti + 1] == toks[p]:
                    ti += 1
                    resync = True
                    continue
                if ti + 1 == n:
                    ti += 1
                    continue
            if p > self.deepest[0]:
                self.deepest = (p, ti, e)
            return None
        return p

    def alt_ends(self, e: _A, p: int) -> Iterator[int]:
        """Where a replaceable part that starts at word `p` can end: its default words first,
        then every other end its expression allows, shortest first. Lazy: when the default
        fits, the expression is never tried."""
        toks = self.toks
        dn = len(e.words)
        default = p + dn if toks[p : p + dn] == e.words and p + dn <= self.limit else -1
        if default >= 0:
            yield default
        rx = regex(e.regex)
        if rx is None:
            return
        follow = e.follow
        words = self.words
        n = len(toks)
        start = words.span_of(p - 1)[1] if p > 0 else 0
        run = self.skip.get(p)
        if run is not None and p in words.markers:
            start = words.span_of(run - 1)[1]  # a list marker before the part is not part of it
        span = min(ALT_MAX_WORDS, max(ALT_SPAN[0], ALT_SPAN[1] * dn))
        last = min(self.limit, p + span)
        for q in range(p, last + 1):
            if q < self.limit and follow is not None and toks[q] not in follow:
                continue
            if q == default:
                continue
            end = words.span_of(q)[0] if q < n else len(words.norm)
            if fullmatch(rx, words.text_between(start, end)):
                yield q


def fullmatch(rx: re.Pattern[str], s: str) -> bool:
    s = s.strip()
    for cand in (s, s.strip(_PUNCT), s.lstrip(_PUNCT), s.rstrip(_PUNCT)):
        if rx.fullmatch(cand) is not None:
            return True
    return False


def match(
    t: Template, words: Words, spans: Sequence[tuple[int, int]] = ()
) -> tuple[int, int] | None:
    """The first span ``(start, end)`` of words (end exclusive) where `t` matches, avoiding the
    spans already taken; None when the template matches nowhere."""
    if t.entry < 0:
        return None
    toks = words.words
    head = t.elems[t.entry]
    assert isinstance(head, _W)
    w0 = head.words[0]
    w1 = head.words[1] if head.n > 1 else None
    n = len(toks)
    pos = 0
    tried = 0
    while tried < MAX_STARTS:
        try:
            p = toks.index(w0, pos)
        except ValueError:
            return None
        pos = p + 1
        if w1 is not None and w1 not in toks[p + 1 : p + 5]:
            continue
        limit = n
        inside = False
        for a, b in spans:
            if a <= p < b:
                inside = True
                break
            if a > p:
                limit = min(limit, a)
        if inside:
            continue
        tried += 1
        run = _Run(words, limit)
        end = run.seq(t.elems, t.entry, p, lambda q: q)
        if end is not None:
            return _extend_back(t, words, p), end
    return None


def _extend_back(t: Template, words: Words, p: int) -> int:
    """Move a match's start back over the omittable title and copyright lines before it."""
    toks = words.words
    for e in reversed(t.elems[: t.entry]):
        dw = _defaults(e)
        if dw and p >= len(dw) and toks[p - len(dw) : p] == dw:
            p -= len(dw)
    # Copyright notice lines right before the license belong to it.
    starts = {b: a for a, b in words.skippable.items()}
    while p in starts and starts[p] < p:
        p = starts[p]
    return p


def _defaults(e: _E) -> list[str]:
    if isinstance(e, _W):
        return e.words
    if isinstance(e, _A):
        return e.words
    out: list[str] = []
    for x in e.elems:
        out.extend(_defaults(x))
    return out


def words_for(text: str) -> Words:
    """The words of a scanned text (re-exported for callers that match many templates)."""
    return words_of(text)
