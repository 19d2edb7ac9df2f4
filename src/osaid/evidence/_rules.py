"""Load the detectors' data files (code roles, libraries) once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from osaid._yaml import load_yaml
from osaid.errors import DataError


@dataclass(frozen=True)
class RoleRule:
    component: str
    paths: tuple[re.Pattern[str], ...]
    imports: frozenset[str]
    defining_paths: tuple[re.Pattern[str], ...] = ()
    """Paths that count only when the file's text matches `defines`."""
    defines: re.Pattern[str] | None = None


@dataclass(frozen=True)
class CodeRules:
    code_extensions: frozenset[str]
    config_extensions: frozenset[str]
    roles: tuple[RoleRule, ...]
    test_dirs: frozenset[str]
    ignored_dirs: frozenset[str]
    training_keys: re.Pattern[str]
    not_training_paths: re.Pattern[str]
    starting_model: re.Pattern[str]
    """A model a script starts from (group 1); only the release's own weights are used."""
    test_files: re.Pattern[str]
    """Names of test files (`modeling_test.py`), tests wherever they are."""
    takes_model: re.Pattern[str]
    """A script's argument that gives the model it starts from."""
    fine_tuning_folders: re.Pattern[str]
    """Folder names of fine-tuning code (`finetune`, `sft`, `ptuning`, `lora`)."""


@dataclass(frozen=True)
class Library:
    id: str
    name: str
    license: str
    url: str
    source: str


def _load(name: str) -> Any:
    text = resources.files("osaid.evidence").joinpath(f"data/{name}").read_text("utf-8")
    return load_yaml(text, file=f"osaid/evidence/data/{name}").data


@cache
def code_rules() -> CodeRules:
    raw = _load("code-roles.yaml")
    try:
        roles = tuple(
            RoleRule(
                component=r["component"],
                paths=tuple(re.compile(p) for p in r.get("paths") or ()),
                imports=frozenset(r.get("imports") or ()),
                defining_paths=tuple(re.compile(p) for p in r.get("defining_paths") or ()),
                defines=re.compile(r["defines"]) if r.get("defines") else None,
            )
            for r in raw["roles"]
        )
        return CodeRules(
            frozenset(raw["code_extensions"]),
            frozenset(raw["config_extensions"]),
            roles,
            frozenset(raw["test_dirs"]),
            frozenset(raw["ignored_dirs"]),
            re.compile(raw["training_keys"], re.IGNORECASE),
            re.compile(raw["not_training_paths"]),
            re.compile(raw["starting_model"], re.IGNORECASE),
            re.compile(raw["test_files"]),
            re.compile(raw["takes_model"], re.IGNORECASE),
            re.compile(raw["fine_tuning_folders"], re.IGNORECASE),
        )
    except (KeyError, TypeError, re.error) as exc:
        raise DataError(f"osaid/evidence/data/code-roles.yaml: {exc!r}") from exc


@cache
def libraries() -> dict[str, Library]:
    raw = _load("libraries.yaml")
    try:
        return {
            lib["id"]: Library(lib["id"], lib["name"], lib["license"], lib["url"], lib["source"])
            for lib in raw["libraries"]
        }
    except (KeyError, TypeError) as exc:
        raise DataError(f"osaid/evidence/data/libraries.yaml: {exc!r}") from exc
