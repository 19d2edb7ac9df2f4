"""Definitions load, validate, and diff in readable terms."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from osaid._yaml import load_yaml
from osaid.cli.main import app
from osaid.components import component_catalog
from osaid.definitions.diff import diff_definitions
from osaid.definitions.interface import LegalFramework, Rule
from osaid.definitions.loader import DEFINITION_IDS, load_definition, parse_definition
from osaid.errors import DataError, UnknownIdError


@pytest.mark.parametrize("definition_id", DEFINITION_IDS)
def test_every_definition_loads_with_sources(definition_id: str) -> None:
    d = load_definition(definition_id)
    assert d.id == definition_id
    assert d.requirements
    for r in d.requirements:
        assert r.source.startswith("https://")
        assert r.text and r.remediation
        assert all(c in component_catalog().components for c in r.components)


def test_osaid_1_0_elements_and_legal_frameworks() -> None:
    d = load_definition("osaid-1.0")
    code = [r for r in d.requirements if r.element.value == "code"]
    assert {r.legal for r in code} == {LegalFramework.OSI_APPROVED_LICENSE}
    assert d.requirement("parameters.final").legal is LegalFramework.OPEN_TERMS
    assert d.requirement("data-information.equivalence").rule is Rule.REVIEW
    assert d.requirement("parameters.intermediate").optional


def test_0_0_9_data_is_at_least_one_of() -> None:
    req = load_definition("osaid-0.0.9").requirement("data-information.any-of")
    assert req.rule is Rule.ANY
    assert req.components == ("datasets", "research-paper", "technical-report", "data-card")


def test_mof_classes_cover_the_17_components() -> None:
    d = load_definition("mof")
    assert len(d.requirements) == 17
    assert {r.mof_class for r in d.requirements} == {1, 2, 3}
    assert sum(not r.optional for r in d.requirements) == 14


def test_unknown_definition() -> None:
    with pytest.raises(UnknownIdError):
        load_definition("osaid-2.0")


def _all_words(diff_changes: object) -> str:
    return json.dumps(diff_changes, default=lambda o: o.__dict__)


def test_rc1_to_1_0_diff_shows_the_published_changes() -> None:
    diff = diff_definitions(load_definition("osaid-1.0-rc1"), load_definition("osaid-1.0"))
    changed = {r.id: r for r in diff.requirements}
    assert all(r.kind == "changed" for r in diff.requirements)
    desc = {w for c in changed["data-information.description"].changes for w in c.words}
    assert ("a detailed", "the complete") in desc
    assert ("cleaning", "processing and filtering") in desc
    code = {w for c in changed["code.data-processing"].changes for w in c.words}
    assert ("Data Information", "data") in code
    params = " ".join(a for c in changed["parameters.final"].changes for _, a in c.words)
    assert "require a specific legal mechanism" in params
    assert "free by their nature" in params
    assert set(changed) == {
        "data-information.description",
        "code.data-processing",
        "parameters.final",
    }


def test_0_0_9_to_1_0_diff_adds_the_listings() -> None:
    diff = diff_definitions(load_definition("osaid-0.0.9"), load_definition("osaid-1.0"))
    kinds = {r.id: r.kind for r in diff.requirements}
    assert kinds["data-information.public-listing"] == "added"
    assert kinds["data-information.obtainable-listing"] == "added"
    assert kinds["data-information.any-of"] == "removed"
    assert kinds["code.training"] == "changed"


def test_identical_definitions_have_an_empty_diff() -> None:
    d = load_definition("osaid-1.0")
    assert diff_definitions(d, d).empty


def test_cli_diff_text_names_the_changes() -> None:
    result = CliRunner().invoke(app, ["definitions", "diff", "osaid-1.0-rc1", "osaid-1.0"])
    assert result.exit_code == 0, result.output
    assert "“a detailed” → “the complete”" in result.output
    assert "“cleaning” → “processing and filtering”" in result.output


def test_cli_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["definitions", "list"])
    assert listed.exit_code == 0
    assert all(d in listed.output for d in DEFINITION_IDS)
    shown = runner.invoke(app, ["definitions", "show", "osaid-0.0.9", "--format", "json"])
    data = json.loads(shown.output)
    assert data["requirements"][0]["rule"] == "any"


BAD = """\
id: broken
family: osaid
name: x
version: "1"
status: draft
published: "2024"
source: https://example.org
legal_frameworks: {osi-approved-license: x}
requirements:
  - id: a
    element: code
    title: t
    text: t
    source: https://example.org
    rule: all
    components: [training-code, warp-drive]
    legal: osi-approved-license
    freedoms: [use]
    remediation: r
"""


def test_invalid_definition_names_file_line_and_field() -> None:
    with pytest.raises(DataError) as err:
        parse_definition(load_yaml(BAD, file="broken.yaml"))
    assert "broken.yaml:16: requirements.0.components.1: unknown component 'warp-drive'" in str(
        err.value
    )


def test_invalid_enum_is_rejected() -> None:
    with pytest.raises(DataError, match="rule: 'some' is not one of"):
        text = BAD.replace("rule: all", "rule: some").replace(", warp-drive", "")
        parse_definition(load_yaml(text, file="b.yaml"))


def test_every_rule_is_used_and_every_family_has_an_evaluator() -> None:
    from osaid.catalog import load_catalog_system
    from osaid.evaluation.evaluate import Evaluator

    used = {r.rule for d in DEFINITION_IDS for r in load_definition(d).requirements}
    assert used == set(Rule)
    report = Evaluator().evaluate(load_catalog_system("olmo"), DEFINITION_IDS)
    for definition_id, result in zip(DEFINITION_IDS, report.results, strict=True):
        assert [r.id for r in result.requirements] == [
            r.id for r in load_definition(definition_id).requirements
        ]
