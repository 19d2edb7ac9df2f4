"""The three framework definitions load, validate and derive as documented."""

from __future__ import annotations

import pytest

from osaid._yaml import load_yaml
from osaid.catalog import load_catalog_system
from osaid.definitions.loader import load_definition, parse_definition
from osaid.errors import DataError
from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.result import Outcome, Status
from osaid.manifest.load import load_system_text
from osaid.manifest.osai_index import CURRENT_DIMENSIONS, LEGACY_DIMENSIONS


def test_index_definitions_have_the_index_dimensions() -> None:
    legacy = load_definition("osai-index-legacy")
    current = load_definition("osai-index")
    assert tuple(r.id for r in legacy.requirements) == LEGACY_DIMENSIONS
    assert tuple(r.id for r in current.requirements) == CURRENT_DIMENSIONS
    assert (legacy.family, legacy.scoring) == ("osai-index", "sum")
    assert (current.family, current.scoring) == ("osai-index", "mean")


HEAD = """\
id: x
family: {family}
name: x
version: "1"
status: draft
published: "2024"
source: https://example.org
{extra}legal_frameworks: {{}}
requirements:
  - id: a
    element: code
    title: t
    text: t
    source: https://example.org
    rule: {rule}
    components: [training-code]
    legal: none
    freedoms: []
    remediation: r
"""


@pytest.mark.parametrize(
    ("family", "extra", "rule", "message"),
    [
        ("osai-index", "", "all", "scoring: osai-index definitions need scoring"),
        ("osai-index", "scoring: sum\n", "dont-care", "not a rule of the osai-index family"),
        ("lf-proposal", "", "any", "not a rule of the lf-proposal family"),
        ("mof", "scoring: mean\n", "mof-class", "only osai-index definitions are scored"),
        ("nope", "", "all", "family: must be one of: osaid, mof, osai-index, lf-proposal"),
    ],
)
def test_family_validation(family: str, extra: str, rule: str, message: str) -> None:
    text = HEAD.format(family=family, extra=extra, rule=rule)
    if rule == "mof-class":
        text = text.replace("rule: mof-class", "rule: mof-class\n    mof_class: 3")
    with pytest.raises(DataError, match=message):
        parse_definition(load_yaml(text, file="x.yaml"))


def test_derived_dimensions_for_a_small_manifest() -> None:
    text = """\
osaid_manifest: 1
system: {name: t}
components:
  model-parameters-final: {status: released, license: Apache-2.0}
  training-code: {status: released, license: CC-BY-NC-4.0}
  data-preprocessing-code: {status: not-released}
  datasets: {status: not-released}
  model-card: {status: unknown}
  technical-report: {status: released, license: CC-BY-4.0}
"""
    result = Evaluator().evaluate(load_system_text(text, name="t.yaml"), ["osai-index"]).results[0]
    dims = result.dimensions
    assert dims["weights_endmodel"] == "open"
    assert dims["trainingcode"] == "partial"  # training code yes, preprocessing code no
    assert dims["datasources_basemodel"] == "closed"
    assert dims["modelcard"] == "unknown"
    assert dims["preprint"] == "open"  # any of technical report, research paper
    # licenses are judged "as available": the NC training code makes it partial
    assert dims["licenses"] == "partial"
    assert result.score_basis == "derived"
    assert result.status is Status.FAIL
    licenses = next(r for r in result.requirements if r.id == "licenses")
    assert licenses.outcome is Outcome.NOT_MET and licenses.failure_kind is not None
    assert licenses.failure_kind.value == "legal"
    assert any("derived" in w for w in result.warnings)


def test_base_model_dimensions_are_unknown_for_a_finetune() -> None:
    system = load_catalog_system("deepseek-r1-distill-llama-8b")
    assert system.manifest.lineage.base_models
    dims = Evaluator().evaluate(system, ["osai-index"]).results[0].dimensions
    assert dims["weights_basemodel"] == "unknown"
    assert dims["datasources_basemodel"] == "unknown"
    assert dims["weights_endmodel"] != "unknown"


def test_json_and_text_reports_show_the_score() -> None:
    from osaid.formats.json_report import report_to_dict
    from osaid.formats.text import render_text

    report = Evaluator().evaluate(load_catalog_system("olmo"), ["osaid-1.0", "osai-index"])
    osaid, index = report_to_dict(report)["results"]
    assert "score" not in osaid
    assert index["score"] == 1.0 and index["score_basis"] == "derived"
    assert set(index["dimensions"]) == set(CURRENT_DIMENSIONS)
    assert "score 1 of 1 (derived)" in render_text(report)
