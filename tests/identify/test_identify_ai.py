"""AI-model licenses: every fingerprint is found, versions are told apart, near misses flagged.

The repository keeps only shingle-key fingerprints of AI licenses (no texts), so most variants
here are built from those keys: the full sequence, with a run of keys replaced (an edited
sentence), with unrelated keys before and after (header and footer). The licenses that
licensedcode-data ships as text are also checked as text.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pytest
import yaml
from helpers_identify import change_copyright, licensedcode, rewrap, with_header

from osaid.licenses.identify import MatchKind, identify_text
from osaid.licenses.identify._index import get_index
from osaid.licenses.identify.build_index import CATALOG, FINGERPRINTS, load_fingerprints
from osaid.licenses.identify.matcher import REVIEW_THRESHOLD_AI, identify_keys


@cache
def ai_fingerprints() -> dict[str, dict[str, Any]]:
    return {str(r["id"]): r for r in load_fingerprints() if r["kind"] != "spdx"}


def ids() -> list[str]:
    return sorted(ai_fingerprints())


def _noise(rng: random.Random, n: int) -> list[int]:
    return [rng.getrandbits(63) - (1 << 62) for _ in range(n)]


def test_fingerprints_cover_the_versions_the_issue_names() -> None:
    have = set(ai_fingerprints())
    must = {
        "LicenseRef-Llama-2",
        "LicenseRef-Llama-3",
        "LicenseRef-Llama-3.1",
        "LicenseRef-Llama-3.2",
        "LicenseRef-Llama-3.3",
        "LicenseRef-Llama-4",
        "LicenseRef-Tongyi-Qianwen",
        "LicenseRef-Tongyi-Qianwen-Research",
        "LicenseRef-Qwen",
        "LicenseRef-Qwen-Research",
        "LicenseRef-CreativeML-OpenRAIL-M",
        "LicenseRef-OpenRAIL-PlusPlus-M",
        "LicenseRef-Gemma-2024",
        "LicenseRef-Gemma-2025",
    }
    assert must <= have


def test_every_catalog_license_is_indexed_or_listed_as_missing() -> None:
    import json

    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    wanted = {str(e["id"]) for e in catalog["licenses"] if str(e.get("version")) != "family"}
    indexed = {lic.id for lic in get_index().licenses}
    missing = set(json.loads(FINGERPRINTS.read_text(encoding="utf-8"))["not_fingerprinted"])
    assert wanted - indexed <= missing, sorted(wanted - indexed - missing)


@pytest.mark.parametrize("ident", ids())
def test_full_fingerprint_is_exact(ident: str) -> None:
    found = identify_keys(list(ai_fingerprints()[ident]["keys"]))
    assert [(m.id, m.match) for m in found] == [(ident, MatchKind.EXACT)]


@pytest.mark.parametrize("ident", ids())
def test_header_and_footer_around_the_fingerprint(ident: str) -> None:
    rng = random.Random(ident)
    keys = list(ai_fingerprints()[ident]["keys"])
    found = identify_keys(_noise(rng, 60) + keys + _noise(rng, 40))
    assert [(m.id, m.match) for m in found] == [(ident, MatchKind.EXACT)]
    assert found[0].start_line == 61


@pytest.mark.parametrize("ident", ids())
def test_an_edited_sentence_is_approximate_and_needs_review(ident: str) -> None:
    rng = random.Random(ident)
    keys = list(ai_fingerprints()[ident]["keys"])
    at = len(keys) // 2
    edited = keys[:at] + _noise(rng, 12) + keys[at + 12 :]
    found = identify_keys(edited)
    assert found[0].id == ident
    assert found[0].match is MatchKind.APPROXIMATE
    assert found[0].score < REVIEW_THRESHOLD_AI
    assert found[0].needs_review
    assert found[0].start_line == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("LicenseRef-Llama-3", "LicenseRef-Llama-3.1"),
        ("LicenseRef-Llama-3.1", "LicenseRef-Llama-3.2"),
        ("LicenseRef-Llama-3.2", "LicenseRef-Llama-3.3"),
        ("LicenseRef-Llama-3.3", "LicenseRef-Llama-4"),
        ("LicenseRef-Tongyi-Qianwen", "LicenseRef-Tongyi-Qianwen-Research"),
        ("LicenseRef-Qwen", "LicenseRef-Qwen-Research"),
        ("LicenseRef-CreativeML-OpenRAIL-M", "LicenseRef-OpenRAIL-PlusPlus-M"),
        ("LicenseRef-Gemma-2024", "LicenseRef-Gemma-2025"),
        ("LicenseRef-Mistral-Research-1.0", "LicenseRef-Mistral-Non-Production-1.0"),
        ("LicenseRef-OpenMDW-1.0", "LicenseRef-OpenMDW-1.1"),
    ],
)
def test_versions_are_told_apart(a: str, b: str) -> None:
    fps = ai_fingerprints()
    for x, y in ((a, b), (b, a)):
        keys = list(fps[x]["keys"])
        (m,) = identify_keys(keys)
        assert (m.id, m.match) == (x, MatchKind.EXACT)
        # The sibling's own keys never make an exact match for this one.
        assert set(fps[y]["keys"]) != set(keys)


def test_licence_and_its_policy_in_one_text() -> None:
    fps = ai_fingerprints()
    keys = list(fps["LicenseRef-Llama-3"]["keys"]) + list(fps["LicenseRef-Llama-3-AUP"]["keys"])
    found = identify_keys(keys)
    assert [m.id for m in found] == ["LicenseRef-Llama-3", "LicenseRef-Llama-3-AUP"]
    assert found[1].kind == "policy"


SCANCODE_AI = {
    "llama-license-2023": "LicenseRef-Llama-1",
    "llama-2-license-2023": "LicenseRef-Llama-2",
    "bigscience-rail-1.0": "LicenseRef-BigScience-BLOOM-RAIL-1.0",
    "bigscience-open-rail-m": "LicenseRef-BigScience-OpenRAIL-M",
    "bigcode-open-rail-m-v1": "LicenseRef-BigCode-OpenRAIL-M-1.0",
    "stable-diffusion-2022-08-22": "LicenseRef-CreativeML-OpenRAIL-M",
}


@pytest.mark.parametrize(("key", "ident"), sorted(SCANCODE_AI.items()))
def test_ai_license_texts_from_licensedcode_data(key: str, ident: str) -> None:
    text = licensedcode()[key].text
    (m,) = identify_text(text)
    assert (m.id, m.match, m.scancode_key) == (ident, MatchKind.EXACT, key)
    assert m.kind == "ai" and m.family
    for variant in (change_copyright(text), rewrap(text), with_header(text)):
        found = identify_text(variant)
        assert [f.id for f in found] == [ident]


def test_openrail_m_text_is_not_openrail_plus_plus() -> None:
    text = licensedcode()["stable-diffusion-2022-08-22"].text
    (m,) = identify_text(text)
    assert m.id == "LicenseRef-CreativeML-OpenRAIL-M"
    # An edited copy sits between the two versions: it must be flagged, never accepted.
    edited = text.replace("CreativeML Open RAIL-M", "CreativeML Open RAIL++-M")
    edited = edited.replace("dated August 22, 2022", "dated November 24, 2022")
    found = identify_text(edited)
    assert found and found[0].needs_review
