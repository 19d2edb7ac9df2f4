"""Census speed and memory on synthetic Hubs: `python bench/bench_census.py [N ...]`.

Each size runs in a fresh process (peak RSS is per process, DuckDB included): the synthetic
Hub is generated first in its own process, then the census runs end to end (staging, findings,
lineage, Parquet, summary, report). `--ray N` also runs the Ray engine (local mode) on N
models and checks that it matches DuckDB.
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
t = time.perf_counter()
r = run_census([src], tmp / f"out-{engine}-{n}", engine=engine, progress=False)
print(json.dumps({"n": n, "engine": engine, "census_s": round(time.perf_counter() - t, 2),
                  "peak_rss_mb": round(r.peak_rss_mb)}))
"""


def run(n: int, tmp: Path, engine: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), str(tmp), engine],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000, 3_000_000])
    parser.add_argument("--ray", type=int, default=0, help="also run Ray on this many models")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="osaid-bench-") as tmp:
        for n in sorted({*args.sizes, *([args.ray] if args.ray else [])}):
            synth = run(n, Path(tmp), "synth")  # generated in its own process
            if n in args.sizes:
                print(json.dumps({**synth, **run(n, Path(tmp), "duckdb")}), flush=True)
        if args.ray:
            ray = run(args.ray, Path(tmp), "ray")
            duck = run(args.ray, Path(tmp), "duckdb")
            import pyarrow.parquet as pq

            a = pq.read_table(Path(tmp) / f"out-duckdb-{args.ray}" / "models.parquet")
            b = pq.read_table(Path(tmp) / f"out-ray-{args.ray}" / "models.parquet")
            same = a.sort_by("model_id").equals(b.sort_by("model_id"))
            print(json.dumps({**ray, "duckdb_census_s": duck["census_s"], "identical": same}))


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.1f}s", file=sys.stderr)
