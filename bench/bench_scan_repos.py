"""Scan real repository checkouts: `osaid check DIR --format json` on each tree of
tests/data/repos, recreated whole (texts as they are, every other file as a sparse file of its
real size), beside the 10,000-file / 200 GiB synthetic release of bench_scan_dir.py.

Target: under 2 s wall per repository checkout of a few thousand files, the whole command
(interpreter start-up, imports, scan, evaluation, report).

For each tree: files, the median and the worst of `--runs` subprocess runs (wall and CPU
seconds of the child), and the ratio of the median to the target. The machine's load average
is printed first: on a busy machine wall time grows, CPU time much less.

    python bench/bench_scan_repos.py [--runs 5] [--no-synthetic]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "evidence"), str(ROOT / "tests"), str(ROOT / "bench")]

from real_repos import REPOS, recreate  # noqa: E402

TARGET_S = 2.0


def _run(root: Path) -> tuple[float, float, int]:
    """(wall s, child CPU s, exit code) of one `osaid check DIR --format json`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "osaid", "check", str(root), "--format", "json", "-o", os.devnull],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
    return wall, cpu, proc.returncode


def _measure(name: str, root: Path, runs: int) -> bool:
    files = sum(1 for p in root.rglob("*") if p.is_file())
    _run(root)  # warm the page cache and the bytecode cache
    results = [_run(root) for _ in range(runs)]
    walls = [w for w, _, _ in results]
    cpus = [c for _, c, _ in results]
    median = statistics.median(walls)
    ok = median <= TARGET_S
    print(
        f"{name:<28} {files:>6} files  wall median {median:5.2f} s  worst {max(walls):5.2f} s  "
        f"cpu median {statistics.median(cpus):5.2f} s  "
        f"{median / TARGET_S:4.2f}× the 2 s target  {'met' if ok else 'NOT met'}"
        f"  (exit {results[-1][2]})"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-synthetic", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {args.runs} runs each")
    work = Path(tempfile.mkdtemp(prefix="osaid-bench-repos-"))
    ok = True
    try:
        for name in REPOS:
            ok &= _measure(name, recreate(name, work / name), args.runs)
        if not args.no_synthetic:
            import bench_scan_dir

            synthetic = work / "synthetic"
            synthetic.mkdir()
            n = bench_scan_dir.generate(synthetic, 10_000, 40)
            print(f"(synthetic release: {n} files, 40 sparse 5 GiB shards)")
            ok &= _measure("synthetic 10k files / 200 GiB", synthetic, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
