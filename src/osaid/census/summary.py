"""The census summary: aggregates of the per-model Parquet, the numbers of the report.

Both engines write the same per-model Parquet; the summary is computed from that file by this
one function (DuckDB as a local reader), so the engines cannot disagree on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from osaid.census import CATEGORIES

__all__ = ["TOP_FAMILIES", "TOP_LICENSES", "summarize"]

TOP_LICENSES = 15
TOP_FAMILIES = 10


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def summarize(models: Path, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    con = duckdb.connect()
    try:
        con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{models}')")
        return _summary(con, meta or {})
    finally:
        con.close()


def _summary(con: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> dict[str, Any]:
    total = int(_rows(con, "SELECT count(*) FROM t")[0][0])
    cats = dict.fromkeys(CATEGORIES, 0)
    for cat, count in _rows(con, "SELECT category, count(*) FROM t GROUP BY 1"):
        cats[cat] = int(count)
    licenses = _rows(
        con,
        "SELECT license_label, count(*) c FROM t GROUP BY 1 ORDER BY c DESC, 1 LIMIT "
        f"{TOP_LICENSES}",
    )
    shown = sum(int(c) for _, c in licenses)
    license_dist = [{"license": str(k), "models": int(c)} for k, c in licenses]
    if total - shown:
        license_dist.append({"license": "(all others)", "models": total - shown})
    state = dict(_rows(con, "SELECT license_state, count(*) FROM t GROUP BY 1"))
    legal = dict(_rows(con, "SELECT parameters_legal_effective, count(*) FROM t GROUP BY 1"))
    families = _rows(
        con,
        "SELECT family_root, count(*) c FROM t GROUP BY 1 HAVING count(*) > 1 "
        f"ORDER BY c DESC, 1 LIMIT {TOP_FAMILIES}",
    )
    top = [str(f) for f, _ in families]
    by_family: list[dict[str, Any]] = []
    if top:
        con.execute("CREATE TEMP TABLE top AS SELECT unnest(?) AS family_root", [top])
        rows = _rows(
            con,
            "SELECT t.family_root, category, count(*), count(*) FILTER (WHERE open_washing) "
            "FROM t SEMI JOIN top ON t.family_root = top.family_root GROUP BY 1, 2",
        )
        per: dict[str, dict[str, Any]] = {
            f: {
                "family": f,
                "models": 0,
                "open_washing": 0,
                "categories": dict.fromkeys(CATEGORIES, 0),
            }
            for f in top
        }
        for fam, cat, count, ow in rows:
            entry = per[str(fam)]
            entry["categories"][cat] = int(count)
            entry["models"] += int(count)
            entry["open_washing"] += int(ow)
        by_family = [per[f] for f in top]
    ow_total = int(_rows(con, "SELECT count(*) FILTER (WHERE open_washing) FROM t")[0][0])
    ow_ancestors = _rows(
        con,
        "SELECT blocking_ancestor, any_value(blocking_ancestor_license), count(*) c FROM t "
        "WHERE open_washing GROUP BY 1 ORDER BY c DESC, 1 LIMIT 10",
    )
    ow_family = _rows(
        con,
        "SELECT family_root, count(*) c FROM t WHERE open_washing GROUP BY 1 "
        "ORDER BY c DESC, 1 LIMIT 10",
    )
    periods = _rows(
        con,
        "SELECT period, count(*), count(*) FILTER (WHERE open_washing), "
        "count(*) FILTER (WHERE len(base_models) > 0) FROM t WHERE period IS NOT NULL "
        "GROUP BY 1 ORDER BY 1",
    )
    depth = _rows(con, "SELECT depth, count(*) FROM t GROUP BY 1 ORDER BY 1")
    relations = dict(
        _rows(con, "SELECT relation, count(*) FROM t WHERE relation IS NOT NULL GROUP BY 1")
    )
    rel_source = dict(
        _rows(
            con,
            "SELECT relation_source, count(*) FROM t WHERE relation_source IS NOT NULL GROUP BY 1",
        )
    )
    kinds = _rows(
        con,
        "SELECT k, count(*) c FROM (SELECT unnest(restriction_kinds) k FROM t) GROUP BY 1 "
        "ORDER BY c DESC, 1",
    )
    graph = _rows(
        con,
        "SELECT count(*) FILTER (WHERE len(base_models) > 0), "
        "count(*) FILTER (WHERE len(dangling_parents) > 0), "
        "coalesce(sum(len(dangling_parents)), 0), count(*) FILTER (WHERE in_cycle), "
        "count(*) FILTER (WHERE n_parents_resolved > 1), coalesce(max(depth), 0), "
        "count(DISTINCT family_root) FILTER (WHERE depth > 0) FROM t",
    )[0]
    missing = _rows(
        con,
        "SELECT m, count(*) c FROM (SELECT unnest(missing) m FROM t "
        "WHERE category = 'osaid-candidate') GROUP BY 1 ORDER BY c DESC, 1",
    )
    return {
        **meta,
        "total_models": total,
        "categories": cats,
        "no_license_share": round(int(state.get("none", 0)) / total, 4) if total else 0.0,
        "license_state": {str(k): int(v) for k, v in state.items()},
        "parameters_legal_effective": {str(k): int(v) for k, v in legal.items()},
        "license_distribution": license_dist,
        "restriction_kinds": {str(k): int(c) for k, c in kinds},
        "category_by_family": by_family,
        "open_washing": {
            "total": ow_total,
            "by_ancestor": [
                {"ancestor": str(a), "license": str(lab), "models": int(c)}
                for a, lab, c in ow_ancestors
            ],
            "by_family": [{"family": str(f), "models": int(c)} for f, c in ow_family],
            "by_period": [
                {"period": str(p), "models": int(m), "open_washing": int(o), "derived": int(d)}
                for p, m, o, d in periods
            ],
        },
        "lineage": {
            "models_with_base_model": int(graph[0]),
            "models_with_dangling_parent": int(graph[1]),
            "dangling_references": int(graph[2]),
            "models_in_or_below_cycles": int(graph[3]),
            "merges_with_several_resolved_parents": int(graph[4]),
            "max_depth": int(graph[5]),
            "families_with_descendants": int(graph[6]),
            "depth_histogram": [{"depth": int(d), "models": int(c)} for d, c in depth],
            "relations": {str(k): int(v) for k, v in relations.items()},
            "relation_sources": {str(k): int(v) for k, v in rel_source.items()},
        },
        "candidates_missing": {str(k): int(c) for k, c in missing},
    }
