"""Published texts of AI-model licenses come out as themselves, exact; their versions are told
apart; a text made to look like a sibling (a version label swapped) is never exact.

The texts and their sources are in ``tests/identify/data/ai-texts`` (PROVENANCE.md lists, per
file, the ids it must come out as); the tests below are generated from that table.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

import pytest

from osaid.licenses.identify import LicenseMatch, MatchKind, identify_text
from osaid.licenses.identify._index import get_index

TEXTS = Path(__file__).resolve().parent / "data" / "ai-texts"
REPOS = Path(__file__).resolve().parents[1] / "data" / "repos"


def _texts(matches: tuple[LicenseMatch, ...]) -> list[LicenseMatch]:
    return [m for m in matches if m.form == "text"]


@cache
def table() -> dict[str, tuple[str, ...]]:
    """file -> the ids it must come out as, in order (from PROVENANCE.md)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in (TEXTS / "PROVENANCE.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and (TEXTS / cells[0]).is_file():
            out[cells[0]] = tuple(cells[1].split())
    return out


def _read(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


KNOWN_MISSES: set[str] = set()


def test_every_file_is_in_the_table() -> None:
    files = {p.name for p in TEXTS.iterdir() if p.name != "PROVENANCE.md"}
    assert files == set(table()) and len(files) > 40


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason="known miss", strict=True))
        if n in KNOWN_MISSES
        else n
        for n in sorted(table())
    ],
)
def test_published_text_is_exact(name: str) -> None:
    found = _texts(identify_text(_read(name)))
    assert [(m.id, m.match, m.needs_review) for m in found] == [
        (i, MatchKind.EXACT, False) for i in table()[name]
    ]


# ------------------------------------------------------------------------------ versions

GROUPS = {
    "llama": [
        "llama-2.txt",
        "llama-3.txt",
        "llama-3.1.txt",
        "llama-3.2.txt",
        "llama-3.3.txt",
        "llama-4.txt",
    ],
    "llama-aup": [
        "llama-2-aup.md",
        "llama-3-aup.md",
        "llama-3.1-aup.md",
        "llama-3.2-aup.md",
        "llama-3.3-aup.md",
        "llama-4-aup.md",
    ],
    "rail": [
        "bigscience-bloom-rail-1.0.scancode.txt",
        "bigscience-openrail-m.scancode.txt",
        "creativeml-openrail-m.scancode.txt",
        "openrail-plusplus-m-2022-11-24.scancode.txt",
        "bigcode-openrail-m-1.0.scancode.txt",
        "deepseek-1.0.scancode.txt",
    ],
    "gemma": ["gemma-2024-04-01.scancode.txt", "gemma-2025-03-24.scancode.txt"],
    "qwen": [
        "qwen.scancode.txt",
        "qwen-research.txt",
        "tongyi-qianwen.txt",
        "tongyi-qianwen-research.txt",
    ],
    "mistral": ["mistral-research-0.1.md", "mistral-non-production-0.1.md"],
    "openmdw": ["openmdw-1.0.scancode.txt", "openmdw-1.1.txt"],
    "falcon": ["falcon-2-11b.scancode.txt", "falcon-180b.txt"],
}
PAIRS = [(g, a, b) for g, names in GROUPS.items() for a, b in itertools.permutations(names, 2)]


@pytest.mark.parametrize(("group", "own", "other"), PAIRS)
def test_a_version_is_exact_on_its_own_text_never_on_a_siblings(
    group: str, own: str, other: str
) -> None:
    (mine,) = table()[own][:1]
    (theirs,) = table()[other][:1]
    assert mine != theirs
    on_own = [m for m in _texts(identify_text(_read(own))) if m.id == mine]
    assert on_own and on_own[0].match is MatchKind.EXACT
    on_other = _texts(identify_text(_read(other)))
    assert not any(m.id == mine and m.match is MatchKind.EXACT for m in on_other)


def _body_words(text: str) -> list[str]:
    """The words of a text after its title line (a title may carry "Meta" or not)."""
    body = text.strip().split("\n", 1)[-1]
    return re.findall(r"[a-z0-9]+", body.lower())


def _label(name: str) -> str:
    """The version label a text carries (``Llama 3.1``, ``Llama 4``, ``Llama 2``)."""
    m = re.search(r"Llama (\d(?:\.\d)?)\b", _read(name))
    assert m is not None, name
    return m.group(0)


LABEL_SWAPS = [
    (a, b)
    for a, b in itertools.permutations(GROUPS["llama"] + GROUPS["llama-aup"], 2)
    if a.endswith(".md") == b.endswith(".md")
]


@pytest.mark.parametrize(("own", "other"), LABEL_SWAPS)
def test_a_text_with_a_siblings_version_label_is_never_exact(own: str, other: str) -> None:
    """Llama 3.1's text saying "Llama 3.2" throughout is neither license: the dates, links
    and clauses that differ keep it from matching either template."""
    a, b = _label(own), _label(other)
    text = _read(own).replace(a, b).replace(a.upper(), b.upper())
    found = _texts(identify_text(text))
    assert found, "nothing found"
    if _body_words(text) == _body_words(_read(other)):
        # Llama 2's and Llama 3's policies differ by their version label only.
        assert [(m.id, m.match) for m in found] == [(table()[other][0], MatchKind.EXACT)]
        return
    for m in found:
        assert m.match is MatchKind.APPROXIMATE and m.needs_review, (m.id, m.match)
        family = {
            x.id
            for x in get_index().licenses
            if x.family == m.family and x.kind == m.kind and x.id != m.id
        }
        assert family and family <= set(m.alternatives)


def test_gemma_2024_with_the_2025_date_is_neither() -> None:
    text = _read("gemma-2024-04-01.scancode.txt")
    date = re.search(r"Last modified: ([A-Z][a-z]+ \d+, \d{4})", text)
    assert date is not None
    found = _texts(identify_text(text.replace(date.group(1), "March 24, 2025")))
    assert [(m.match, m.needs_review) for m in found] == [(MatchKind.APPROXIMATE, True)]
    assert {"LicenseRef-Gemma-2024", "LicenseRef-Gemma-2025"} <= {
        found[0].id,
        *found[0].alternatives,
    }


def test_creativeml_openrail_m_named_plus_plus_is_not_openrail_plus_plus() -> None:
    text = _read("creativeml-openrail-m.scancode.txt").replace("RAIL-M", "RAIL++-M")
    found = _texts(identify_text(text))
    assert found and all(m.match is MatchKind.APPROXIMATE and m.needs_review for m in found)
    assert not any(m.id == "LicenseRef-OpenRAIL-PlusPlus-M" and not m.needs_review for m in found)
