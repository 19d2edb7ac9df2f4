"""Benchmark license identification: osaid side by side with ScanCode.

    python bench/bench_identify.py [--scancode /tmp/scv/bin/scancode | --no-scancode]
        [--scancode-subset N] [--keep DIR] [--json OUT] [--runs N]

1. Generates the corpus with bench/corpus.py (1,000 variants of SPDX's own test texts and
   the 819 templates rendered with their default text) into a temporary directory.
2. Start-up, for both tools: osaid from a fresh interpreter to its first answer (the package
   byte-compiled first, as pip installs it), ScanCode as a one-file run.
3. `--runs` rounds (3 by default), each an osaid run followed by a ScanCode run, so that the
   drift of a shared machine's speed over minutes slows both tools of a round alike:
   * osaid in a fresh process: every corpus file once (cold caches: files per second after
     start-up), then once more (warm caches), with each file's time and the peak RSS;
   * ScanCode (``scancode --license --json OUT --processes 1 --timing DIR``), when installed:
     files per second after start-up are the files over the time ScanCode reports spending
     on their license scans. It runs at a few files per second, so `--scancode-subset N`
     scans only N files, every k-th of the corpus (the same mix of variants and lengths).
   The ratio of files per second is osaid's over ScanCode's on the same files, the median of
   the rounds' ratios; each round's is printed. Without ScanCode the anchor is skipped and
   the script says so.

Scoring, the same for both tools: *exact id* when the tool reports exactly one license and it
is the expected id; *family* when its best license (highest score) has the expected family
(`build_index.spdx_family` for SPDX ids, the catalog family for AI licenses). For ScanCode the
answer is its ``detected_license_expression_spdx``; ``LicenseRef-scancode-<key>`` is mapped to
the catalog id through the catalog's ``scancode_key``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
from osaid.licenses.identify._index import get_index  # noqa: E402
from osaid.licenses.identify.build_index import spdx_family  # noqa: E402

STARTUP_CODE = (
    "from osaid.licenses.identify import identify_text; "
    "identify_text('Permission is hereby granted, free of charge')"
)


# ------------------------------------------------------------------------------- osaid


def child(corpus_dir: str) -> None:
    """Runs in a fresh interpreter: identify every corpus file, print JSON."""
    t0 = time.perf_counter()
    from osaid.licenses.identify import identify_file, identify_text

    # The same first answer as the start-up measurement: the index is loaded before the
    # clock for files per second starts.
    identify_text("Permission is hereby granted, free of charge")
    ready = time.perf_counter() - t0
    manifest = json.loads((Path(corpus_dir) / "manifest.json").read_text())
    paths = [str(Path(corpus_dir) / r["file"]) for r in manifest]
    results = []
    file_s = []
    clock = time.perf_counter
    t1 = clock()
    for p in paths:
        t = clock()
        results.append(identify_file(p))
        file_s.append(clock() - t)
    elapsed = clock() - t1
    t2 = time.perf_counter()
    for p in paths:
        identify_file(p)
    warm = time.perf_counter() - t2
    answers = {
        r["file"]: [
            {
                "id": m.id,
                "score": m.score,
                "match": m.match.value,
                "review": m.needs_review,
                "alts": list(m.alternatives),
            }
            for m in res.matches
            if m.form == "text"
        ]
        for r, res in zip(manifest, results, strict=True)
    }
    print(
        json.dumps(
            {
                "ready_s": ready,
                "elapsed_s": elapsed,
                "warm_elapsed_s": warm,
                "files": len(paths),
                "file_s": dict(zip((r["file"] for r in manifest), file_s, strict=True)),
                "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "answers": answers,
            }
        )
    )


def osaid_startups(n: int = 3) -> list[float]:
    """Seconds from a fresh interpreter to osaid's first answer, `n` times."""
    # Byte-compiled as pip installs a package (and as ScanCode's is): without it, a checkout
    # whose environment sets PYTHONDONTWRITEBYTECODE compiles every module at each start.
    import osaid

    compileall.compile_dir(str(Path(osaid.__file__).parent), quiet=1)
    starts = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", STARTUP_CODE], check=True)
        starts.append(time.perf_counter() - t)
    return starts


def osaid_run(corpus_dir: Path) -> dict[str, Any]:
    """One fresh process identifying the whole corpus (`child`)."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(corpus_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    doc: dict[str, Any] = json.loads(out.stdout)
    return doc


def summarize_osaid(docs: list[dict[str, Any]], starts: list[float]) -> dict[str, Any]:
    """The median of the runs (answers are the same in every run)."""
    doc = dict(docs[0])
    doc["startup_s"] = statistics.median(starts)
    doc["elapsed_s"] = statistics.median(d["elapsed_s"] for d in docs)
    doc["warm_elapsed_s"] = statistics.median(d["warm_elapsed_s"] for d in docs)
    doc["maxrss_kb"] = max(d["maxrss_kb"] for d in docs)
    doc["file_s"] = {f: statistics.median(d["file_s"][f] for d in docs) for f in doc["file_s"]}
    doc["files_per_s"] = doc["files"] / doc["elapsed_s"]
    doc["warm_files_per_s"] = doc["files"] / doc["warm_elapsed_s"]
    doc["runs"] = len(docs)
    return doc


# ---------------------------------------------------------------------------- ScanCode


def find_scancode(explicit: str | None) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    for candidate in ("/tmp/scv/bin/scancode", shutil.which("scancode")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _scan(scancode: str, directory: Path, out: Path) -> float:
    t = time.perf_counter()
    subprocess.run(
        [
            scancode,
            "--license",
            "--json",
            str(out),
            "--processes",
            "1",
            "--quiet",
            "--timing",
            str(directory),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def scancode_startups(
    scancode: str, corpus_dir: Path, first: str, work: Path, n: int
) -> list[float]:
    """Seconds of a one-file ScanCode run, `n` times."""
    one = work / "sc-one"
    one.mkdir()
    shutil.copy(corpus_dir / first, one / "a.txt")
    return [_scan(scancode, one, work / "sc-one.json") for _ in range(n)]


def scancode_run(scancode: str, subset: Path) -> dict[str, Any]:
    """ScanCode on the files of `subset`: the time it reports spending on their license scans
    (``--timing``) leaves out start-up without subtracting two noisy wall times."""
    out = subset.with_suffix(".json")
    wall = _scan(scancode, subset, out)
    doc = json.loads(out.read_text())
    answers: dict[str, str] = {}
    scan_time = 0.0
    for entry in doc.get("files", []):
        if entry.get("type") != "file":
            continue
        rel = entry["path"].split("/", 1)[1] if "/" in entry["path"] else entry["path"]
        answers[rel] = entry.get("detected_license_expression_spdx") or ""
        scan_time += sum(entry.get("scan_timings", {}).values())
    files = len(answers)
    return {
        "elapsed_s": wall,
        "scan_s": scan_time,
        "files": files,
        "files_per_s": files / max(scan_time, 1e-9),
        "answers": answers,
    }


def copy_subset(corpus_dir: Path, files: list[str], to: Path) -> Path:
    for f in files:
        (to / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_dir / f, to / f)
    return to


# ----------------------------------------------------------------------------- scoring


def _families() -> tuple[dict[str, str], dict[str, str]]:
    index = get_index()
    fam = {lic.id: lic.family for lic in index.licenses}
    by_sc = {
        f"LicenseRef-scancode-{lic.scancode_key}": lic.id
        for lic in index.licenses
        if lic.scancode_key and lic.kind != "spdx"
    }
    return fam, by_sc


def family_of(ident: str, fam: dict[str, str]) -> str:
    return fam.get(ident) or spdx_family(ident)


def score_osaid(manifest: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, int]:
    fam, _ = _families()
    s = {
        "n": 0,
        "exact_id": 0,
        "family": 0,
        "exact_match": 0,
        "needs_review": 0,
        "wrong_accepted": 0,
        "unknown": 0,
    }
    for r in manifest:
        got = answers.get(r["file"], [])
        s["n"] += 1
        ids = [g["id"] for g in got]
        if not got:
            s["unknown"] += 1
            continue
        top = max(got, key=lambda g: g["score"])
        accept = set(r.get("accept", [r["id"]]))
        right = len(ids) == 1 and (ids[0] in accept or r["id"] in got[0]["alts"])
        s["exact_id"] += right
        s["family"] += family_of(top["id"], fam) == r["family"]
        s["exact_match"] += right and all(g["match"] == "exact" for g in got)
        s["needs_review"] += any(g["review"] for g in got)
        s["wrong_accepted"] += any(
            g["id"] not in accept and r["id"] not in g["alts"] and not g["review"] for g in got
        )
    return s


def score_scancode(manifest: list[dict[str, Any]], answers: dict[str, str]) -> dict[str, int]:
    fam, by_sc = _families()
    s = {"n": 0, "exact_id": 0, "family": 0, "unknown": 0}
    for r in manifest:
        if r["file"] not in answers:
            continue
        expr = answers[r["file"]]
        s["n"] += 1
        if not expr:
            s["unknown"] += 1
            continue
        symbols = [
            by_sc.get(x, x)
            for x in re.findall(r"[A-Za-z0-9.+_-]+", expr)
            if x not in ("AND", "OR", "WITH")
        ]
        accept = set(r.get("accept", [r["id"]]))
        s["exact_id"] += len(symbols) == 1 and symbols[0] in accept
        s["family"] += bool(symbols) and family_of(symbols[0], fam) == r["family"]
    return s


# -------------------------------------------------------------------------------- main


def _ratio(a: float, b: float) -> str:
    return f"{a / b:,.1f}x" if b else "-"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--scancode", help="path of the scancode executable")
    p.add_argument("--no-scancode", action="store_true")
    p.add_argument(
        "--scancode-subset",
        type=int,
        default=0,
        help="scan only N files (every k-th of the corpus) with ScanCode",
    )
    p.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    p.add_argument("--json", type=Path, help="write all numbers here")
    p.add_argument("--runs", type=int, default=3, help="osaid runs (the median is reported)")
    p.add_argument(
        "--scancode-runs", type=int, default=3, help="ScanCode runs (the median is reported)"
    )
    args = p.parse_args(argv)
    if args.child:
        child(args.child)
        return 0

    scancode = None if args.no_scancode else find_scancode(args.scancode)
    with tempfile.TemporaryDirectory(prefix="osaid-bench-") as tmp:
        work = Path(tmp)
        corpus_dir = args.keep or work / "corpus"
        corpus_dir.mkdir(parents=True, exist_ok=True)
        manifest = corpus.generate(corpus_dir)
        groups = {g: [r for r in manifest if r["group"] == g] for g in ("variants", "templates")}
        print(
            f"corpus: {len(groups['variants'])} variant files (SPDX test texts), "
            f"{len(groups['templates'])} templates rendered with their default text"
        )

        subset_files: list[str] = [r["file"] for r in manifest]
        if scancode is None and args.no_scancode:
            print("ScanCode: skipped (--no-scancode) - anchor skipped")
        elif scancode is None:
            print(
                "ScanCode: not installed (pip install scancode-toolkit==32.5.0 'pluggy<1.7' "
                "into a separate venv, e.g. /tmp/scv) - anchor skipped"
            )
        else:
            if args.scancode_subset:
                # Every k-th file: the subset has the corpus's mix of groups, variants and
                # lengths, so ScanCode's speed on it stands for the corpus.
                step = max(1, len(manifest) // args.scancode_subset)
                subset_files = [r["file"] for r in manifest[::step]][: args.scancode_subset]
            print(
                f"ScanCode: {scancode}, scanning {len(subset_files)} files "
                f"({'subset, speed extrapolated' if args.scancode_subset else 'all'}) ..."
            )
        starts = osaid_startups()
        sc_starts = (
            scancode_startups(scancode, corpus_dir, subset_files[0], work, args.runs)
            if scancode
            else []
        )
        subset = copy_subset(corpus_dir, subset_files, work / "sc-corpus") if scancode else None
        # The speed of this machine drifts by a quarter over minutes: each osaid run is
        # followed by a ScanCode run on the same files, and the ratio is the median of the
        # runs' ratios, so that a slow minute slows both tools of one pair.
        docs: list[dict[str, Any]] = []
        sc_docs: list[dict[str, Any]] = []
        ratios: list[float] = []
        for _ in range(args.runs):
            docs.append(osaid_run(corpus_dir))
            if scancode and subset is not None:
                sc_docs.append(scancode_run(scancode, subset))
                mine = len(subset_files) / sum(docs[-1]["file_s"][f] for f in subset_files)
                ratios.append(mine / sc_docs[-1]["files_per_s"])
        o = summarize_osaid(docs, starts)
        report: dict[str, Any] = {"osaid": {k: v for k, v in o.items() if k != "answers"}}
        sc: dict[str, Any] | None = None
        if sc_docs:
            sc = dict(sc_docs[0])
            sc["startup_s"] = statistics.median(sc_starts)
            sc["scan_s"] = statistics.median(d["scan_s"] for d in sc_docs)
            sc["files_per_s"] = statistics.median(d["files_per_s"] for d in sc_docs)
            sc["maxrss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            sc["runs"] = [{k: v for k, v in d.items() if k != "answers"} for d in sc_docs]
            report["scancode"] = {k: v for k, v in sc.items() if k != "answers"}
            report["files_per_s_ratio_runs"] = ratios

    chosen = set(subset_files)
    print()
    print(f"{'':34}{'osaid':>14}{'ScanCode':>14}{'ratio':>10}")
    print(
        f"{'start-up (s)':34}{o['startup_s']:>14.2f}"
        f"{(sc['startup_s'] if sc else float('nan')):>14.2f}"
        f"{_ratio(sc['startup_s'], o['startup_s']) if sc else '-':>10}"
    )
    print(
        f"{'files/s after start-up':34}{o['files_per_s']:>14.1f}"
        f"{(sc['files_per_s'] if sc else float('nan')):>14.2f}"
        f"{_ratio(o['files_per_s'], sc['files_per_s']) if sc else '-':>10}"
    )
    print(f"{'  (osaid warm caches)':34}{o['warm_files_per_s']:>14.1f}")
    if sc:
        # The same files for both tools, each pair of runs next to each other in time.
        same = len(subset_files) / sum(o["file_s"][f] for f in subset_files)
        report["osaid"]["subset_files_per_s"] = same
        print(
            f"{'  same files, paired runs':34}{same:>14.1f}{sc['files_per_s']:>14.2f}"
            f"{statistics.median(ratios):>9.1f}x"
        )
        print(f"{'  (ratio of each pair)':34}{'':28}{', '.join(f'{r:.0f}x' for r in ratios)}")
    print(
        f"{'peak RSS (MB)':34}{o['maxrss_kb'] / 1024:>14.0f}"
        f"{(sc['maxrss_kb'] / 1024 if sc else float('nan')):>14.0f}"
        f"{_ratio(sc['maxrss_kb'], o['maxrss_kb']) if sc else '-':>10}"
    )
    for g, rows in groups.items():
        if not rows:
            continue
        so = score_osaid(rows, o["answers"])
        report[f"osaid_{g}"] = so
        line = (
            f"{g}: osaid exact id {so['exact_id']}/{so['n']}, family {so['family']}/{so['n']}"
            f", exact match {so['exact_match']}, needs review {so['needs_review']}, "
            f"wrong id accepted without review {so['wrong_accepted']}, unknown {so['unknown']}"
        )
        print(line)
        if sc:
            sub = [r for r in rows if r["file"] in chosen]
            ss = score_scancode(sub, sc["answers"])
            so_sub = score_osaid(sub, o["answers"])
            report[f"scancode_{g}"] = ss
            report[f"osaid_{g}_scancode_subset"] = so_sub
            print(
                f"{g}: ScanCode exact id {ss['exact_id']}/{ss['n']}, family "
                f"{ss['family']}/{ss['n']}, unknown {ss['unknown']}"
                f"   (osaid on the same files: exact id {so_sub['exact_id']}/{so_sub['n']}, "
                f"family {so_sub['family']}/{so_sub['n']})"
            )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
