"""Shingle keys of a text's words: how the index finds candidate licenses.

The words are those the matching guidelines compare (`_words`), so the index and the template
matcher see one text. Words that may be skipped (list markers, copyright notice lines) are
left out of the keys: ``1. Definitions`` and ``a) Definitions`` give the same keys, and so do
two copies with different copyright lines.

Every run of `SHINGLE` words gives a signed 64-bit key: the CRC-32 of each word's UTF-8 bytes,
combined by CPython's tuple hash (xxHash-based, the same on every 64-bit CPython since 3.8,
and computed in C, which is what makes it fast). A pure Python copy of that hash
(`_tuple_hash`) is used on an interpreter that hashes tuples differently, so keys never depend
on the interpreter. A key is never -1 (CPython maps that hash to another value), which leaves
-1 free to mark a key as taken (`MASKED`).
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat

from osaid.licenses.identify._words import Words

SHINGLE = 5
"""Words per shingle."""
KEYS_VERSION = 2
"""Bumped whenever keys change; the index records the version it was built with."""
MASKED = -1
"""A key of the text already explained by a match."""

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

UNKNOWN = 0
"""The id of a word that no template has: a key holding it is in no license's keys."""


def word_id(word: str) -> int:
    """The CRC-32 of a word's UTF-8 bytes."""
    return zlib.crc32(word.encode("utf-8"))


def word_ids(words: Sequence[str], vocabulary: Mapping[str, int] | None = None) -> list[int]:
    """The id of each word: its CRC-32, or, given the index's `vocabulary` (every word of
    every template), `UNKNOWN` for a word no template has. Names, years and addresses are
    most of a text's words outside the index: they need no hashing."""
    if vocabulary is None:
        return list(map(word_id, words))
    return list(map(vocabulary.get, words, repeat(UNKNOWN)))


def shingle_keys(ids: Sequence[int]) -> list[int]:
    """One key per run of `SHINGLE` ids (empty when there are fewer)."""
    if len(ids) < SHINGLE:
        return []
    runs: Iterable[tuple[int, ...]] = zip(*(ids[i:] for i in range(SHINGLE)), strict=False)
    return list(map(hash if _NATIVE else _tuple_hash, runs))


def keys_of_words(words: Sequence[str], vocabulary: Mapping[str, int] | None = None) -> list[int]:
    return shingle_keys(word_ids(words, vocabulary))


@dataclass
class TextKeys:
    """The keys of a text and where each one is."""

    keys: list[int]
    """One key per run of `SHINGLE` kept words, in text order."""
    kept: Sequence[int]
    """Word index (in `Words`) of every kept word."""
    extra: list[int] = field(default_factory=list)
    """Keys of the words on and around notice lines, skippable ones included: such a line may
    hold license words too (``Copyright (c) 1998 Solar Designer and it is hereby released
    ...``), and a reflowed line may start with a number that looks like a list marker
    (``1.24 of Bison``); a template that matches such a text has those keys."""

    def left_out(self, spans: Iterable[tuple[int, int]]) -> int:
        """How many kept words are outside the word `spans`."""
        return left_out(self.kept, spans)

    def key_set(self) -> set[int]:
        """Every key of the text, for finding candidates (`keys` and `extra`)."""
        out = set(self.keys)
        out.update(self.extra)
        out.discard(MASKED)
        return out

    def words_of_keys(self, first: int, last: int) -> tuple[int, int]:
        """The span of words (end exclusive) that keys ``first..last`` cover."""
        kept = self.kept
        end = min(last + SHINGLE - 1, len(kept) - 1)
        return kept[first], kept[end] + 1

    def keys_of_words(self, start: int, end: int) -> tuple[int, int]:
        """The keys (``first..last``, inclusive) that touch any word of ``start:end``."""
        kept = self.kept
        first = max(bisect_left(kept, start) - SHINGLE + 1, 0)
        last = min(bisect_left(kept, end) - 1, len(self.keys) - 1)
        return first, last

    def masked(self, spans: Iterable[tuple[int, int]]) -> list[int]:
        """The keys with every key that touches one of the word `spans` masked."""
        keys = list(self.keys)
        for start, end in spans:
            first, last = self.keys_of_words(start, end)
            if last >= first:
                keys[first : last + 1] = [MASKED] * (last - first + 1)
        return keys


def left_out(kept: Sequence[int], spans: Iterable[tuple[int, int]]) -> int:
    """How many of the word indices `kept` (sorted) are outside the word `spans`."""
    out = len(kept)
    for start, end in spans:
        out -= bisect_left(kept, end) - bisect_left(kept, start)
    return out


def keep_mask(words: Words) -> bytearray | None:
    """One byte per word, 0 for a skippable word (a list marker, a notice line's words);
    None when no word is skippable."""
    if not words.skippable:
        return None
    n = len(words.words)
    keep = bytearray(b"\x01") * n
    for a, b in words.skippable.items():
        if a < n:
            keep[a:b] = bytes(min(b, n) - a)
    return keep


def kept_words(words: Words) -> tuple[Sequence[int], Sequence[str]]:
    """The word indices and the words that are not skippable: what the keys are made of."""
    return kept_by_mask(words, keep_mask(words))


def kept_count(words: Words, keep: bytearray | None) -> int:
    """How many words `keep` (`keep_mask`) keeps."""
    return len(words.words) if keep is None else keep.count(1)


def kept_by_mask(words: Words, keep: bytearray | None) -> tuple[Sequence[int], Sequence[str]]:
    """`kept_words` given the words' `keep_mask`."""
    if keep is None:
        return range(len(words.words)), words.words
    return list(compress(range(len(keep)), keep)), list(compress(words.words, keep))


def text_keys(words: Words, vocabulary: Mapping[str, int] | None = None) -> TextKeys:
    """The keys of a text's words, its skippable words (markers, notices) left out (see
    `word_ids` for `vocabulary`)."""
    n = len(words.words)
    ids = word_ids(words.words, vocabulary)
    keep = keep_mask(words)
    if keep is None:
        return TextKeys(shingle_keys(ids), range(n))
    extra: list[int] = []
    markers = words.markers
    for a, b in words.skippable.items():
        if a < n:
            if a not in markers or b - a > 1:
                # A notice line (or a marker of more than one word, 1.24): its words are
                # license words too, maybe.
                extra += shingle_keys(ids[max(a - SHINGLE + 1, 0) : b + SHINGLE - 1])
    kept = list(compress(range(n), keep))
    return TextKeys(shingle_keys(list(compress(ids, keep))), kept, extra)
