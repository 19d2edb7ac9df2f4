"""The EU AI Act exemption per model, on hand-built records: each condition metadata shows,
inheritance along the lineage, and how the Act's licence condition differs from OSAID's."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from census_helpers import census, record

from osaid.census import AI_ACT_VALUES
from osaid.census.licenses import ACT_SHIFT, KIND_NAMES, judge_string
from osaid.census.records import SCHEMA
from osaid.census.run import run_census

MET = "conditions-met-as-far-as-metadata-shows"


def test_each_condition_metadata_shows(tmp_path: Path) -> None:
    out = census(
        [
            record("a/apache", "apache-2.0"),
            record("a/gated", "apache-2.0", gated=True),
            record("a/no-weights", "apache-2.0", files=[".gitattributes", "README.md"]),
            record("a/no-card", "apache-2.0", has_card=False),
            record("a/card-unknown", "apache-2.0", has_card=None),
            record("a/no-license", None),
            record("a/other", "other"),
            record("a/rail", "openrail++"),
            record("a/nc", "cc-by-nc-4.0"),
            record("a/gated-rail", "openrail++", gated=True),
        ],
        tmp_path,
    )
    act = {k: v["ai_act"] for k, v in out.items()}
    assert act == {
        "a/apache": MET,
        "a/gated": "needs-review",
        "a/no-weights": "unknown",
        "a/no-card": "unknown",
        "a/card-unknown": "unknown",
        "a/no-license": "unknown",
        "a/other": "unknown",
        "a/rail": "licence-fails",
        "a/nc": "licence-fails",
        "a/gated-rail": "licence-fails",  # a failing condition decides before the gate
    }
    assert set(act.values()) == set(AI_ACT_VALUES)
    assert out["a/apache"]["ai_act_licence"] == "met"
    assert out["a/no-license"]["ai_act_licence"] == "unknown"
    assert out["a/rail"]["ai_act_licence"] == "not-met"
    assert {"field-of-use", "restriction-propagation"} <= set(
        out["a/rail"]["ai_act_restriction_kinds"]
    )
    assert out["a/nc"]["ai_act_restriction_kinds"] == ["non-commercial"]
    assert out["a/apache"]["ai_act_restriction_kinds"] == []
    assert not any(v["ai_act_licence_inherited"] for v in out.values())


def test_derivatives_inherit_the_base_models_licence(tmp_path: Path) -> None:
    adapter = [".gitattributes", "README.md", "adapter_config.json", "adapter_model.safetensors"]
    gguf = [".gitattributes", "README.md", "model.Q4_K_M.gguf"]
    out = census(
        [
            record("meta-llama/Llama-2-7b-hf", "llama2", gated=True),
            record("s/ft", "apache-2.0", ["meta-llama/Llama-2-7b-hf"]),
            record("s/ft-lora", "mit", ["s/ft"], files=adapter),
            record("s/ft-GGUF", None, ["s/ft"], files=gguf),
            record("s/merge", "apache-2.0", ["s/ft", "o/open"]),
            record("o/open", "apache-2.0"),
            record("o/open-ft", "mit", ["o/open"]),
            record("x/dangling", "apache-2.0", ["ghost/deleted"]),
        ],
        tmp_path,
    )
    base = out["meta-llama/Llama-2-7b-hf"]
    assert base["ai_act"] == "licence-fails" and not base["ai_act_licence_inherited"]
    for name in ("s/ft", "s/ft-lora", "s/ft-GGUF", "s/merge"):
        row = out[name]
        assert row["ai_act"] == "licence-fails", name
        assert row["ai_act_licence"] == "not-met", name
        assert row["ai_act_licence_inherited"], name
        assert {"user-cap", "acceptable-use-policy"} <= set(row["ai_act_restriction_kinds"])
    # OSAID's view of the same fine-tune: open terms of its own, an ancestor that blocks.
    assert out["s/ft"]["open_washing"] and out["s/ft"]["parameters_legal_effective"] == "not-met"
    assert out["o/open-ft"]["ai_act"] == MET
    assert out["x/dangling"]["ai_act"] == MET  # an unknown base model propagates nothing


def test_the_act_and_osaid_disagree_on_licences(tmp_path: Path) -> None:
    out = census(
        [
            # WTFPL: FSF-free, not OSI-approved: meets the Act's framework, not open terms.
            record("w/wtfpl", "wtfpl"),
            record("w/ft", "apache-2.0", ["w/wtfpl"]),
            # LGPLLR: neither: fails both, without a listed restriction.
            record("l/lgpllr", "lgpl-lr"),
            record("l/ft", "mit", ["l/lgpllr"]),
            record("n/none", "NONE"),
        ],
        tmp_path,
    )
    wtfpl = out["w/wtfpl"]
    assert wtfpl["ai_act"] == MET and wtfpl["ai_act_licence"] == "met"
    assert wtfpl["parameters_legal_effective"] == "not-met"
    assert wtfpl["category"] == "restricted-weights" and wtfpl["own_not_open_terms"]
    # OSAID propagates its failure to the fine-tune; the Act has nothing to propagate.
    assert out["w/ft"]["category"] == "inherits-restriction"
    assert out["w/ft"]["ai_act"] == MET
    assert out["l/lgpllr"]["ai_act_restriction_kinds"] == ["not-free-open-source-licence"]
    assert out["l/ft"]["ai_act_restriction_kinds"] == ["not-free-open-source-licence"]
    assert out["l/ft"]["ai_act_licence_inherited"]
    assert out["l/ft"]["inherited_restriction_kinds"] == ["not-open-terms"]
    # NONE: no licence granted fails the condition for the model itself, with no kind.
    assert out["n/none"]["ai_act"] == "licence-fails"
    assert out["n/none"]["ai_act_restriction_kinds"] == []
    assert out["n/none"]["category"] == "no-license"


def test_the_lookup_judges_each_string_under_both_frameworks() -> None:
    assert len(KIND_NAMES) < ACT_SHIFT  # the two masks fit one integer without overlap
    expr, outcome, mask, informative, _, act, act_mask = judge_string("wtfpl")
    assert (expr, outcome, informative, act, act_mask) == ("WTFPL", "not-met", True, "met", 0)
    assert mask != 0
    assert judge_string("apache-2.0")[5:] == ("met", 0)
    assert judge_string("https://example.org/my-license")[5:] == ("unknown", 0)


def test_canonical_parquet_without_the_claims_column(tmp_path: Path) -> None:
    # Written before `claims_open_source` existed (synth or --from-hub parts): still
    # canonical, read directly by SQL, the column null.
    old = pa.schema([f for f in SCHEMA if f.name != "claims_open_source"])
    rows = [record("o/old", "apache-2.0")]
    rows[0].pop("claims_open_source")
    src = tmp_path / "old.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=old), src)
    new = tmp_path / "new.parquet"
    pq.write_table(
        pa.Table.from_pylist([record("n/new", "mit", claims_open_source=True)], schema=SCHEMA),
        new,
    )
    result = run_census([src, new], tmp_path / "out", progress=False, write_report=False)
    table = {r["model_id"]: r for r in pq.read_table(result.models).to_pylist()}
    assert table["o/old"]["claims_open_source"] is None
    assert table["o/old"]["ai_act"] == MET
    assert table["n/new"]["claims_open_source"] is True
