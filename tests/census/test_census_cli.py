"""The census CLI functions, wired into a Typer app the way main.py can wire them."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from osaid.cli import _census


def test_synth_then_census(tmp_path: Path) -> None:
    app = typer.Typer()
    _census.register(app)

    @app.command()
    def other() -> None:  # a second command, so that `census` is a subcommand
        pass

    runner = CliRunner()
    synth = tmp_path / "hub.parquet"
    res = runner.invoke(app, ["census", "synth", "--n", "2000", "-o", str(synth)])
    assert res.exit_code == 0, res.output
    out = tmp_path / "out"
    res = runner.invoke(app, ["census", str(synth), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads((out / "summary.json").read_text())["total_models"] == 2000
    assert (out / "report.html").exists() and (out / "models.parquet").exists()
    res = runner.invoke(app, ["census", str(tmp_path / "missing.jsonl"), "-o", str(out)])
    assert res.exit_code == 2
    res = runner.invoke(app, ["census", str(synth), "-o", str(out), "--engine", "spark"])
    assert res.exit_code == 2
