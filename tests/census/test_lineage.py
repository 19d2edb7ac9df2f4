"""Hand-built lineage graphs through the DuckDB engine, and the numpy algorithm directly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from census_helpers import census, record

from osaid.census.lineage import propagate


def test_apache_finetune_of_llama2_is_flagged_with_the_ancestor_named(tmp_path: Path) -> None:
    out = census(
        [
            record("meta-llama/Llama-2-7b-hf", "llama2"),
            record("someone/llama2-chat-ft", "apache-2.0", ["meta-llama/Llama-2-7b-hf"]),
        ],
        tmp_path,
    )
    child = out["someone/llama2-chat-ft"]
    assert child["open_washing"] is True
    assert child["blocking_ancestor"] == "meta-llama/Llama-2-7b-hf"
    assert child["blocking_ancestor_license"] == "LicenseRef-Llama-2"
    assert child["blocking_ancestor_distance"] == 1
    assert child["category"] == "inherits-restriction"
    assert child["parameters_legal"] == "met"
    assert child["parameters_legal_effective"] == "not-met"
    assert {"user-cap", "acceptable-use-policy"} <= set(child["inherited_restriction_kinds"])
    assert child["relation"] == "finetune" and child["relation_source"] == "inferred"
    parent = out["meta-llama/Llama-2-7b-hf"]
    assert parent["category"] == "restricted-weights" and parent["open_washing"] is False
    assert parent["family_root"] == parent["model_id"] and parent["depth"] == 0


def test_diamond_merge(tmp_path: Path) -> None:
    out = census(
        [
            record("org/root", "cc-by-nc-4.0"),
            record("a/left", "mit", ["org/root"]),
            record("b/right", "apache-2.0", ["org/root"]),
            record("c/merged", "apache-2.0", ["a/left", "b/right"]),
        ],
        tmp_path,
    )
    merged = out["c/merged"]
    assert merged["relation"] == "merge"  # two parents, no relation declared
    assert merged["n_parents_resolved"] == 2
    assert merged["depth"] == 2
    assert merged["family_root"] == "org/root"
    assert merged["blocking_ancestor"] == "org/root"
    assert merged["blocking_ancestor_distance"] == 2
    assert merged["open_washing"] is True
    assert merged["inherited_restriction_kinds"] == ["non-commercial"]
    assert out["org/root"]["category"] == "non-commercial"


def test_cycle_and_descendant(tmp_path: Path) -> None:
    out = census(
        [
            record("p/one", "apache-2.0", ["q/two"]),
            record("q/two", "llama2", ["p/one"]),
            record("c/below", "mit", ["p/one"]),
            record("s/self", "mit", ["s/self"]),
        ],
        tmp_path,
    )
    assert out["p/one"]["in_cycle"] and out["q/two"]["in_cycle"] and out["c/below"]["in_cycle"]
    assert out["p/one"]["blocking_ancestor"] == "q/two"
    assert out["p/one"]["open_washing"] is True
    assert out["c/below"]["blocking_ancestor"] == "q/two"
    assert out["c/below"]["blocking_ancestor_distance"] == 2
    assert out["s/self"]["in_cycle"] is True
    assert out["s/self"]["depth"] == 0 and out["s/self"]["category"] != "inherits-restriction"


def test_dangling_parent(tmp_path: Path) -> None:
    out = census([record("d/orphan", "apache-2.0", ["ghost/deleted", "ghost/deleted"])], tmp_path)
    orphan = out["d/orphan"]
    assert orphan["dangling_parents"] == ["ghost/deleted"]
    assert orphan["n_parents_resolved"] == 0
    assert orphan["depth"] == 0 and orphan["family_root"] == "d/orphan"
    assert orphan["open_washing"] is False


def test_chain_through_quantized_and_adapter(tmp_path: Path) -> None:
    gguf = [".gitattributes", "README.md", "model.Q4_K_M.gguf"]
    adapter = [".gitattributes", "README.md", "adapter_config.json", "adapter_model.safetensors"]
    out = census(
        [
            record("meta/llama-3.1-8b", "llama3.1"),
            record("f/ft", "mit", ["meta/llama-3.1-8b"]),
            record("q/ft-GGUF", None, ["f/ft"], files=gguf),
            record("a/ft-lora", "apache-2.0", ["q/ft-GGUF"], files=adapter),
        ],
        tmp_path,
    )
    assert out["q/ft-GGUF"]["relation"] == "quantized"
    assert out["q/ft-GGUF"]["weight_formats"] == ["gguf"]
    assert out["a/ft-lora"]["relation"] == "adapter"
    lora = out["a/ft-lora"]
    assert lora["depth"] == 3 and lora["family_root"] == "meta/llama-3.1-8b"
    assert lora["blocking_ancestor"] == "meta/llama-3.1-8b"
    assert lora["blocking_ancestor_distance"] == 3
    assert lora["open_washing"] is True
    # No license of its own, but a restricted ancestor: inherits.
    assert out["q/ft-GGUF"]["category"] == "inherits-restriction"
    assert out["q/ft-GGUF"]["open_washing"] is False


def test_declared_relation_wins(tmp_path: Path) -> None:
    out = census(
        [
            record("o/base", "apache-2.0"),
            record("o/x", "apache-2.0", ["o/base"], base_model_relation="quantized"),
            record("o/y", "apache-2.0", ["o/base"], base_relations=["adapter"]),
        ],
        tmp_path,
    )
    assert (out["o/x"]["relation"], out["o/x"]["relation_source"]) == ("quantized", "declared")
    assert (out["o/y"]["relation"], out["o/y"]["relation_source"]) == ("adapter", "hub-tag")


def test_categories(tmp_path: Path) -> None:
    out = census(
        [
            record("c/conflict", "apache-2.0", license_tag="mit"),
            record("c/nc", "cc-by-nc-4.0"),
            record("c/rail", "openrail++"),
            record("c/none", None),
            record("c/other", "other"),
            record("c/other-named", "other", license_name="llama2"),
            record("c/weights", "apache-2.0"),
            record(
                "c/cand",
                "apache-2.0",
                datasets=["c4"],
                files=["README.md", "model.safetensors", "train.py", "LICENSE"],
            ),
        ],
        tmp_path,
    )
    cats = {k: v["category"] for k, v in out.items()}
    assert cats == {
        "c/conflict": "conflicting-declarations",
        "c/nc": "non-commercial",
        "c/rail": "restricted-weights",
        "c/none": "no-license",
        "c/other": "unknown-license",
        "c/other-named": "restricted-weights",
        "c/weights": "open-weights-only",
        "c/cand": "osaid-candidate",
    }
    assert "field-of-use" in out["c/rail"]["restriction_kinds"]
    assert out["c/cand"]["has_code"] and out["c/cand"]["has_license_file"]
    assert "code: no training or inference code in the repo" not in out["c/cand"]["missing"]
    assert (
        "data information: no training datasets or data card declared"
        in out["c/weights"]["missing"]
    )


def test_numpy_propagate_by_hand() -> None:
    # 0 restricted root; 1 child of 0; 2 child of 1; 3 merge of 1 and 4; 4 open root;
    # 5 <-> 6 cycle below 4.
    own = np.array([8, 0, 0, 0, 0, 0, 0], np.int64)
    child = np.array([1, 2, 3, 3, 5, 5, 6])
    parent = np.array([0, 1, 4, 1, 4, 6, 5])
    pos = np.array([1, 1, 1, 2, 1, 2, 1])
    lin = propagate(7, own, child, parent, pos, np.array([], np.int64))
    assert lin.depth.tolist()[:5] == [0, 1, 2, 2, 0]
    assert lin.root.tolist()[:5] == [0, 0, 0, 4, 4]
    assert lin.blocker.tolist() == [-1, 0, 0, 0, -1, -1, -1]
    assert lin.blocker_distance.tolist() == [-1, 1, 2, 2, -1, -1, -1]
    assert lin.in_cycle.tolist() == [False] * 5 + [True, True]
    assert lin.anc_mask.tolist() == [0, 8, 8, 8, 0, 0, 0]
