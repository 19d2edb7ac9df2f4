"""Load on the registry server (`osaid serve`), loopback only, bounded in time and count.

1. Reads: 200 systems loaded (the catalog + MOT records) in a SQLite file; uvicorn with
   `--workers` processes (`--no-access-log`; uvloop and httptools when installed) reads a
   rotation of URLs for `--seconds` after a short warm-up: the listing `/`, system pages
   `/systems/{slug}`, `/api/v1/systems`, `/api/v1/systems/{slug}` and badges
   `/badge/{slug}/osaid-1.0.svg` (one of each kind in turn, slugs rotating). Target:
   ≥ 500 requests/s, p99 ≤ 50 ms, no errors.
2. Ballots: 50 reviewers × 100 ballots, concurrently, through the API. Target: all 5,000
   recorded and the tally equal to the net of what was sent.

    python bench/bench_registry.py [--workers 2] [--connections 32] [--seconds 10]
                                   [--generator auto|wrk|python] [--runs 2] [--json]

Load generator: `wrk` (C; Debian package `wrk`) when installed, with a Lua script rotating
the URLs, one thread, `--connections` keep-alive connections and `--latency`; otherwise (or
with `--generator python`) httpx in `--connections` threads, which costs far more CPU than
the server, so its figures are a lower bound. The result names the generator used.

CPU pinning (taskset, when available; `--no-pin` to let the scheduler place everything):
the server's worker processes run on `--server-cpus` (default 0,1) and the generator on
`--generator-cpus` (default 1). On a 2-core machine the generator thus shares one core with
one worker; wrk needs ~10-20 % of a core at these rates. `/proc/loadavg` is recorded before
and after every run, and the CPU time of the run is split (from /proc) between the server's
processes, the generator and everything else on the machine, since other jobs change the
figures (p99 first of all).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
MOT = ROOT / "tests/data/mot/models"
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


def read_paths(base: str) -> list[str]:
    """The rotation: one URL of each kind in turn (listing, system page, API listing, API
    system, badge), slugs rotating over the first 50 systems."""
    with httpx.Client(base_url=base, timeout=30) as c:
        items = c.get("/api/v1/systems", params={"per_page": 500}).json()["items"]
        pages = c.get("/").status_code == 200
    slugs = [s["slug"] for s in items][:50]
    paths: list[str] = []
    for i, slug in enumerate(slugs):
        kinds = [f"/api/v1/systems/{slug}", "/api/v1/systems"]
        if pages:
            kinds = ["/", f"/systems/{slug}", *kinds, f"/badge/{slug}/osaid-1.0.svg"]
        paths += kinds if i % 2 == 0 else kinds[::-1]
    return paths


_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def cpu_snapshot(server_pid: int | None) -> tuple[int, int, int]:
    """(busy ticks of the machine, ticks of the server's processes, ticks of waited children
    of this process such as wrk): their differences split the CPU time of a run between the
    server, the generator and everything else on the machine."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        busy = sum(int(first[i]) for i in (0, 1, 2, 5, 6, 7))  # all but idle and iowait
    except (OSError, IndexError, ValueError):
        return 0, 0, 0
    server = 0
    if server_pid is not None:
        pids = [server_pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rpartition(")")[2].split()[1]) == server_pid:
                    pids.append(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        server = sum(_proc_ticks(p) for p in pids)
    t = os.times()
    own = round((t.children_user + t.children_system + t.user + t.system) * _HZ)
    return busy, server, own


def cpu_split(before: tuple[int, int, int], after: tuple[int, int, int], seconds: float) -> str:
    busy, server, own = (b - a for a, b in zip(before, after, strict=True))
    other = max(0, busy - server - own)
    cores = [x / _HZ / seconds for x in (server, own, other)]
    return "server {:.2f}, generator {:.2f}, other jobs {:.2f} cores".format(*cores)


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "?"


WRK_SCRIPT = """
local paths = {%(paths)s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\\"requests\\":%%d,\\"us\\":%%d,\\"p50\\":%%d,\\"p90\\":%%d,\\"p99\\":%%d," ..
    "\\"max\\":%%d,\\"status\\":%%d,\\"connect\\":%%d,\\"read\\":%%d," ..
    "\\"write\\":%%d,\\"timeout\\":%%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
"""


def wrk_load(
    base: str, paths: list[str], connections: int, seconds: float, prefix: list[str]
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
        script = f.name
    try:
        cmd = [
            *prefix,
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script,
            base,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script)
    found = re.search(r"^BENCH (\{.*\})$", out, re.M)
    if not found:
        raise RuntimeError("wrk gave no summary:\n" + out)
    r = json.loads(found.group(1))
    errors = {k: r[k] for k in ("status", "connect", "read", "write", "timeout") if r[k]}
    return {
        "requests": r["requests"],
        "seconds": round(r["us"] / 1e6, 2),
        "rps": round(r["requests"] / (r["us"] / 1e6), 1),
        "p50_ms": round(r["p50"] / 1000, 2),
        "p90_ms": round(r["p90"] / 1000, 2),
        "p99_ms": round(r["p99"] / 1000, 2),
        "max_ms": round(r["max"] / 1000, 2),
        "errors": errors,
    }


def python_load(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = Counter[int]()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        mine: list[float] = []
        bad = Counter[int]()
        order = itertools.cycle(paths[seed % len(paths) :] + paths[: seed % len(paths)])
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.monotonic() < deadline:
                t0 = time.perf_counter()
                r = client.get(next(order))
                mine.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    bad[r.status_code] += 1
        with lock:
            latencies.extend(mine)
            errors.update(bad)

    threads = [threading.Thread(target=worker, args=(i * 7,)) for i in range(clients)]
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
        "p90_ms": round(latencies[int(len(latencies) * 0.9) - 1] * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
        "errors": {str(k): v for k, v in errors.items()},
    }


def read_load(
    base: str,
    generator: str,
    connections: int,
    seconds: float,
    prefix: list[str],
    runs: int,
    server_pid: int | None = None,
) -> list[dict[str, Any]]:
    paths = read_paths(base)
    results = []
    for run in range(runs + 1):  # run 0 is a 2 s warm-up (per-process caches), not reported
        span = 2.0 if run == 0 else seconds
        before = loadavg()
        cpu0 = cpu_snapshot(server_pid)
        t0 = time.perf_counter()
        if generator == "wrk":
            r = wrk_load(base, paths, connections, span, prefix)
        else:
            r = python_load(base, paths, connections, span)
        r["loadavg_before"] = before
        r["loadavg_after"] = loadavg()
        r["cpu"] = cpu_split(cpu0, cpu_snapshot(server_pid), time.perf_counter() - t0)
        r["paths"] = len(paths)
        if run:
            results.append(r)
    return results


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
    parser.add_argument("--connections", "--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=2, help="read runs (each --seconds)")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--server-cpus", default="0,1")
    parser.add_argument("--generator-cpus", default="1")
    parser.add_argument("--no-pin", action="store_true")
    parser.add_argument("--no-ballots", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    generator = args.generator
    if generator == "auto":
        generator = "wrk" if shutil.which("wrk") else "python"
    elif generator == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk)")
    pin = not args.no_pin and shutil.which("taskset") is not None
    server_prefix = ("taskset", "-c", args.server_cpus) if pin else ()
    gen_prefix = ["taskset", "-c", args.generator_cpus] if pin else []
    if pin and generator == "python":
        os.sched_setaffinity(0, {int(c) for c in args.generator_cpus.split(",")})
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        t0 = time.perf_counter()
        tokens = prepare(url)
        setup_s = time.perf_counter() - t0
        server = Server(url, env={"OSAID_REGISTRY_RATE_LIMITS": "off", "PYTHONWARNINGS": "ignore"})
        server.start(
            workers=args.workers,
            extra_args=("--no-access-log", "--timeout-keep-alive", "30"),
            prefix=server_prefix,
        )
        try:
            pid = server.proc.pid if server.proc is not None else None
            reads = read_load(
                server.base, generator, args.connections, args.seconds, gen_prefix, args.runs, pid
            )
            ballots = None if args.no_ballots else ballot_load(server.base, tokens)
        finally:
            server.stop()
    loop = "uvloop" if _installed("uvloop") else "asyncio"
    http = "httptools" if _installed("httptools") else "h11"
    result: dict[str, Any] = {
        "setup_s": round(setup_s, 1),
        "systems": SYSTEMS,
        "server": f"uvicorn, {args.workers} worker process(es), {loop}, {http}, "
        f"no access log, SQLite (WAL)",
        "load_generator": (
            f"wrk, 1 thread, {args.connections} keep-alive connections"
            if generator == "wrk"
            else f"httpx, {args.connections} threads, keep-alive"
        ),
        "pinning": (
            f"server on CPUs {args.server_cpus}, generator on CPUs {args.generator_cpus}"
            if pin
            else "none"
        ),
        "cpus": os.cpu_count(),
        "reads": reads,
        "ballots": ballots,
    }
    reads_ok = all(r["rps"] >= 500 and r["p99_ms"] <= 50 and not r["errors"] for r in reads)
    ballots_ok = ballots is None or (
        ballots["recorded"] == REVIEWERS * BALLOTS_EACH and ballots["tally_exact"]
    )
    ok = reads_ok and ballots_ok
    result["targets_met"] = ok
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"setup (migrate, {SYSTEMS} systems, {REVIEWERS} reviewers): {setup_s:.1f} s")
        print(f"server: {result['server']}")
        print(f"load: {result['load_generator']}; pinning: {result['pinning']}")
        for r in reads:
            print(
                f"reads: {r['rps']} req/s, p50 {r['p50_ms']} ms, p90 {r['p90_ms']} ms, "
                f"p99 {r['p99_ms']} ms, max {r['max_ms']} ms, {r['requests']} requests in "
                f"{r['seconds']} s, errors {r['errors']}; loadavg {r['loadavg_before']} -> "
                f"{r['loadavg_after']}; CPU: {r['cpu']}"
            )
        print("(targets ≥ 500 req/s, p99 ≤ 50 ms, no errors, in every run)")
        if ballots is not None:
            print(
                f"ballots: {ballots['recorded']}/{REVIEWERS * BALLOTS_EACH} recorded, tally "
                f"exact: {ballots['tally_exact']}, {ballots['ballots_per_s']} ballots/s, "
                f"statuses {ballots['statuses']}"
            )
        print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


if __name__ == "__main__":
    sys.exit(main())
