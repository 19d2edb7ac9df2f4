"""The shape of the code: imports go one way, modules stay small, each family has an evaluator."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from osaid.definitions.interface import FAMILY_RULES, Family
from osaid.definitions.loader import DEFINITION_IDS, load_definition
from osaid.evaluation.registry import EVALUATORS

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the osaid modules it imports (at any level: inside functions too)."""
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base]) if base else ".".join(anchor)
                targets = [base, *(f"{base}.{a.name}" for a in node.names)]
            for target in targets:
                # the longest module that the import names
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("osaid"):
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _is_package_init(name: str) -> bool:
    return (SRC / name.replace(".", "/") / "__init__.py").is_file()


def test_no_import_cycle() -> None:
    graph = _imports()
    # A package's __init__ re-exporting its modules is not a cycle of code.
    pruned = {
        v: {w for w in ws if not (_is_package_init(w) and v.startswith(w + "."))}
        for v, ws in graph.items()
    }
    assert _cycles(pruned) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_family_has_one_evaluator_with_exactly_its_rules() -> None:
    assert set(EVALUATORS) == set(Family)
    for family, evaluator in EVALUATORS.items():
        assert evaluator.family is family
        assert evaluator.rules == FAMILY_RULES[family]
    for definition_id in DEFINITION_IDS:
        definition = load_definition(definition_id)
        used = {r.rule for r in definition.requirements}
        assert used <= EVALUATORS[definition.family].rules, definition_id
