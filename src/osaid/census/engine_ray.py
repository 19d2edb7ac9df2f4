"""The Ray Data engine, for clusters: `osaid census … --engine ray --address ray://HEAD:10001`.

Per-model work is distributed: every block of records goes through `sql.FEATURES_SQL` and,
after lineage, `sql.CLASSIFY_SQL` (the same SQL as the DuckDB engine, run by an embedded
DuckDB inside each Ray worker). Lineage needs the whole graph: the driver gathers the compact
per-model findings (no file lists), numbers the models, builds the integer edge table, and
runs `lineage.propagate` (numpy, an independent implementation of the DuckDB engine's SQL
algorithm) as one Ray task. Memory on the driver is about 150 bytes per model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from osaid.census import CensusError
from osaid.census.licenses import ACT_SHIFT, OSAID_BITS, kinds_table, lookup_table
from osaid.census.lineage import propagate
from osaid.census.progress import Reporter
from osaid.census.records import SCHEMA, with_optional
from osaid.census.sql import CLASSIFY_SQL, FEATURES_SQL

__all__ = ["edges_from_table", "run_ray"]

_SORT = [
    ("model_id", "ascending"),
    ("src_file", "descending"),
    ("date", "descending"),
    ("license_declared", "descending"),
    ("license", "descending"),
    ("downloads", "descending"),
]
"""Same order as `engine_duckdb.DEDUP_ORDER`: the last input wins."""


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise CensusError(
            "the Ray engine needs Ray Data: pip install 'ray[data]' (or osaid[census-ray])"
        ) from None
    return ray


def _features_items(items: pa.Table) -> pa.Table:
    parts = []
    for item in items.to_pylist():
        pf = pq.ParquetFile(item["path"])
        names = set(pf.schema_arrow.names)
        columns = [n for n in SCHEMA.names if n in names]
        part = pf.read_row_group(item["row_group"], columns=columns)
        parts.append(_features_batch(with_optional(part), int(item["src_file"])))
    return pa.concat_tables(parts)


def _features_batch(batch: pa.Table, src_file: int) -> pa.Table:
    src = batch.append_column("src_file", pa.array([src_file] * batch.num_rows, pa.int64()))
    strings: set[str] = set()
    for name in ("card_license", "license_tag", "license_name", "license_link"):
        strings.update(s for s in pc.unique(src.column(name)).to_pylist() if s is not None)
    con = duckdb.connect()
    try:
        con.register("src", src)
        con.register("lic", lookup_table(sorted(strings)))
        return con.sql(FEATURES_SQL).fetch_arrow_table()
    finally:
        con.close()


def _classify_batch(batch: pa.Table) -> pa.Table:
    con = duckdb.connect()
    try:
        con.register("x", batch)
        masks = []
        for own_name, anc_name in (("own_mask", "anc_mask"), ("act_own_mask", "act_anc_mask")):
            own = np.asarray(batch.column(own_name).fill_null(0))
            anc = np.asarray(batch.column(anc_name))
            masks += [own, anc, own | anc]
        con.register("kinds", kinds_table(np.unique(np.concatenate(masks))))
        return con.sql(CLASSIFY_SQL).fetch_arrow_table()
    finally:
        con.close()


def _dedupe(table: pa.Table) -> pa.Table:
    if table.num_rows == 0:
        return table.drop_columns(["src_file"])
    order = pc.sort_indices(table, sort_keys=_SORT, null_placement="at_end")
    table = table.take(order)
    ids = table.column("model_id").combine_chunks()
    first = np.ones(len(ids), bool)
    if len(ids) > 1:
        first[1:] = np.asarray(pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1)))
    return table.filter(pa.array(first)).drop_columns(["src_file"])


def edges_from_table(
    model_ids: pa.Array, base_models: pa.Array
) -> tuple[np.ndarray[Any, Any], ...]:
    """(child, parent, pos, self_loops, dangling list array) from sorted ids and parent lists."""
    n = len(model_ids)
    base_models = (
        base_models.combine_chunks() if isinstance(base_models, pa.ChunkedArray) else base_models
    )
    flat = pc.list_flatten(base_models)
    child = np.asarray(pc.list_parent_indices(base_models)).astype(np.int64)
    offsets = np.asarray(base_models.offsets)[:-1].astype(np.int64)
    pos = (
        np.arange(len(flat), dtype=np.int64)
        - np.repeat(
            offsets - offsets[0], np.asarray(pc.list_value_length(base_models).fill_null(0))
        )
        + 1
        if len(flat)
        else np.zeros(0, np.int64)
    )
    pidx = pc.index_in(flat, value_set=model_ids)
    resolved = np.asarray(pidx.is_valid())
    parent = np.asarray(pidx.fill_null(-1)).astype(np.int64)
    self_loop = resolved & (parent == child)
    self_loops = np.unique(child[self_loop])
    keep = resolved & ~self_loop
    c, p, ps = child[keep], parent[keep], pos[keep]
    order = np.lexsort((ps, p, c))
    c, p, ps = c[order], p[order], ps[order]
    first = np.ones(len(c), bool)
    first[1:] = (c[1:] != c[:-1]) | (p[1:] != p[:-1])
    c, p, ps = c[first], p[first], ps[first]
    # Dangling parents, in position order, each name once.
    dmask = ~resolved
    dt = pa.table(
        {
            "child": pa.array(child[dmask]),
            "name": flat.filter(pa.array(dmask)),
            "pos": pa.array(pos[dmask]),
        }
    )
    dt = dt.group_by(["child", "name"], use_threads=False).aggregate([("pos", "min")])
    dt = dt.sort_by([("child", "ascending"), ("pos_min", "ascending")])
    counts = np.bincount(np.asarray(dt.column("child")).astype(np.int64), minlength=n)
    off = np.zeros(n + 1, np.int32)
    np.cumsum(counts, out=off[1:])
    dangling = pa.ListArray.from_arrays(pa.array(off), dt.column("name").combine_chunks())
    return c, p, ps, self_loops, dangling


def run_ray(
    staged: list[Path],
    out_path: Path,
    *,
    address: str | None = None,
    num_cpus: int | None = None,
    progress: Reporter | None = None,
) -> int:
    """Write the per-model census Parquet for the staged canonical inputs; return the count."""
    ray = _import_ray()

    started_here = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
        started_here = True
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = progress is not None and not isinstance(progress, type(None))
        return int(_run(ray, staged, out_path, progress))
    finally:
        if started_here:
            ray.shutdown()


def _run(ray: Any, staged: list[Path], out_path: Path, progress: Reporter | None) -> int:
    def stage(name: str) -> None:
        if progress is not None:
            progress.stage(name)

    stage("per-model findings (ray)")
    # One task per Parquet row group, read inside the worker (paths must be visible to every
    # node: shared storage on a cluster).
    items = [
        {"path": str(p.resolve()), "src_file": i + 1, "row_group": g}
        for i, p in enumerate(staged)
        for g in range(pq.ParquetFile(p).num_row_groups)
    ]
    if not items:
        raise CensusError("the inputs hold no model")
    feats = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
        _features_items, batch_format="pyarrow", batch_size=1
    )
    blocks = ray.get(feats.to_arrow_refs())
    table = (
        pa.concat_tables([b for b in blocks if b.num_rows], promote_options="default")
        if any(b.num_rows for b in blocks)
        else None
    )
    if table is None:
        raise CensusError("the inputs hold no model")
    table = _dedupe(table)
    n = table.num_rows

    stage("lineage (ray)")
    ids = table.column("model_id").combine_chunks()
    c, p, ps, self_loops, dangling = edges_from_table(ids, table.column("base_models"))
    # Both masks in one integer (`licenses.ACT_SHIFT`): one propagation carries both; the
    # nearest blocking ancestor is found from OSAID's bits only.
    own = np.asarray(table.column("own_mask").fill_null(0)).astype(np.int64)
    act_own = np.asarray(table.column("act_own_mask").fill_null(0)).astype(np.int64)
    lin = ray.get(
        ray.remote(propagate).remote(
            n, own | (act_own << ACT_SHIFT), c, p, ps, self_loops, blocking=OSAID_BITS
        )
    )
    labels = table.column("license_label").combine_chunks()
    has_blocker = lin.blocker >= 0
    bidx = pa.array(np.where(has_blocker, lin.blocker, 0))
    mask = pa.array(~has_blocker)
    table = (
        table.append_column("depth", pa.array(lin.depth, pa.int64()))
        .append_column("family_root", ids.take(pa.array(lin.root)))
        .append_column("in_cycle", pa.array(lin.in_cycle))
        .append_column("anc_mask", pa.array(lin.anc_mask & OSAID_BITS, pa.int64()))
        .append_column("act_anc_mask", pa.array(lin.anc_mask >> ACT_SHIFT, pa.int64()))
        .append_column("blocker", pc.if_else(mask, pa.nulls(n, pa.string()), ids.take(bidx)))
        .append_column(
            "blocker_distance",
            pa.array(np.where(has_blocker, lin.blocker_distance, 0), pa.int64(), mask=~has_blocker),
        )
        .append_column(
            "blocker_license", pc.if_else(mask, pa.nulls(n, pa.string()), labels.take(bidx))
        )
        .append_column("n_parents_resolved", pa.array(np.bincount(c, minlength=n).astype(np.int64)))
        .append_column("dangling_parents", dangling)
    )

    stage("categories (ray)")
    chunk = 200_000
    parts = [table.slice(i, chunk) for i in range(0, n, chunk)]
    classified = ray.data.from_arrow(parts).map_batches(
        _classify_batch, batch_format="pyarrow", batch_size=chunk
    )
    out = pa.concat_tables(ray.get(classified.to_arrow_refs()), promote_options="default")
    out = out.take(pc.sort_indices(out, sort_keys=[("model_id", "ascending")]))
    pq.write_table(out, out_path, compression="zstd")
    return int(n)
