"""`osaid check hf:…` and `osaid audit --against hf:…` through a mocked Hub."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from test_hf import FakeHub, hub  # noqa: F401 - the fixture is used by name
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.sources.interface import SourceUnavailableError

runner = CliRunner()


def test_check_hf_repository_lists_components_with_evidence(hub: FakeHub) -> None:  # noqa: F811
    result = runner.invoke(
        app, ["check", "hf:example-org/tiny-open-lm", "-f", "json", "-d", "osaid-1.0"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["system"]["origin"] == "hf:example-org/tiny-open-lm"
    kinds = {e["kind"] for e in report["evidence"]}
    assert {"model-card", "declared-license", "weights"} <= kinds
    weights = next(e for e in report["evidence"] if e["kind"] == "weights")
    assert weights["data"]["header_only"] is True
    assert weights["location"].startswith("https://huggingface.co/example-org/tiny-open-lm/blob/")
    components = {c["component"] for c in report["components"]}
    assert "model-parameters-final" in components and "model-card" in components
    # weights are only ever read through ranged requests for their header
    weight_requests = [r for r in hub.requests if r.url.path.endswith(".safetensors")]
    assert all("range" in r.headers for r in weight_requests)


def test_gated_repository_is_a_clear_error_not_a_verdict(hub: FakeHub) -> None:  # noqa: F811
    result = runner.invoke(app, ["check", "hf:example-org/gated-lm", "-d", "osaid-1.0"])
    assert isinstance(result.exception, SourceUnavailableError)
    assert "gated repository" in str(result.exception)


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_check_git_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / "README.md").write_text("---\nlicense: mit\n---\n# Tiny\n")
    (repo / "train.py").write_text("import deepspeed\n")
    (repo / "modeling_tiny.py").write_text("import torch\n")
    _git("add", "-A", cwd=repo)
    _git("commit", "-qm", "init", cwd=repo)
    result = runner.invoke(app, ["check", f"git+file://{repo}", "-f", "json", "-d", "osaid-1.0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    components = {c["component"]: c for c in report["components"]}
    assert components["training-code"]["status"] == "released"
    assert components["training-code"]["license"] == "MIT"
