"""Words of a text as the SPDX matching guidelines compare them.

The guidelines (SPDX license-list-XML, ``DOCS/license-matching-guidelines-and-templates.md``)
say which differences never matter. This module applies them to a text, once, so that a
template and a scanned text can then be compared word by word:

* white space and line breaks (guideline 3), case (4): words are lower-cased runs of letters
  and digits; each CJK character is a word of its own, since those scripts put no spaces
  between words;
* hyphens, dashes (5.3) and quotes (5.4) of every kind are separators, as is all other
  punctuation: **we compare words, not punctuation** (guideline 5.2 asks for punctuation to
  match). Punctuation is where reflowed, Markdown and HTML copies of a license differ most,
  and no two SPDX licenses differ by punctuation alone (the index build checks that no two
  templates render to the same words unless the SPDX list says they share their text);
* code comment indicators at the start of lines (6.2) and separator lines (6.3) vanish with
  the punctuation; HTML tags and entities are removed or decoded;
* bullets and numbering (7): a list marker (``1.``, ``(a)``, ``iv)``, ``2.1``) at the start
  of a line, or after a colon, semicolon or full stop, is *skippable*: it may be present or
  absent. The matcher never lets a skipped marker stand in for a different word, so
  ``version 2`` never matches ``version 3``;
* equivalent words (8): each group of ``equivalentwords.txt`` is reduced to one form, single
  words (``licence`` → ``license``) and two-word forms (``sub license`` → ``sublicense``);
* ``©`` and ``(c)`` (9) are the same word ``c``; ``&`` is ``and``; ``https`` is ``http`` (13);
* copyright notices (10): the words of a line that is a copyright statement are skippable.

`Words` keeps, for every word, the line it is on and (on demand) where it is in the
normalised text, which is what ``<alt match="…">`` regular expressions are tried against.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

WORDS_VERSION = 3
"""Bumped whenever the words of a text change; templates record the version they used."""

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+\+*")
"""A word: a run of letters and digits (any script), or one CJK character."""

_PUNCT_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008", " "),
    **dict.fromkeys("\u2009\u200a\u202f\u205f\u3000\ufeff\u200b\t\f\v", " "),
    "\u00a9": "(c)",
    "&": " and ",
    "_": " ",
}
_TRANSLATE = str.maketrans(_PUNCT_MAP)

_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|body|br|center|code|dd|div|dl|dt|em|font|h[1-6]|head|"
    r"hr|html|i|li|link|meta|ol|p|pre|small|span|strong|sub|sup|table|tbody|td|th|thead|"
    r"title|tr|tt|u|ul|section|article|header|footer|main|nav|details|summary)\b[^>]{0,500}>"
    r"|<!--|-->",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)

_MARKER = r"(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,6})[.)]|\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})\)|\d{1,3}(?:\.\d{1,3})+|[-*+\u2022\u00b7\u25aa\u25e6\u2023\u2043o])"
LINE_MARKER = re.compile(
    rf"^[\s#/*;!%>|-]*(?:{_MARKER}(?=\s)|\d{{1,3}}(?:\.\d{{1,3}})*\.(?=[^\W\d]))"
)
"""A list marker at the start of a line (after any comment indicator)."""
INLINE_MARKER = re.compile(rf"(?<=[.:;])\s+({_MARKER})(?=\s)")
"""A list marker after a colon, semicolon or full stop, as in reflowed text."""

_COPYRIGHT = re.compile(
    r"^[\s#/*;!%>|\-=.\"']*(?:copyright\b|\(c\)\s*(?:1[89]|2[01])\d\d\b|all rights reserved\b)",
    re.IGNORECASE,
)
_YEAR_OR_SIGN = re.compile(
    r"^[\s#/*;!%>|\-=.\"']*copyright\W*(?:\(c\)|(?:1[89]|2[01])\d\d\b|yyyy\b|<|\[|\{)"
    r"|\(c\)\s*(?:1[89]|2[01])\d\d\b"
)
_LEADING = re.compile(r"(?m)^[ \t#/*;!%>|+=~-]+")
"""Comment indicators and bullets at the start of a line (guidelines 6.2 and 7): they hold no
words, and a replaceable part's expression must not see them (``its\n# contributors``)."""
COPYRIGHT_LINE_MAX_WORDS = 30
"""A line that starts like a copyright notice but has more words than this is license text."""


EQUIVALENT_WORDS_RESOURCE = "equivalentwords.txt"


@cache
def _equivalences() -> tuple[Mapping[str, str], Mapping[tuple[str, str], str]]:
    """The packaged copy of SPDX's ``equivalentwords.txt`` (one group per line), plus
    ``https`` = ``http`` (guideline 13)."""
    from importlib import resources

    raw = resources.files("osaid.licenses.identify").joinpath("data", EQUIVALENT_WORDS_RESOURCE)
    groups = [line.split(",") for line in raw.read_text(encoding="utf-8").splitlines()]
    groups.append(["http", "https"])
    return _build_equivalences(g for g in groups if len(g) > 1)


def _build_equivalences(
    groups: Iterable[Iterable[str]],
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Maps that reduce every member of each group of equivalent spellings to one form."""
    parent: dict[tuple[str, ...], tuple[str, ...]] = {}

    def find(x: tuple[str, ...]) -> tuple[str, ...]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group in groups:
        forms = [tuple(WORD.findall(g.lower().replace("&", " and "))) for g in group]
        forms = [f for f in forms if f]
        for other in forms[1:]:
            a, b = find(forms[0]), find(other)
            if a != b:
                parent[max(a, b, key=_rank)] = min(a, b, key=_rank)
    single: dict[str, str] = {}
    double: dict[tuple[str, str], str] = {}
    for form in list(parent):
        root = find(form)
        if form == root:
            continue
        target = " ".join(root)
        if len(form) == 1:
            single[form[0]] = target
        elif len(form) == 2:
            double[(form[0], form[1])] = target
    return single, double


def _rank(form: tuple[str, ...]) -> tuple[int, str]:
    # The one-word form wins (sublicense, noncommercial); then the alphabetically first.
    return (len(form), " ".join(form))


@dataclass
class Words:
    """The words of a text, their lines, and what may be skipped."""

    words: list[str]
    line_starts: list[int]
    """Index of the first word of each line (1-based line i starts at ``line_starts[i-1]``)."""
    skippable: dict[int, int] = field(default_factory=dict)
    """Word index → index just past the skippable run it starts (a marker, a notice line)."""
    markers: frozenset[int] = frozenset()
    """Words that are list markers (a marker may be absent in the other text)."""
    text: str = ""
    """The normalised text (lower case, one space for each run of white space)."""
    raw_index: list[int] | None = None
    """Where two words were merged into one (``sub license``), the index each word had in
    `text`; None when nothing was merged."""
    _offsets: list[tuple[int, int]] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def line_of(self, index: int) -> int:
        """1-based line of a word."""
        return max(bisect_right(self.line_starts, index), 1)

    def offsets(self) -> list[tuple[int, int]]:
        """(start, end) of every word in `text`, computed on first use."""
        if self._offsets is None:
            raw = [m.span() for m in WORD.finditer(self.text)]
            idx = self.raw_index
            if idx is None:
                self._offsets = raw
            else:
                ends = [*idx[1:], len(raw)]
                self._offsets = [(raw[a][0], raw[b - 1][1]) for a, b in zip(idx, ends, strict=True)]
        return self._offsets


_MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((?:[^()\s]|\([^()\s]*\)){1,500}\)")
"""A Markdown link: a rendered copy shows its text only (``[ai.meta.com/llama/use-policy](
http://ai.meta.com/llama/use-policy)`` is the plain text's ``ai.meta.com/llama/use-policy``)."""


def normalize(text: str) -> str:
    """Typographic punctuation, HTML, Markdown links and case as the guidelines treat them
    (lines kept)."""
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "&" in text and ";" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text.translate(_TRANSLATE).lower()


def words_of(text: str, *, notices: bool = True) -> Words:
    """The words of `text`. With ``notices=False`` copyright lines are ordinary words (used
    for template text, where a copyright line is either literal or marked up)."""
    single, double = _equivalences()
    norm = normalize(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = _LEADING.sub("", norm).split("\n")
    out: list[str] = []
    starts: list[int] = []
    skippable: dict[int, int] = {}
    markers: set[int] = set()
    for line in lines:
        starts.append(len(out))
        found = WORD.findall(line)
        if not found:
            continue
        base = len(out)
        out.extend(found)
        if notices and _is_notice(line, len(found)):
            skippable[base] = base + len(found)
            continue
        m = LINE_MARKER.match(line)
        if m is not None:
            n = len(WORD.findall(m.group(0)))
            if n:
                skippable[base] = base + n
                markers.update(range(base, base + n))
        if ". " in line or ":" in line or ";" in line:
            for im in INLINE_MARKER.finditer(line):
                k = base + len(WORD.findall(line, 0, im.start(1)))
                n = len(WORD.findall(im.group(1)))
                if n and k + n < base + len(found):
                    skippable.setdefault(k, k + n)
                    markers.update(range(k, k + n))
    text_norm = " ".join(" ".join(line.split()) for line in lines)
    words = Words(out, starts, skippable, frozenset(markers), text_norm)
    return _reduce(words, single, double)


def _reduce(
    words: Words, single: Mapping[str, str], double: Mapping[tuple[str, str], str]
) -> Words:
    """Equivalent spellings → one form; a two-word form becomes one word, and the indices of
    lines, skippable runs and markers are moved to match."""
    get = single.get
    reduced = [get(w, w) for w in words.words]
    merged: list[int] = []
    if double:
        firsts = {a for a, _ in double}
        i = 0
        n = len(reduced)
        while i < n - 1:
            if reduced[i] in firsts:
                target = double.get((reduced[i], reduced[i + 1]))
                if target is not None:
                    reduced[i] = target
                    merged.append(i + 1)
                    i += 2
                    continue
            i += 1
    if not merged:
        words.words = reduced
        return words
    gone = set(merged)
    idx = [i for i in range(len(reduced)) if i not in gone]
    new_of = {old: new for new, old in enumerate(idx)}

    def move(old: int) -> int:
        return bisect_right(idx, old - 1) if old not in new_of else new_of[old]

    return Words(
        words=[reduced[i] for i in idx],
        line_starts=[move(s) for s in words.line_starts],
        skippable={move(a): max(move(b), move(a) + 1) for a, b in words.skippable.items()},
        markers=frozenset(new_of[m] for m in words.markers if m in new_of),
        text=words.text,
        raw_index=idx,
    )


def _is_notice(line: str, n_words: int) -> bool:
    if n_words > COPYRIGHT_LINE_MAX_WORDS or _COPYRIGHT.match(line) is None:
        return False
    return "all rights reserved" in line or _YEAR_OR_SIGN.search(line) is not None
