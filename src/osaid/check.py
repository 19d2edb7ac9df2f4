"""`osaid check` on one target: find the policy, evaluate under it, render, gate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from osaid.definitions.loader import DEFAULT_DEFINITIONS
from osaid.evaluation.evaluate import Evaluator, Report
from osaid.policy import GateResult, Policy, apply_policy_to_check, gate
from osaid.targets import load_target

__all__ = ["CheckRun", "run_check"]


@dataclass(frozen=True)
class CheckRun:
    report: Report
    text: str
    gate: GateResult
    policy: Policy | None = None
    definitions: tuple[str, ...] = field(default=())


def run_check(
    target: str,
    *,
    definitions: list[str] | None,
    require: list[str] | None,
    policy_path: Path | None,
    renderer: Callable[[Report], str],
    use_policy: bool = True,
) -> CheckRun:
    """Evaluate, render and gate one target. Command-line `--definition` replaces the
    policy's definitions; `--require` adds to its requirements. Without any policy, the gate
    is just the `--require` list. The policy's open data terms reach the verdict through the
    report's license context, never through shared state."""
    policy: Policy | None = None
    if use_policy:
        _, _, policy = apply_policy_to_check(target, policy_path)
    base = policy or Policy(definitions=DEFAULT_DEFINITIONS)
    effective = base.with_requirements(list(require or []))
    if definitions:
        effective = effective.with_definitions(definitions)
    ids = effective.evaluate
    system = load_target(target)
    report = Evaluator(licenses=effective.license_context()).evaluate(system, ids)
    return CheckRun(report, renderer(report), gate(report, effective), policy, tuple(ids))
