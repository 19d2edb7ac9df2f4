"""identify_file, identify_command, the tokenizer and the index format."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_identify import random_prose, spdx_text

from osaid.errors import DataError, InputError
from osaid.licenses.identify import MAX_BYTES, MatchKind, identify_file, identify_text
from osaid.licenses.identify._data import read_data
from osaid.licenses.identify._index import get_index, parse_index
from osaid.licenses.identify._keys import (
    SHINGLE,
    _tuple_hash,
    keys_of_words,
    text_keys,
    word_ids,
)
from osaid.licenses.identify._templates import Templates
from osaid.licenses.identify._words import words_of
from osaid.licenses.identify.cli import identify_command
from osaid.licenses.identify.matcher import _read_up_to

# ------------------------------------------------------------------------------- files


def test_file_with_a_license(tmp_path: Path) -> None:
    f = tmp_path / "LICENSE"
    f.write_text(spdx_text("Apache-2.0"), encoding="utf-8")
    r = identify_file(f)
    assert r.match is MatchKind.EXACT and [m.id for m in r.matches] == ["Apache-2.0"]
    assert r.note is None and r.bytes_read == f.stat().st_size


def test_unknown_file(tmp_path: Path) -> None:
    f = tmp_path / "README"
    f.write_text(random_prose(3), encoding="utf-8")
    r = identify_file(f)
    assert r.match is MatchKind.UNKNOWN and r.matches == () and not r.needs_review


def test_binary_file_is_not_matched(tmp_path: Path) -> None:
    f = tmp_path / "weights.bin"
    f.write_bytes(b"\x00\x01" * 100 + spdx_text("MIT").encode())
    r = identify_file(f)
    assert r.matches == () and r.note == "binary file"


def test_utf16_file_is_read(tmp_path: Path) -> None:
    f = tmp_path / "LICENSE.txt"
    f.write_bytes(spdx_text("MIT").encode("utf-16"))
    assert [m.id for m in identify_file(f).matches] == ["MIT"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlink_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "real"
    target.write_text(spdx_text("MIT"), encoding="utf-8")
    link = tmp_path / "LICENSE"
    link.symlink_to(target)
    r = identify_file(link)
    assert r.matches == () and r.note == "symbolic link, not followed"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert identify_file(tmp_path / "nope").note == "file not found"
    assert identify_file(tmp_path).note == "is a directory"


def test_read_cap(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(spdx_text("MIT") + "\n" + "x " * (MAX_BYTES // 2), encoding="utf-8")
    r = identify_file(f)
    assert r.bytes_read == MAX_BYTES
    assert r.note is not None and str(MAX_BYTES) in r.note
    assert [m.id for m in r.matches] == ["MIT"]
    small = identify_file(f, max_bytes=100)
    assert small.bytes_read == 100 and small.matches == ()


@pytest.mark.parametrize("size_seen", [0, 10, 5_000, 10_000, 20_000])
def test_read_up_to_whatever_the_size_seen(tmp_path: Path, size_seen: int) -> None:
    # The size looked at before reading may be stale (a file that grew) or zero (files
    # whose size the system does not know): what is read is the file, up to the limit.
    f = tmp_path / "grown.txt"
    f.write_bytes(bytes(range(256)) * 40)
    for limit, expected in ((6_001, f.read_bytes()[:6_001]), (20_000, f.read_bytes())):
        fd = os.open(f, os.O_RDONLY)
        try:
            assert _read_up_to(fd, size_seen, limit) == expected
        finally:
            os.close(fd)


def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty"
    f.write_text("  \n", encoding="utf-8")
    assert identify_file(f).note == "empty file"


# ---------------------------------------------------------------------------------- CLI


def test_identify_command_json(tmp_path: Path) -> None:
    a = tmp_path / "LICENSE"
    a.write_text(spdx_text("MIT"), encoding="utf-8")
    b = tmp_path / "notes.txt"
    b.write_text(random_prose(1), encoding="utf-8")
    doc = json.loads(identify_command([a, b], "json"))
    first, second = doc["files"]
    assert first["match"] == "exact" and second["match"] == "unknown"
    lic = first["licenses"][0]
    assert lic["id"] == "MIT" and lic["expression"] == "MIT" and lic["score"] == 1.0
    assert doc["data_versions"]["spdx-license-list-XML"].startswith("3.28.0")
    assert set(lic) >= {"name", "version", "lines", "match", "needs_review", "alternatives"}
    assert doc["thresholds"]["review"] > doc["thresholds"]["report"]


def test_identify_command_text(tmp_path: Path) -> None:
    a = tmp_path / "LICENSE"
    words = spdx_text("MPL-2.0").split(" ")
    a.write_text(" ".join(words[: len(words) // 2]), encoding="utf-8")
    out = identify_command([a], "text")
    assert out.startswith(f"{a}: approximate (needs review)")
    assert "MPL-2.0 (Mozilla Public License 2.0, version 2.0)" in out
    assert "NEEDS REVIEW: score below 0.95" in out


def test_identify_command_rejects_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        identify_command([tmp_path], "yaml")


# ---------------------------------------------------------------------------------- keys


def test_tuple_hash_matches_cpython() -> None:
    rng = random.Random(1)
    for _ in range(200):
        t = tuple(rng.getrandbits(32) for _ in range(5))
        assert _tuple_hash(t) == hash(t)


def test_keys_leave_out_copyright_lines_and_list_markers() -> None:
    a = text_keys(
        words_of("Copyright (c) 2020 Jane Doe\n\n1. Permission is hereby granted, free of charge\n")
    )
    b = text_keys(
        words_of(
            "Copyright 1999 Someone Else\n\n(a) Permission is hereby granted, free of charge\n"
        )
    )
    assert a.keys == b.keys == keys_of_words("permission is hereby granted free of charge".split())
    w = words_of("(c) If any Recipient brings a claim, the license ends.\n")
    assert w.words[:3] == ["c", "if", "any"]


def test_keys_and_words_of_equivalent_spellings() -> None:
    a = words_of("The Licence \u201cholder\u201d \u2013 https://x sub-licence")
    b = words_of('the license "holder" - http://x sublicense')
    assert a.words == b.words
    assert word_ids(a.words) == word_ids(b.words)


def test_key_positions_map_back_to_words() -> None:
    w = words_of("Copyright 2020 A\none two three four five six seven\n")
    tk = text_keys(w)
    assert len(tk.keys) == 7 - SHINGLE + 1
    assert tk.words_of_keys(0, len(tk.keys) - 1) == (w.words.index("one"), len(w.words))
    first, last = tk.keys_of_words(w.words.index("seven"), len(w.words))
    assert (first, last) == (len(tk.keys) - 1, len(tk.keys) - 1)
    assert tk.masked([(w.words.index("one"), w.words.index("two") + 1)])[:2] == [-1, -1]


def test_line_numbers() -> None:
    w = words_of("one two\n\nthree\nfour five six\n")
    assert [w.line_of(i) for i in range(6)] == [1, 1, 3, 4, 4, 4]


# --------------------------------------------------------------------------------- index


def test_index_is_well_formed() -> None:
    index = get_index()
    ids = [lic.id for lic in index.licenses if lic.kind != "notice"]
    keys = [lic.template or lic.id for lic in index.licenses if lic.kind != "notice"]
    # One record per template; an AI license may have one template per version of its text.
    assert len(keys) == len(set(keys)) and len(set(ids)) > 850
    assert all(lic.kind in ("ai", "policy") for lic in index.licenses if ids.count(lic.id) > 1)
    assert {"MIT", "Apache-2.0", "Classpath-exception-2.0", "LicenseRef-Llama-3.1"} <= set(ids)
    # Only a few very short texts (fewer words than a shingle) have no keys.
    assert sum(index.size(i) == 0 for i in range(len(index.licenses))) < 10
    assert index.header["sources"]["spdx-license-list-XML"].startswith("3.28.0")


def test_broken_index_is_a_data_error() -> None:
    with pytest.raises(DataError):
        parse_index(b"not an index")


def test_identify_text_is_deterministic() -> None:
    text = spdx_text("BSD-3-Clause")
    assert identify_text(text) == identify_text(text)


def _with_header(raw: bytes, change: dict[str, object]) -> bytes:
    """A data file (magic, header length, JSON header, body) with its header changed."""
    n = int.from_bytes(raw[8:12], "little")
    head = json.loads(raw[12 : 12 + n])
    new = json.dumps({**head, **change}).encode()
    return raw[:8] + len(new).to_bytes(4, "little") + new + raw[12 + n :]


@pytest.mark.parametrize(
    ("resource", "parse", "change", "named"),
    [
        ("index.bin", parse_index, {"format": -1}, "format"),
        ("index.bin", parse_index, {"keys_version": -1}, "keys_version"),
        ("index.bin", parse_index, {"shingle": 2}, "shingle"),
        ("templates.bin", Templates, {"words_version": -1}, "words_version"),
    ],
)
def test_data_built_for_other_versions_is_refused(
    resource: str, parse: Callable[[bytes], object], change: dict[str, object], named: str
) -> None:
    raw = read_data(resource, "license data")
    parse(raw)  # as shipped: accepted
    with pytest.raises(DataError, match=rf"{resource} was built for another {named}; rebuild"):
        parse(_with_header(raw, change))
