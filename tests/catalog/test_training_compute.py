"""The training-compute estimate on real, published figures.

Every catalog system's `scale:` section holds the figures its producer published, each with its
source and the words that state it. These tests check that the words really state the number
(a wrong figure fails), that 6 x N x D agrees with a stated compute, which systems the published
figures put above or below the EU AI Act's 10^25 FLOP presumption, and which stay unknown.

The expected FLOP below were worked out by hand from the published figures (6 x N x D, active
parameters for mixture-of-experts models), not taken from the code's output.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlparse

import pytest

from osaid.catalog import catalog_slugs, load_catalog_system
from osaid.evaluation.compute import (
    SYSTEMIC_RISK_FLOP,
    ComputeEstimate,
    Method,
    estimate_training_compute,
)
from osaid.evaluation.system import System
from osaid.manifest.model import Figure

FIGURES = ("parameters", "active_parameters", "training_tokens", "training_compute_flop")
SLUGS = catalog_slugs()
MAX_QUOTE = 300
"""One sentence or one table row: a quote is the words that state the figure, not a page."""

# ---- reading a number in the words that state it ---------------------------------------

_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}
_NUMBER = re.compile(
    r"""
    (?P<mantissa>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:
        \s*[×x*]\s*10\s*\^\s*(?P<power>[+-]?\d+)              # 3.8 × 10^25
      | [eE](?P<exponent>[+-]?\d+)                            # 3.8e25, 3.8e+25
      | \s*[-+]?\s*(?P<scale>thousand|million|billion|trillion|[kmbt])(?![a-z])
                                                              # 405B, 15.6T, 4+ trillion, 7-billion
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)


def numbers_in(text: str) -> list[float]:
    """Every number written in `text`, in the notations producers use for model scale."""
    found = []
    for m in _NUMBER.finditer(text.replace("**", "")):
        value = float(m["mantissa"].replace(",", ""))
        if m["power"] is not None:
            value *= 10.0 ** int(m["power"])
        elif m["exponent"] is not None:
            value *= 10.0 ** int(m["exponent"])
        elif m["scale"] is not None:
            value *= _SCALES[m["scale"].lower()]
        found.append(value)
    return found


def states(quote: str, value: float, unit: float = 1.0) -> bool:
    return any(math.isclose(n * unit, value, rel_tol=1e-9) for n in numbers_in(quote))


# A table cell whose unit is in its column header, which a one-cell quote cannot carry:
# AmberDatasets' data-mix table, column "Tokens (Billion)".
COLUMN_UNITS = {("amber", "training_tokens"): 1e9}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on 15.6T text tokens", 15.6e12),
        ("about 15.6 trillion tokens", 15.6e12),
        ("with 405B trainable parameters", 405e9),
        ("pre-trained using 3.8 × 10^25 FLOPs", 3.8e25),
        ("3.8 x 10^25", 3.8e25),
        ("3.8e+25 FLOP", 3.8e25),
        ("Each model saw 299,892,736,000 ~= 300B tokens", 299_892_736_000),
        ("Each model saw 299,892,736,000 ~= 300B tokens", 300e9),
        ("a 7-billion-parameter language model", 7e9),
        ("on 4+ trillion tokens", 4e12),
        ("on ~11 trillion tokens", 11e12),
        ("trained on 3,500B tokens", 3.5e12),
        ("| # Parameters | 2.5B | **8.1B** | 1.3B |", 8.1e9),
        ("Number of Parameters: 7.61B", 7.61e9),
        ("2.7 billion parameters", 2.7e9),
    ],
)
def test_numbers_are_read_in_every_notation(text: str, value: float) -> None:
    assert states(text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("with 405B trainable parameters", 40.5e9),
        ("on 15.6T text tokens", 15.6e9),
        ("pre-trained using 3.8 × 10^25 FLOPs", 3.8e24),
        ("Each model saw 299,892,736,000 tokens", 299_892_736),
        ("OLMo 2-7B | 4 Trillion", 4e9),
    ],
)
def test_a_wrong_number_is_not_stated(text: str, value: float) -> None:
    assert not states(text, value)


# ---- every figure is sourced and quoted ------------------------------------------------


def is_web_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc)


def figures(slug: str) -> dict[str, Figure]:
    scale = load_catalog_system(slug).manifest.scale
    return {name: f for name in FIGURES if (f := getattr(scale, name)) is not None}


def test_every_catalog_system_has_a_scale_section() -> None:
    assert len(SLUGS) >= 20
    for slug in SLUGS:
        scale = load_catalog_system(slug).manifest.scale
        assert scale.model, f"{slug}: scale.model names which model the figures are for"
        assert scale.notes, f"{slug}: scale.notes says what is not published"
        assert scale.parameters is not None, f"{slug}: every producer publishes a size"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_figure_carries_a_source_and_the_words_stating_it(slug: str) -> None:
    for name, figure in figures(slug).items():
        where = f"{slug}: scale.{name}"
        assert is_web_url(figure.source), where
        assert figure.quote, f"{where} has no quote"
        assert len(figure.quote) <= MAX_QUOTE, f"{where}: quote is longer than one sentence"
        unit = COLUMN_UNITS.get((slug, name), 1.0)
        assert states(figure.quote, figure.value, unit), (
            f"{where} = {figure.value:g} is not in its quote {figure.quote!r}"
        )


def test_active_parameters_are_recorded_only_for_mixture_of_experts_models() -> None:
    for slug in SLUGS:
        system = load_catalog_system(slug)
        scale = system.manifest.scale
        if scale.active_parameters is None:
            continue
        assert "mixture-of-experts" in (system.manifest.system.architecture or ""), slug
        assert scale.parameters is not None and scale.active_parameters.value < (
            scale.parameters.value
        ), slug


# ---- the estimate on the published figures ---------------------------------------------


def estimate(slug: str) -> ComputeEstimate:
    return estimate_training_compute(load_catalog_system(slug))


def six_nd_only(slug: str) -> ComputeEstimate:
    """The estimate from parameters and tokens alone, with any stated compute taken away."""
    system = load_catalog_system(slug)
    manifest = system.manifest
    scale = manifest.scale.model_copy(update={"training_compute_flop": None})
    return estimate_training_compute(
        System(manifest.model_copy(update={"scale": scale}), origin=system.origin)
    )


STATED_AND_INPUTS = {
    # slug: (stated FLOP, 6 x N x D by hand)
    "llama-3.1": (3.8e25, 6 * 405e9 * 15.6e12),  # 3.79e25, ratio 1.0024
}


def test_the_systems_with_a_stated_compute_are_the_expected_ones() -> None:
    stated = {s for s in SLUGS if load_catalog_system(s).manifest.scale.training_compute_flop}
    assert stated == set(STATED_AND_INPUTS)


@pytest.mark.parametrize("slug", sorted(STATED_AND_INPUTS))
def test_6nd_agrees_with_the_stated_compute_within_a_factor_of_1_5(slug: str) -> None:
    stated_flop, by_hand = STATED_AND_INPUTS[slug]
    stated = estimate(slug)
    assert stated.method is Method.STATED
    assert stated.flop == pytest.approx(stated_flop)
    six_nd = six_nd_only(slug)
    assert six_nd.method is Method.ESTIMATED
    assert six_nd.flop == pytest.approx(by_hand, rel=1e-9)
    ratio = stated_flop / by_hand
    assert 1 / 1.5 <= ratio <= 1.5, f"{slug}: stated / 6ND = {ratio:.3f}"


def test_llama_31_405b_is_above_the_systemic_risk_threshold_from_its_own_figures() -> None:
    stated = estimate("llama-3.1")
    assert stated.model == "Llama 3.1 405B"
    assert stated.flop == pytest.approx(3.8e25)
    assert stated.exceeds(SYSTEMIC_RISK_FLOP) is True
    assert stated.sources == ("https://arxiv.org/abs/2407.21783",)
    # The paper's parameters and tokens alone decide it too: 6 x 405B x 15.6T = 3.79e25.
    assert six_nd_only("llama-3.1").exceeds(SYSTEMIC_RISK_FLOP) is True


# 6 x N x D from the published figures, worked out by hand. "Decidedly below": at least ten
# times below 10^25, a margin wider than the error of 6ND and of nominal sizes such as "7B".
DECIDEDLY_BELOW = {
    "amber": 6 * 7e9 * 1259.13e9,  # 5.29e22
    "bloom": 6 * 176_247_271_424 * 366e9,  # 3.87e23
    "crystalcoder": 6 * 7e9 * 1.4e12,  # 5.88e22
    "deepseek-r1-distill-llama-8b": 6 * 8e9 * 15e12,  # 7.2e23 (Llama-3.1-8B's pretraining)
    "gemma-2": 6 * 9e9 * 8e12,  # 4.32e23 (without the distillation teacher)
    "granite-3": 6 * 8.1e9 * 12e12,  # 5.83e23
    "llama-2": 6 * 70e9 * 2e12,  # 8.4e23
    "olmo": 6 * 7e9 * 2.5e12,  # 1.05e23
    "olmo-2": 6 * 7e9 * 4e12,  # 1.68e23
    "phi-2": 6 * 2.7e9 * 1.4e12,  # 2.27e22
    "pythia": 6 * 11_846_072_320 * 299_892_736_000,  # 2.13e22
    "smollm": 6 * 1.7e9 * 11e12,  # 1.12e23
    "starcoder2": 6 * 15e9 * 4e12,  # 3.6e23 ("4+ trillion"; 4.3T would give 3.9e23)
    "t5": 6 * 11e9 * 1e12,  # 6.6e22
}

# Below 10^25 on these figures, but within a factor of ten of it.
BELOW_NOT_DECIDEDLY = {
    # Pretraining of DeepSeek-V3-Base only (37B active); R1's own RL compute is not published.
    "deepseek-r1": 6 * 37e9 * 14.8e12,  # 3.29e24
    "falcon": 6 * 180e9 * 3.5e12,  # 3.78e24
}

# Training tokens are not published (Qwen2.5 publishes only the size of its data set).
UNKNOWN = {"gpt-oss", "grok-1", "mistral-7b", "mixtral", "qwen2.5"}


def test_every_catalog_system_is_in_exactly_one_group() -> None:
    groups = [set(STATED_AND_INPUTS), set(DECIDEDLY_BELOW), set(BELOW_NOT_DECIDEDLY), UNKNOWN]
    assert sum(len(g) for g in groups) == len(set().union(*groups))
    assert set().union(*groups) == set(SLUGS)


@pytest.mark.parametrize("slug", sorted(DECIDEDLY_BELOW))
def test_systems_decidedly_below_the_threshold(slug: str) -> None:
    result = estimate(slug)
    assert result.method is Method.ESTIMATED
    assert result.flop == pytest.approx(DECIDEDLY_BELOW[slug], rel=1e-9)
    assert result.flop < SYSTEMIC_RISK_FLOP / 10
    assert result.exceeds(SYSTEMIC_RISK_FLOP) is False


@pytest.mark.parametrize("slug", sorted(BELOW_NOT_DECIDEDLY))
def test_systems_below_the_threshold_within_a_factor_of_ten(slug: str) -> None:
    result = estimate(slug)
    assert result.method is Method.ESTIMATED
    assert result.flop == pytest.approx(BELOW_NOT_DECIDEDLY[slug], rel=1e-9)
    assert SYSTEMIC_RISK_FLOP / 10 < result.flop < SYSTEMIC_RISK_FLOP
    assert result.exceeds(SYSTEMIC_RISK_FLOP) is False


def test_the_mixture_of_experts_estimate_uses_active_parameters() -> None:
    result = estimate("deepseek-r1")
    assert [i.name for i in result.inputs] == ["active parameters", "training tokens"]
    assert result.inputs[0].value == 37e9


@pytest.mark.parametrize("slug", sorted(UNKNOWN))
def test_a_missing_input_leaves_the_compute_unknown_and_is_named(slug: str) -> None:
    result = estimate(slug)
    assert result.flop is None
    assert result.method is Method.NONE
    assert result.missing == ("training tokens",)
    assert result.exceeds(SYSTEMIC_RISK_FLOP) is None
    assert "training tokens not published" in result.describe()
    # What is published still travels with the answer.
    assert [i.name for i in result.inputs] in (["parameters"], ["active parameters"])
