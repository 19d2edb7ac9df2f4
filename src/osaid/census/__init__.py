"""Hub census: judge every model of a Hugging Face Hub metadata dump, with its lineage.

The pipeline (see docs/census.md):

1. `records` reads dumps (JSONL(.gz), CSV, Parquet, the live Hub API through `hub`) into one
   flat *canonical* Arrow schema, staged as Parquet;
2. `sql.FEATURES_SQL` derives, per model, the evidence visible from metadata and its own
   license findings (through `licenses`, a lookup table built once per distinct string);
3. lineage (`engine_duckdb`: iterative SQL joins; `lineage`: the same algorithm in numpy,
   used by the Ray engine) propagates blocking findings down the `base_model` graph;
4. `sql.CLASSIFY_SQL` gives each model its census category and its EU AI Act value;
   `summary` and `report` turn the per-model Parquet into a summary JSON and a
   self-contained HTML report.
"""

from __future__ import annotations

from osaid.errors import InputError

__all__ = ["AI_ACT_VALUES", "CATEGORIES", "CensusError"]

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

AI_ACT_VALUES: tuple[str, ...] = (
    "licence-fails",
    "unknown",
    "needs-review",
    "conditions-met-as-far-as-metadata-shows",
)
"""The EU AI Act's open-source exemption (Art. 53(2)) as far as Hub metadata can tell, in
decision order. `licence-fails`: the model's licence, or a base model's, restricts more than
attribution and comparable distribution terms allow. `unknown`: the licence is not stated or
not recognised, no weight files are listed, or no model card is seen. `needs-review`: the
repo is gated (the weights are public only on conditions a person has to read).
`conditions-met-as-far-as-metadata-shows`: licence, weights and card are met; training
compute (systemic risk) and monetisation cannot be told from metadata, so no model is
counted exempt outright."""


class CensusError(InputError):
    """A census cannot run: bad input, a missing engine, an unreachable Hub (exit code 2)."""
