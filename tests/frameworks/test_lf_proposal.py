"""The LF proposal: only the framework code and the trained model must meet the OSD."""

from __future__ import annotations

import pytest

from osaid.catalog import load_catalog_system
from osaid.definitions.interface import Rule
from osaid.definitions.loader import load_definition
from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.result import FailureKind, Outcome, Status
from osaid.manifest.load import load_system_text


def _result(slug: str):  # type: ignore[no-untyped-def]
    return Evaluator().evaluate(load_catalog_system(slug), ["lf-proposal"]).results[0]


def test_the_table_of_the_proposal() -> None:
    d = load_definition("lf-proposal")
    rows = {r.id: (r.rule, {f.value for f in r.freedoms}) for r in d.requirements}
    four = {"use", "study", "modify", "share"}
    assert rows == {
        "code": (Rule.ALL, four),
        "training-code": (Rule.DONT_CARE, four),
        "model": (Rule.ALL, four),
        "training-data": (Rule.DONT_CARE, four),
        "data": (Rule.NOT_APPLICABLE, four),
    }


def test_olmo_passes() -> None:
    r = _result("olmo")
    assert r.status is Status.PASS
    outcomes = {x.id: x.outcome for x in r.requirements}
    assert outcomes["code"] is Outcome.MET and outcomes["model"] is Outcome.MET
    assert outcomes["training-data"] is Outcome.NOT_APPLICABLE


def test_llama_2_fails_on_its_license_only() -> None:
    r = _result("llama-2")
    assert r.status is Status.FAIL
    assert r.license_only_failure is True
    model = next(x for x in r.requirements if x.id == "model")
    assert model.failure_kind is FailureKind.LEGAL


def test_training_data_does_not_matter() -> None:
    # Mistral 7B releases no training data or training code; it meets the proposal anyway.
    assert _result("mistral-7b").status is Status.PASS


MANIFEST = """\
osaid_manifest: 1
system: {{name: t}}
components:
  model-architecture: {{status: released, license: MIT}}
  inference-code: {{status: released, license: MIT}}
  model-parameters-final: {{status: {weights}, license: {license}}}
"""


@pytest.mark.parametrize(
    ("weights", "license", "status"),
    [
        ("released", "CC-BY-4.0", Status.PASS),  # open terms are enough for the model
        ("released", "CC-BY-NC-4.0", Status.FAIL),
        ("not-released", "MIT", Status.FAIL),
        ("unknown", "MIT", Status.UNKNOWN),
    ],
)
def test_model_row(weights: str, license: str, status: Status) -> None:
    system = load_system_text(MANIFEST.format(weights=weights, license=license), name="t.yaml")
    assert Evaluator().evaluate(system, ["lf-proposal"]).results[0].status is status
