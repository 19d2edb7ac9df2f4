"""WeightsDetector: parameter files by format, from headers only, and their classification."""

from __future__ import annotations

import io
import json
import math
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

from osaid.evidence.headers import parse_npy_header
from osaid.evidence.weights import (
    COMPONENT_FINAL,
    COMPONENT_INTERMEDIATE,
    COMPONENT_OPTIMIZER,
    WeightsDetector,
    classify_path,
)
from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.local import LocalTree
from osaid_testkit import torch_state_pickle, torch_zip_bytes

# ---- fixture builders -------------------------------------------------------------------


def safetensors_bytes(
    tensors: dict[str, tuple[str, list[int]]], metadata: dict[str, str] | None = None
) -> bytes:
    itemsize = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "U8": 1}
    header: dict[str, Any] = {}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        n = math.prod(shape) * itemsize[dtype]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"\x00" * offset


def write_sparse(path: Path, head: bytes, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def _gstr(s: str) -> bytes:
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def gguf_bytes(kvs: list[tuple[str, int, Any]], tensors: list[tuple[str, list[int], int]]) -> bytes:
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs))
    for key, vtype, value in kvs:
        out += _gstr(key) + struct.pack("<I", vtype)
        if vtype == 8:
            out += _gstr(value)
        elif vtype == 4:
            out += struct.pack("<I", value)
        elif vtype == 9:
            itype, items = value
            out += struct.pack("<IQ", itype, len(items))
            for item in items:
                out += _gstr(item) if itype == 8 else struct.pack("<i", item)
    offset = 0
    for name, dims, ttype in tensors:
        out += _gstr(name) + struct.pack("<I", len(dims))
        out += b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", ttype, offset)
        offset += math.prod(dims) * 2
    return out + b"\x00" * (-len(out) % 32)


def npy_bytes(descr: str, shape: tuple[int, ...], body: bytes = b"") -> bytes:
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (-(10 + len(header) + 1) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + body


def _detect(root: Path) -> dict[str, Evidence]:
    tree = LocalTree(root)
    return {ev.path: ev for ev in WeightsDetector().detect(tree, tree.files())}


# ---- safetensors ------------------------------------------------------------------------


def test_safetensors_header(tmp_path: Path) -> None:
    raw = safetensors_bytes(
        {
            "embed.weight": ("BF16", [32, 8]),
            "lm_head.weight": ("F32", [32, 8]),
            "step": ("I64", []),
        },
        {"format": "pt"},
    )
    (tmp_path / "model.safetensors").write_bytes(raw)
    ev = _detect(tmp_path)["model.safetensors"]
    assert ev.kind == EvidenceKind.WEIGHTS
    assert ev.component == COMPONENT_FINAL
    assert ev.data["format"] == "safetensors"
    assert ev.data["tensors"] == 3
    assert ev.data["parameters"] == 32 * 8 * 2 + 1
    assert ev.data["dtypes"] == ["BF16", "F32", "I64"]
    assert ev.data["metadata"] == {"format": "pt"}
    assert ev.data["bytes"] == len(raw)
    assert ev.data["header_only"] is True
    assert ev.how.startswith("safetensors header")


def test_sparse_safetensors_reads_only_its_header(tmp_path: Path) -> None:
    head = safetensors_bytes({"w": ("F16", [4096, 4096])})[:-1]
    write_sparse(
        tmp_path / "model.safetensors", head[: len(head) - 4096 * 4096 * 2 + 1], 5 * 1024**3
    )
    tree = LocalTree(tmp_path)
    (ev,) = WeightsDetector().detect(tree, tree.files())
    assert ev.data["parameters"] == 4096 * 4096
    assert ev.data["bytes"] == 5 * 1024**3
    assert tree.bytes_read < 128 * 1024


def test_bad_safetensors_header_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "a.safetensors").write_bytes(struct.pack("<Q", 10**12) + b"{}")
    (tmp_path / "b.safetensors").write_bytes(struct.pack("<Q", 4) + b"nope")
    evs = _detect(tmp_path)
    assert "cap" in evs["a.safetensors"].data["header_error"]
    assert "JSON" in evs["b.safetensors"].data["header_error"]


def test_lfs_pointer_weights(tmp_path: Path) -> None:
    pointer = (
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "f" * 64 + "\nsize 4943162240\n"
    )
    (tmp_path / "model.safetensors").write_text(pointer)
    ev = _detect(tmp_path)["model.safetensors"]
    assert ev.data["lfs_pointer"] is True
    assert ev.data["bytes"] == 4943162240
    assert "parameters" not in ev.data


# ---- sharded indexes --------------------------------------------------------------------


def test_sharded_index_with_missing_shard(tmp_path: Path) -> None:
    shard1 = safetensors_bytes({"a": ("F16", [10, 10])})
    (tmp_path / "model-00001-of-00002.safetensors").write_bytes(shard1)
    index = {
        "metadata": {"total_size": 400},
        "weight_map": {
            "a": "model-00001-of-00002.safetensors",
            "b": "model-00002-of-00002.safetensors",
        },
    }
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps(index))
    evs = _detect(tmp_path)
    idx = evs["model.safetensors.index.json"]
    assert idx.component == COMPONENT_FINAL
    assert idx.data["format"] == "safetensors-index"
    assert idx.data["total_size"] == 400
    assert idx.data["shard_count"] == 2
    assert idx.data["missing_shards"] == ["model-00002-of-00002.safetensors"]
    assert idx.data["parameters"] == 100
    assert idx.data["parameters_complete"] is False
    shard = evs["model-00001-of-00002.safetensors"]
    assert shard.data["shard"] == {"index": 1, "count": 2}
    assert shard.data["shard_of"] == "model.safetensors.index.json"


def test_pytorch_index_complete(tmp_path: Path) -> None:
    pkl = torch_state_pickle({"w": ("HalfStorage", [3, 4])})
    (tmp_path / "pytorch_model-00001-of-00001.bin").write_bytes(torch_zip_bytes(pkl, [b"\0" * 24]))
    index = {
        "metadata": {"total_size": 24},
        "weight_map": {"w": "pytorch_model-00001-of-00001.bin"},
    }
    (tmp_path / "pytorch_model.bin.index.json").write_text(json.dumps(index))
    idx = _detect(tmp_path)["pytorch_model.bin.index.json"]
    assert idx.data["format"] == "pytorch-index"
    assert idx.data["missing_shards"] == []
    assert idx.data["parameters"] == 12
    assert idx.data["parameters_complete"] is True


# ---- GGUF -------------------------------------------------------------------------------


def test_gguf_header_metadata_and_parameters(tmp_path: Path) -> None:
    raw = gguf_bytes(
        [
            ("general.architecture", 8, "llama"),
            ("general.name", 8, "Tiny Llama"),
            ("general.license", 8, "apache-2.0"),
            ("llama.context_length", 4, 2048),
            ("tokenizer.ggml.tokens", 9, (8, ["<s>", "</s>", "hello"])),
            ("tokenizer.ggml.token_type", 9, (5, [1, 1, 1])),
        ],
        [("token_embd.weight", [64, 3], 1), ("blk.0.attn_q.weight", [64, 64], 12)],
    )
    write_sparse(tmp_path / "tiny.Q4_K_M.gguf", raw, 4 * 1024**3)
    tree = LocalTree(tmp_path)
    (ev,) = WeightsDetector().detect(tree, tree.files())
    assert ev.data["format"] == "gguf"
    assert ev.data["gguf_version"] == 3
    assert ev.data["tensors"] == 2
    assert ev.data["metadata_kv_count"] == 6
    assert ev.data["architecture"] == "llama"
    assert ev.data["name"] == "Tiny Llama"
    assert ev.data["license"] == "apache-2.0"
    assert ev.data["metadata"]["llama.context_length"] == 2048
    assert ev.data["vocab_size"] == 3
    assert ev.data["parameters"] == 64 * 3 + 64 * 64
    assert ev.data["dtypes"] == ["F16", "Q4_K"]
    assert tree.bytes_read < 2 * 1024 * 1024


def test_truncated_gguf_keeps_what_it_read(tmp_path: Path) -> None:
    raw = gguf_bytes([("general.architecture", 8, "llama")], [("t", [2, 2], 0)])
    (tmp_path / "m.gguf").write_bytes(raw[:-40])
    ev = _detect(tmp_path)["m.gguf"]
    assert ev.data["architecture"] == "llama"
    assert ev.data["header_complete"] is False
    assert "parameters" not in ev.data


# ---- PyTorch ----------------------------------------------------------------------------


def test_torch_zip_storages_and_shapes(tmp_path: Path) -> None:
    pkl = torch_state_pickle(
        {"layer.weight": ("FloatStorage", [8, 4]), "layer.bias": ("FloatStorage", [8])}
    )
    (tmp_path / "pytorch_model.bin").write_bytes(torch_zip_bytes(pkl, [b"\0" * 128, b"\0" * 32]))
    ev = _detect(tmp_path)["pytorch_model.bin"]
    assert ev.kind == EvidenceKind.WEIGHTS
    assert ev.data["format"] == "pytorch-zip"
    assert ev.data["tensors"] == 2
    assert ev.data["parameters"] == 40
    assert ev.data["storages"] == 2
    assert ev.data["dtypes"] == ["float32"]
    assert ev.data["members"] == 5
    assert ev.data["torchscript"] is False


def test_torch_zip_with_plain_pickled_objects(tmp_path: Path) -> None:
    import pickle

    pkl = pickle.dumps({"epoch": 3, "lr": [0.1, 0.01]}, protocol=2)
    (tmp_path / "model.pt").write_bytes(torch_zip_bytes(pkl, []))
    ev = _detect(tmp_path)["model.pt"]
    assert ev.data["format"] == "pytorch-zip"
    assert "parameters" not in ev.data


def test_legacy_torch_pickle(tmp_path: Path) -> None:
    import pickle

    magic = pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2)
    body = torch_state_pickle({"w": ("BFloat16Storage", [5, 5])})
    (tmp_path / "model.pth").write_bytes(magic + body + b"\x00" * 50)
    ev = _detect(tmp_path)["model.pth"]
    assert ev.data["format"] == "pytorch-pickle"
    assert ev.data["parameters"] == 25
    assert ev.data["dtypes"] == ["bfloat16"]


def test_unknown_bin_files_and_training_args_are_not_weights(tmp_path: Path) -> None:
    (tmp_path / "vocab.bin").write_bytes(b"\x01\x02\x03 random data")
    (tmp_path / "training_args.bin").write_bytes(b"\x80\x02}q\x00.")
    assert _detect(tmp_path) == {}


def test_gguf_magic_in_a_bin_file(tmp_path: Path) -> None:
    (tmp_path / "ggml-model.bin").write_bytes(gguf_bytes([], [("t", [3], 0)]))
    assert _detect(tmp_path)["ggml-model.bin"].data["format"] == "gguf"


# ---- ONNX, TensorFlow, Flax, NumPy ------------------------------------------------------


def test_onnx_protobuf_sniff(tmp_path: Path) -> None:
    raw = b"\x08\x08" + b"\x12\x07pytorch" + b"\x1a\x032.1" + b"\x3a\x05graph"
    write_sparse(tmp_path / "model.onnx", raw, 2 * 1024**3)
    (tmp_path / "fake.onnx").write_bytes(b"hello world")
    evs = _detect(tmp_path)
    ev = evs["model.onnx"]
    assert ev.data["format"] == "onnx"
    assert ev.data["ir_version"] == 8
    assert ev.data["producer_name"] == "pytorch"
    assert ev.data["producer_version"] == "2.1"
    assert ev.data["bytes"] == 2 * 1024**3
    assert "header_error" in evs["fake.onnx"].data


def test_tensorflow_flax_and_keras_files(tmp_path: Path) -> None:
    (tmp_path / "saved" / "variables").mkdir(parents=True)
    (tmp_path / "saved" / "saved_model.pb").write_bytes(b"\x08\x01")
    (tmp_path / "saved" / "variables" / "variables.index").write_bytes(b"idx")
    (tmp_path / "saved" / "variables" / "variables.data-00000-of-00001").write_bytes(b"d" * 10)
    (tmp_path / "tf_model.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 8)
    (tmp_path / "flax_model.msgpack").write_bytes(b"\x81\xa1a\x01")
    evs = _detect(tmp_path)
    assert set(evs) == {"saved/saved_model.pb", "tf_model.h5", "flax_model.msgpack"}
    assert evs["saved/saved_model.pb"].data["variables_files"] == [
        "saved/variables/variables.data-00000-of-00001",
        "saved/variables/variables.index",
    ]
    assert evs["tf_model.h5"].data["format"] == "hdf5"
    assert "header_error" not in evs["tf_model.h5"].data
    assert evs["flax_model.msgpack"].data["format"] == "flax-msgpack"


def test_tf1_checkpoint_is_intermediate(tmp_path: Path) -> None:
    (tmp_path / "model.ckpt-1000.index").write_bytes(b"i")
    (tmp_path / "model.ckpt-1000.data-00000-of-00001").write_bytes(b"d")
    ev = _detect(tmp_path)["model.ckpt-1000.index"]
    assert ev.data["format"] == "tensorflow-checkpoint"
    assert ev.kind == EvidenceKind.CHECKPOINT
    assert ev.data["step"] == 1000


def test_npy_and_npz_headers(tmp_path: Path) -> None:
    (tmp_path / "w.npy").write_bytes(npy_bytes("<f4", (3, 5), b"\0" * 60))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.npy", npy_bytes("<f2", (2, 2), b"\0" * 8))
        zf.writestr("b.npy", npy_bytes("<i8", (7,), b"\0" * 56))
    (tmp_path / "params.npz").write_bytes(buf.getvalue())
    evs = _detect(tmp_path)
    assert evs["w.npy"].data["parameters"] == 15
    assert evs["w.npy"].data["shape"] == [3, 5]
    assert evs["w.npy"].data["dtypes"] == ["<f4"]
    assert evs["params.npz"].data["tensors"] == 2
    assert evs["params.npz"].data["parameters"] == 11
    assert evs["params.npz"].data["dtypes"] == ["<f2", "<i8"]


def test_npy_header_parser_is_literal_only() -> None:
    assert parse_npy_header(npy_bytes("|O", (2,)))["object"] is True  # type: ignore[index]
    evil = b"\x93NUMPY\x01\x00" + struct.pack("<H", 30) + b"__import__('os').system('x')  "
    assert parse_npy_header(evil) is None
    assert parse_npy_header(b"not npy") is None


# ---- classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "component", "role", "step"),
    [
        ("model.safetensors", COMPONENT_FINAL, "final", None),
        ("model-00001-of-00002.safetensors", COMPONENT_FINAL, "final", None),
        ("model_optimized.onnx", COMPONENT_FINAL, "final", None),
        ("checkpoint-1000/model.safetensors", COMPONENT_INTERMEDIATE, "intermediate", 1000),
        ("step1000/pytorch_model.bin", COMPONENT_INTERMEDIATE, "intermediate", 1000),
        (
            "global_step1000/mp_rank_00_model_states.pt",
            COMPONENT_INTERMEDIATE,
            "intermediate",
            1000,
        ),
        (
            "iter_0001000/mp_rank_00/model_optim_rng.pt",
            COMPONENT_INTERMEDIATE,
            "intermediate",
            1000,
        ),
        ("iter_0002000/model.pt", COMPONENT_INTERMEDIATE, "intermediate", 2000),
        ("ckpts/model-step2000.safetensors", COMPONENT_INTERMEDIATE, "intermediate", 2000),
        ("lightning/epoch=3-step=1200.ckpt", COMPONENT_INTERMEDIATE, "intermediate", 1200),
        ("optimizer.pt", COMPONENT_OPTIMIZER, "optimizer", None),
        ("checkpoint-500/optimizer.bin", COMPONENT_OPTIMIZER, "optimizer", 500),
        (
            "global_step10/zero_pp_rank_0_mp_rank_00_optim_states.pt",
            COMPONENT_OPTIMIZER,
            "optimizer",
            10,
        ),
        ("checkpoint-500/scheduler.pt", COMPONENT_OPTIMIZER, "scheduler", 500),
        ("checkpoint-500/rng_state_0.pth", COMPONENT_OPTIMIZER, "rng-state", 500),
    ],
)
def test_classify_path(path: str, component: str, role: str, step: int | None) -> None:
    got = classify_path(path)
    assert (got.component, got.role, got.step) == (component, role, step)


def test_checkpoint_and_optimizer_evidence_kinds(tmp_path: Path) -> None:
    raw = safetensors_bytes({"w": ("F16", [2, 2])})
    (tmp_path / "checkpoint-1000").mkdir()
    (tmp_path / "checkpoint-1000" / "model.safetensors").write_bytes(raw)
    (tmp_path / "model.safetensors").write_bytes(raw)
    pkl = torch_state_pickle({"exp_avg": ("FloatStorage", [2, 2])})
    (tmp_path / "checkpoint-1000" / "optimizer.pt").write_bytes(torch_zip_bytes(pkl, [b"\0" * 16]))
    evs = _detect(tmp_path)
    assert evs["model.safetensors"].kind == EvidenceKind.WEIGHTS
    ckpt = evs["checkpoint-1000/model.safetensors"]
    assert ckpt.kind == EvidenceKind.CHECKPOINT
    assert ckpt.component == COMPONENT_INTERMEDIATE
    assert ckpt.data["step"] == 1000
    opt = evs["checkpoint-1000/optimizer.pt"]
    assert opt.kind == EvidenceKind.OPTIMIZER_STATE
    assert opt.component == COMPONENT_OPTIMIZER
    assert opt.data["parameters"] == 4


def test_megatron_checkpoint_counts_as_weights_and_optimizer_state(tmp_path: Path) -> None:
    pkl = torch_state_pickle({"w": ("FloatStorage", [2])})
    folder = tmp_path / "iter_0001000" / "mp_rank_00"
    folder.mkdir(parents=True)
    (folder / "model_optim_rng.pt").write_bytes(torch_zip_bytes(pkl, [b"\0" * 8]))
    tree = LocalTree(tmp_path)
    evs = WeightsDetector().detect(tree, tree.files())
    assert [(e.kind, e.component) for e in evs] == [
        (EvidenceKind.CHECKPOINT, COMPONENT_INTERMEDIATE),
        (EvidenceKind.OPTIMIZER_STATE, COMPONENT_OPTIMIZER),
    ]
    assert evs[1].data["combined_with_weights"] is True
