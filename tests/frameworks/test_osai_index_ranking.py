"""The current index's ranking at the pinned commit (5a388e8), and v1.0.2c's.

Neither folder ships a published ranking or score file (only the records, `_parameters.yml`
and the readme), so the reference here is the index's documented rule, implemented
independently of osaid from the raw YAML: score = mean over the `_parameters.yml`
dimensions of open 1 / partial 0.5 / anything else 0 (as osai-index.eu's
`composables/models.ts` weighs them), ranked by score descending, ties broken by file path
descending; the submission template is left out. osaid's importer and evaluator must give
the same scores and order, and a few well-known positions are pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from osaid.evaluation.evaluate import Evaluator
from osaid.manifest.load import load_system
from osaid.manifest.osai_index import load_index_folder, rank

INDEX = Path(__file__).resolve().parents[1] / "data/osai-index"
WEIGHT = {"open": 1.0, "partial": 0.5, "closed": 0.0}


def _reference(folder: Path) -> list[tuple[str, float]]:
    params = [
        p["ref"]
        for group in yaml.safe_load((folder / "_parameters.yml").read_text())
        for p in group["params"]
    ]
    scored = []
    for path in folder.glob("*.yaml"):
        if path.name == "a_submission_template.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        total = 0.0
        for p in params:
            total += WEIGHT.get(str((data.get(p) or {}).get("class") or "").strip(), 0.0)
        scored.append((path.name, total / len(params)))
    # JavaScript's sort on (score desc, path desc) == Python's on the negated keys.
    scored.sort(key=lambda t: t[0], reverse=True)
    scored.sort(key=lambda t: t[1], reverse=True)
    return scored


@pytest.mark.parametrize(
    ("folder", "count"), [("current-HEAD", 193), ("v1.0.2c", 169)], ids=["HEAD", "v1.0.2c"]
)
def test_ranking_is_reproduced(folder: str, count: int) -> None:
    path = INDEX / folder
    reference = _reference(path)
    assert len(reference) == count
    records, parameters = load_index_folder(path)
    ours = [(e.path, e.score) for e in rank(records, parameters)]
    assert ours == reference


def test_evaluator_scores_equal_the_ranking_scores() -> None:
    folder = INDEX / "current-HEAD"
    reference = dict(_reference(folder))
    evaluator = Evaluator()
    for name, score in reference.items():
        result = evaluator.evaluate(load_system(folder / name), ["osai-index"]).results[0]
        assert result.score_basis == "index"
        assert result.score == score, name


def test_pinned_positions_at_5a388e8() -> None:
    records, parameters = load_index_folder(INDEX / "current-HEAD")
    ranking = rank(records, parameters)
    top = [(e.rank, e.path, round(e.score, 4)) for e in ranking[:5]]
    assert top == [
        (1, "YuLan.yaml", 1.0),
        (2, "Mustango.yaml", 1.0),
        (3, "bloomz.yaml", 0.9583),  # ties: path descending, so "bloomz" before "OLMo"
        (4, "OLMo.yaml", 0.9583),
        (5, "Apertus.yaml", 0.9167),
    ]


def test_pinned_positions_at_v1_0_2c() -> None:
    records, parameters = load_index_folder(INDEX / "v1.0.2c")
    ranking = rank(records, parameters)
    assert [(e.path, round(e.score, 4)) for e in ranking[:3]] == [
        ("OLMo.yaml", 0.9643),
        ("YuLan.yaml", 0.9286),
        ("Mustango.yaml", 0.9286),
    ]
