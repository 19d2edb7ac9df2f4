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
from itertools import accumulate, chain, compress
from operator import sub

WORDS_VERSION = 6
"""Bumped whenever the words of a text change; templates record the version they used."""

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+\+*")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
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
_WIDE_PUNCT = tuple((c, r) for c, r in _PUNCT_MAP.items() if not c.isascii())
"""The characters of `_PUNCT_MAP` outside ASCII, each replaced where the text has it: a
text's other characters (all of a Chinese text's) are left alone without a lookup each."""

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

    seen: dict[tuple[str, ...], int] = {}

    def rank(form: tuple[str, ...]) -> tuple[int, int]:
        # One word before two (sublicense, noncommercial); then the form listed first
        # (license before licence): the common spelling is its own form and most words of
        # a text need no change.
        return (len(form), seen[form])

    for group in groups:
        forms = [tuple(WORD.findall(g.lower().replace("&", " and "))) for g in group]
        forms = [f for f in forms if f]
        for f in forms:
            seen.setdefault(f, len(seen))
        for other in forms[1:]:
            a, b = find(forms[0]), find(other)
            if a != b:
                parent[max(a, b, key=rank)] = min(a, b, key=rank)
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
    norm: str = ""
    """The normalised text with its lines (lower case)."""
    _line_chars: list[int] | None = None
    _spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _distinct: set[str] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def distinct(self) -> set[str]:
        """The set of the words (made once)."""
        if self._distinct is None:
            self._distinct = set(self.words)
        return self._distinct

    def line_of(self, index: int) -> int:
        """1-based line of a word."""
        return max(bisect_right(self.line_starts, index), 1)

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """The first and last line of the words ``start:end``."""
        return self.line_of(start), self.line_of(max(end - 1, start))

    def span_of(self, index: int) -> tuple[int, int]:
        """Where word `index` is in `norm` (start, end), found on first use line by line:
        a replaceable part's expression needs the text of a few lines, never all of it."""
        line = self.line_of(index) - 1
        spans = self._spans.get(line)
        if spans is None:
            if self._line_chars is None:
                self._line_chars = line_chars(self.norm)
            a = self._line_chars[line]
            b = (
                self._line_chars[line + 1] - 1
                if line + 1 < len(self._line_chars)
                else len(self.norm)
            )
            spans = self._spans[line] = [m.span() for m in WORD.finditer(self.norm, a, b)]
        return spans[index - self.line_starts[line]]

    def text_between(self, start: int, end: int) -> str:
        """The text from character `start` to `end` of `norm`, one space for each run of
        white space: what a replaceable part's expression is tried against."""
        return " ".join(_LEADING.sub("", self.norm[start:end]).split())


def line_chars(norm: str) -> list[int]:
    """The character offset where each line of `norm` starts."""
    return list(accumulate(map((1).__add__, map(len, norm.split("\n"))), initial=0))


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
    if not text.isascii():
        for c, r in _WIDE_PUNCT:
            if c in text:
                text = text.replace(c, r)
    # The ASCII part of `_PUNCT_MAP`, without a lookup per character.
    if "&" in text:
        text = text.replace("&", " and ")
    if "_" in text:
        text = text.replace("_", " ")
    if "`" in text:
        text = text.replace("`", "'")
    return text.lower()


_WORD_OR_NL = re.compile(rf"\n|{WORD.pattern}")
_NL = "\n"
# The same, for a whole text: the leading class must not run past the end of a line.
_LINE_MARKER_M = re.compile(LINE_MARKER.pattern.replace(r"^[\s", r"^[ \t", 1), re.MULTILINE)
# The same after a line break: an expression that starts with a literal character is
# searched for that character, not tried at every position of the text.
_LINE_MARKER_NL = re.compile("\n" + _LINE_MARKER_M.pattern.removeprefix("^"))


def _line_markers(norm: str) -> list[tuple[int, int]]:
    """The spans of `_LINE_MARKER_M`'s matches in `norm`, in order."""
    first = _LINE_MARKER_M.match(norm)
    out = [first.span()] if first is not None else []
    out += [(m.start() + 1, m.end()) for m in _LINE_MARKER_NL.finditer(norm)]
    return out


_NOTICE_START = re.compile(
    r"(?m)^[ \t#/*;!%>|\-=.\"']*(?:copyright\b|\(c\)\s*(?:1[89]|2[01])\d\d\b|all rights reserved\b)"
)
"""A line that starts like a copyright notice (`_is_notice` decides)."""
_NOTICE_WORDS = ("copyright", "(c)", "all rights reserved")


def _notice_starts(norm: str) -> list[re.Match[str]]:
    """`_NOTICE_START`'s matches in `norm`, in order: tried only at the start of the lines
    that hold one of its words (a few lines of a license, where the expression would be
    tried at every line)."""
    lines: set[int] = set()
    for word in _NOTICE_WORDS:
        i = norm.find(word)
        while i >= 0:
            lines.add(norm.rfind("\n", 0, i) + 1)
            i = norm.find("\n", i)
            if i < 0:
                break
            i = norm.find(word, i)
    out: list[re.Match[str]] = []
    end = 0
    for start in sorted(lines):
        m = _NOTICE_START.match(norm, start) if start >= end else None
        if m is not None:
            out.append(m)
            end = m.end()
    return out


_INLINE_MARKERS = tuple((c, re.compile(rf"{re.escape(c)}[ \t]+({_MARKER})(?=\s)")) for c in ".:;")
"""A list marker after a full stop, colon or semicolon on the same line, as in reflowed text
(a marker at the start of a line is `LINE_MARKER`'s): one expression for each, since an
expression that starts with one literal character is searched for much faster than one that
starts with a class of three."""


def _inline_markers(norm: str) -> list[re.Match[str]]:
    """The matches of ``[.:;][ \t]+<marker>`` in `norm`, in order and not overlapping, as
    one expression would find them."""
    found: list[re.Match[str]] = []
    for c, rx in _INLINE_MARKERS:
        if c in norm:
            found += rx.finditer(norm)
    if len(found) > 1:
        found.sort(key=re.Match.start)
    out: list[re.Match[str]] = []
    end = 0
    for m in found:
        if m.start() >= end:
            out.append(m)
            end = m.end()
    return out


@cache
def _two_word_forms() -> dict[tuple[str, str], str]:
    """The two-word forms of `equivalentwords.txt` (``sub-license``, ``copyright owner``),
    keyed by each word's single-word form (``sub licence`` is ``sub license``), and the form
    each pair becomes."""
    single, double = _equivalences()
    return {(single.get(a, a), single.get(b, b)): t for (a, b), t in double.items()}


@cache
def _pair_expression(first: str) -> re.Pattern[str]:
    """`first` followed by a word it makes a two-word form with, in any spelling. It starts
    with the word itself, which is searched for much faster than an expression that starts
    with a class or a look-behind; what comes before the word is checked by the caller."""
    f = _equivalences()[0].get(first, first)
    seconds = {w for (a, b) in _two_word_forms() if a == f for w in _spellings(b)}
    alternatives = "|".join(map(re.escape, sorted(seconds, key=len, reverse=True)))
    return re.compile(rf"{re.escape(first)}([\W_]+)({alternatives})(?![^\W_])")


_WORD_BYTES = bytes(
    c if (48 <= c <= 57 or 97 <= c <= 122 or c == 10 or c >= 128) else 32 for c in range(256)
)
"""Bytes of words stay (lower-case ASCII letters, digits, and the bytes of characters
outside ASCII: UTF-8 has no ASCII byte inside a multi-byte character), line breaks stay,
every other byte is a space."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _scan(norm: str) -> tuple[list[str], list[int], str | None]:
    """The words of a normalised text, the index of the first word of each line, and (when
    it was made) the text with every character that is not part of a word made a space,
    character for character.

    Text without pluses and without Chinese, Japanese or Korean (nearly every license) is
    split as bytes, several times faster than the expression and the same words: runs of
    letters and digits; other characters are spaces. Other text uses the expression
    (`WORD`)."""
    data: str | None = norm if "+" not in norm else None
    if data is not None and not data.isascii():
        for ch in set(_NON_ASCII.findall(data)):
            if _CJK_CHAR.match(ch) is not None:
                data = None
                break
            if not ch.isalnum():
                data = data.replace(ch, " ")
    if data is not None:
        data = data.encode("utf-8").translate(_WORD_BYTES).decode("utf-8")
        lines = list(map(str.split, data.split("\n")))
        starts = list(accumulate(map(len, lines[:-1]), initial=0))
        return list(chain.from_iterable(lines)), starts, data
    toks = _WORD_OR_NL.findall(norm)
    out = list(filter(_NL.__ne__, toks))
    breaks = list(compress(range(len(toks)), map(_NL.__eq__, toks)))
    # Line i + 1 starts after the words before the i-th line break.
    return out, [0, *map(sub, breaks, range(len(breaks)))], None


def _two_word_firsts(toks: list[str], present: set[str]) -> set[str]:
    """The first words of the two-word forms that the words hold (checked on the words,
    `present` being the set of them: most texts hold none)."""
    single = _equivalences()[0]
    double = _two_word_forms()
    n = len(toks)
    firsts: set[str] = set()
    for a, b in _pair_spellings():
        if not present.isdisjoint(b):
            firsts |= present.intersection(a)
    found: set[str] = set()
    for f in firsts:
        i = -1
        try:
            while True:
                i = toks.index(f, i + 1)
                j = i + 1
                if j < n and (single.get(f, f), single.get(toks[j], toks[j])) in double:
                    found.add(f)
                    break
        except ValueError:
            continue
    return found


@cache
def _pair_spellings() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """For each two-word form, every spelling of its first word and of its second: a text
    that lacks either cannot hold the form (``copyright`` is in nearly every license,
    ``owner`` in few)."""
    return tuple((_spellings(a), _spellings(b)) for a, b in _two_word_forms())


@cache
def _spellings(word: str) -> frozenset[str]:
    """`word` and every spelling that `equivalentwords.txt` reduces to the same form."""
    single = _equivalences()[0]
    form = single.get(word, word)
    return frozenset({word, form, *(w for w, t in single.items() if t == form)})


def _equate(toks: list[str], present: set[str]) -> None:
    """Each word with an equivalent form replaced by it, in place (only where one of those
    words is: most texts hold none or two), and in `present`, the set of the words."""
    single = _equivalences()[0]
    for w in present.intersection(single):
        form = single[w]
        present.discard(w)
        present.add(form)
        i = -1
        try:
            while True:
                i = toks.index(w, i + 1)
                toks[i] = form
        except ValueError:
            continue


def _merge_two_word_forms(norm: str, firsts: Iterable[str]) -> str:
    """Each two-word form that starts with one of `firsts` made its one-word form."""
    single = _equivalences()[0]
    double = _two_word_forms()

    def repl(m: re.Match[str]) -> str:
        at = m.start()
        if at and m.string[at - 1].isalnum():
            return m.group(0)  # the end of a longer word (``nonsub license``)
        a, b = m.string[at : m.start(1)], m.group(2)
        target = double.get((single.get(a, a), single.get(b, b)))
        if target is None:
            return m.group(0)
        # The form in place of the two words; the line breaks stay, so that the lines
        # after keep their numbers.
        return target + "\n" * m.group(1).count("\n")

    for first in sorted(firsts):
        norm = _pair_expression(first).sub(repl, norm)
    return norm


def words_of(text: str, *, notices: bool = True) -> Words:
    """The words of `text`. With ``notices=False`` copyright lines are ordinary words (used
    for template text, where a copyright line is either literal or marked up).

    The text is scanned whole (one regular expression for the words and the line breaks,
    one each for list markers and notices), not line by line: this runs for every file."""
    norm = normalize(text)
    if "\r" in norm:
        norm = norm.replace("\r\n", "\n").replace("\r", "\n")
    out, starts, data = _scan(norm)
    present = set(out)
    firsts = _two_word_firsts(out, present)
    if firsts:
        norm = _merge_two_word_forms(norm, firsts)
        out, starts, data = _scan(norm)
        present = set(out)
    _equate(out, present)

    def count(a: int, b: int) -> int:
        """Words from character `a` to `b` of `norm`."""
        return len(data[a:b].split()) if data is not None else len(WORD.findall(norm, a, b))

    skippable: dict[int, int] = {}
    markers: set[int] = set()
    words = Words(out, starts, skippable, frozenset(), norm, _distinct=present)
    if not out:
        return words
    lines_at = line_chars(norm)
    words._line_chars = lines_at
    n_lines = len(starts)

    def line_end(i: int) -> int:
        return starts[i + 1] if i + 1 < n_lines else len(out)

    notice_lines: set[int] = set()
    if notices:
        for m in _notice_starts(norm):
            i = bisect_right(lines_at, m.start()) - 1
            a, b = starts[i], line_end(i)
            if b > a and _is_notice(norm[lines_at[i] : lines_at[i + 1] - 1], b - a):
                skippable[a] = b
                notice_lines.add(i)
    for m_start, m_end in _line_markers(norm):
        i = bisect_right(lines_at, m_start) - 1
        if i in notice_lines:
            continue
        n = count(m_start, m_end)
        if n:
            a = starts[i]
            skippable[a] = a + n
            markers.update(range(a, a + n))
    if ". " in norm or ":" in norm or ";" in norm:
        # Words before each marker are counted from the previous marker on the same line,
        # so that a long reflowed line is scanned once, not once per marker.
        line, pos, k = -1, 0, 0
        for im in _inline_markers(norm):
            at = im.start(1)
            i = bisect_right(lines_at, at) - 1
            if i != line:
                line, pos, k = i, lines_at[i], starts[i]
            k += count(pos, at)
            pos = at
            if i in notice_lines:
                continue
            n = count(at, im.end(1))
            if n and k + n < line_end(i):
                skippable.setdefault(k, k + n)
                markers.update(range(k, k + n))
    words.markers = frozenset(markers)
    return words


def _is_notice(line: str, n_words: int) -> bool:
    if n_words > COPYRIGHT_LINE_MAX_WORDS or _COPYRIGHT.match(line) is None:
        return False
    return "all rights reserved" in line or _YEAR_OR_SIGN.search(line) is not None
