"""Evaluate all MOT records under osaid-1.0 and mof in one process, after start-up.

Target: ≤ 1 s for all 273 records. Reads tests/data/mot/models. Also prints MOT's own
algorithm alone (the `mof` definition) as the anchor the full evaluation is compared with.

    python bench/bench_mot_records.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from osaid.definitions.loader import load_definition
from osaid.evaluation.evaluate import Evaluator
from osaid.manifest.load import load_system
from osaid.mof import evaluate_mot

TARGET_S = 1.0
MODELS = Path(__file__).resolve().parents[1] / "tests/data/mot/models"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(MODELS.glob("*.yml"))
    if not files:
        print(f"no MOT records under {MODELS}", file=sys.stderr)
        return 2
    # start-up: import, data files, definitions, license knowledge
    start = time.perf_counter()
    for d in ("osaid-1.0", "mof"):
        load_definition(d)
    Evaluator().evaluate(load_system(files[0]), ["osaid-1.0", "mof"])
    startup = time.perf_counter() - start

    full, anchor = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        evaluator = Evaluator()
        for f in files:
            evaluator.evaluate(load_system(f), ["osaid-1.0", "mof"])
        full.append(time.perf_counter() - t0)
        systems = [load_system(f) for f in files]
        t1 = time.perf_counter()
        for s in systems:
            assert s.mot_record is not None
            evaluate_mot(s.mot_record)
        anchor.append(time.perf_counter() - t1)
    med = statistics.median(full)
    print(f"start-up (data files, definitions, license knowledge): {startup:.3f} s")
    print(
        f"{len(files)} records, read + osaid-1.0 + mof: median {med:.3f} s over "
        f"{args.repeat} runs ({len(files) / med:.0f} records/s)"
    )
    print(f"MOT algorithm alone on the same records: median {statistics.median(anchor):.4f} s")
    print(f"target ≤ {TARGET_S} s: {'met' if med <= TARGET_S else 'NOT met'}")
    return 0 if med <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
