"""A generated corpus of files in weight formats that are not a model's parameters (decoys),
and of real networks in the same formats (controls), written with NumPy and the real
safetensors / pickle layouts. Each entry says what an expert would call the file."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from osaid_testkit import sparse_safetensors, torch_state_pickle, torch_zip_bytes


@dataclass(frozen=True)
class Case:
    path: str
    expected: str
    """model, data, asset, test-fixture, auxiliary-model or no-tensors."""


def _npy(path: Path, array: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, array, allow_pickle=False)


def _npz(path: Path, **arrays: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)  # type: ignore[arg-type]


def _safetensors(path: Path, shapes: dict[str, list[int]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sparse_safetensors(path, shapes)


def _torch_zip(path: Path, tensors: dict[str, list[int]]) -> None:
    """A zip-based torch file (archive/data.pkl) of a state dict with these tensors."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pkl = torch_state_pickle({k: ("FloatStorage", v) for k, v in tensors.items()})
    path.write_bytes(torch_zip_bytes(pkl, [b"" for _ in tensors]))


def write_corpus(root: Path) -> list[Case]:
    """Write decoys and controls under `root`; return what each one is."""
    rng = np.random.default_rng(0)
    cases: list[Case] = []

    def add(path: str, expected: str) -> Path:
        cases.append(Case(path, expected))
        return root / path

    # Single arrays of data: scores, labels, embeddings of a corpus, an index.
    _npy(add("clip_scores.npy", "data"), rng.random(10_000))
    _npy(add("data/labels.npy", "data"), rng.integers(0, 10, 5_000))
    _npy(add("embeddings.npy", "data"), rng.random((2_000, 384), dtype=np.float32))
    _npy(add("weights.npy", "data"), rng.random(4_096))
    _npy(add("eval/similarities.npy", "data"), rng.random((300, 300), dtype=np.float32))
    _safetensors(add("corpus_embeddings.safetensors", "data"), {"embeddings": [50_000, 768]})
    _safetensors(
        add("features.safetensors", "data"),
        {"image_features": [1000, 512], "text_features": [1000, 512]},
    )
    _safetensors(
        add("retrieval.safetensors", "data"), {"embeddings": [10_000, 256], "ids": [10_000]}
    )
    _npz(add("results.npz", "data"), arr_0=rng.random(100), arr_1=rng.random(100))
    # Constants and lookup tables shipped with code.
    _npz(
        add("src/pkg/audio/mel_filters.npz", "asset"),
        mel_80=rng.random((80, 201)),
        mel_128=rng.random((128, 201)),
    )
    _npz(
        add("lut.npz", "asset"),
        table=rng.integers(0, 255, 256),
        palette=rng.integers(0, 255, (256, 3)),
    )
    _npy(add("src/pkg/stats_mean.npy", "asset"), rng.random(3))
    _npy(add("assets/window.npy", "asset"), np.hanning(400))
    # Small heads and fixtures in helper trees: networks, but not the release's model.
    _npz(
        add("scripts/util/detection/p_head_v1.npz", "auxiliary-model"),
        weights=rng.random(768),
        biases=np.float64(0.1),
    )
    _safetensors(
        add("scripts/probe/linear_head.safetensors", "auxiliary-model"),
        {"fc.weight": [2, 768], "fc.bias": [2]},
    )
    _safetensors(
        add("examples/tiny/model.safetensors", "auxiliary-model"),
        {"layers.0.weight": [8, 8], "layers.0.bias": [8]},
    )
    _safetensors(
        add("tests/fixtures/model.safetensors", "test-fixture"),
        {"layers.0.weight": [4, 4], "layers.1.weight": [4, 4]},
    )
    _torch_zip(
        add("testing/dummy/pytorch_model.bin", "test-fixture"),
        {"linear.weight": [2, 2], "linear.bias": [2]},
    )
    # Pickles of plain objects: no tensors at all.
    (root / "state.pt").write_bytes(
        pickle.dumps({"epoch": 3, "best": 0.91, "names": ["a", "b"]}, protocol=2)
    )
    cases.append(Case("state.pt", "no-tensors"))
    (root / "vocab.bin").write_bytes(pickle.dumps({"hello": 0, "world": 1}, protocol=2))
    cases.append(Case("vocab.bin", "no-tensors"))
    return cases


def write_controls(root: Path) -> list[Case]:
    """Real networks in the same formats: each must be taken as model parameters."""
    cases: list[Case] = []

    def add(path: str) -> Path:
        cases.append(Case(path, "model"))
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        return root / path

    layers = {
        "model.embed_tokens.weight": [1000, 64],
        **{f"model.layers.{i}.self_attn.q_proj.weight": [64, 64] for i in range(4)},
        **{f"model.layers.{i}.mlp.up_proj.weight": [256, 64] for i in range(4)},
        "lm_head.weight": [1000, 64],
    }
    sparse_safetensors(add("model.safetensors"), layers)
    sparse_safetensors(
        add("classifier/head.safetensors"), {"fc.weight": [10, 768], "fc.bias": [10]}
    )
    _torch_zip(
        add("pytorch_model.bin"),
        {
            "wte.weight": [100, 8],
            "h.0.attn.c_attn.weight": [8, 24],
            "h.0.mlp.c_fc.weight": [8, 32],
            "ln_f.weight": [8],
        },
    )
    _torch_zip(
        add("ckpt/exported.pt"),
        {
            "encoder.layers.0.weight": [8, 8],
            "encoder.layers.0.bias": [8],
            "encoder.layers.1.weight": [8, 8],
            "decoder.weight": [8, 4],
        },
    )
    _npz(
        add("npmodel/layers.npz"),
        **{
            "layer0/kernel": np.zeros((16, 16)),
            "layer0/bias": np.zeros(16),
            "layer1/kernel": np.zeros((16, 4)),
        },
    )
    # A config whose architecture the parameter count of an unconventionally named file fits.
    fit = root / "fit"
    fit.mkdir()
    (fit / "config.json").write_text(
        json.dumps(
            {
                "hidden_size": 64,
                "num_hidden_layers": 2,
                "vocab_size": 1000,
                "intermediate_size": 256,
            }
        )
    )
    sparse_safetensors(
        add("fit/exported.safetensors"), {"a": [1000, 64], "b": [64, 64], "c": [64, 256]}
    )
    return cases
