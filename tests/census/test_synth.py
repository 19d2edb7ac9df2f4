"""The synthetic Hub, and the DuckDB lineage against the numpy lineage on it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from osaid.census.engine_ray import edges_from_table
from osaid.census.lineage import propagate
from osaid.census.run import run_census
from osaid.census.synth import LICENSE_MIX_2025, SynthParams, generate, write


def test_generate_is_deterministic_and_shaped() -> None:
    a = generate(20_000, seed=3)
    b = generate(20_000, seed=3)
    assert a.equals(b)
    assert a.num_rows == 20_000
    assert pc.count_distinct(a.column("model_id")).as_py() == 20_000
    derived = pc.sum(pc.greater(pc.list_value_length(a.column("base_models")), 0)).as_py()
    assert 0.4 < derived / 20_000 < 0.5
    roots = a.filter(pc.equal(pc.list_value_length(a.column("base_models")), 0))
    blank = pc.sum(pc.is_null(roots.column("license_tag"))).as_py() / roots.num_rows
    expected = dict(LICENSE_MIX_2025)[None] / sum(c for _, c in LICENSE_MIX_2025)
    assert abs(blank - expected) < 0.03  # roots follow the 2025 mix
    claims = pc.sum(a.column("claims_open_source")).as_py() / 20_000
    assert 0.01 < claims < 0.03


def test_census_of_synthetic_hub(tmp_path: Path) -> None:
    src = write(
        30_000, tmp_path / "synth.parquet", seed=1, params=SynthParams(cycles_per_million=200)
    )
    result = run_census([src], tmp_path / "out", progress=False, write_report=False)
    s = json.loads(result.summary.read_text())
    lin = s["lineage"]
    assert s["total_models"] == 30_000
    assert lin["max_depth"] >= 3
    assert lin["dangling_references"] > 0
    assert lin["models_in_or_below_cycles"] >= 6
    assert lin["merges_with_several_resolved_parents"] > 0
    assert set(lin["relations"]) == {"finetune", "adapter", "quantized", "merge"}
    assert s["open_washing"]["total"] > 0
    assert s["categories"]["inherits-restriction"] > 0
    act = s["ai_act"]
    assert act["licence_fails"]["inherited_only"] > 0  # derivatives of Llama, Gemma, RAIL…
    assert act["values"]["conditions-met-as-far-as-metadata-shows"] > 0
    assert act["values"]["needs-review"] > 0  # 1% of synthetic repos are gated

    # The numpy lineage (Ray engine) gives what the SQL lineage gave.
    out = pq.read_table(result.models).sort_by("model_id")
    ids = out.column("model_id").combine_chunks()
    features = pq.read_table(src).sort_by("model_id")
    assert features.column("model_id").combine_chunks().equals(ids)
    c, p, ps, loops, dangling = edges_from_table(
        ids, features.column("base_models").combine_chunks()
    )
    own = np.zeros(len(ids), np.int64)
    # own restriction bits: recompute from the census's own kinds (non-empty <=> blocking)
    own_kinds = out.column("own_restriction_kinds").to_pylist()
    own[[i for i, k in enumerate(own_kinds) if k]] = 1
    lineage = propagate(len(ids), own, c, p, ps, loops)
    assert lineage.depth.tolist() == out.column("depth").to_pylist()
    assert ids.take(pa.array(lineage.root)).to_pylist() == out.column("family_root").to_pylist()
    assert lineage.in_cycle.tolist() == out.column("in_cycle").to_pylist()
    blockers = [ids[i].as_py() if i >= 0 else None for i in lineage.blocker]
    assert blockers == out.column("blocking_ancestor").to_pylist()
    assert dangling.to_pylist() == out.column("dangling_parents").to_pylist()
