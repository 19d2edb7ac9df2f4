"""Index records import into systems and reproduce the index's own numbers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.errors import ManifestError
from osaid.evaluation.evaluate import Evaluator
from osaid.manifest.load import load_system, load_system_text
from osaid.manifest.osai_index import (
    CURRENT_DIMENSIONS,
    LEGACY_DIMENSIONS,
    V1_DIMENSIONS,
    index_record_of,
    load_index_folder,
    rank,
)

INDEX = Path(__file__).resolve().parents[1] / "data/osai-index"
LEGACY = INDEX / "legacy-opening-up-chatgpt"
CURRENT = INDEX / "current-HEAD"
V1 = INDEX / "v1.0.2c"


def _published_legacy() -> dict[str, float]:
    with (LEGACY / "df.csv").open(encoding="utf-8", newline="") as f:
        return {row["source.file"]: float(row["openness"]) for row in csv.DictReader(f)}


def test_every_legacy_project_reproduces_its_published_openness() -> None:
    published = _published_legacy()
    assert len(published) == 46
    evaluator = Evaluator()
    got = {}
    for source_file in published:
        path = LEGACY / source_file.lstrip("/")
        report = evaluator.evaluate(load_system(path), ["osai-index-legacy"])
        result = report.results[0]
        assert result.score_basis == "index"
        got[source_file] = result.score
    assert got == published


def test_legacy_folder_reads_the_46_named_projects() -> None:
    records, parameters = load_index_folder(LEGACY / "projects")
    assert parameters is None
    assert {f"/projects/{Path(r.file).name}" for r in records} == set(_published_legacy())


def test_dimension_lists_match_the_index_parameter_files() -> None:
    assert load_index_folder(CURRENT)[1] == CURRENT_DIMENSIONS
    assert load_index_folder(V1)[1] == V1_DIMENSIONS
    assert len(LEGACY_DIMENSIONS) == 14


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (LEGACY / "projects/olmo-7b-instruct.yaml", "legacy"),
        (CURRENT / "OLMo.yaml", "current"),
        (V1 / "OLMo.yaml", "v1"),
    ],
    ids=["legacy", "current", "v1"],
)
def test_check_detects_index_records(path: Path, schema: str) -> None:
    result = CliRunner().invoke(
        app, ["check", str(path), "-f", "json", "-d", "osai-index", "-d", "osai-index-legacy"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    current, legacy = data["results"]
    assert current["score_basis"] == ("index-mapped" if schema == "legacy" else "index")
    assert legacy["score_basis"] == ("index" if schema == "legacy" else "index-mapped")
    assert current["score_max"] == 1.0 and legacy["score_max"] == 14.0
    assert index_record_of(load_system(path)).schema == schema  # type: ignore[union-attr]


def test_olmo_current_record_in_detail() -> None:
    system = load_system(CURRENT / "OLMo.yaml")
    result = Evaluator().evaluate(system, ["osai-index"]).results[0]
    assert result.score == pytest.approx(11.5 / 12)
    assert result.dimensions["paper"] == "partial"
    assert sum(v == "open" for v in result.dimensions.values()) == 11
    # The record also reads as a manifest for the other definitions.
    m = system.manifest
    assert m.components["datasets"].status.value == "released"
    assert m.components["model-parameters-final"].license == "Apache-2.0"
    assert m.system.producer is not None and m.system.producer.name


def test_mapped_judgments_of_the_other_layout() -> None:
    legacy_record = load_system(LEGACY / "projects/olmo-7b-instruct.yaml")
    result = Evaluator().evaluate(legacy_record, ["osai-index"]).results[0]
    assert result.score_basis == "index-mapped"
    # llmdata -> datasources_basemodel, api has no counterpart in the current layout
    assert result.dimensions["datasources_basemodel"] == "open"
    assert result.dimensions["licenses"] == "open"
    current = load_system(CURRENT / "OLMo.yaml")
    legacy = Evaluator().evaluate(current, ["osai-index-legacy"]).results[0]
    assert legacy.dimensions["package"] == "unknown" and legacy.dimensions["api"] == "unknown"


def test_unrecognised_class_weighs_zero_and_is_noted() -> None:
    system = load_system(V1 / "smollm.yaml")
    assert any("'full'" in n for n in system.notes)
    result = Evaluator().evaluate(system, ["osai-index"]).results[0]
    assert result.dimensions["modelcard"] == "unknown"


def test_record_without_a_name_is_refused() -> None:
    with pytest.raises(ManifestError, match=r"project\.name: required field is missing"):
        load_system(LEGACY / "projects/text-generation-webui.yaml")


def test_not_an_index_record_names_all_three_formats() -> None:
    with pytest.raises(ManifestError, match="Open Source AI Index record"):
        load_system_text("system: {name: x}\n", name="x.yaml")


def test_every_current_and_v1_record_evaluates_under_every_definition() -> None:
    from osaid.definitions.loader import DEFINITION_IDS

    evaluator = Evaluator()
    for folder in (CURRENT, V1):
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "a_submission_template.yaml":
                continue
            report = evaluator.evaluate(load_system(path), DEFINITION_IDS)
            assert len(report.results) == len(DEFINITION_IDS)


def test_ranking_of_the_legacy_index_tops_with_olmo() -> None:
    records, _ = load_index_folder(LEGACY / "projects")
    ranking = rank(records)
    assert [(e.name, e.score) for e in ranking[:2]] == [
        ("OLMo 7B Instruct", 12.5),
        ("BLOOMZ", 12.0),
    ]
