"""Cold, whole-process time of `osaid check catalog:pythia --format json`.

Target: median ≤ 0.6 s on a 2-core machine. Printed beside the bare interpreter start-up
(`python -c pass`) so the ratio shows what osaid itself adds.

    python bench/bench_check.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

TARGET_S = 0.6


def _time(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    osaid = shutil.which("osaid")
    cmd = [osaid] if osaid else [sys.executable, "-m", "osaid"]
    cmd += ["check", "catalog:pythia", "--format", "json"]
    _time(cmd, 2)  # warm the OS file cache; every measured run is still a new process
    osaid_times = _time(cmd, args.runs)
    python_times = _time([sys.executable, "-c", "pass"], args.runs)
    med, base = statistics.median(osaid_times), statistics.median(python_times)
    print(
        f"osaid check catalog:pythia --format json: median {med:.3f} s "
        f"(min {min(osaid_times):.3f}, max {max(osaid_times):.3f}, {args.runs} runs)"
    )
    print(f"python -c pass:                           median {base:.3f} s")
    print(
        f"ratio to bare interpreter: {med / base:.1f}x; target ≤ {TARGET_S} s: "
        f"{'met' if med <= TARGET_S else 'NOT met'}"
    )
    return 0 if med <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
