"""The commands the README and docs show exist and take the options shown; the ones that need
nothing outside the repository run and succeed."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from osaid.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"```(?:sh|bash|shell|console)\n(.*?)```", re.DOTALL)
_FENCE = re.compile(r"```.*?```", re.DOTALL)
_INDENTED = re.compile(r"^(?: {4}|\t)(osaid .*)$", re.MULTILINE)

# Commands that run here as written: no network, no server, nothing but the repository.
RUNNABLE = (
    "osaid catalog list",
    "osaid check catalog:",
    "osaid compare catalog:",
    "osaid definitions list",
    "osaid licenses show ",
    "osaid manifest schema",
    "osaid votes tally ",
    "osaid badge catalog:",
    "osaid export mot src/",
)


def _commands() -> list[tuple[str, str]]:
    """(file, command line) for every `osaid …` line of a shell block in the docs."""
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        shell = _BLOCK.findall(text) + _INDENTED.findall(_FENCE.sub("", text))
        for block in shell:
            for raw in block.splitlines():
                line = raw.strip().removeprefix("$ ")
                if not line.startswith("osaid "):
                    continue
                # synopses mark optional parts with brackets: parse them as given
                line = line.split(" #", 1)[0].strip().replace("[", "").replace("]", "")
                # `osaid definitions list | show ID | diff A B` lists three subcommands
                if " | " in line and line.startswith("osaid definitions"):
                    first, *rest = line.split(" | ")
                    out.append((doc.name, first))
                    out.extend((doc.name, f"osaid definitions {r}") for r in rest)
                else:
                    out.append((doc.name, line))
    return out


COMMANDS = _commands()


def test_the_docs_show_commands() -> None:
    assert len(COMMANDS) > 30


@pytest.mark.parametrize(("doc", "line"), COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_the_command_exists_with_its_options(
    doc: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsed by the real command-line parser (no callback runs): a renamed subcommand or an
    option that does not exist fails here. Options that prompt get an answer."""
    monkeypatch.setattr("getpass.getpass", lambda *_a, **_k: "a-password")
    monkeypatch.setattr("builtins.input", lambda *_a, **_k: "an-answer")
    parse(shlex.split(line)[1:])


def parse(words: list[str]) -> str:
    """Parse a command line down to its leaf command; the leaf's name. Raises the parser's
    error for an unknown command, option or missing argument."""
    command: Any = typer.main.get_command(app)
    ctx = command.make_context("osaid", list(words))
    # typer ships its own copy of click: groups are recognised by what they can do.
    while hasattr(command, "resolve_command"):
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        name, command, rest = command.resolve_command(ctx, args)
        ctx = command.make_context(str(name), rest, parent=ctx)
    return str(command.name)


def test_the_parser_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getpass", lambda *_a, **_k: "a-password")
    for bad in (
        "registry user add alice --role admin",
        "check catalog:pythia --bogus",
        "nosuch",
    ):
        with pytest.raises(Exception, match=r"(?i)no such|got unexpected|extra argument"):
            parse(bad.split())
    assert parse(["check", "catalog:pythia", "-f", "spdx3"]) == "check"


def _runnable(line: str) -> bool:
    return line.startswith(RUNNABLE) and " ID" not in line


@pytest.mark.parametrize(
    "line",
    sorted({c for _, c in COMMANDS if _runnable(c)}),
)
def test_the_command_runs(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = shlex.split(line)[1:]
    # Files the docs write go to a temporary directory; files they read are the repository's.
    words = [str(ROOT / w) if (ROOT / w).exists() and "/" in w else w for w in words]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, words)
    assert result.exit_code == 0, (line, result.output)
