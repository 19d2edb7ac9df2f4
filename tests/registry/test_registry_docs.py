"""The registry's documentation says what exists: every `osaid` command line in
docs/registry.md and in the README's registry section runs (on a throw-away SQLite file;
`osaid serve` only parses its options, since it would not return), and every path the
README names answers."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from registry_helpers import ROOT
from typer.testing import CliRunner

from osaid.cli.main import app as cli

README_SECTION = "## The registry and review service"


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    start = text.index(README_SECTION)
    end = text.find("\n## ", start + len(README_SECTION))
    return text[start : end if end >= 0 else None]


def _command_lines(text: str) -> list[str]:
    """Lines of code that run `osaid`, without their comments."""
    lines = []
    for line in text.splitlines():
        code = line.strip()
        if code.startswith("osaid "):
            lines.append(code.split(" #")[0].strip())
    return lines


def _args(line: str, database_url: str) -> list[str]:
    """The command's arguments, with optional parts (`[…]`) given and placeholders filled."""
    words = shlex.split(line.replace("[", " ").replace("]", " "))[1:]
    filled = {"URL": database_url, "NAME": "docs-user"}
    return [database_url if w.startswith("postgresql") else filled.get(w, w) for w in words]


@pytest.mark.parametrize("source", ["docs/registry.md", "README.md"], ids=["registry.md", "README"])
def test_the_documented_commands_run(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / source).read_text("utf-8")
    lines = _command_lines(_readme_section() if source == "README.md" else text)
    assert len(lines) >= 4, lines
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'docs.sqlite3'}"
    env = {"OSAID_REGISTRY_DB": url, "OSAID_PASSWORD": "correct horse battery"}
    runner = CliRunner()
    for line in lines:
        args = _args(line, url)
        if args[0] == "serve":
            args.append("--help")  # checks the command and its options exist; serves nothing
        result = runner.invoke(cli, args, env=env)
        assert result.exit_code == 0, f"{line}\n{result.output}"


def test_the_paths_the_readme_names_answer(
    sqlite_url: str, make_app: Callable[..., FastAPI]
) -> None:
    paths = set(re.findall(r"`(/[^`\s]*)`", _readme_section()))
    assert paths, "the README names no path of the service"
    with TestClient(make_app(sqlite_url, background_worker=False)) as client:
        for path in paths:
            assert client.get(path).status_code == 200, path
