"""Evaluate a system against definitions, following its lineage."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from osaid.definitions.interface import Definition
from osaid.definitions.loader import load_definition
from osaid.errors import OsaidError
from osaid.evaluation.interface import AncestorVerdict, EvaluationContext
from osaid.evaluation.registry import evaluator_for
from osaid.evaluation.result import DefinitionResult, Outcome, Status
from osaid.evaluation.system import System
from osaid.licenses.context import LicenseContext, default_context
from osaid.manifest.model import BaseModelRef

Resolver = Callable[[str, Path | None], System | None]
"""Turns a lineage reference into a system, or None when it cannot be found."""


def default_resolver(ref: str, base_dir: Path | None) -> System | None:
    from osaid.catalog import PREFIX, load_catalog_system
    from osaid.manifest.load import load_system

    if ref.startswith(PREFIX):
        return load_catalog_system(ref[len(PREFIX) :])
    if ref.startswith(("hf:", "http://", "https://")):
        return None
    path = Path(ref)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if path.is_file():
        return load_system(path)
    return None


@dataclass(frozen=True)
class Report:
    """Everything one `osaid check` produces for one system."""

    system: System
    results: tuple[DefinitionResult, ...]
    data_versions: dict[str, str]
    licenses: LicenseContext = field(default_factory=default_context)
    """The license context the results were judged under (formats describe licenses in it)."""


class Evaluator:
    """Evaluates systems under one license context; remembers ancestor results so that
    lineage is evaluated once. One evaluator serves one check: it is not shared by threads."""

    def __init__(
        self, resolver: Resolver = default_resolver, *, licenses: LicenseContext | None = None
    ) -> None:
        self._resolver = resolver
        self._licenses = licenses or default_context()
        self._context = EvaluationContext(self._licenses, self._ancestor)
        self._cache: dict[tuple[str, str], DefinitionResult] = {}
        self._stack: list[str] = []

    def evaluate(self, system: System, definition_ids: Iterable[str]) -> Report:
        from osaid.data_versions import data_versions

        results = tuple(
            self.evaluate_definition(system, load_definition(d)) for d in definition_ids
        )
        versions = data_versions([r.definition for r in results], self._licenses)
        return Report(system, results, versions, self._licenses)

    def evaluate_definition(self, system: System, definition: Definition) -> DefinitionResult:
        key = (system.origin, definition.id)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        self._stack.append(system.origin)
        try:
            result = evaluator_for(definition).evaluate(system, definition, self._context)
        finally:
            self._stack.pop()
        self._cache[key] = result
        return result

    def _ancestor(
        self, system: System, ref: BaseModelRef, definition: Definition
    ) -> AncestorVerdict:
        try:
            ancestor = self._resolver(ref.ref, system.base_dir)
        except OsaidError as exc:
            return AncestorVerdict(ref.ref, ref.relation.value, None, why=str(exc))
        if ancestor is None:
            return AncestorVerdict(
                ref.ref,
                ref.relation.value,
                None,
                why="not found (use catalog:SLUG or a manifest path)",
            )
        if ancestor.origin in self._stack:
            return AncestorVerdict(
                ref.ref,
                ref.relation.value,
                None,
                ancestor.name,
                why="lineage cycle: " + " -> ".join([*self._stack, ancestor.origin]),
            )
        result = self.evaluate_definition(ancestor, definition)
        return AncestorVerdict(
            ref.ref,
            ref.relation.value,
            result.status,
            ancestor.name,
            license_only_failure=result.license_only_failure,
            failing=tuple(r.id for r in result.failing) if result.status is Status.FAIL else (),
            why=_unknown_summary(result) if result.status is Status.UNKNOWN else "",
        )


def _unknown_summary(result: DefinitionResult, most: int = 3) -> str:
    """Why a result is unknown, from the last unknown requirements (lineage comes last)."""
    reasons = [
        r.reasons[0].text
        for r in result.requirements
        if r.outcome is Outcome.UNKNOWN and not r.optional and r.reasons
    ]
    more = f"; and {len(reasons) - most} more" if len(reasons) > most else ""
    return "; ".join(reversed(reasons[-most:])) + more
