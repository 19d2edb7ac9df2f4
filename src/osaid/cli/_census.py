"""`osaid census INPUT... -o OUT` and `osaid census synth --n N -o FILE`.

Plain functions for the CLI to wire (`register(app)` adds a `census` command doing both)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from osaid.census import CensusError

__all__ = ["census_command", "register", "synth_command"]


def census_command(
    inputs: list[Path],
    output: Path,
    engine: str = "duckdb",
    address: str | None = None,
    from_hub: bool = False,
    hub_limit: int | None = None,
    checkpoint: Path | None = None,
    memory_limit: str | None = "3GB",
    threads: int | None = None,
    progress: bool | None = None,
) -> int:
    """Run a census; write OUT/models.parquet, OUT/summary.json, OUT/report.html. Exit code."""
    from osaid.census.run import run_census

    sources = list(inputs)
    if from_hub:
        from osaid.census.hub import fetch_hub

        hub_dir = output / "hub"
        sources += fetch_hub(hub_dir, checkpoint=checkpoint, max_models=hub_limit)
    if not sources:
        raise CensusError("give at least one INPUT file, or --from-hub")
    result = run_census(
        sources,
        output,
        engine=engine,
        address=address,
        memory_limit=memory_limit,
        threads=threads,
        progress=progress,
    )
    summary = json.loads(result.summary.read_text())
    cats = ", ".join(f"{k} {v:,}" for k, v in summary["categories"].items() if v)
    act = summary["ai_act"]
    claims = summary["claims_open_source"]
    print(
        f"{result.total:,} models in {result.seconds:.1f}s (peak RSS {result.peak_rss_mb:,.0f} MiB): "
        f"{cats}; open-washing {summary['open_washing']['total']:,}\n"
        f"AI Act exemption: conditions met as far as metadata shows "
        f"{act['conditions_met_as_far_as_metadata_shows']:,} (an upper bound: compute and "
        f"monetisation unknown), licence fails {act['licence_fails']['models']:,}; "
        f"claim open source {claims['models']:,} (at least; front matter only), of which "
        f"{claims['fail_osaid_licence']:,} fail OSAID's licence condition and "
        f"{claims['fail_ai_act_licence']:,} the Act's\n"
        f"wrote {result.models}, {result.summary}, {result.report}",
        file=sys.stderr,
    )
    return 0


def synth_command(n: int, output: Path, seed: int = 0) -> int:
    """Write N synthetic Hub records (canonical Parquet) to OUTPUT."""
    from osaid.census.synth import write

    if n < 1:
        raise CensusError("--n must be at least 1")
    write(n, output, seed=seed)
    print(f"wrote {n:,} synthetic models to {output}", file=sys.stderr)
    return 0


def register(app: typer.Typer) -> None:
    """Add `census` to the app: `census INPUT... -o OUT` or `census synth --n N -o FILE`."""

    @app.command(
        "census",
        help="Census of Hub metadata dumps (JSONL, CSV, Parquet) or the live Hub, with "
        "lineage; or `census synth --n N -o FILE` to write a synthetic Hub.",
    )
    def census(
        inputs: Annotated[
            list[str] | None, typer.Argument(help="dump files, or `synth` to generate one")
        ] = None,
        output: Annotated[
            Path, typer.Option("--output", "-o", help="output folder (file for synth)")
        ] = Path("census-out"),
        engine: Annotated[str, typer.Option(help="duckdb (default) or ray")] = "duckdb",
        address: Annotated[str | None, typer.Option(help="Ray cluster address")] = None,
        from_hub: Annotated[
            bool, typer.Option("--from-hub", help="list models from the Hub API")
        ] = False,
        hub_limit: Annotated[
            int | None, typer.Option(help="stop after N models from the Hub")
        ] = None,
        checkpoint: Annotated[Path | None, typer.Option(help="resume file for --from-hub")] = None,
        memory_limit: Annotated[str, typer.Option(help="DuckDB memory limit")] = "3GB",
        n: Annotated[int, typer.Option("--n", help="synth: number of models")] = 100_000,
        seed: Annotated[int, typer.Option(help="synth: random seed")] = 0,
    ) -> None:
        from osaid.cli._errors import report

        try:
            args = inputs or []
            if args[:1] == ["synth"]:
                code = synth_command(n, output, seed)
            else:
                code = census_command(
                    [Path(a) for a in args],
                    output,
                    engine,
                    address,
                    from_hub,
                    hub_limit,
                    checkpoint,
                    memory_limit,
                )
        except CensusError as exc:
            raise typer.Exit(int(report(exc))) from None
        raise typer.Exit(code)
