"""A release under a non-commercial or use-restricted model license fails OSAID with that
license named, or needs review with the candidates: never unknown with the license dropped,
never pass. The texts: FLUX.1 [dev] and the DeepSeek License as published (from the real
repositories in tests/data/repos), edited variants of them, and abridged Gemma and Stability AI
Community texts (tests/fixtures/model-licenses)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.result import DefinitionResult, Outcome, Status
from osaid.evidence.scan import system_from_release
from osaid_testkit import license_text, sparse_safetensors

DATA = Path(__file__).resolve().parents[1] / "data" / "repos"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "model-licenses"


def _flux() -> str:
    return (DATA / "flux/model_licenses/LICENSE-FLUX1-dev").read_text(encoding="utf-8")


def _deepseek() -> str:
    return (DATA / "DeepSeek-V3/LICENSE-MODEL").read_text(encoding="utf-8")


def _edited(text: str) -> str:
    """The text with a paragraph dropped and a sentence added: no longer the exact license."""
    paragraphs = text.split("\n\n")
    del paragraphs[len(paragraphs) // 2]
    paragraphs.insert(3, "The Licensor may publish additional guidance for this release.")
    return "\n\n".join(paragraphs)


TEXTS: dict[str, tuple[Callable[[], str], tuple[str, ...]]] = {
    # name -> (text, words one of which the verdict must name: an id or the family)
    "flux-dev": (_flux, ("FLUX",)),
    "flux-dev-edited": (lambda: _edited(_flux()), ("FLUX",)),
    "deepseek": (_deepseek, ("DeepSeek",)),
    "deepseek-edited": (lambda: _edited(_deepseek()), ("DeepSeek",)),
    "gemma": (lambda: (FIXTURES / "gemma-terms.txt").read_text(encoding="utf-8"), ("Gemma",)),
    "stability-community": (
        lambda: (FIXTURES / "stability-community.txt").read_text(encoding="utf-8"),
        ("Stability",),
    ),
}

CODE_CARD = "# Example\n\nInference code for the Example model. Weights: [checkpoint]({link}).\n"


def _weights(root: Path) -> None:
    sparse_safetensors(
        root / "model.safetensors",
        {f"layers.{i}.mlp.weight": [64, 64] for i in range(4)},
    )


def _github_style(root: Path, text: str) -> None:
    """Code under Apache-2.0, the model license in LICENSE-MODEL, weights on the Hub."""
    (root / "LICENSE").write_text(license_text("apache-2.0"))
    (root / "LICENSE-MODEL").write_text(text)
    (root / "README.md").write_text(CODE_CARD.format(link="https://huggingface.co/org/example"))
    (root / "generate.py").write_text("import torch\n")


def _model_licenses_dir(root: Path, text: str) -> None:
    """Several models: one Apache-2.0, one under the restrictive license (model_licenses/)."""
    (root / "LICENSE").write_text(license_text("apache-2.0"))
    (root / "model_licenses").mkdir()
    (root / "model_licenses" / "LICENSE-EXAMPLE-small").write_text(license_text("apache-2.0"))
    (root / "model_licenses" / "LICENSE-EXAMPLE-large").write_text(text)
    (root / "README.md").write_text(CODE_CARD.format(link="https://huggingface.co/org/example"))
    (root / "sample.py").write_text("import torch\n")


def _hub_style(root: Path, text: str) -> None:
    """A Hub repository: weights in the tree, the license text in LICENSE, `license: other`."""
    (root / "LICENSE").write_text(text)
    (root / "README.md").write_text(
        "---\nlicense: other\nlicense_name: example-license\nlicense_link: LICENSE\n---\n"
        "# Example\n\nA text-to-image model. See LICENSE for its terms of use.\n"
    )
    (root / "config.json").write_text(json.dumps({"architectures": ["ExampleModel"]}))
    _weights(root)


LAYOUTS = {"github": _github_style, "model-licenses": _model_licenses_dir, "hub": _hub_style}


def _evaluate(root: Path) -> DefinitionResult:
    return Evaluator().evaluate(system_from_release(str(root)), ["osaid-1.0"]).results[0]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_restrictive_model_license_reaches_the_verdict(
    name: str, layout: str, tmp_path: Path
) -> None:
    text, words = TEXTS[name]
    root = tmp_path / "release"
    root.mkdir()
    LAYOUTS[layout](root, text())
    result = _evaluate(root)
    params = next(r for r in result.requirements if r.id == "parameters.final")
    reasons = " ".join(x.text for x in params.reasons)
    explain = (result.status.value, params.outcome.value, reasons)
    assert result.status is not Status.PASS, explain
    assert params.outcome in (Outcome.NOT_MET, Outcome.NEEDS_REVIEW), explain
    assert any(w in reasons for w in words), explain
    if params.outcome is Outcome.NOT_MET:
        assert result.status is Status.FAIL
        assert params.freedoms, explain
    else:
        assert "approximately" in reasons and "may be" in reasons, explain
        assert params.id in result.needs_review


@pytest.mark.parametrize("name", ["flux-dev", "deepseek"])
def test_the_published_texts_fail_with_the_license_named(name: str, tmp_path: Path) -> None:
    text, words = TEXTS[name]
    root = tmp_path / "release"
    root.mkdir()
    _github_style(root, text())
    result = _evaluate(root)
    params = next(r for r in result.requirements if r.id == "parameters.final")
    assert result.status is Status.FAIL and params.outcome is Outcome.NOT_MET
    assert params.failure_kind is not None and params.failure_kind.value == "legal"


def test_an_unidentified_model_license_is_read_not_dropped(tmp_path: Path) -> None:
    root = tmp_path / "release"
    root.mkdir()
    _github_style(root, "EXAMPLE MODEL TERMS\n\nYou may run the weights on Tuesdays only.\n")
    result = _evaluate(root)
    params = next(r for r in result.requirements if r.id == "parameters.final")
    assert result.status is not Status.PASS
    assert params.outcome is Outcome.NEEDS_REVIEW
    assert "LICENSE-MODEL" in " ".join(x.text for x in params.reasons)


def test_an_open_model_license_passes_the_parameters(tmp_path: Path) -> None:
    """The control: the same layouts with Apache-2.0 weights meet the parameters requirement
    when the weights are in the tree."""
    root = tmp_path / "release"
    root.mkdir()
    _hub_style(root, license_text("apache-2.0"))
    params = next(r for r in _evaluate(root).requirements if r.id == "parameters.final")
    assert params.outcome is Outcome.MET
