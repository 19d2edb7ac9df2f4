"""The AI Act exemption and open-source claims on the real Hub samples in tests/data/hf.

The expected values below were written from the records themselves (the JSONL line or CSV
row quoted in each comment) before the census was run on them.
"""

from __future__ import annotations

import copy
import gzip
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from osaid.census import AI_ACT_VALUES
from osaid.census.records import canonical_from_api, canonical_from_csv_row
from osaid.census.run import CensusResult, run_census

HF = Path(__file__).resolve().parents[1] / "data" / "hf"
JSONL = HF / "hf_models_2022-02.jsonl.gz"
CSV = HF / "hf_models_open_2025-10.csv"
MET = "conditions-met-as-far-as-metadata-shows"

# model id: (ai_act, ai_act_licence, restriction kinds that must be listed)
EXPECTED_2022: dict[str, tuple[str, str, set[str]]] = {
    # tags license:apache-2.0, card `license: apache-2.0`; pytorch_model.bin, tf_model.h5,
    # flax_model.msgpack; card front matter present; not gated (the 2022 API had no gating)
    "bert-base-uncased": (MET, "met", set()),
    # `license: mit`, tf_model.h5, a card
    "philschmid/gbert-base-germaner": (MET, "met", set()),
    # `license: wtfpl` (FSF-free, not OSI-approved), pytorch_model.bin, a card
    "seanbenhur/MuLTiGENBiaS": (MET, "met", set()),
    # `license: cc-by-nc-4.0`, pytorch_model.bin, a card
    "nguyenvulebinh/vi-mrc-base": ("licence-fails", "not-met", {"non-commercial"}),
    # `license: lgpl-lr` (LGPL for Linguistic Resources: neither OSI-approved nor FSF-free)
    "spacy/fr_core_news_sm": ("licence-fails", "not-met", {"not-free-open-source-licence"}),
    # no tags, no card, only .gitattributes
    "007J/smile": ("unknown", "unknown", set()),
}
EXPECTED_2025: dict[str, tuple[str, str, set[str]]] = {
    # license creativeml-openrail-m (a RAIL licence: use restrictions in Attachment A)
    "prompthero/openjourney": (
        "licence-fails",
        "not-met",
        {"field-of-use", "restriction-propagation"},
    ),
    # a fine-tune of Llama 3.1 (by its name) tagged llama3.1: Llama's terms, its own tag
    "trungvo/Llama-3.1-8B-Instruct-finetuned-OpenbookQA_CommonsenseQA": (
        "licence-fails",
        "not-met",
        {"user-cap", "acceptable-use-policy"},
    ),
    # a Llama 2 LoRA (by its name) with a blank license: the listing names no base model,
    # so nothing can be inherited: unknown
    "Styxxxx/llama2_7b_lora-openbookqa": ("unknown", "unknown", set()),
    # license apache-2.0, but a listing shows no file list and no card
    "omunaman/Open_Source_GPT_OSS_20B": ("unknown", "met", set()),
}


def _census(path: Path, out: Path, engine: str = "duckdb") -> CensusResult:
    return run_census([path], out, engine=engine, progress=False)


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> CensusResult:
    return _census(JSONL, tmp_path_factory.mktemp("jsonl"))


@pytest.fixture(scope="module")
def csv(tmp_path_factory: pytest.TempPathFactory) -> CensusResult:
    return _census(CSV, tmp_path_factory.mktemp("csv"))


def _rows(result: CensusResult, ids: set[str]) -> dict[str, dict[str, Any]]:
    table = pq.read_table(result.models).to_pylist()
    return {r["model_id"]: r for r in table if r["model_id"] in ids}


@pytest.mark.parametrize(("which", "expected"), [("jsonl", EXPECTED_2022), ("csv", EXPECTED_2025)])
def test_named_real_models(
    which: str, expected: dict[str, tuple[str, str, set[str]]], request: pytest.FixtureRequest
) -> None:
    rows = _rows(request.getfixturevalue(which), set(expected))
    assert set(rows) == set(expected)
    for model, (act, licence, kinds) in expected.items():
        row = rows[model]
        assert (row["ai_act"], row["ai_act_licence"]) == (act, licence), model
        assert kinds <= set(row["ai_act_restriction_kinds"]), model
        assert row["ai_act_licence_inherited"] is False, model  # no lineage in these dumps


def test_the_act_and_osaid_on_the_same_real_models(jsonl: CensusResult) -> None:
    rows = _rows(jsonl, {"bert-base-uncased", "seanbenhur/MuLTiGENBiaS"})
    # WTFPL meets the Act's licence condition and fails OSAID's.
    assert rows["seanbenhur/MuLTiGENBiaS"]["parameters_legal_effective"] == "not-met"
    assert rows["seanbenhur/MuLTiGENBiaS"]["category"] == "restricted-weights"
    assert rows["bert-base-uncased"]["category"] == "osaid-candidate"


def test_counts_on_the_2022_jsonl(jsonl: CensusResult) -> None:
    s = json.loads(jsonl.summary.read_text())
    act = s["ai_act"]
    assert sum(act["values"].values()) == s["total_models"] == 29_432
    assert act["values"]["needs-review"] == 0  # the 2022 API did not report gating
    # CC-BY-NC-* (127 models), LGPLLR (6), all by their own tags; nothing is inherited.
    assert act["licence_fails"]["models"] == 133
    assert act["licence_fails"]["inherited_only"] == 0
    assert act["licence_fails"]["by_kind"]["non-commercial"] == 127
    assert act["licence_fails"]["by_kind"]["not-free-open-source-licence"] == 6
    # Most declared licenses are Apache-2.0 or MIT with weights and a card.
    assert 6_500 <= act["conditions_met_as_far_as_metadata_shows"] <= 7_500
    assert act["conditions_met_as_far_as_metadata_shows"] <= act["licence"]["met"]
    # WTFPL: meets the Act's licence condition, fails OSAID's; never the reverse here.
    differ = act["act_licence_met_osaid_licence_not_met"]
    assert differ["models"] == 3 and differ["by_license"] == [{"license": "WTFPL", "models": 3}]
    assert act["osaid_licence_met_act_licence_not_met"]["models"] == 0
    # Meeting the Act's conditions says nothing of data information or code.
    assert act["by_osaid_category"][MET]["open-weights-only"] > 2_000
    claims = s["claims_open_source"]
    # "Open Source" appears in 4 front matters, all inside widget example inputs.
    assert claims["models"] == 0 and claims["metadata_not_shown"] == 0
    assert "lower bounds" in claims["basis"]


def test_counts_on_the_2025_csv(csv: CensusResult) -> None:
    s = json.loads(csv.summary.read_text())
    act = s["ai_act"]
    # A listing has no file list and no card: no model meets every condition metadata shows.
    assert act["values"][MET] == 0
    assert act["values"]["licence-fails"] + act["values"]["unknown"] == s["total_models"]
    # llama2 223, llama3 222, llama3.1 106, llama3.2 82, llama3.3 26, llama4 1
    assert act["licence_fails"]["by_kind"]["user-cap"] == 660
    assert act["licence_fails"]["by_kind"]["non-commercial"] >= 300
    differ = act["act_licence_met_osaid_licence_not_met"]["by_license"]
    assert {d["license"]: d["models"] for d in differ} == {"WTFPL": 2, "BSD-3-Clause-Clear": 1}
    # Every other model failing OSAID's licence condition fails the Act's too.
    assert act["licence_fails"]["models"] == s["parameters_legal_effective"]["not-met"] - 3
    # The listing shows no tags: whether a model claims open source is not known.
    assert s["claims_open_source"]["metadata_not_shown"] == s["total_models"]


def test_report_shows_the_ai_act_counts(jsonl: CensusResult) -> None:
    s = json.loads(jsonl.summary.read_text())
    metrics: dict[str, str] = {}

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "td" and a.get("data-metric"):
                metrics[a["data-metric"] or ""] = a.get("data-value") or ""

    html = jsonl.report.read_text()
    Parser().feed(html)
    for value in AI_ACT_VALUES:
        assert int(metrics[f"ai_act:{value}"]) == s["ai_act"]["values"][value]
    assert int(metrics["act_licence_met_osaid_licence_not_met"]) == 3
    assert int(metrics["claims_open_source"]) == 0
    assert "these counts are lower bounds" in html
    assert "upper bound of the exempt" in html


# ---- claims_open_source on real records ------------------------------------------------------


def _record(model_id: str) -> dict[str, Any]:
    with gzip.open(JSONL, "rt", encoding="utf-8") as fh:
        for line in fh:
            if f'"modelId": "{model_id}"' in line:
                record: dict[str, Any] = json.loads(line)
                return record
    raise AssertionError(f"{model_id} is not in {JSONL.name}")


def _claims(record: dict[str, Any]) -> bool | None:
    value: bool | None = canonical_from_api(record)["claims_open_source"]
    return value


def test_real_records_that_do_not_claim_open_source() -> None:
    # The words only inside the widget's example input (German text about Hugging Face).
    gbert = _record("philschmid/gbert-base-germaner")
    assert "Open Source" in gbert["card_front_matter_yaml"]
    assert _claims(gbert) is False
    # Likewise in English ("large open source repositories along with paid services").
    qgen = _record("nbroad/mt5-small-qgen")
    assert "open source" in qgen["card_front_matter_yaml"]
    assert _claims(qgen) is False
    # "opensource" only as the namespace of the model id: not the model's metadata.
    assert _claims(_record("opensource/extract_names")) is False
    assert _claims(_record("bert-base-uncased")) is False


def test_real_records_with_a_claim_added() -> None:
    # No record of either dump says "open source" outside widget examples, and none has the
    # words inside an address: these are real records with one field added or moved.
    base = _record("EleutherAI/gpt-neo-125M")
    tagged = copy.deepcopy(base)
    tagged["tags"].append("open-source")
    assert _claims(tagged) is True
    said = copy.deepcopy(base)
    said["card_front_matter_yaml"] += "\nmodel_description: An OpenSource language model"
    assert _claims(said) is True
    # The widget text of gbert, moved to a key that describes the model, counts.
    moved = _record("philschmid/gbert-base-germaner")
    moved["card_front_matter_yaml"] = moved["card_front_matter_yaml"].replace(
        "widget:\n - text: |", "description: |"
    )
    assert _claims(moved) is True
    # Inside an address it does not: a repository link and a license link.
    linked = copy.deepcopy(base)
    linked["card_front_matter_yaml"] += (
        "\nrepository: https://github.com/EleutherAI/open-source-lm"
        "\nlicense_link: opensource.org/licenses/Apache-2.0"
        "\nsee_also: www.open-source.example/gpt-neo"
    )
    assert _claims(linked) is False
    # Front matter that does not parse is read as text.
    broken = copy.deepcopy(base)
    broken["card_front_matter_yaml"] = "license: [apache-2.0\ntags: open source"
    assert _claims(broken) is True
    # Word boundaries: neither "open-sourced" nor "opensourcerer" is the term.
    worded = copy.deepcopy(base)
    worded["card_front_matter_yaml"] += "\nnote: open-sourced by opensourcerers"
    assert _claims(worded) is False


def test_csv_rows_say_nothing_of_tags() -> None:
    row = {
        "Name": "Open_Source_GPT_OSS_20B",
        "id": "omunaman/Open_Source_GPT_OSS_20B",
        "model_type": "text-generation",
        "license": "apache-2.0",
        "date_released": "2025-09-03T05:59:01+00:00",
        "downloads": "33",
        "author": "omunaman",
    }
    assert canonical_from_csv_row(row)["claims_open_source"] is None
    assert canonical_from_csv_row({**row, "tags": "open-source"})["claims_open_source"] is True
    assert canonical_from_csv_row({**row, "tags": "llm"})["claims_open_source"] is False


# ---- both engines ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_both_engines_agree_on_the_real_dumps(
    tmp_path: Path, jsonl: CensusResult, csv: CensusResult
) -> None:
    ray = pytest.importorskip("ray", reason="Ray is not installed (optional extra census-ray)")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        by_ray = [_census(p, tmp_path / p.name, engine="ray") for p in (JSONL, CSV)]
    finally:
        ray.shutdown()
    for duck, rayed in zip((jsonl, csv), by_ray, strict=True):
        a = pq.read_table(duck.models).sort_by("model_id")
        b = pq.read_table(rayed.models).sort_by("model_id")
        assert a.schema == b.schema
        for name in a.schema.names:
            assert a.column(name).to_pylist() == b.column(name).to_pylist(), name
        sa, sb = json.loads(duck.summary.read_text()), json.loads(rayed.summary.read_text())
        assert sa["ai_act"] == sb["ai_act"]
        assert sa["claims_open_source"] == sb["claims_open_source"]
