"""The packaged license index: format, writer and lazy reader.

``data/index.bin`` holds, for every indexed license, the set of its shingle keys (never its
text) and a few *candidate keys* used to find it quickly. Layout (keys are little-endian
signed 64-bit integers, offsets and lengths unsigned 32-bit):

    magic  b"OSAIDLX8"
    u32    length of the header in bytes
    header UTF-8 JSON: format, keys version, shingle size, sources, and one record per
           license (id, name, version, family, kind, scancode_key, source, same_as)
    keys           sorted unique keys of license 0, then of license 1, ...
    key_offsets    n + 1 offsets into keys
    cand           candidate keys of license 0, then of license 1, ...
    cand_offsets   n + 1 offsets into cand
    req            one byte per key of `keys`, 1 when the key is *required*: a shingle of
                   the words every matching text must have (replaceable and omittable parts
                   and list markers left out); a license without any keeps all its keys
    vocab          every word of every template, UTF-8, one per line
    vocab_ids      the id (`_keys.word_id`) of each of them
    words          the required words (`_template.required_words`) of license 0, then of
                   license 1, ..., as positions in `vocab`
    word_offsets   n + 1 offsets into words

The reader maps this into Python structures once, on first use (`get_index`): the key sets
of all licenses are built then (about 0.3 s), so that scanning many files stays fast.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from operator import not_
from typing import Any

from osaid.errors import DataError
from osaid.licenses.identify._data import check_built_for, read_data
from osaid.licenses.identify._keys import KEYS_VERSION, SHINGLE, UNKNOWN, word_id

MAGIC = b"OSAIDLX8"
FORMAT = 8
INDEX_RESOURCE = "index.bin"
REQUIRED_SAMPLE = 64
SAMPLE_MASK = 3
"""Keys with these low bits clear form a license's sample (one key in four), used to rank
candidates cheaply."""


@dataclass(frozen=True)
class IndexedLicense:
    """What the index knows about one reference license."""

    id: str
    name: str
    version: str | None
    family: str
    kind: str
    """``spdx`` (an SPDX license), ``ai`` (an AI-model license) or ``policy`` (an acceptable /
    prohibited-use policy incorporated by reference)."""
    scancode_key: str | None
    source: str
    """Where the reference text comes from (package and key, or URL)."""
    same_as: tuple[str, ...] = ()
    """Other ids whose template has the same default words (told apart by their notices)."""
    template: str | None = None
    """Key of the template in ``templates.bin``."""
    deprecated: bool = False
    replaced_by: tuple[str, ...] = ()
    """For a deprecated SPDX id, the ids or expressions the list replaced it with."""
    size: int = 0
    """Words of the default text."""
    longer: tuple[str, ...] = ()
    """Templates of longer licenses that hold most of this one's required words."""
    bases: tuple[str, ...] = ()
    """Licenses this one is a modified copy of: most of their required words are in its text
    (Pixar is Apache-2.0 modified, BSD-3-Clause-No-Nuclear-License-2014 is BSD-3-Clause plus
    a clause). A near miss of this license may well be one of them."""


@dataclass
class LicenseIndex:
    """The loaded index."""

    licenses: tuple[IndexedLicense, ...]
    keys: array[int]
    key_offsets: array[int]
    candidates: dict[int, tuple[int, ...]]
    """Candidate key → indices of the licenses that chose it."""
    candidate_counts: tuple[int, ...]
    header: dict[str, Any]
    req: bytes = b""
    """One byte per key of `keys`: 1 when the key is required."""
    vocabulary: dict[str, int] = field(default_factory=dict)
    """Every word of every template, with its id (`_keys.word_ids`)."""
    sets: dict[int, frozenset[int]] = field(default_factory=dict)
    """All keys of each license, made on first use."""
    samples: dict[int, frozenset[int]] = field(default_factory=dict)
    """The keys of each license with the `SAMPLE_MASK` bits clear (about one in four)."""
    req_sets: dict[int, frozenset[int]] = field(default_factory=dict)
    req_samples: dict[int, tuple[int, ...]] = field(default_factory=dict)
    needs: dict[float, tuple[float, ...]] = field(default_factory=dict)
    vocabulary_words: Sequence[str] = ()
    """The words of `vocabulary` in the order of the file."""
    words: Sequence[int] = ()
    word_offsets: Sequence[int] = ()
    word_sets: dict[int, frozenset[str]] = field(default_factory=dict)
    _by_template: dict[str, int] = field(default_factory=dict)

    def key_set(self, i: int) -> frozenset[int]:
        s = self.sets.get(i)
        if s is None:
            s = self.sets[i] = frozenset(self.keys[self.key_offsets[i] : self.key_offsets[i + 1]])
        return s

    def sample_set(self, i: int) -> frozenset[int]:
        s = self.samples.get(i)
        if s is None:
            low_bits = SAMPLE_MASK.__and__
            keys = self.key_set(i)
            s = self.samples[i] = frozenset(compress(keys, map(not_, map(low_bits, keys))))
        return s

    def _required(self, i: int) -> list[int]:
        lo, hi = self.key_offsets[i], self.key_offsets[i + 1]
        keys = self.keys[lo:hi]
        req = list(compress(keys, self.req[lo:hi]))
        return req or list(keys)

    def required_set(self, i: int) -> frozenset[int]:
        """The required keys of license `i` (all of its keys when it has none)."""
        s = self.req_sets.get(i)
        if s is None:
            s = self.req_sets[i] = frozenset(self._required(i))
        return s

    def required_sample(self, i: int) -> tuple[int, ...]:
        """At most `REQUIRED_SAMPLE` of license `i`'s required keys, spread over all of
        them: a cheap estimate of how many of them a text has."""
        s = self.req_samples.get(i)
        if s is None:
            keys = self._required(i)
            step = max(1, len(keys) // REQUIRED_SAMPLE)
            s = self.req_samples[i] = tuple(keys[::step])
        return s

    def required_words(self, i: int) -> frozenset[str]:
        """The words every text that matches license `i`'s template has."""
        s = self.word_sets.get(i)
        if s is None:
            at = self.words[self.word_offsets[i] : self.word_offsets[i + 1]]
            s = self.word_sets[i] = frozenset(map(self.vocabulary_words.__getitem__, at))
        return s

    def candidate_need(self, share: float) -> tuple[float, ...]:
        """For each license, how many of its candidate keys make `share` of them."""
        need = self.needs.get(share)
        if need is None:
            need = self.needs[share] = tuple(share * c for c in self.candidate_counts)
        return need

    def size(self, i: int) -> int:
        return self.key_offsets[i + 1] - self.key_offsets[i]

    def by_template(self) -> dict[str, int]:
        """Template key → license index (made once)."""
        if not self._by_template:
            self._by_template.update(
                (lic.template, i) for i, lic in enumerate(self.licenses) if lic.template
            )
        return self._by_template

    def by_id(self) -> dict[str, int]:
        return {lic.id: i for i, lic in enumerate(self.licenses)}


def _pack(values: Sequence[int], code: str = "I") -> bytes:
    a = array(code, values)
    if a.itemsize != (4 if code == "I" else 8):  # pragma: no cover - no mainstream platform
        raise DataError(f"array({code!r}) has an unexpected item size on this platform")
    if sys.byteorder == "big":  # pragma: no cover
        a.byteswap()
    return a.tobytes()


def write_index(
    path: str,
    header: dict[str, Any],
    records: Sequence[dict[str, Any]],
    key_sets: Sequence[Sequence[int]],
    candidate_sets: Sequence[Sequence[int]],
    required_sets: Sequence[Sequence[int]],
    vocabulary: Sequence[str],
    required_words: Sequence[Sequence[str]],
) -> int:
    """Write an index file; returns its size in bytes."""
    keys: list[int] = []
    offsets = [0]
    for ks in key_sets:
        keys.extend(sorted(set(ks)))
        offsets.append(len(keys))
    cand: list[int] = []
    cand_offsets = [0]
    for cs in candidate_sets:
        cand.extend(cs)
        cand_offsets.append(len(cand))
    req = bytearray()
    for ks, rs in zip(key_sets, required_sets, strict=True):
        wanted = set(rs)
        req.extend(k in wanted for k in sorted(set(ks)))
    position = {w: i for i, w in enumerate(vocabulary)}
    words: list[int] = []
    word_offsets = [0]
    for ws in required_words:
        words.extend(sorted(position[w] for w in set(ws)))
        word_offsets.append(len(words))
    vocab_text = "\n".join(vocabulary).encode("utf-8")
    vocab_ids = [word_id(w) for w in vocabulary]
    if UNKNOWN in vocab_ids:  # pragma: no cover - one word in four billion
        raise DataError("a template word has the id reserved for unknown words")
    head = dict(header)
    head.update(
        format=FORMAT,
        keys_version=KEYS_VERSION,
        shingle=SHINGLE,
        licenses=list(records),
        counts={
            "keys": len(keys),
            "cand": len(cand),
            "licenses": len(records),
            "vocab": len(vocabulary),
            "vocab_bytes": len(vocab_text),
            "words": len(words),
        },
    )
    blob = json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    body = b"".join(
        [
            MAGIC,
            _pack([len(blob)]),
            blob,
            _pack(keys, "q"),
            _pack(offsets),
            _pack(cand, "q"),
            _pack(cand_offsets),
            bytes(req),
            vocab_text,
            _pack(vocab_ids),
            _pack(words),
            _pack(word_offsets),
        ]
    )
    with open(path, "wb") as fh:
        fh.write(body)
    return len(body)


def _read(raw: bytes, start: int, count: int, code: str = "I") -> array[int]:
    a = array(code)
    a.frombytes(raw[start : start + a.itemsize * count])
    if sys.byteorder == "big":  # pragma: no cover
        a.byteswap()
    if len(a) != count:
        raise DataError(f"license index {INDEX_RESOURCE} is truncated")
    return a


def parse_index(raw: bytes) -> LicenseIndex:
    """Parse the bytes of an index file."""
    if raw[:8] != MAGIC:
        raise DataError(f"license index {INDEX_RESOURCE} has a wrong magic number")
    (hlen,) = _read(raw, 8, 1)
    header: dict[str, Any] = json.loads(raw[12 : 12 + hlen])
    check_built_for(
        INDEX_RESOURCE,
        "license index",
        header,
        {"format": FORMAT, "keys_version": KEYS_VERSION, "shingle": SHINGLE},
    )
    counts = header["counts"]
    n = counts["licenses"]
    pos = 12 + hlen
    keys = _read(raw, pos, counts["keys"], "q")
    pos += 8 * counts["keys"]
    key_offsets = _read(raw, pos, n + 1)
    pos += 4 * (n + 1)
    cand = _read(raw, pos, counts["cand"], "q")
    pos += 8 * counts["cand"]
    cand_offsets = _read(raw, pos, n + 1)
    pos += 4 * (n + 1)
    req = raw[pos : pos + counts["keys"]]
    if len(req) != counts["keys"]:
        raise DataError(f"license index {INDEX_RESOURCE} is truncated")
    pos += counts["keys"]
    words = raw[pos : pos + counts["vocab_bytes"]].decode("utf-8").split("\n")
    pos += counts["vocab_bytes"]
    ids = _read(raw, pos, counts["vocab"])
    pos += 4 * counts["vocab"]
    vocabulary = dict(zip(words, ids, strict=True)) if counts["vocab"] else {}
    required = _read(raw, pos, counts["words"])
    pos += 4 * counts["words"]
    required_offsets = _read(raw, pos, n + 1)
    licenses = tuple(
        IndexedLicense(
            id=r["id"],
            name=r["name"],
            version=r.get("version"),
            family=r["family"],
            kind=r["kind"],
            scancode_key=r.get("scancode_key"),
            source=r["source"],
            same_as=tuple(r.get("same_as", ())),
            template=r.get("template"),
            deprecated=bool(r.get("deprecated", False)),
            replaced_by=tuple(r.get("replaced_by", ())),
            size=int(r.get("size", 0)),
            bases=tuple(r.get("bases", ())),
            longer=tuple(r.get("longer", ())),
        )
        for r in header["licenses"]
    )
    postings: dict[int, list[int]] = {}
    for i in range(n):
        for k in cand[cand_offsets[i] : cand_offsets[i + 1]]:
            postings.setdefault(k, []).append(i)
    candidates = {k: tuple(v) for k, v in postings.items()}
    candidate_counts = tuple(cand_offsets[i + 1] - cand_offsets[i] for i in range(n))
    return LicenseIndex(
        licenses=licenses,
        keys=keys,
        key_offsets=key_offsets,
        candidates=candidates,
        candidate_counts=candidate_counts,
        header=header,
        req=req,
        vocabulary=vocabulary,
        vocabulary_words=words,
        words=required,
        word_offsets=required_offsets,
    )


@cache
def get_index() -> LicenseIndex:
    """The packaged index, loaded on first use."""
    return parse_index(read_data(INDEX_RESOURCE, "license index"))
