"""evaluate_mot against the Model Openness Tool's own data.

* the 27 fixtures of MOT's ``Test_Data/`` must get exactly the class, label and progress of
  MOT's ``expected_results.json``;
* every MOT record of ``models/`` must evaluate without error, in both variants.

The data lives in ``tests/data/mot`` (read-only reference data, never shipped).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from osaid._yaml import load_yaml_file
from osaid.mof import MofResult, evaluate_mof_normalized, evaluate_mot

MOT = Path(__file__).resolve().parents[1] / "data" / "mot"
FIXTURES = sorted((MOT / "Test_Data").glob("*.yml"))
MODELS = sorted((MOT / "models").glob("*.yml"))


def _expected() -> dict[str, dict[str, Any]]:
    """expected_results.json keyed by release name (the file has trailing commas)."""
    path = MOT / "Test_Data" / "expected_results.json"
    if not path.is_file():
        return {}
    text = re.sub(r",(\s*[}\]])", r"\1", path.read_text(encoding="utf-8"))
    return {m["release"]["name"]: m["classification"] for m in json.loads(text)["models"]}


EXPECTED = _expected()


def test_fixture_set_is_complete() -> None:
    assert len(FIXTURES) == 27
    assert len(EXPECTED) == 27


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_matches_mot(path: Path) -> None:
    record = load_yaml_file(path).data
    expected = EXPECTED[record["release"]["name"]]
    result = evaluate_mot(record)
    assert result.variant == "mot"
    assert result.class_ == expected["class"]
    assert result.label == expected["label"]
    for cls in (1, 2, 3):
        assert result.progress[cls] == pytest.approx(
            float(expected["progress"][str(cls)]), rel=0, abs=1e-9
        ), f"class {cls}"


def _check_shape(result: MofResult) -> None:
    assert 0 <= result.class_ <= 3
    assert set(result.progress) == {1, 2, 3}
    assert all(0.0 <= p <= 100.0 for p in result.progress.values())
    mof = [c for c in result.components if c.component_id is not None]
    assert len(mof) == 17
    for comp in result.components:
        assert comp.counted <= (comp.listed and comp.open and comp.required)
        assert (comp.license is None) == (not comp.listed) or comp.component_id is None


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_every_mot_record_evaluates(path: Path) -> None:
    record = load_yaml_file(path).data
    _check_shape(evaluate_mot(record))
    normalized = evaluate_mof_normalized(record, lambda lic: lic in {"Apache-2.0", "MIT"})
    _check_shape(normalized)
    assert normalized.variant == "mof-normalized"


def test_model_count() -> None:
    assert len(MODELS) == 273
