"""The Ray engine (local mode) gives exactly the DuckDB engine's results."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from census_helpers import record, write_records
from test_output_schema import FULL

from osaid.census.run import run_census
from osaid.census.synth import SynthParams, write

ray = pytest.importorskip("ray", reason="Ray is not installed (optional extra census-ray)")

# Ray Data warns about its own deprecated settings when it starts.
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]


@pytest.mark.slow
def test_ray_matches_duckdb(tmp_path: Path) -> None:
    synth = write(
        20_000, tmp_path / "synth.parquet", seed=7, params=SynthParams(cycles_per_million=300)
    )
    hand = write_records(
        [
            record("meta-llama/Llama-2-7b-hf", "llama2"),
            record("someone/llama2-chat-ft", "apache-2.0", ["meta-llama/Llama-2-7b-hf"]),
            record("user-1/model-5", "mit"),  # also in the synthetic file: the last input wins
        ],
        tmp_path / "hand.parquet",
    )
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        by_ray = run_census([synth, hand], tmp_path / "ray", engine="ray", progress=False)
    finally:
        ray.shutdown()
    by_duck = run_census([synth, hand], tmp_path / "duck", progress=False)
    a = pq.read_table(by_duck.models).sort_by("model_id")
    b = pq.read_table(by_ray.models).sort_by("model_id")
    assert a.schema == b.schema
    for name in a.schema.names:
        assert a.column(name).to_pylist() == b.column(name).to_pylist(), name
    sa, sb = json.loads(by_duck.summary.read_text()), json.loads(by_ray.summary.read_text())
    for key in ("engine", "versions"):
        sa.pop(key), sb.pop(key)
    assert sa == sb
    row = {r["model_id"]: r for r in b.to_pylist()}["someone/llama2-chat-ft"]
    assert row["open_washing"] and row["blocking_ancestor"] == "meta-llama/Llama-2-7b-hf"


@pytest.mark.slow
def test_ray_writes_the_same_table_when_no_column_holds_null(tmp_path: Path) -> None:
    # Regression (bench at 10**6: `identical: false`): DuckDB wrote columns without NULL as
    # REQUIRED, pyarrow as optional; the values were equal, the tables were not.
    src = write_records(FULL, tmp_path / "full.parquet")
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    try:
        by_ray = run_census(
            [src], tmp_path / "ray", engine="ray", progress=False, write_report=False
        )
    finally:
        ray.shutdown()
    by_duck = run_census([src], tmp_path / "duck", progress=False, write_report=False)
    a = pq.read_table(by_duck.models).sort_by("model_id")
    b = pq.read_table(by_ray.models).sort_by("model_id")
    assert a.equals(b)
    assert b.to_pylist()[0]["model_id"] == "a/ft" and b.column("depth").to_pylist() == [1, 2, 0]
