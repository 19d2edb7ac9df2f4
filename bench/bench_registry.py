"""Load on the registry server (`osaid serve`), loopback only, bounded in time and count.

1. Reads: 200 systems loaded (the catalog + MOT records) in a SQLite file; uvicorn with
   `--workers` processes; `--clients` threads with keep-alive httpx clients read the listing,
   system pages and the API for `--seconds`. Target: ≥ 500 requests/s, p99 ≤ 50 ms.
2. Ballots: 50 reviewers × 100 ballots, concurrently, through the API. Target: all 5,000
   recorded and the tally equal to the net of what was sent.

    python bench/bench_registry.py [--workers 2] [--clients 16] [--seconds 10] [--json]

The load generator is Python (httpx in threads) on the same 2 cores as the server, so the
figures are a lower bound of what the server alone does.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
MOT = ROOT.parent / "shared/data/mot/models"
sys.path.insert(0, str(ROOT / "tests/registry"))

from registry_helpers import Server, add_user  # noqa: E402

from osaid.registry import services  # noqa: E402
from osaid.registry.app import Settings, create_app  # noqa: E402
from osaid.registry.auth import RateLimits  # noqa: E402

SYSTEMS = 200
REVIEWERS = 50
BALLOTS_EACH = 100
COMPONENTS = (
    "datasets",
    "training-code",
    "inference-code",
    "model-architecture",
    "model-card",
    "data-card",
    "evaluation-code",
    "model-parameters-final",
)
FREEDOMS = ("use", "study", "modify", "share")


def prepare(url: str) -> dict[str, str]:
    app = create_app(
        url,
        settings=Settings(rate_limits=RateLimits.off(), background_worker=False),
    )
    db = app.state.registry.db
    tokens: dict[str, str] = {}
    with db.scope() as s:
        have = services.list_systems(s, per_page=1).total
        records = sorted(MOT.glob("*.yml"))[: SYSTEMS - have]
        services.import_mot_records(s, records)
        assert services.list_systems(s, per_page=1).total == SYSTEMS
        for i in range(REVIEWERS):
            user = add_user(s, f"bench{i}")
            tokens[user.username] = services.create_api_token(s, user, "bench")
    db.dispose()
    return tokens


def read_load(base: str, clients: int, seconds: float) -> dict[str, Any]:
    with httpx.Client(base_url=base) as c:
        slugs = [
            s["slug"] for s in c.get("/api/v1/systems", params={"per_page": 500}).json()["items"]
        ]
        pages = c.get("/").status_code == 200
    paths = ["/api/v1/systems", "/api/v1/systems?status=pass", "/api/v1/tally"]
    paths += [f"/api/v1/systems/{s}" for s in slugs[:50]]
    if pages:
        paths += ["/", *(f"/systems/{s}" for s in slugs[:20])]
    latencies: list[float] = []
    errors = Counter[int]()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        mine: list[float] = []
        bad = Counter[int]()
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.monotonic() < deadline:
                path = rng.choice(paths)
                t0 = time.perf_counter()
                r = client.get(path)
                mine.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    bad[r.status_code] += 1
        with lock:
            latencies.extend(mine)
            errors.update(bad)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "errors": dict(errors),
        "paths": len(paths),
        "pages_included": pages,
    }


def ballot_load(base: str, tokens: dict[str, str]) -> dict[str, Any]:
    with httpx.Client(base_url=base) as c:
        slugs = [
            s["slug"] for s in c.get("/api/v1/systems", params={"per_page": 500}).json()["items"]
        ]
    combos = list(itertools.product(slugs[:10], COMPONENTS, FREEDOMS))
    sent: Counter[tuple[str, str]] = Counter()
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def reviewer(i: int, token: str) -> None:
        rng = random.Random(i)
        mine = rng.sample(combos, BALLOTS_EACH)
        net: Counter[tuple[str, str]] = Counter()
        codes: Counter[int] = Counter()
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as client:
            for system, component, freedom in mine:
                vote = rng.choice((1, -1, 0))
                r = client.post(
                    "/api/v1/ballots",
                    json={
                        "system": system,
                        "component": component,
                        "freedom": freedom,
                        "vote": vote,
                    },
                )
                codes[r.status_code] += 1
                if r.status_code == 201:
                    net[(component, freedom)] += vote
        with lock:
            sent.update(net)
            statuses.update(codes)

    threads = [
        threading.Thread(target=reviewer, args=(i, t)) for i, t in enumerate(tokens.values())
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    with httpx.Client(base_url=base, timeout=60) as c:
        tally = c.get("/api/v1/tally").json()
        recorded = len(c.get("/api/v1/ballots").json())
    got = {(r["component"], f): v for r in tally["rows"] for f, v in r["votes"].items()}
    expected = dict(sent)
    exact = all(got.get(k, 0) == v for k, v in expected.items()) and all(
        expected.get(k, 0) == v for k, v in got.items()
    )
    return {
        "ballots_sent": sum(statuses.values()),
        "statuses": dict(statuses),
        "recorded": recorded,
        "tally_ballots": tally["ballots"],
        "tally_exact": exact,
        "seconds": round(elapsed, 2),
        "ballots_per_s": round(sum(statuses.values()) / elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        t0 = time.perf_counter()
        tokens = prepare(url)
        setup_s = time.perf_counter() - t0
        server = Server(url, env={"OSAID_REGISTRY_RATE_LIMITS": "off", "PYTHONWARNINGS": "ignore"})
        server.start(workers=args.workers)
        try:
            reads = read_load(server.base, args.clients, args.seconds)
            ballots = ballot_load(server.base, tokens)
        finally:
            server.stop()
    result = {
        "setup_s": round(setup_s, 1),
        "systems": SYSTEMS,
        "server": f"uvicorn, {args.workers} worker process(es), SQLite (WAL)",
        "load_generator": f"httpx, {args.clients} threads, keep-alive, same machine",
        "cpus": os.cpu_count(),
        "reads": reads,
        "ballots": ballots,
    }
    ok = (
        reads["rps"] >= 500
        and reads["p99_ms"] <= 50
        and not reads["errors"]
        and ballots["recorded"] == REVIEWERS * BALLOTS_EACH
        and ballots["tally_exact"]
    )
    result["targets_met"] = ok
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"setup (migrate, {SYSTEMS} systems, {REVIEWERS} reviewers): {setup_s:.1f} s")
        print(f"server: {result['server']}; load: {result['load_generator']}")
        print(
            f"reads: {reads['rps']} req/s, p50 {reads['p50_ms']} ms, p99 {reads['p99_ms']} ms, "
            f"{reads['requests']} requests, errors {reads['errors']} "
            f"(targets ≥ 500 req/s, p99 ≤ 50 ms)"
        )
        print(
            f"ballots: {ballots['recorded']}/{REVIEWERS * BALLOTS_EACH} recorded, tally exact: "
            f"{ballots['tally_exact']}, {ballots['ballots_per_s']} ballots/s, "
            f"statuses {ballots['statuses']}"
        )
        print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
