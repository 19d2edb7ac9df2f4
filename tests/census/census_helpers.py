"""Build canonical records by hand and run a census on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from osaid.census.records import SCHEMA
from osaid.census.run import run_census

WEIGHTS = [".gitattributes", "README.md", "config.json", "model.safetensors"]


def record(
    model_id: str, license: str | None = None, base: list[str] | None = None, **kw: Any
) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(SCHEMA.names)
    row.update(
        model_id=model_id,
        author=model_id.split("/")[0],
        date="2024-05-01",
        license_tag=license,
        card_license=license,
        base_models=base or [],
        base_relations=[None] * len(base or []),
        datasets=[],
        papers=[],
        hints=[],
        files=list(WEIGHTS),
        has_card=True,
        gated=False,
    )
    row.update(kw)
    return row


def write_records(rows: list[dict[str, Any]], path: Path) -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), path)
    return path


def census(
    rows: list[dict[str, Any]], tmp: Path, engine: str = "duckdb"
) -> dict[str, dict[str, Any]]:
    src = write_records(rows, tmp / "in.parquet")
    result = run_census(
        [src], tmp / f"out-{engine}", engine=engine, progress=False, write_report=False
    )
    table = pq.read_table(result.models)
    return {r["model_id"]: r for r in table.to_pylist()}
