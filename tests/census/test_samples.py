"""The census on the two real Hub samples in tests/data/hf."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from osaid.census.run import run_census


@pytest.fixture(scope="module")
def hf_dir() -> Path:
    folder = Path(__file__).resolve().parents[1] / "data" / "hf"
    if not folder.is_dir():
        pytest.fail(f"reference data not found at {folder}")
    return folder


def test_2022_jsonl(hf_dir: Path, tmp_path: Path) -> None:
    result = run_census(
        [hf_dir / "hf_models_2022-02.jsonl.gz"], tmp_path, progress=False, write_report=False
    )
    s = json.loads(result.summary.read_text())
    assert s["total_models"] == 29_432
    # DOMAIN.md: 64% of repos declare no license; this 2022 sample: about three in four.
    assert 0.6 <= s["no_license_share"] <= 0.8
    top = s["license_distribution"]
    assert top[0]["license"] == "(none)" and top[1]["license"] == "Apache-2.0"
    assert 5_000 <= top[1]["models"] <= 6_000
    assert s["categories"]["non-commercial"] > 100  # CC-BY-NC-* models
    assert s["categories"]["osaid-candidate"] + s["categories"]["open-weights-only"] > 5_000
    assert s["lineage"]["models_with_base_model"] == 0  # base_model did not exist in 2022
    table = pq.read_table(result.models, columns=["model_id", "weight_formats", "has_card"])
    rows = {r["model_id"]: r for r in table.to_pylist()}
    assert "pytorch" in rows["0x7194633/gameGPT"]["weight_formats"]
    assert rows["007J/smile"]["weight_formats"] == [] and rows["007J/smile"]["has_card"] is False


def test_2025_csv(hf_dir: Path, tmp_path: Path) -> None:
    result = run_census(
        [hf_dir / "hf_models_open_2025-10.csv"], tmp_path, progress=False, write_report=False
    )
    s = json.loads(result.summary.read_text())
    assert s["total_models"] == 20_070
    assert 0.55 <= s["no_license_share"] <= 0.62  # 11,757 blank licenses
    kinds = s["restriction_kinds"]
    assert kinds["user-cap"] >= 600  # llama2 + llama3.x tags
    assert kinds["non-commercial"] >= 300
    assert s["categories"]["restricted-weights"] > 800
    assert s["categories"]["unknown-license"] >= 800  # `other` without a name
