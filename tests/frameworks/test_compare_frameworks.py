"""`osaid compare`: one system under every framework, side by side."""

from __future__ import annotations

import json

import pytest

from osaid.cli._compare import COMPARE_DEFINITIONS, compare_command
from osaid.errors import InputError


def test_text_shows_every_framework() -> None:
    out = compare_command(["catalog:olmo", "catalog:llama-2"], "text")
    for label in (
        "OSAID 1.0",
        "MOF class",
        "Opening up ChatGPT",
        "EU Open Source AI Index",
        "LF proposal",
        "OLMo",
        "Llama 2",
    ):
        assert label in out
    assert "13 / 14 (derived)" in out and "0.500 / 1 (derived)" in out


def test_json_has_one_entry_per_system_and_definition() -> None:
    data = json.loads(compare_command(["catalog:olmo", "catalog:llama-2"], "json"))
    assert data["definitions"] == list(COMPARE_DEFINITIONS)
    olmo, llama = data["systems"]
    assert olmo["results"]["osaid-1.0"] == {"status": "pass", "license_only_failure": False}
    assert llama["results"]["osaid-1.0"]["status"] == "fail"
    assert "class" in olmo["results"]["mof"]
    assert olmo["results"]["osai-index"]["basis"] == "derived"
    assert llama["results"]["osai-index-legacy"]["score_max"] == 14.0
    assert llama["results"]["lf-proposal"] == {"status": "fail", "license_only_failure": True}


def test_index_records_compare_with_their_own_judgments(data_dir) -> None:  # type: ignore[no-untyped-def]
    path = data_dir / "osai-index/current-HEAD/OLMo.yaml"
    data = json.loads(compare_command([str(path)], "json"))
    index = data["systems"][0]["results"]["osai-index"]
    assert index["basis"] == "index" and index["score"] == pytest.approx(11.5 / 12)


def test_bad_format_and_no_target() -> None:
    with pytest.raises(InputError, match="unknown format"):
        compare_command(["catalog:olmo"], "xml")
    with pytest.raises(InputError, match="at least one"):
        compare_command([], "text")
