"""The census summary: aggregates of the per-model Parquet, the numbers of the report.

Both engines write the same per-model Parquet; the summary is computed from that file by this
one function (DuckDB as a local reader), so the engines cannot disagree on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from osaid.census import AI_ACT_VALUES, CATEGORIES

__all__ = ["CLAIMS_BASIS", "TOP_CLAIMS", "TOP_FAMILIES", "TOP_LICENSES", "summarize"]

TOP_LICENSES = 15
TOP_FAMILIES = 10
TOP_CLAIMS = 15
NO_LICENCE = "(no licence granted: NONE)"
"""The Act's licence failure of a model whose license is `NONE`: no restriction kind."""
CLAIMS_BASIS = (
    "tags, card front matter and license_name only: the dumps hold the model card's front "
    "matter, not its body, so these counts are lower bounds"
)


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
        "ai_act": _ai_act(con),
        "claims_open_source": _claims(con),
    }


def _ai_act(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The AI Act exemption as far as metadata shows, and how it compares with OSAID."""
    values = dict.fromkeys(AI_ACT_VALUES, 0)
    for value, count in _rows(con, "SELECT ai_act, count(*) FROM t GROUP BY 1"):
        values[str(value)] = int(count)
    licence = {
        str(k): int(v) for k, v in _rows(con, "SELECT ai_act_licence, count(*) FROM t GROUP BY 1")
    }
    fails = "ai_act = 'licence-fails'"
    inherited, none = _rows(
        con,
        f"SELECT count(*) FILTER (WHERE ai_act_licence_inherited), "
        f"count(*) FILTER (WHERE len(ai_act_restriction_kinds) = 0) FROM t WHERE {fails}",
    )[0]
    kinds = _rows(
        con,
        f"SELECT k, count(*) c FROM (SELECT unnest(ai_act_restriction_kinds) k FROM t "
        f"WHERE {fails}) GROUP BY 1 ORDER BY c DESC, 1",
    )
    by_kind = {str(k): int(c) for k, c in kinds}
    if none:
        by_kind[NO_LICENCE] = int(none)
    by_licence = _rows(
        con,
        f"SELECT license_label, count(*) c FROM t WHERE {fails} AND NOT ai_act_licence_inherited "
        f"GROUP BY 1 ORDER BY c DESC, 1 LIMIT {TOP_LICENSES}",
    )

    def differ(act: str, osaid: str) -> dict[str, Any]:
        where = f"ai_act_licence = '{act}' AND parameters_legal_effective = '{osaid}'"
        rows = _rows(
            con,
            f"SELECT license_label, count(*) c FROM t WHERE {where} GROUP BY 1 "
            f"ORDER BY c DESC, 1 LIMIT {TOP_LICENSES}",
        )
        total = int(_rows(con, f"SELECT count(*) FROM t WHERE {where}")[0][0])
        return {
            "models": total,
            "by_license": [{"license": str(k), "models": int(c)} for k, c in rows],
        }

    cross = {v: dict.fromkeys(CATEGORIES, 0) for v in AI_ACT_VALUES}
    for value, cat, count in _rows(con, "SELECT ai_act, category, count(*) FROM t GROUP BY 1, 2"):
        cross[str(value)][str(cat)] = int(count)
    return {
        "values": values,
        "conditions_met_as_far_as_metadata_shows": values[AI_ACT_VALUES[-1]],
        "licence": licence,
        "licence_fails": {
            "models": values["licence-fails"],
            "inherited_only": int(inherited),
            "by_kind": by_kind,
            "by_own_license": [{"license": str(k), "models": int(c)} for k, c in by_licence],
        },
        "act_licence_met_osaid_licence_not_met": differ("met", "not-met"),
        "osaid_licence_met_act_licence_not_met": differ("not-met", "met"),
        "by_osaid_category": cross,
    }


def _claims(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Models whose own metadata says "open source", against both licence conditions."""
    total, osaid, act, either, unseen = _rows(
        con,
        "SELECT count(*) FILTER (WHERE claims_open_source), "
        "count(*) FILTER (WHERE claims_open_source AND parameters_legal_effective = 'not-met'), "
        "count(*) FILTER (WHERE claims_open_source AND ai_act_licence = 'not-met'), "
        "count(*) FILTER (WHERE claims_open_source AND (parameters_legal_effective = 'not-met' "
        "OR ai_act_licence = 'not-met')), "
        "count(*) FILTER (WHERE claims_open_source IS NULL) FROM t",
    )[0]
    top = _rows(
        con,
        "SELECT model_id, downloads, license_label, parameters_legal_effective, ai_act_licence, "
        "ai_act_restriction_kinds FROM t WHERE claims_open_source AND "
        "(parameters_legal_effective = 'not-met' OR ai_act_licence = 'not-met') "
        f"ORDER BY downloads DESC NULLS LAST, model_id LIMIT {TOP_CLAIMS}",
    )
    return {
        "basis": CLAIMS_BASIS,
        "models": int(total),
        "fail_osaid_licence": int(osaid),
        "fail_ai_act_licence": int(act),
        "fail_either": int(either),
        "metadata_not_shown": int(unseen),
        "top_failing": [
            {
                "model_id": str(m),
                "downloads": None if d is None else int(d),
                "license": str(lab),
                "osaid_licence": str(o),
                "ai_act_licence": str(a),
                "ai_act_restriction_kinds": [str(k) for k in kinds],
            }
            for m, d, lab, o, a, kinds in top
        ],
    }
