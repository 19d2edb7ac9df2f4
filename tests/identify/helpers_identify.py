"""Shared helpers of the license-identification tests (not a test module)."""

from __future__ import annotations

import random
import re
import textwrap
from functools import cache
from pathlib import Path

import pytest

from osaid.licenses.identify.build_index import (
    ScancodeLicense,
    default_licensedcode_dir,
    read_scancode_dir,
)


@cache
def _licensedcode() -> dict[str, ScancodeLicense] | None:
    try:
        from importlib import metadata

        metadata.version("licensedcode-data")
    except Exception:
        return None
    directory: Path
    directory, _ = default_licensedcode_dir()
    return read_scancode_dir(directory)


def licensedcode() -> dict[str, ScancodeLicense]:
    """ScanCode's license texts from the licensedcode-data package (skip when missing)."""
    data = _licensedcode()
    if data is None:
        pytest.skip("licensedcode-data is not installed (pip install licensedcode-data==32.1.0)")
    return data


def text_of(key: str) -> str:
    return licensedcode()[key].text


STATEMENT = re.compile(r"^\W*(copyright\W*(\(c\)|©|\d{4}|\[|<|\{)|\(c\)\s*\d{4}|©)", re.I)


def change_copyright(text: str) -> str:
    new = "Copyright (c) 2031 Somebody Else <else@example.org>"
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if STATEMENT.match(line):
            lines[i] = new
            return "\n".join(lines)
    return f"{new}\n\n{text}"


def rewrap(text: str, width: int = 57) -> str:
    paras = re.split(r"\n\s*\n", text)
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width) for p in paras if p.split())


HEADER = (
    "Model card appendix\n===================\n\nThe weights in this folder are released under\n"
    "the license reproduced below. Please read it before use.\n\n"
)
FOOTER = "\n\nQuestions: write to the maintainers. Checksums are in SHA256SUMS.\n"


def with_header(text: str) -> str:
    return HEADER + text + FOOTER


def random_prose(seed: int, words: int = 400) -> str:
    rng = random.Random(seed)
    vocab = (
        "the a river mountain quietly bright yellow engine seven dog cat bakes bread under "
        "over window garden train station laughs sings table coffee morning evening rain "
        "because although whenever museum painting violin orbit planet salt pepper"
    ).split()
    out = []
    for i in range(words):
        out.append(rng.choice(vocab))
        if i % 12 == 11:
            out.append(".\n")
    return " ".join(out)
