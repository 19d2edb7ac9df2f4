"""Table-driven checks of the MOT rules that evaluate_mot reproduces, and of its variant."""

from __future__ import annotations

from typing import Any

import pytest

from osaid.errors import ManifestError
from osaid.mof import MofComponentResult, MofResult, evaluate_mof_normalized, evaluate_mot
from osaid.mof.framework import load_framework, load_mot_licenses

CLASS_3 = [
    "Model architecture",
    "Model parameters (Final)",
    "Model card",
    "Data card",
    "Technical report",
    "Evaluation results",
]
CLASS_2 = ["Training code", "Inference code", "Evaluation code", "Evaluation data"]
TC = "Training code"
CLASS_1 = [
    "Datasets",
    "Data preprocessing code",
    "Model parameters (Intermediate)",
    "Research paper",
]


def record(
    components: dict[str, Any] | list[dict[str, Any]],
    license: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A MOT record; `components` maps a name to its license (None: no license key)."""
    if isinstance(components, dict):
        items = []
        for name, lic in components.items():
            item: dict[str, Any] = {"name": name, "description": "x"}
            if lic is not None:
                item["license"] = lic
            items.append(item)
    else:
        items = components
    release: dict[str, Any] = {"name": "test", "producer": "p"}
    if license is not None:
        release["license"] = {k: {"name": v, "path": ""} for k, v in license.items()}
    release["components"] = items
    return {"framework": {"name": "Model Openness Framework"}, "release": release}


def comp(result: MofResult, name: str) -> MofComponentResult:
    return next(c for c in result.components if c.mof_name == name)


def everything(lic: str | None = "Apache-2.0") -> dict[str, str | None]:
    return dict.fromkeys(CLASS_3 + CLASS_2 + CLASS_1, lic)


# --- the packaged data --------------------------------------------------------------------


def test_framework_matches_mof() -> None:
    fw = load_framework()
    assert len(fw.components) == 17
    names = {c.mot_id: c.name for c in fw.components}
    assert [names[i] for i in fw.required[3]] == [
        "Model architecture",
        "Model parameters (Final)",
        "Evaluation results",
        "Model card",
        "Data card",
        "Technical report",
    ]
    assert sorted(names[i] for i in fw.required[2]) == sorted(CLASS_2)
    assert sorted(names[i] for i in fw.required[1]) == sorted(CLASS_1)
    assert sorted(names[i] for k in (1, 2, 3) for i in fw.optional[k]) == [
        "Model metadata",
        "Sample model outputs",
        "Supporting libraries and tools",
    ]
    assert names[11] == "Technical report" and names[21] == "Research paper"
    # every MOT name maps to a canonical component id through components.yaml aliases
    assert all(c.component_id for c in fw.components)
    assert len({c.component_id for c in fw.components}) == 17
    assert fw.class_labels[0] == "Unclassified"
    assert fw.class_labels[3] == "Class III - Open Model"


@pytest.mark.parametrize(
    ("license_id", "is_open"),
    [
        ("Apache-2.0", True),  # OSI
        ("GPL-2.0", True),  # deprecated SPDX id, still OSI-approved in MOT's snapshot
        ("Apache-1.0", True),  # FSF-libre only
        ("CC-BY-4.0", True),  # open data (and FSF-libre)
        ("ODC-By-1.0", True),  # open data only
        ("CDLA-Permissive-2.0", True),
        ("OpenMDW-1.0", True),  # special case
        ("CC-BY-NC-4.0", False),
        ("Apache 2.0", False),
        ("apache-2.0", False),  # case-sensitive
        ("Apache-2.0 OR MIT", False),  # no expressions
        ("unlicensed", False),
        ("PDDL-1.0", False),  # type-appropriate for data, yet not open in MOT
    ],
)
def test_open_license_table(license_id: str, is_open: bool) -> None:
    assert (license_id in load_mot_licenses().open_ids) is is_open


# --- full results ---------------------------------------------------------------------------


def test_all_open_is_class_1() -> None:
    result = evaluate_mot(record(everything()))
    assert (result.class_, result.label) == (1, "Class I - Open Science Model")
    assert result.progress == {1: 100.0, 2: 100.0, 3: 100.0}


def test_empty_record_is_unclassified() -> None:
    result = evaluate_mot(record({}))
    assert (result.class_, result.label) == (0, "Unclassified")
    assert result.progress == {1: 0.0, 2: 0.0, 3: 0.0}
    assert not any(c.listed for c in result.components)


@pytest.mark.parametrize(
    ("licenses", "components", "origin", "resolved"),
    [
        ({"distribution": "MIT", "code": "0BSD"}, {TC: "ISC"}, "component", "ISC"),
        ({"distribution": "MIT", "code": "0BSD"}, {TC: None}, "global:code", "0BSD"),
        ({"distribution": "MIT", "data": "CC0-1.0"}, {TC: None}, "distribution", "MIT"),
        ({"distribution": "MIT", "data": "CC0-1.0"}, {"Datasets": None}, "global:data", "CC0-1.0"),
        ({"document": "CC-BY-4.0"}, {"Model card": None}, "global:document", "CC-BY-4.0"),
        ({"document": "CC-BY-4.0"}, {TC: None}, None, "unlicensed"),
        ({}, {TC: None}, None, "unlicensed"),
        ({"distribution": "MIT"}, {TC: "unlicensed"}, "component", "unlicensed"),
        ({"distribution": "MIT"}, {TC: ""}, "component", "unlicensed"),
        ({"distribution": "MIT"}, {TC: "0"}, "component", "unlicensed"),  # PHP empty
        ({"distribution": "", "code": "0"}, {TC: None}, None, "unlicensed"),
    ],
)  # fmt: skip
def test_license_fallback(
    licenses: dict[str, str],
    components: dict[str, str | None],
    origin: str | None,
    resolved: str,
) -> None:
    (name,) = components
    result = comp(evaluate_mot(record(components, licenses)), name)
    assert (result.license_origin, result.license) == (origin, resolved)
    assert result.open is (resolved != "unlicensed")


def test_unlicensed_stops_the_fallback() -> None:
    components = everything(None)
    components["Model card"] = "unlicensed"
    result = evaluate_mot(record(components, {"distribution": "Apache-2.0"}))
    card = comp(result, "Model card")
    assert (card.license, card.open, card.counted) == ("unlicensed", False, False)
    assert "no fallback" in card.note
    assert result.class_ == 0
    assert result.progress == {1: 0.0, 2: 0.0, 3: 5 / 6 * 100}


def test_research_paper_stands_in_for_technical_report() -> None:
    components = dict.fromkeys(CLASS_3, "Apache-2.0")
    del components["Technical report"]
    without = evaluate_mot(record(components))
    assert without.class_ == 0
    assert without.progress[3] == 5 / 6 * 100
    components["Research paper"] = "CC-BY-4.0"
    with_paper = evaluate_mot(record(components))
    assert (with_paper.class_, with_paper.label) == (3, "Class III - Open Model")
    assert with_paper.progress[3] == 100.0
    assert with_paper.progress[2] == 60.0  # 6 of 10: the paper counts in class II too
    assert comp(with_paper, "Research paper").counted
    assert "counts in its place" in comp(with_paper, "Technical report").note


def test_research_paper_not_open_does_not_stand_in() -> None:
    components = dict.fromkeys(CLASS_3, "Apache-2.0")
    del components["Technical report"]
    components["Research paper"] = "arXiv.org perpetual non-exclusive license 1.0"
    result = evaluate_mot(record(components))
    assert result.class_ == 0 and result.progress[3] == 5 / 6 * 100


def test_class_1_needs_one_fewer_without_technical_report() -> None:
    components = everything()
    del components["Technical report"]
    result = evaluate_mot(record(components))  # 13 of 13 for class I
    assert result.class_ == 1
    assert result.progress == {1: 100.0, 2: 100.0, 3: 100.0}


def test_progress_is_zero_below_an_unmet_class() -> None:
    components = everything()
    components["Model card"] = "CC-BY-NC-4.0"  # class III now unmet
    result = evaluate_mot(record(components))
    assert result.class_ == 0
    assert result.progress == {1: 0.0, 2: 0.0, 3: 5 / 6 * 100}
    components = everything()
    components["Training code"] = "Proprietary"  # class III met, class II unmet
    result = evaluate_mot(record(components))
    assert result.class_ == 3
    assert result.progress == {1: 0.0, 2: 90.0, 3: 100.0}
    assert comp(result, "Training code").note == "license 'Proprietary' is not open per MOT"


def test_class_progress_is_cumulative() -> None:
    components = dict.fromkeys(CLASS_3 + CLASS_2, "MIT")
    components["Datasets"] = "CC-BY-4.0"
    result = evaluate_mot(record(components))
    assert result.class_ == 2
    assert result.progress == {1: 11 / 14 * 100, 2: 100.0, 3: 100.0}


def test_optional_components_never_count() -> None:
    optional = dict.fromkeys(
        ["Model metadata", "Supporting libraries and tools", "Sample model outputs"], "MIT"
    )
    result = evaluate_mot(record(optional))
    assert result.progress == {1: 0.0, 2: 0.0, 3: 0.0}
    assert all(c.open and not c.counted for c in result.components if c.listed)


def test_not_type_appropriate_counts_with_a_warning() -> None:
    components = dict.fromkeys(CLASS_3, "Apache-2.0")
    components["Model parameters (Final)"] = "MIT"  # code license on data
    result = evaluate_mot(record(components))
    params = comp(result, "Model parameters (Final)")
    assert (params.open, params.type_appropriate, params.counted) == (True, False, True)
    assert result.class_ == 3
    assert any("Model parameters (Final)" in w and "type-appropriate" in w for w in result.warnings)


def test_unknown_component_name_is_ignored_with_a_warning() -> None:
    result = evaluate_mot(record({"Model weights": "MIT", "Model card": "CC-BY-4.0"}))
    unknown = comp(result, "Model weights")
    assert (unknown.component_id, unknown.listed, unknown.counted) == (None, True, False)
    assert unknown.license == "MIT"
    assert any("'Model weights'" in w for w in result.warnings)
    assert result.progress[3] == 1 / 6 * 100
    assert len(result.components) == 18


def test_repeated_component_last_one_wins() -> None:
    result = evaluate_mot(
        record([{"name": "Model card", "license": "MIT"}, {"name": "Model card", "license": "x"}])
    )
    assert comp(result, "Model card").license == "x"
    assert any("listed again" in w for w in result.warnings)


def test_global_license_after_components_is_dropped_like_mot() -> None:
    rec = record({"Model card": None}, {"distribution": "Apache-2.0"})
    rec["release"]["license"] = rec["release"].pop("license")  # now after "components"
    exact = evaluate_mot(rec)
    assert comp(exact, "Model card").license == "unlicensed"
    assert any("after release.components" in w for w in exact.warnings)
    normalized = evaluate_mof_normalized(rec, lambda lic: lic == "Apache-2.0")
    assert comp(normalized, "Model card").license == "Apache-2.0"


# --- the normalised variant -----------------------------------------------------------------


def simple_is_open(lic: str) -> bool | None:
    """A stand-in for osaid's license test: knows a few spellings, None for the rest."""
    known = {"apache-2.0": True, "apache 2.0": True, "mit": True, "cc-by-nc-4.0": False}
    if " OR " in lic:
        answers = [simple_is_open(part) for part in lic.split(" OR ")]
        return True if any(answers) else None
    return known.get(lic.casefold())


def test_apache_2_0_misspelt_fails_exact_passes_normalized() -> None:
    rec = record(dict.fromkeys(CLASS_3, "Apache 2.0"))
    exact = evaluate_mot(rec)
    assert exact.class_ == 0 and exact.progress[3] == 0.0
    assert comp(exact, "Model card").note == "license 'Apache 2.0' is not open per MOT"
    normalized = evaluate_mof_normalized(rec, simple_is_open)
    assert (normalized.class_, normalized.variant) == (3, "mof-normalized")
    assert normalized.progress[3] == 100.0
    card = comp(normalized, "Model card")
    assert card.counted and card.type_appropriate is None


def test_normalized_expression_and_unknown() -> None:
    rec = record(
        {"Model card": "Apache-2.0 OR MIT", "Data card": "Some Custom License", "Datasets": " mit "}
    )
    result = evaluate_mof_normalized(rec, simple_is_open)
    assert comp(result, "Model card").counted
    assert comp(result, "Datasets").license == "mit"
    custom = comp(result, "Data card")
    assert (custom.open, custom.counted) == (False, False)
    assert "not recognised" in custom.note
    assert any("Some Custom License" in w for w in result.warnings)


def test_normalized_never_asks_about_unlicensed() -> None:
    asked: list[str] = []

    def spy(lic: str) -> bool | None:
        asked.append(lic)
        return True

    rec = record({"Model card": "Unlicensed", "Data card": None, "Evaluation results": "0"})
    result = evaluate_mof_normalized(rec, spy)
    assert asked == ["0"]  # the PHP '0'-is-empty accident is not reproduced
    assert comp(result, "Model card").license == "unlicensed"
    assert comp(result, "Data card").license == "unlicensed"


def test_normalized_matches_names_loosely() -> None:
    rec = record({"model  CARD": "MIT"})
    assert comp(evaluate_mof_normalized(rec, simple_is_open), "Model card").counted
    assert comp(evaluate_mot(rec), "model  CARD").component_id is None


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ("not a mapping", None),
        ({"framework": {}}, "release"),
        ({"release": ["x"]}, "release"),
        ({"release": {"components": "Model card"}}, "release.components"),
        ({"release": {"components": {"name": "Model card"}}}, "release.components"),
        ({"release": {"components": ["Model card"]}}, "release.components[0]"),
        ({"release": {"components": [{"license": "MIT"}]}}, "release.components[0].name"),
        ({"release": {"components": [{"name": 7}]}}, "release.components[0].name"),
        (
            {"release": {"components": [{"name": "Model card", "license": ["MIT"]}]}},
            "release.components[0].license",
        ),
        (
            {"release": {"components": [{"name": "Model card", "license": 2.0}]}},
            "release.components[0].license",
        ),
        (
            {"release": {"license": {"code": {"name": 3}}, "components": []}},
            "release.license.code.name",
        ),
    ],
)
def test_malformed_records_raise_manifest_error(bad: Any, field: str | None) -> None:
    for evaluate in (evaluate_mot, lambda r: evaluate_mof_normalized(r, simple_is_open)):
        with pytest.raises(ManifestError) as info:
            evaluate(bad)
        assert info.value.field == field


@pytest.mark.parametrize(
    "release",
    [
        {},
        {"components": None},
        {"components": []},
        {"license": None, "components": [{"name": "Model card"}]},
        {"license": "MIT", "components": [{"name": "Model card"}]},
        {"license": {"code": "MIT", "distribution": None}, "components": [{"name": ""}]},
        {"license": {"distribution": {"path": ""}}, "components": [{"name": "Model card"}]},
        {"license": {"other": {"name": "MIT"}}, "components": [{"name": "Datasets", "license": 0}]},
    ],
)
def test_lenient_records_evaluate(release: dict[str, Any]) -> None:
    for result in (
        evaluate_mot({"release": release}),
        evaluate_mof_normalized({"release": release}, simple_is_open),
    ):
        assert result.class_ == 0
        assert result.progress == {1: 0.0, 2: 0.0, 3: 0.0}
