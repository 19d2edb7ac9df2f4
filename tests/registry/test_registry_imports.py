"""The registry's modules import one another without a cycle: each layer (database, services,
process state, sessions, API and pages, the app) imports only those below it.

Every import counts, also those inside functions and under `TYPE_CHECKING`, and importing
`a.b.c` counts as importing the package `a.b` too (Python runs its `__init__` first), except
for the importer's own packages, which are already being imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

from registry_helpers import ROOT

SRC = ROOT / "src"
PACKAGE = "osaid.registry"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    root = SRC / PACKAGE.replace(".", "/")
    return {_module_name(p): p for p in sorted(root.rglob("*.py")) if "migrations" not in p.parts}


def _imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The registry modules that module `name` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            parts = target.split(".")
            for i in range(len(parts), 0, -1):
                candidate = ".".join(parts[:i])
                own_package = name == candidate or name.startswith(candidate + ".")
                if candidate in known and not own_package:
                    found.add(candidate)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for nxt in sorted(graph[node]):
            cycle = visit(nxt)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start)
        if cycle:
            return cycle
    return None


def test_registry_modules_import_without_a_cycle() -> None:
    modules = _modules()
    assert f"{PACKAGE}.app" in modules and len(modules) > 10
    graph = {name: _imported(name, path, set(modules)) for name, path in modules.items()}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
