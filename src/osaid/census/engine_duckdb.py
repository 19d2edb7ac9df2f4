"""The default engine: embedded DuckDB, streaming over Parquet, out of core.

Per-model work is `sql.FEATURES_SQL` over the staged Parquet; lineage runs as iterative SQL
joins over an integer edge table (one statement per generation, see `lineage` for the
algorithm); the result is written with `COPY … TO` Parquet. DuckDB's memory limit bounds the
process; above it, DuckDB spills to its temporary directory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from osaid.census.licenses import ACT_SHIFT, OSAID_BITS, kinds_table, lookup_table
from osaid.census.progress import Reporter
from osaid.census.records import missing_optional
from osaid.census.sql import CLASSIFY_SQL, FEATURES_SQL, nullable

__all__ = ["DEDUP_ORDER", "run_duckdb"]

INF = 9223372036854775807
ROW_GROUP_SIZE = 122_880

DEDUP_ORDER = (
    "src_file DESC, date DESC NULLS LAST, license_declared DESC NULLS LAST, "
    "license DESC NULLS LAST, downloads DESC NULLS LAST"
)
"""When a model id appears more than once, the record from the last input wins."""


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


_DUCK_TYPES = {pa.bool_(): "BOOLEAN", pa.string(): "VARCHAR"}


def _nulls(path: Path) -> str:
    """`NULL::T AS c, ` for each optional canonical column the file lacks."""
    return "".join(
        f"NULL::{_DUCK_TYPES[f.type]} AS {f.name}, "
        for f in missing_optional(pq.read_schema(path).names)
    )


def connect(
    memory_limit: str | None, threads: int | None, temp_dir: Path
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"preserve_insertion_order": False})
    con.execute(f"SET temp_directory = '{temp_dir}'")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def lineage_sql(con: duckdb.DuckDBPyConnection, n: int) -> None:
    """Create table `lin(id, depth, root, anc, nkey, in_cycle)` from `m` and `e`.

    `m.lin_own` holds both masks (`licenses.ACT_SHIFT`): `anc` ORs both; the nearest blocking
    ancestor (`nkey`) is the nearest whose OSAID bits are set.
    """
    con.execute(
        "CREATE TEMP TABLE res AS SELECT id, 0::BIGINT AS depth, id AS root, 0::BIGINT AS anc, "
        f"lin_own AS own, {INF}::BIGINT AS nkey FROM m ANTI JOIN e ON m.id = e.child"
    )
    con.execute("CREATE TEMP TABLE f AS SELECT id FROM res")
    near = (
        f"CASE WHEN r.own & {OSAID_BITS} <> 0 THEN {n} + r.id "
        f"WHEN r.anc <> 0 AND r.nkey < {INF} THEN (r.nkey // {n} + 1) * {n} + r.nkey % {n} "
        f"ELSE {INF} END"
    )
    while True:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE nw AS
            WITH cand AS (SELECT DISTINCT e.child FROM e SEMI JOIN f ON e.parent = f.id)
            SELECT e.child AS id, max(r.depth) + 1 AS depth, arg_min(r.root, e.pos) AS root,
                bit_or(r.anc | r.own) AS anc, min({near}) AS nkey
            FROM e JOIN cand ON e.child = cand.child LEFT JOIN res r ON r.id = e.parent
            GROUP BY e.child HAVING count(r.id) = count(*)"""
        )
        if _count(con, "SELECT count(*) FROM nw") == 0:
            break
        con.execute(
            "INSERT INTO res SELECT nw.id, nw.depth, nw.root, nw.anc, m.lin_own, nw.nkey "
            "FROM nw JOIN m ON m.id = nw.id"
        )
        con.execute("CREATE OR REPLACE TEMP TABLE f AS SELECT id FROM nw")
    # Models never placed: on a cycle or below one. Their placed parents are final, so their
    # contribution is taken once; the fixpoint then iterates over the edges inside that region
    # only, not over the whole graph (about 9% of the synthetic models at 3·10⁶).
    con.execute(
        f"""CREATE TEMP TABLE uc AS
        SELECT m.id, m.lin_own AS own, coalesce(max(r.depth) + 1, 0) AS depth,
            coalesce(arg_min(r.root, e.pos), m.id) AS root,
            coalesce(bit_or(r.anc | r.own), 0) AS anc,
            coalesce(min({near}), {INF}) AS nkey
        FROM m ANTI JOIN res ON m.id = res.id
        LEFT JOIN e ON e.child = m.id LEFT JOIN res r ON r.id = e.parent
        GROUP BY m.id, m.lin_own"""
    )
    if _count(con, "SELECT count(*) FROM uc") > 0:
        con.execute(
            "CREATE TEMP TABLE ue AS SELECT e.child, e.parent FROM e "
            "SEMI JOIN uc ON uc.id = e.child SEMI JOIN uc p ON p.id = e.parent"
        )
        near_q = near.replace("r.", "p.")
        while True:
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE uc2 AS
                SELECT uc.id, uc.own, uc.depth, uc.root,
                    uc.anc | coalesce(bit_or(p.anc | p.own), 0) AS anc,
                    least(uc.nkey, coalesce(min({near_q}), {INF})) AS nkey
                FROM uc LEFT JOIN ue ON ue.child = uc.id LEFT JOIN uc p ON p.id = ue.parent
                GROUP BY uc.id, uc.own, uc.depth, uc.root, uc.anc, uc.nkey"""
            )
            changed = _count(
                con,
                "SELECT count(*) FROM uc2 JOIN uc ON uc.id = uc2.id "
                "WHERE uc2.anc <> uc.anc OR uc2.nkey <> uc.nkey",
            )
            con.execute("DROP TABLE uc")
            con.execute("ALTER TABLE uc2 RENAME TO uc")
            if changed == 0:
                break
    con.execute(
        """CREATE TEMP TABLE lin AS
        SELECT id, depth, root, anc, nkey, id IN (SELECT child FROM self_loops) AS in_cycle
        FROM res
        UNION ALL SELECT id, depth, root, anc, nkey, true FROM uc"""
    )


def run_duckdb(
    staged: list[Path],
    out_path: Path,
    *,
    memory_limit: str | None = "3GB",
    threads: int | None = None,
    temp_dir: Path | None = None,
    progress: Reporter | None = None,
) -> int:
    """Write the per-model census Parquet for the staged canonical inputs; return the count."""
    with tempfile.TemporaryDirectory(prefix="osaid-duckdb-", dir=temp_dir) as tmp:
        con = connect(memory_limit, threads, Path(tmp))
        try:
            return _run(con, staged, out_path, progress)
        finally:
            con.close()


def _run(
    con: duckdb.DuckDBPyConnection, staged: list[Path], out_path: Path, progress: Reporter | None
) -> int:
    def stage(name: str) -> None:
        if progress is not None:
            progress.stage(name)

    stage("license lookup")
    # One scan per file with its number as a constant (no string join of every row to a
    # table of file names); optional columns a file lacks read as null.
    con.execute(
        "CREATE VIEW src AS "
        + " UNION ALL BY NAME ".join(
            f"SELECT *, {_nulls(p)}{i}::BIGINT AS src_file FROM read_parquet({_sql_list([p])})"
            for i, p in enumerate(staged, start=1)
        )
    )
    strings = con.execute(
        "SELECT DISTINCT v FROM (SELECT unnest([card_license, license_tag, license_name, "
        "license_link]) AS v FROM src) WHERE v IS NOT NULL"
    ).fetchall()
    con.register("lic_arrow", lookup_table(s[0] for s in strings))
    con.execute("CREATE TEMP TABLE lic AS SELECT * FROM lic_arrow")
    con.unregister("lic_arrow")

    stage("per-model findings")
    con.execute(f"CREATE TEMP TABLE feat AS {FEATURES_SQL}")
    # Models are numbered in byte order of their id (as the numpy lineage does); the same
    # window finds duplicate ids (cheaper than a count of distinct ids).
    numbering = (
        "CREATE OR REPLACE TEMP TABLE ids AS SELECT model_id, "
        "(row_number() OVER w - 1)::BIGINT AS id, "
        "coalesce(model_id = lag(model_id) OVER w, false) AS dup "
        "FROM feat WINDOW w AS (ORDER BY model_id)"
    )
    con.execute(numbering)
    if _count(con, "SELECT count(*) FROM ids WHERE dup"):
        con.execute(
            f"""DELETE FROM feat WHERE rowid NOT IN (
                SELECT rowid FROM feat QUALIFY row_number() OVER (
                    PARTITION BY model_id ORDER BY {DEDUP_ORDER}) = 1)"""
        )
        con.execute(numbering)
    con.execute(
        "CREATE TEMP TABLE m AS SELECT i.id, f.model_id, "
        f"f.own_mask | (f.act_own_mask << {ACT_SHIFT}) AS lin_own, f.base_models, "
        "f.license_label FROM feat f JOIN ids i ON i.model_id = f.model_id"
    )
    n = _count(con, "SELECT count(*) FROM m")

    stage("lineage")
    con.execute(
        """CREATE TEMP TABLE ep AS
        SELECT id AS child, unnest(base_models) AS parent, generate_subscripts(base_models, 1) AS pos
        FROM m WHERE len(base_models) > 0"""
    )
    con.execute(
        """CREATE TEMP TABLE epr AS
        SELECT ep.child, ep.parent AS parent_name, p.id AS parent, ep.pos
        FROM ep LEFT JOIN m p ON p.model_id = ep.parent"""
    )
    con.execute(
        "CREATE TEMP TABLE self_loops AS SELECT DISTINCT child FROM epr WHERE child = parent"
    )
    con.execute(
        "CREATE TEMP TABLE e AS SELECT child, parent, min(pos) AS pos FROM epr "
        "WHERE parent IS NOT NULL AND child <> parent GROUP BY child, parent"
    )
    con.execute(
        """CREATE TEMP TABLE dangling AS
        SELECT child, list(parent_name ORDER BY pos) AS dangling_parents
        FROM (SELECT child, parent_name, min(pos) AS pos FROM epr WHERE parent IS NULL
              GROUP BY child, parent_name)
        GROUP BY child"""
    )
    con.execute("CREATE TEMP TABLE nres AS SELECT child, count(*) AS k FROM e GROUP BY child")
    lineage_sql(con, max(n, 1))

    stage("categories")
    con.execute(
        f"""CREATE TEMP VIEW x AS
        SELECT f.* EXCLUDE (src_file), lin.depth, r.model_id AS family_root, lin.in_cycle,
            lin.anc & {OSAID_BITS} AS anc_mask, lin.anc >> {ACT_SHIFT} AS act_anc_mask,
            b.model_id AS blocker,
            CASE WHEN lin.nkey < {INF} THEN lin.nkey // {max(n, 1)} END AS blocker_distance,
            b.license_label AS blocker_license,
            coalesce(k.k, 0) AS n_parents_resolved,
            coalesce(d.dangling_parents, []) AS dangling_parents
        FROM feat f JOIN ids i ON i.model_id = f.model_id
        JOIN lin ON lin.id = i.id
        JOIN m r ON r.id = lin.root
        LEFT JOIN m b ON lin.nkey < {INF} AND b.id = lin.nkey % {max(n, 1)}
        LEFT JOIN dangling d ON d.child = i.id
        LEFT JOIN nres k ON k.child = i.id"""
    )
    masks = con.execute(
        "SELECT DISTINCT unnest([o, a, o | a]) FROM (SELECT unnest([m.lin_own & "
        f"{OSAID_BITS}, m.lin_own >> {ACT_SHIFT}]) AS o, unnest([lin.anc & {OSAID_BITS}, "
        f"lin.anc >> {ACT_SHIFT}]) AS a FROM m JOIN lin ON lin.id = m.id)"
    ).fetchall()
    con.register("kinds_arrow", kinds_table(r[0] for r in masks))
    con.execute("CREATE TEMP TABLE kinds AS SELECT * FROM kinds_arrow")
    con.unregister("kinds_arrow")
    # Row order is unspecified (sorting wide rows costs more than the rest of the census).
    # Every column is written as optional (see `sql.nullable`): DuckDB would otherwise mark
    # REQUIRED the columns its statistics prove free of NULL, a schema that varies with the
    # data and differs from the Ray engine's.
    con.execute(
        f"COPY ({nullable(CLASSIFY_SQL)}) TO '{out_path}' "
        f"(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE {ROW_GROUP_SIZE})"
    )
    return n
