"""Every definition evaluator, by family: the one place a family is bound to its code."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from osaid.definitions.interface import Definition, Family
from osaid.errors import DataError
from osaid.evaluation.eu_ai_act import evaluate_eu_ai_act
from osaid.evaluation.interface import DefinitionEvaluator, FamilyEvaluator
from osaid.evaluation.lf_proposal import evaluate_lf_proposal
from osaid.evaluation.mof import evaluate_mof
from osaid.evaluation.osai_index import evaluate_osai_index
from osaid.evaluation.osaid import evaluate_osaid

__all__ = ["EVALUATORS", "evaluator_for"]

EVALUATORS: Mapping[Family, DefinitionEvaluator] = MappingProxyType(
    {
        e.family: e
        for e in (
            FamilyEvaluator(Family.OSAID, evaluate_osaid),
            FamilyEvaluator(Family.MOF, evaluate_mof),
            FamilyEvaluator(Family.OSAI_INDEX, evaluate_osai_index),
            FamilyEvaluator(Family.LF_PROPOSAL, evaluate_lf_proposal),
            FamilyEvaluator(Family.EU_AI_ACT, evaluate_eu_ai_act),
        )
    }
)
"""One evaluator per family (a test checks every family has one, with exactly its rules)."""


def evaluator_for(definition: Definition) -> DefinitionEvaluator:
    evaluator = EVALUATORS.get(definition.family)
    if evaluator is None:
        raise DataError(f"definition {definition.id}: no evaluator for family {definition.family}")
    return evaluator
