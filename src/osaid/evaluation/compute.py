"""Training compute of a model, from published figures: stated, or about 6 x N x D.

The EU AI Act presumes a general-purpose AI model has high-impact capabilities, and so
systemic risk, when "the cumulative amount of computation used for its training measured in
floating point operations is greater than 10^25" (Art. 51(2)). Few producers state that
number; most state the parameters N and the training tokens D. For a dense transformer one
forward and backward pass costs about 6 FLOP per parameter per token (Kaplan et al. 2020,
arXiv:2001.08361, section 2.1), so C ~ 6 N D. For a mixture-of-experts model N is the number of
parameters active for each token; when only the total is known the estimate is an upper bound.

A stated figure wins over the estimate. An input that is not published leaves the compute
unknown: nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from osaid.evaluation.system import System
from osaid.manifest.model import Figure

__all__ = [
    "GPAI_INDICATIVE_FLOP",
    "SYSTEMIC_RISK_FLOP",
    "ComputeEstimate",
    "ComputeInput",
    "Method",
    "estimate_training_compute",
    "format_flop",
]

SYSTEMIC_RISK_FLOP = 1e25
"""Art. 51(2) of Regulation (EU) 2024/1689."""
GPAI_INDICATIVE_FLOP = 1e23
"""The Commission's indicative criterion for a general-purpose AI model (guidelines of July
2025, section 2): more than 10^23 FLOP of training compute and able to generate language."""
FLOP_PER_PARAMETER_TOKEN = 6


class Method(StrEnum):
    STATED = "stated"
    """The cumulative training compute as its source states it."""
    ESTIMATED = "6ND"
    """6 x parameters x training tokens."""
    UPPER_BOUND = "6ND-upper-bound"
    """6 x total parameters x tokens for a mixture-of-experts model whose active parameters are
    not stated."""
    NONE = "none"


@dataclass(frozen=True)
class ComputeInput:
    name: str
    value: float
    source: str
    quote: str | None = None


@dataclass(frozen=True)
class ComputeEstimate:
    flop: float | None
    method: Method
    inputs: tuple[ComputeInput, ...]
    missing: tuple[str, ...] = ()
    model: str | None = None
    """Which model of a family the figures are for."""

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.source for i in self.inputs))

    def exceeds(self, threshold: float) -> bool | None:
        """True or False when the figures decide it; None when they do not (unknown, or an
        upper bound above the threshold)."""
        if self.flop is None:
            return None
        if self.flop > threshold:
            return None if self.method is Method.UPPER_BOUND else True
        return False

    def describe(self) -> str:
        if self.flop is None:
            return "training compute unknown: " + ", ".join(self.missing) + " not published"
        shown = format_flop(self.flop)
        if self.method is Method.STATED:
            return f"training compute {shown} FLOP, as stated"
        n = next(i for i in self.inputs if i.name.endswith("parameters"))
        d = next(i for i in self.inputs if i.name == "training tokens")
        bound = " (an upper bound: total, not active, parameters)" * (
            self.method is Method.UPPER_BOUND
        )
        return (
            f"training compute about {shown} FLOP = 6 x {_count(n.value)} {n.name} x "
            f"{_count(d.value)} training tokens{bound}"
        )


def format_flop(flop: float) -> str:
    mantissa, exponent = f"{flop:.2e}".split("e")
    return f"{mantissa} x 10^{int(exponent)}"


def _count(value: float) -> str:
    for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if value >= size:
            return f"{value / size:.4g}{unit}"
    return f"{value:.4g}"


def _input(name: str, figure: Figure) -> ComputeInput:
    return ComputeInput(name, figure.value, figure.source, figure.quote)


def _is_mixture_of_experts(system: System) -> bool:
    architecture = (system.manifest.system.architecture or "").lower()
    return "mixture-of-experts" in architecture or "mixture of experts" in architecture


def estimate_training_compute(system: System) -> ComputeEstimate:
    scale = system.manifest.scale
    if scale.training_compute_flop is not None:
        return ComputeEstimate(
            scale.training_compute_flop.value,
            Method.STATED,
            (_input("training compute", scale.training_compute_flop),),
            model=scale.model,
        )
    method = Method.ESTIMATED
    if scale.active_parameters is not None:
        params: ComputeInput | None = _input("active parameters", scale.active_parameters)
    elif scale.parameters is not None:
        params = _input("parameters", scale.parameters)
        if _is_mixture_of_experts(system):
            method = Method.UPPER_BOUND
    else:
        params = None
    tokens = (
        _input("training tokens", scale.training_tokens)
        if scale.training_tokens is not None
        else None
    )
    missing = tuple(
        name
        for name, value in (("parameters", params), ("training tokens", tokens))
        if value is None
    )
    if params is None or tokens is None:
        found = tuple(i for i in (params, tokens) if i is not None)
        return ComputeEstimate(None, Method.NONE, found, missing, scale.model)
    flop = FLOP_PER_PARAMETER_TOKEN * params.value * tokens.value
    return ComputeEstimate(flop, method, (params, tokens), model=scale.model)
