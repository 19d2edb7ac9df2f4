"""What every definition evaluator provides, and what it is given.

An evaluator turns one system and one definition of its family into a `DefinitionResult`.
It is given an `EvaluationContext`: the license context the check runs under (the open data
terms of the user's policy) and a way to evaluate ancestors (lineage). Evaluators are listed
once, by family, in `osaid.evaluation.registry`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from osaid.definitions.interface import FAMILY_RULES, Definition, Family, Rule
from osaid.evaluation.result import DefinitionResult, Status
from osaid.evaluation.system import System
from osaid.licenses.context import LicenseContext, default_context
from osaid.manifest.model import BaseModelRef

__all__ = [
    "AncestorEvaluator",
    "AncestorVerdict",
    "DefinitionEvaluator",
    "EvaluationContext",
    "FamilyEvaluator",
]


@dataclass(frozen=True)
class AncestorVerdict:
    ref: str
    relation: str
    status: Status | None
    """None when the ancestor could not be found or evaluated."""
    name: str = ""
    license_only_failure: bool | None = None
    failing: tuple[str, ...] = ()
    why: str = ""


AncestorEvaluator = Callable[[System, BaseModelRef, Definition], AncestorVerdict]
"""Evaluates a base or teacher model of a system under the same definition."""


def _no_ancestors(system: System, ref: BaseModelRef, definition: Definition) -> AncestorVerdict:
    return AncestorVerdict(ref.ref, ref.relation.value, None, why="lineage is not followed here")


@dataclass(frozen=True)
class EvaluationContext:
    """What an evaluator is given besides the system and the definition."""

    licenses: LicenseContext
    ancestors: AncestorEvaluator = _no_ancestors

    @classmethod
    def default(cls) -> EvaluationContext:
        return cls(default_context())


class DefinitionEvaluator(Protocol):
    """Evaluates the definitions of one family."""

    @property
    def family(self) -> Family: ...

    @property
    def rules(self) -> frozenset[Rule]:
        """The rules it implements: exactly `FAMILY_RULES[family]` (checked by a test)."""
        ...

    def evaluate(
        self, system: System, definition: Definition, context: EvaluationContext
    ) -> DefinitionResult: ...


EvaluateFunction = Callable[[System, Definition, EvaluationContext], DefinitionResult]


@dataclass(frozen=True)
class FamilyEvaluator:
    """A family's evaluator made of its evaluate function (every family has one of these)."""

    family: Family
    function: EvaluateFunction

    @property
    def rules(self) -> frozenset[Rule]:
        return FAMILY_RULES[self.family]

    def evaluate(
        self, system: System, definition: Definition, context: EvaluationContext
    ) -> DefinitionResult:
        return self.function(system, definition, context)
