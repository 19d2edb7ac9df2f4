"""The per-model Parquet has one schema whatever the data: every column optional.

DuckDB (since 1.5.3) writes a column as REQUIRED when the statistics of the query prove it
free of NULL, so a census where, say, every model has a date got `period: string not null`,
while the Ray engine (pyarrow) wrote it optional: same values, tables not equal. Found by the
benchmark at 10**6 synthetic models (every synthetic model has a date, a pipeline, a library).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from census_helpers import record, write_records

from osaid.census.run import run_census

# No NULL in most columns: every model dated, licensed, with a pipeline and a library.
FULL = [
    record("org/root", "llama2", pipeline_tag="text-generation", library_name="transformers"),
    record("a/ft", "apache-2.0", ["org/root"], pipeline_tag="text-generation", library_name="peft"),
    record(
        "b/merge", "mit", ["a/ft", "org/root"], pipeline_tag="text-generation", library_name="x"
    ),
]
# NULLs where they can be: no date, no license, no pipeline.
SPARSE = [record("c/bare", None, date=None), record("d/child", "other", ["c/bare", "ghost/x"])]


def _schema(rows: list[dict[str, object]], tmp: Path, name: str) -> pq.ParquetSchema:
    src = write_records(rows, tmp / f"{name}.parquet")
    result = run_census([src], tmp / name, progress=False, write_report=False)
    return pq.read_schema(result.models)


def test_every_column_is_optional_whatever_the_data(tmp_path: Path) -> None:
    full = _schema(FULL, tmp_path, "full")
    sparse = _schema(SPARSE, tmp_path, "sparse")
    required = [f.name for f in full if not f.nullable]
    assert required == []
    assert full.equals(sparse)
