"""Run a census end to end: stage inputs, run an engine, write Parquet, summary and report."""

from __future__ import annotations

import json
import resource
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from osaid.census import CensusError
from osaid.census.progress import reporter
from osaid.census.records import stage_inputs

__all__ = ["ENGINES", "CensusResult", "run_census"]

ENGINES = ("duckdb", "ray")
MODELS_FILE = "models.parquet"
SUMMARY_FILE = "summary.json"
REPORT_FILE = "report.html"


@dataclass(frozen=True)
class CensusResult:
    models: Path
    summary: Path
    report: Path
    total: int
    seconds: float
    peak_rss_mb: float


def peak_rss_mb() -> float:
    """Peak resident memory of this process (DuckDB runs inside it), in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def run_census(
    inputs: list[Path],
    out_dir: Path,
    *,
    engine: str = "duckdb",
    address: str | None = None,
    memory_limit: str | None = "3GB",
    threads: int | None = None,
    progress: bool | None = None,
    write_report: bool = True,
) -> CensusResult:
    """Census of the models in `inputs`, written to `out_dir` (created if needed)."""
    if engine not in ENGINES:
        raise CensusError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if not inputs:
        raise CensusError("no input given")
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    models = out_dir / MODELS_FILE
    with tempfile.TemporaryDirectory(prefix="osaid-census-") as tmp, reporter(5, progress) as rep:
        rep.stage("reading inputs")
        staged = stage_inputs(inputs, Path(tmp) / "stage", on_rows=rep.rows)
        if engine == "duckdb":
            from osaid.census.engine_duckdb import run_duckdb

            total = run_duckdb(
                staged, models, memory_limit=memory_limit, threads=threads, progress=rep
            )
        else:
            from osaid.census.engine_ray import run_ray

            total = run_ray(staged, models, address=address, progress=rep)
        rep.stage("summary and report")
        from osaid.census.summary import summarize

        meta: dict[str, Any] = {
            "schema": "osaid-census/1",
            "engine": engine,
            "inputs": [str(p) for p in inputs],
            "versions": {
                "osaid": _version("osaid"),
                "duckdb": _version("duckdb"),
                "pyarrow": _version("pyarrow"),
                **({"ray": _version("ray")} if engine == "ray" else {}),
            },
        }
        summary = summarize(models, meta)
        summary_path = out_dir / SUMMARY_FILE
        summary_path.write_text(json.dumps(summary, indent=2, sort_keys=False) + "\n")
        report_path = out_dir / REPORT_FILE
        if write_report:
            from osaid.census.report import render_report

            report_path.write_text(render_report(summary), encoding="utf-8")
    return CensusResult(
        models, summary_path, report_path, total, time.perf_counter() - start, peak_rss_mb()
    )
