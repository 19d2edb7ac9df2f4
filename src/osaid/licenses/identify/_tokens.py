"""Text normalisation and token-shingle keys, shared by the index builder and the matcher.

A text is turned into a sequence of *shingle keys* in four steps:

1. **Normalise** (bytes in, bytes out): lower-case ASCII, turn typographic punctuation (curly
   quotes, dashes, bullets, non-breaking spaces, ©) into spaces, ``&`` into ``and``.
2. **Drop copyright statements**: a short line that starts with ``Copyright`` directly
   followed by ``(c)``, ``©``, a year or a placeholder, or with ``(c) 2004``, and a line that
   only says "All rights reserved", are removed. The reference texts and the files we scan are treated the
   same way, so a changed or added copyright line changes nothing.
3. **Tokenise**: a token is a run of ASCII letters and digits, or of non-ASCII bytes (so
   non-Latin scripts keep their words). A few spelling variants are mapped to one form
   (``licence`` → ``license``, ``https`` → ``http``, …; see `EQUIVALENT_WORDS`).
4. **Shingle**: every run of `SHINGLE` consecutive tokens becomes a signed 64-bit key. A
   token's hash is the CRC-32 of its bytes; a shingle's key is CPython's tuple hash of those
   integers (xxHash-based, the same on every 64-bit CPython since 3.8; computed in C, which is
   what makes it fast). A pure Python copy of that function (`_tuple_hash`) is used whenever
   the running interpreter hashes tuples differently, so keys never depend on the
   interpreter. A key is never -1 (CPython maps that hash to another value).

Nothing here keeps or needs a license text: the index stores only keys.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SHINGLE = 5
"""Tokens per shingle."""

TOKENIZER_VERSION = 1
"""Bumped whenever normalisation or hashing changes; the index records the version it used."""

EQUIVALENT_WORDS: dict[bytes, bytes] = {
    # British / American spellings and other variants the SPDX matching guidelines treat
    # as equal (a subset of SPDX's equivalentwords.txt that fits single tokens).
    b"licence": b"license",
    b"licences": b"licenses",
    b"licenced": b"licensed",
    b"licencing": b"licensing",
    b"sublicence": b"sublicense",
    b"licencee": b"licensee",
    b"licencor": b"licensor",
    b"acknowledgement": b"acknowledgment",
    b"acknowledgements": b"acknowledgments",
    b"analogue": b"analog",
    b"authorise": b"authorize",
    b"authorised": b"authorized",
    b"behaviour": b"behavior",
    b"categorise": b"categorize",
    b"centre": b"center",
    b"favour": b"favor",
    b"fulfil": b"fulfill",
    b"initialise": b"initialize",
    b"judgement": b"judgment",
    b"labelling": b"labeling",
    b"labour": b"labor",
    b"offence": b"offense",
    b"organisation": b"organization",
    b"organise": b"organize",
    b"practise": b"practice",
    b"recognise": b"recognize",
    b"utilise": b"utilize",
    b"https": b"http",
}

_TABLE = bytes(
    (
        c
        if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128 or c == 10)
        else (c + 32 if 65 <= c <= 90 else 32)
    )
    for c in range(256)
)
"""Byte translation: letters (lower-cased), digits, non-ASCII and newline stay; all else → space."""

_UNICODE_PUNCT = re.compile(
    rb"\xe2\x80[\x80-\xbf]"  # U+2000-U+203F: spaces, dashes, quotes, bullets, ellipsis
    rb"|\xe2\x81[\x80-\xaf]"  # U+2040-U+206F
    rb"|\xe2\x84\xa2"  # trade mark sign
    rb"|\xc2[\xa0-\xbf]"  # U+00A0-U+00BF: nbsp, ©, ®, «, », §, ·
    rb"|\xc3\x97"  # multiplication sign
    rb"|\xef\xbb\xbf"  # byte order mark
    rb"|\xe3\x80[\x80-\x82]"  # ideographic space, comma, full stop
    rb"|\xef\xbc[\x81-\x8f]"  # full-width punctuation
)

_COPYRIGHT_LINE = re.compile(
    rb"(?m)^[ \t#*/;!>|%'\"\-=.]*"
    rb"(?:copyright[ \t:,]*(?:\(c\)|\xc2\xa9|(?:19|20)\d\d\b|yyyy|<|\[|\{)"
    rb"|(?:\(c\)|\xc2\xa9)[ \t]*(?:19|20)\d\d\b"
    rb"|all rights reserved\W*$)[^\n]*"
)
"""A copyright statement: "Copyright" followed by (c), ©, a year or a placeholder; "(c) 2004";
or a line that only says "All rights reserved". "(c)" alone starts list items, not notices."""
COPYRIGHT_LINE_MAX_TOKENS = 24
"""Longer lines that start like a copyright statement are kept: they hold license text too."""


def normalize(data: bytes) -> bytes:
    """Lower-case and replace typographic punctuation; keeps line breaks."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not data.isascii():
        data = _UNICODE_PUNCT.sub(b" ", data)
    if b"&" in data:
        data = data.replace(b"&amp;", b" and ").replace(b"&", b" and ")
    return data.lower()


def copyright_lines(low: bytes) -> set[int]:
    """0-based numbers of the lines of a normalised text that are copyright statements."""
    found: set[int] = set()
    if b"copyright" not in low and b"(c)" not in low and b"rights reserved" not in low:
        return found
    for m in _COPYRIGHT_LINE.finditer(low):
        if len(m.group(0).translate(_TABLE).split()) <= COPYRIGHT_LINE_MAX_TOKENS:
            found.add(low.count(b"\n", 0, m.start()))
    return found


@dataclass
class Tokens:
    """The tokens of one text and the line each one is on."""

    words: list[bytes]
    lines: list[bytes] = field(repr=False)
    """The text's lines after translation (copyright lines emptied)."""

    def line_of(self, token_index: int) -> int:
        """1-based line number of a token.

        Counts the tokens of each line from whichever end of the text is nearer, so finding
        the lines of a match that starts near the top and ends near the bottom is cheap.
        """
        total = len(self.words)
        index = min(max(token_index, 0), max(total - 1, 0))
        if index < total // 2:
            seen = 0
            for number, line in enumerate(self.lines, start=1):
                seen += len(line.split())
                if seen > index:
                    return number
            return max(len(self.lines), 1)
        remaining = total - index  # tokens from this one to the end, inclusive
        seen = 0
        for back, line in enumerate(reversed(self.lines)):
            seen += len(line.split())
            if seen >= remaining:
                return len(self.lines) - back
        return 1


def tokenize(data: bytes) -> Tokens:
    """Normalise, drop copyright statements and split into tokens."""
    low = normalize(data)
    skip = copyright_lines(low)
    translated = low.translate(_TABLE)
    lines = translated.split(b"\n")
    if skip:
        for number in skip:
            if number < len(lines):
                lines[number] = b""
        words = b"\n".join(lines).split()
    else:
        words = translated.split()
    return Tokens(words=words, lines=lines)


# --------------------------------------------------------------------------------- hashing

_P1 = 11400714785074694791
_P2 = 14029467366897019727
_P5 = 2870177450012600261
_M64 = (1 << 64) - 1


def _tuple_hash(items: Sequence[int]) -> int:
    """CPython's tuple hash (3.8+, 64-bit) of non-negative ints below 2**61, in pure Python."""
    acc = _P5
    for x in items:
        acc = (acc + x * _P2) & _M64
        acc = ((acc << 31) | (acc >> 33)) & _M64
        acc = (acc * _P1) & _M64
    acc = (acc + (len(items) ^ (_P5 ^ 3527539))) & _M64
    if acc == _M64:
        return 1546275796
    return acc - (1 << 64) if acc >= 1 << 63 else acc


_NATIVE = hash((1, 2, 3, 4, 5)) == _tuple_hash((1, 2, 3, 4, 5)) and hash(
    (4294967295, 0, 7, 123456789, 99)
) == _tuple_hash((4294967295, 0, 7, 123456789, 99))
"""True when `hash()` of a tuple equals `_tuple_hash` (CPython on 64-bit platforms)."""

_TOKEN_CACHE: dict[bytes, int] = {}
_TOKEN_CACHE_MAX = 500_000


def _token_hash(word: bytes) -> int:
    value = zlib.crc32(EQUIVALENT_WORDS.get(word, word))
    if len(_TOKEN_CACHE) < _TOKEN_CACHE_MAX:
        _TOKEN_CACHE[word] = value
    return value


def token_hashes(words: Sequence[bytes]) -> list[int]:
    """CRC-32 of each (equivalence-mapped) token."""
    hashes = list(map(_TOKEN_CACHE.get, words))
    if None in hashes:
        return [h if h is not None else _token_hash(w) for h, w in zip(hashes, words, strict=True)]
    return hashes  # type: ignore[return-value]  # no None left


def shingle_keys(hashes: Sequence[int]) -> list[int]:
    """One signed 64-bit key per run of `SHINGLE` tokens (empty when the text is shorter)."""
    if len(hashes) < SHINGLE:
        return []
    runs: Iterable[tuple[int, ...]] = zip(*(hashes[i:] for i in range(SHINGLE)), strict=False)
    return list(map(hash if _NATIVE else _tuple_hash, runs))


def text_keys(data: bytes) -> tuple[Tokens, list[int]]:
    """Tokens and shingle keys of a text."""
    tokens = tokenize(data)
    return tokens, shingle_keys(token_hashes(tokens.words))
