"""Training tokens from model-card sentences, parameters from weights headers.

The sentences are real: each is quoted from the release it names (tests/data/repos/, see
tests/data/README.md for where and when they were taken)."""

from __future__ import annotations

import pytest

from osaid.evidence.card import parse_card
from osaid.evidence.scale import scale_from_evidence, token_evidence
from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.local import LocalTree


def _tokens(text: str, tmp_path) -> list[float]:  # type: ignore[no-untyped-def]
    card = parse_card(text, "README.md")
    return [e.data["training_tokens"] for e in token_evidence(card, LocalTree(tmp_path))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # DeepSeek-V3 README.md:76
        (
            "- At an economical cost of only 2.664M H800 GPU hours, we complete the pre-training "
            "of DeepSeek-V3 on 14.8T tokens, producing the currently strongest open-source base "
            "model.",
            [14.8e12],
        ),
        # ChatGLM-6B README_en.md:40
        (
            "The model is trained for about 1T tokens of Chinese and English corpus, supplemented "
            "by supervised fine-tuning",
            [1e12],
        ),
        # Pythia model card (huggingface.co/EleutherAI/pythia-160m)
        (
            "All models were trained on the exact same data, in the exact same order. Each model "
            "saw 299,892,736,000 tokens during training.",
            [299_892_736_000.0],
        ),
        # StableLM README.md:34
        ("we train on 1 trillion (1T) tokens for 4 epochs", [1e12]),
        # OLMo README.md:98: a range is not one figure
        (
            "Stage 1 is the biggest stage, where we train on 4T or 5T tokens on largely web-based data.",
            [],
        ),
        # StableLM README.md:141: a context length, in a sentence about training data
        (
            "StableLM-Alpha models are trained on a new dataset. The context length for these "
            "models is 4096 tokens.",
            [],
        ),
        # Pythia: a batch, not a run
        ("trained for 143000 steps at a batch size of 2M (2,097,152 tokens).", []),
        # no training verb: a dataset's size, not what the model saw
        ("The Pile contains 825 billion tokens.", []),
    ],
)
def test_token_sentences(sentence: str, expected: list[float], tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _tokens(sentence, tmp_path) == expected


def _weights(path: str, params: int, **data: object) -> Evidence:
    return Evidence(
        EvidenceKind.WEIGHTS,
        path,
        "safetensors header",
        component="model-parameters-final",
        data={"parameters": params, **data},
        location=path,
    )


def _statement(value: float, line: int) -> Evidence:
    return Evidence(
        EvidenceKind.TRAINING_SCALE,
        "README.md",
        "model card states the training tokens",
        data={"training_tokens": value, "quote": f"trained on {value:g} tokens"},
        location=f"README.md:{line}",
    )


def test_parameters_come_from_the_headers_and_shards_count_once() -> None:
    evidence = [
        _weights("model.safetensors.index.json", 7_000_000_000, parameters_complete=True),
        _weights("model-00001-of-00002.safetensors", 4_000_000_000, shard_of="x"),
        _weights("model-00002-of-00002.safetensors", 3_000_000_000, shard_of="x"),
        _weights("pytorch_model.bin", 7_000_000_000),
        _statement(2e12, 10),
    ]
    scale = scale_from_evidence(evidence)
    assert scale["parameters"]["value"] == 7e9
    assert "7,000,000,000 parameters" in scale["parameters"]["quote"]
    assert scale["training_tokens"] == {
        "value": 2e12,
        "source": "README.md:10",
        "quote": "trained on 2e+12 tokens",
    }


def test_an_incomplete_sharded_checkpoint_gives_no_count() -> None:
    evidence = [_weights("model.safetensors.index.json", 4_000_000_000, parameters_complete=False)]
    assert "parameters" not in scale_from_evidence(evidence)


def test_several_token_figures_are_not_chosen_between() -> None:
    scale = scale_from_evidence([_statement(1e12, 3), _statement(1.5e12, 9)])
    assert "training_tokens" not in scale
    assert "2 different training token counts" in scale["notes"]


def test_the_same_figure_stated_twice_is_one_figure() -> None:
    scale = scale_from_evidence([_statement(1e12, 3), _statement(1e12, 9)])
    assert scale["training_tokens"]["value"] == 1e12


def _scanned_scale(name: str, tmp_path):  # type: ignore[no-untyped-def]
    from real_repos import recreate

    from osaid.evidence.assemble import system_from_evidence
    from osaid.evidence.scan import scan_tree

    scan = scan_tree(LocalTree(recreate(name, tmp_path / name)))
    system = system_from_evidence(
        scan.info, list(scan.evidence), card=dict(scan.card), vendored=scan.vendored
    )
    return system.manifest.scale


def test_a_real_card_with_one_figure_gives_it_with_its_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scale = _scanned_scale("DeepSeek-V3", tmp_path)
    assert scale.training_tokens is not None
    assert scale.training_tokens.value == 14.8e12
    assert scale.training_tokens.source.endswith("README.md:76")
    assert "14.8T tokens" in (scale.training_tokens.quote or "")


def test_a_real_card_about_several_models_gives_no_figure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # StableLM's README describes StableLM-3B-4E1T (1T tokens x 4 epochs) and the Alpha models.
    scale = _scanned_scale("StableLM", tmp_path)
    assert scale.training_tokens is None
    assert "osaid does not choose one" in (scale.notes or "")


def test_a_mixture_of_experts_config_makes_the_estimate_an_upper_bound(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Mixtral-8x7B-v0.1's config.json sets num_local_experts 8 and num_experts_per_tok 2.
    from osaid.evaluation.compute import Method, estimate_training_compute
    from osaid.evidence.assemble import system_from_evidence
    from osaid.evidence.scan import scan_tree

    (tmp_path / "config.json").write_text(
        '{"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", '
        '"num_local_experts": 8, "num_experts_per_tok": 2}'
    )
    (tmp_path / "README.md").write_text(
        "# A model\n\nSome words about it.\n\nIt was trained on 8T tokens of web text.\n"
    )
    scan = scan_tree(LocalTree(tmp_path))
    system = system_from_evidence(scan.info, list(scan.evidence), card=dict(scan.card))
    assert "mixture-of-experts (8 experts" in (system.manifest.system.architecture or "")
    data = system.manifest.model_dump(mode="json", exclude_none=True)
    data["scale"]["parameters"] = {"value": 46.7e9, "source": "https://example.org/card"}
    import dataclasses

    from osaid.manifest.model import Manifest

    with_total = dataclasses.replace(system, manifest=Manifest.model_validate(data))
    assert estimate_training_compute(with_total).method is Method.UPPER_BOUND
