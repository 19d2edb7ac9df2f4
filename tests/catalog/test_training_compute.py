"""The training-compute estimate on real, published figures.

Every catalog system's `scale:` section holds the figures its producer published, each with its
source and the words that state it. These tests check that the words really state the number
(a wrong figure fails), that 6 x N x D agrees with a stated compute, which systems the published
figures put above or below the EU AI Act's 10^25 FLOP presumption, and which stay unknown.

The expected FLOP below were worked out by hand from the published figures (6 x N x D, active
parameters for mixture-of-experts models), not taken from the code's output.

The last part builds a real small model directory (Pythia-160M: its model card, abridged, and its
config.json, in tests/data/model-dirs/pythia-160m/) with a safetensors file written at test time:
a real header for the tensors the config implies, data bytes left sparse.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any
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
from osaid.evidence.scan import scan_tree
from osaid.manifest.model import Figure
from osaid.sources.evidence import Evidence
from osaid.sources.local import LocalTree

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


# ---- a real model directory: Pythia-160M -----------------------------------------------

PYTHIA_DIR = Path(__file__).resolve().parents[1] / "data" / "model-dirs" / "pythia-160m"
PYTHIA_160M_PARAMETERS = 162_322_944
"""The card's naming table: "| 160M | 125M | 162,322,944 | 85,056,000 |"."""
PYTHIA_160M_TOKENS = 299_892_736_000
PYTHIA_160M_SAFETENSORS_MB = 375
"""The size the Hub lists for EleutherAI/pythia-160m's model.safetensors ("375 MB")."""
PYTHIA_70M_SAFETENSORS_BYTES = 166_029_852
"""The Git LFS pointer of EleutherAI/pythia-70m's model.safetensors ("size 166029852")."""

_ITEMSIZE = {"F16": 2, "U8": 1}
# safetensors' writer orders tensors by dtype (the later in its enum first), then by name.
_DTYPE_ORDER = {"U8": 1, "F16": 7}


@dataclass(frozen=True)
class Tensor:
    dtype: str
    shape: tuple[int, ...]

    @property
    def count(self) -> int:
        return math.prod(self.shape)


def gpt_neox_tensors(config: dict[str, Any]) -> dict[str, Tensor]:
    """The tensors of a GPTNeoXForCausalLM checkpoint as EleutherAI's Pythia files hold them:
    the parameters, and per layer the buffers the checkpoint also carries (the uint8 causal mask
    `attention.bias`, the scalar `attention.masked_bias` and the rotary `inv_freq`)."""
    h = config["hidden_size"]
    inner = config["intermediate_size"]
    vocab = config["vocab_size"]
    positions = config["max_position_embeddings"]
    rotary = int(h // config["num_attention_heads"] * config["rotary_pct"])
    half = "F16"
    tensors = {
        "gpt_neox.embed_in.weight": Tensor(half, (vocab, h)),
        "gpt_neox.final_layer_norm.weight": Tensor(half, (h,)),
        "gpt_neox.final_layer_norm.bias": Tensor(half, (h,)),
        "embed_out.weight": Tensor(half, (vocab, h)),
    }
    for i in range(config["num_hidden_layers"]):
        p = f"gpt_neox.layers.{i}."
        for norm in ("input_layernorm", "post_attention_layernorm"):
            tensors[p + norm + ".weight"] = Tensor(half, (h,))
            tensors[p + norm + ".bias"] = Tensor(half, (h,))
        for name, out, into in (
            ("attention.query_key_value", 3 * h, h),
            ("attention.dense", h, h),
            ("mlp.dense_h_to_4h", inner, h),
            ("mlp.dense_4h_to_h", h, inner),
        ):
            tensors[p + name + ".weight"] = Tensor(half, (out, into))
            tensors[p + name + ".bias"] = Tensor(half, (out,))
        tensors[p + "attention.bias"] = Tensor("U8", (1, 1, positions, positions))
        tensors[p + "attention.masked_bias"] = Tensor(half, ())
        tensors[p + "attention.rotary_emb.inv_freq"] = Tensor(half, (rotary // 2,))
    return tensors


BUFFERS = (".attention.bias", ".attention.masked_bias", ".attention.rotary_emb.inv_freq")


def write_sparse_safetensors(path: Path, tensors: dict[str, Tensor]) -> int:
    """A safetensors file with the header the safetensors writer produces for these tensors
    (metadata {"format": "pt"}, compact JSON padded to 8 bytes) and sparse data bytes."""
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, t in sorted(tensors.items(), key=lambda kv: (-_DTYPE_ORDER[kv[1].dtype], kv[0])):
        size = t.count * _ITEMSIZE[t.dtype]
        header[name] = {
            "dtype": t.dtype,
            "shape": list(t.shape),
            "data_offsets": [offset, offset + size],
        }
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    total = 8 + len(raw) + offset
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        f.truncate(total)
    return total


def pythia_config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads((PYTHIA_DIR / "config.json").read_text("utf-8"))
    return config


def test_the_shipped_files_are_the_published_ones() -> None:
    assert (PYTHIA_DIR / "config.json").stat().st_size == 569  # the Hub lists "569 Bytes"
    config = pythia_config()
    assert config["architectures"] == ["GPTNeoXForCausalLM"]
    card = (PYTHIA_DIR / "README.md").read_text("utf-8")
    assert "| 160M | 125M | 162,322,944 | 85,056,000 |" in card
    assert "model saw 299,892,736,000 tokens during training" in card


def test_the_tensors_the_config_implies_are_the_published_parameter_count() -> None:
    tensors = gpt_neox_tensors(pythia_config())
    parameters = sum(t.count for n, t in tensors.items() if not n.endswith(BUFFERS))
    assert parameters == PYTHIA_160M_PARAMETERS
    assert len(tensors) == 184


def test_the_header_matches_the_published_file_sizes(tmp_path: Path) -> None:
    """The helper's layout reproduces the Hub's files: pythia-160m's 375 MB and, to the byte,
    pythia-70m's 166,029,852 (6 layers of width 512, the card's table; the rest as in every
    Pythia config: feed-forward width 4 x 512, vocabulary 50,304, 2,048 positions)."""
    size = write_sparse_safetensors(
        tmp_path / "160m.safetensors", gpt_neox_tensors(pythia_config())
    )
    assert round(size / 1e6) == PYTHIA_160M_SAFETENSORS_MB
    pythia_70m = {
        **pythia_config(),
        "hidden_size": 512,
        "intermediate_size": 2048,
        "num_attention_heads": 8,
        "num_hidden_layers": 6,
    }
    size = write_sparse_safetensors(tmp_path / "70m.safetensors", gpt_neox_tensors(pythia_70m))
    assert size == PYTHIA_70M_SAFETENSORS_BYTES


@pytest.fixture
def pythia_release(tmp_path: Path) -> Path:
    root = tmp_path / "pythia-160m"
    shutil.copytree(PYTHIA_DIR, root)
    write_sparse_safetensors(root / "model.safetensors", gpt_neox_tensors(pythia_config()))
    return root


def weights_evidence(root: Path) -> Evidence:
    result = scan_tree(LocalTree(root))
    found = [e for e in result.evidence if e.path == "model.safetensors"]
    assert len(found) == 1
    return found[0]


def test_the_scanner_reads_the_real_header_as_the_final_weights(pythia_release: Path) -> None:
    ev = weights_evidence(pythia_release)
    assert ev.component == "model-parameters-final"
    assert ev.data["format"] == "safetensors"
    assert ev.data["tensors"] == 184
    assert ev.data["dtypes"] == ["F16", "U8"]


def test_the_scanner_reports_the_published_parameter_count(pythia_release: Path) -> None:
    assert weights_evidence(pythia_release).data["parameters"] == PYTHIA_160M_PARAMETERS


def test_the_config_estimate_is_near_the_published_parameter_count(pythia_release: Path) -> None:
    config = next(
        e for e in scan_tree(LocalTree(pythia_release)).evidence if e.path == "config.json"
    )
    assert config.data["estimated_parameters"] == pytest.approx(PYTHIA_160M_PARAMETERS, rel=0.1)


def test_the_compute_of_a_real_model_directory_comes_from_its_header_and_card(
    pythia_release: Path,
) -> None:
    from osaid.evaluation.compute import Method, estimate_training_compute
    from osaid.evidence.assemble import system_from_evidence

    scan = scan_tree(LocalTree(pythia_release))
    system = system_from_evidence(scan.info, list(scan.evidence), card=dict(scan.card))
    scale = system.manifest.scale
    assert scale.parameters is not None and scale.training_tokens is not None
    assert scale.parameters.value == PYTHIA_160M_PARAMETERS
    assert scale.parameters.source.endswith("model.safetensors")
    assert scale.training_tokens.value == 299_892_736_000
    assert "README.md" in scale.training_tokens.source
    estimate = estimate_training_compute(system)
    assert estimate.method is Method.ESTIMATED
    assert estimate.flop == pytest.approx(6 * 162_322_944 * 299_892_736_000)
    assert estimate.exceeds(1e25) is False
