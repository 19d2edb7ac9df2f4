"""Census speed and memory on synthetic Hubs: `python bench/bench_census.py [N ...]`.

Each size runs in a fresh process (peak RSS is per process, DuckDB included): the synthetic
Hub is generated first in its own process, then the census runs end to end (staging, findings,
lineage, Parquet, summary, report). `cpu_s` is the CPU time of that process (all its threads;
for Ray, the driver only), steadier than wall time on a machine shared with other jobs;
`loadavg` is the 1-minute load average when the run ends. `--ray N` also runs the Ray engine
(local mode) on N models and checks that its table equals DuckDB's (schema included, rows
sorted by model id; on a difference, prints the first differing rows of each column).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, sys, time
from pathlib import Path
from osaid.census.synth import write
from osaid.census.run import run_census, peak_rss_mb
n, tmp, engine = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
src = tmp / f"synth-{n}.parquet"
if engine == "synth":
    t = time.perf_counter(); write(n, src)
    print(json.dumps({"n": n, "synth_s": round(time.perf_counter() - t, 2),
                      "synth_peak_rss_mb": round(peak_rss_mb())}))
    raise SystemExit(0)
if engine == "ray":
    import ray
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
import resource
u0 = resource.getrusage(resource.RUSAGE_SELF)
cpu0 = u0.ru_utime + u0.ru_stime
t = time.perf_counter()
r = run_census([src], tmp / f"out-{engine}-{n}", engine=engine, progress=False)
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"n": n, "engine": engine, "census_s": round(time.perf_counter() - t, 2),
                  "cpu_s": round(u.ru_utime + u.ru_stime - cpu0, 2),
                  "peak_rss_mb": round(r.peak_rss_mb),
                  "loadavg": open("/proc/loadavg").read().split()[0]}))
"""


def run(n: int, tmp: Path, engine: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), str(tmp), engine],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def compare(a_path: Path, b_path: Path, show: int = 3) -> tuple[bool, list[str]]:
    """Whether two census Parquet files hold the same table (schema included, rows sorted by
    model id); if not, where they differ: schema fields, then each column's first rows."""
    import pyarrow.parquet as pq

    a = pq.read_table(a_path).sort_by("model_id")
    b = pq.read_table(b_path).sort_by("model_id")
    if a.equals(b):
        return True, []
    diffs = [f"schema: {fa} | {fb}" for fa, fb in zip(a.schema, b.schema, strict=False) if fa != fb]
    if a.schema.names != b.schema.names or a.num_rows != b.num_rows:
        diffs.append(f"columns/rows: {a.schema.names} {a.num_rows} | {b.schema.names} {b.num_rows}")
        return False, diffs
    ids = a.column("model_id").to_pylist()
    for name in a.schema.names:
        if a.column(name).equals(b.column(name)):
            continue
        xs, ys = a.column(name).to_pylist(), b.column(name).to_pylist()
        bad = [i for i, (x, y) in enumerate(zip(xs, ys, strict=True)) if x != y]
        first = [(ids[i], xs[i], ys[i]) for i in bad[:show]]
        diffs.append(f"column {name}: {len(bad)} rows differ, first {first}")
    return False, diffs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000, 3_000_000])
    parser.add_argument("--ray", type=int, default=0, help="also run Ray on this many models")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="osaid-bench-") as tmp:
        done: dict[int, dict[str, float]] = {}
        for n in sorted({*args.sizes, *([args.ray] if args.ray else [])}):
            synth = run(n, Path(tmp), "synth")  # generated in its own process
            if n in args.sizes:
                done[n] = run(n, Path(tmp), "duckdb")
                print(json.dumps({**synth, **done[n]}), flush=True)
        if args.ray:
            ray = run(args.ray, Path(tmp), "ray")
            duck = done.get(args.ray) or run(args.ray, Path(tmp), "duckdb")
            a = Path(tmp) / f"out-duckdb-{args.ray}" / "models.parquet"
            b = Path(tmp) / f"out-ray-{args.ray}" / "models.parquet"
            same, diffs = compare(a, b)
            print(json.dumps({**ray, "duckdb_census_s": duck["census_s"], "identical": same}))
            for line in diffs:
                print(line)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.1f}s", file=sys.stderr)
