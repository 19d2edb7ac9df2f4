"""Hub census: judge every model of a Hugging Face Hub metadata dump, with its lineage.

The pipeline (see docs/census.md):

1. `records` reads dumps (JSONL(.gz), CSV, Parquet, the live Hub API through `hub`) into one
   flat *canonical* Arrow schema, staged as Parquet;
2. `sql.FEATURES_SQL` derives, per model, the evidence visible from metadata and its own
   license findings (through `licenses`, a lookup table built once per distinct string);
3. lineage (`engine_duckdb`: iterative SQL joins; `lineage`: the same algorithm in numpy,
   used by the Ray engine) propagates blocking findings down the `base_model` graph;
4. `sql.CLASSIFY_SQL` gives each model its census category; `summary` and `report` turn the
   per-model Parquet into a summary JSON and a self-contained HTML report.
"""

from __future__ import annotations

from osaid.errors import InputError

__all__ = ["CATEGORIES", "CensusError"]

CATEGORIES: tuple[str, ...] = (
    "conflicting-declarations",
    "non-commercial",
    "restricted-weights",
    "inherits-restriction",
    "no-license",
    "unknown-license",
    "open-weights-only",
    "osaid-candidate",
)
"""Census categories, in decision order: the first that applies wins."""


class CensusError(InputError):
    """A census cannot run: bad input, a missing engine, an unreachable Hub (exit code 2)."""
