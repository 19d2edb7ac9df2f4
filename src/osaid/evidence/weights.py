"""Files in parameter formats, from their headers only.

`WeightsDetector` finds files in parameter formats — safetensors, GGUF, PyTorch (zip-based
and raw pickles), ONNX, TensorFlow (SavedModel, checkpoints, HDF5), TFLite, Flax msgpack,
NumPy `.npy`/`.npz`, torch distributed checkpoints, sharded indexes — and reads only their
headers (`osaid.evidence.headers`; never a whole weight file, never mmap, never unpickle).
Which of them are the release's model parameters is decided afterwards
(`osaid.evidence.parameters`).

Each file is classified as final weights (`model-parameters-final`), an intermediate checkpoint
(`model-parameters-intermediate`: `checkpoint-1000/`, `step1000/`, `global_step1000/`,
`iter_0001000/`, names with step or checkpoint numbers) or training state (`optimizer-state`:
optimizer, scheduler, RNG and grad-scaler states). Evidence.data always has `format`, `bytes`
and `header_only: True`, plus what the header gave (`tensors`, `parameters`, `dtypes`, …).
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from osaid.evidence.headers import (
    GGUF_MAGIC,
    ZIP_MAGIC,
    HeaderError,
    parse_gguf,
    parse_index,
    parse_npy,
    parse_npz,
    parse_onnx,
    parse_safetensors,
    parse_torch_pickle,
    parse_torch_zip,
)
from osaid.sources.evidence import Detector, Evidence, EvidenceKind
from osaid.sources.interface import FileEntry, ReleaseTree, SourceError
from osaid.sources.local import LFS_SPEC_PREFIX, parse_lfs_pointer

COMPONENT_FINAL = "model-parameters-final"
COMPONENT_INTERMEDIATE = "model-parameters-intermediate"
COMPONENT_OPTIMIZER = "optimizer-state"

_STEP_TOKEN = re.compile(
    r"(?:^|[-_.=/])(?P<kind>global[-_]?step|checkpoint|ckpt|step|iter(?:ation)?|epoch)"
    r"[-_=]?(?P<num>\d+)(?=$|[-_.=/])",
    re.IGNORECASE,
)
_SHARD = re.compile(r"-(\d{3,6})-of-(\d{3,6})\.", re.IGNORECASE)
_OPTIMIZER = re.compile(
    r"(?:^|[-_.])optim(?:izer)?(?:s|_states?)?(?:[-_.]|$)|^optimizer", re.IGNORECASE
)
_SCHEDULER = re.compile(r"scheduler", re.IGNORECASE)
_RNG = re.compile(r"^rng_state", re.IGNORECASE)
_SCALER = re.compile(r"^scaler\.(?:pt|pth|bin)$", re.IGNORECASE)
_TF_DATA = re.compile(r"\.data-\d{5}-of-\d{5}$")

_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


@dataclass(frozen=True)
class Classification:
    """What a parameter file is for."""

    kind: EvidenceKind
    component: str
    role: str
    """final, intermediate, optimizer, scheduler, rng-state or grad-scaler."""
    step: int | None = None
    with_optimizer: bool = False
    """The file also holds optimizer state (Megatron's `model_optim_rng.pt`)."""


_MODEL_AND_OPTIMIZER = re.compile(r"^model_optim_rng\.|^mp_rank_\d+_model_optim", re.IGNORECASE)


def classify_path(path: str) -> Classification:
    """Final weights, intermediate checkpoint or training state, from the path alone."""
    base = posixpath.basename(path)
    step = None
    matches = list(_STEP_TOKEN.finditer("/" + path))
    if matches:
        step = int(matches[-1].group("num"))
    role = None
    if _MODEL_AND_OPTIMIZER.search(base):
        if step is not None:
            return Classification(
                EvidenceKind.CHECKPOINT, COMPONENT_INTERMEDIATE, "intermediate", step, True
            )
        return Classification(EvidenceKind.WEIGHTS, COMPONENT_FINAL, "final", None, True)
    if _OPTIMIZER.search(base) or any(_OPTIMIZER.search(p) for p in path.split("/")[:-1]):
        role = "optimizer"
    elif _SCHEDULER.search(base):
        role = "scheduler"
    elif _RNG.search(base):
        role = "rng-state"
    elif _SCALER.search(base):
        role = "grad-scaler"
    if role is not None:
        return Classification(EvidenceKind.OPTIMIZER_STATE, COMPONENT_OPTIMIZER, role, step)
    if step is not None:
        return Classification(EvidenceKind.CHECKPOINT, COMPONENT_INTERMEDIATE, "intermediate", step)
    return Classification(EvidenceKind.WEIGHTS, COMPONENT_FINAL, "final")


def _sniff(head: bytes, suffix: str) -> str | None:
    if head.startswith(GGUF_MAGIC):
        return "gguf"
    if suffix in (".bin", ".pt", ".pth", ".ckpt"):
        if head.startswith(ZIP_MAGIC):
            return "pytorch-zip"
        if head[:1] == b"\x80":
            return "pytorch-pickle"
        if len(head) >= 8 and head[8:9] == b"{":
            return "safetensors"
    return None


# ---- the detector -----------------------------------------------------------------------

_BY_SUFFIX = {
    ".safetensors": "safetensors",
    ".gguf": "gguf",
    ".onnx": "onnx",
    ".npy": "npy",
    ".npz": "npz",
    ".msgpack": "flax-msgpack",
    ".h5": "hdf5",
    ".hdf5": "hdf5",
    ".keras": "keras",
    ".tflite": "tflite",
    ".distcp": "torch-dcp",
    ".onnx_data": "onnx-external-data",
    ".pdparams": "paddle",
}
_INDEX_SUFFIX = ".index.json"
_SKIP_NAMES = frozenset({"training_args.bin"})


class WeightsDetector(Detector):
    """Parameter files by format, classified final / intermediate / training state."""

    name = "weights"

    def detect(self, tree: ReleaseTree, files: list[FileEntry]) -> list[Evidence]:
        paths = {e.path for e in files}
        out: list[Evidence] = []
        by_path: dict[str, Evidence] = {}
        for entry in files:
            ev = self._one(tree, entry, paths)
            if ev is not None:
                out.append(ev)
                by_path[entry.path] = ev
                if classify_path(entry.path).with_optimizer:
                    out.append(_optimizer_twin(ev))
        for ev in out:
            if ev.data.get("format", "").endswith("-index"):
                _aggregate(ev, by_path)
        return out

    def _format(self, tree: ReleaseTree, entry: FileEntry, paths: set[str]) -> str | None:
        path = entry.path
        base = posixpath.basename(path)
        lower = base.lower()
        suffix = os.path.splitext(lower)[1]
        if lower in _SKIP_NAMES:
            return None
        if lower.endswith(_INDEX_SUFFIX) and any(
            k in lower for k in (".safetensors", ".bin", ".msgpack", ".pt", ".pth", ".ckpt")
        ):
            return "index"
        if lower == "saved_model.pb":
            return "tensorflow-savedmodel"
        if lower.endswith(".index") and not lower.endswith(_INDEX_SUFFIX):
            stem = path[: -len(".index")]
            if any(_TF_DATA.search(p) and p.startswith(stem + ".data-") for p in paths):
                parent = posixpath.dirname(posixpath.dirname(path))
                sm = posixpath.join(parent, "saved_model.pb") if parent else "saved_model.pb"
                if base == "variables.index" and sm in paths:
                    return None  # reported with saved_model.pb
                return "tensorflow-checkpoint"
            return None
        if lower.endswith((".onnx.data", ".onnx_data")):
            return "onnx-external-data"
        if suffix in _BY_SUFFIX:
            return _BY_SUFFIX[suffix]
        if suffix in (".bin", ".pt", ".pth", ".ckpt"):
            return "torch-like"
        return None

    def _one(self, tree: ReleaseTree, entry: FileEntry, paths: set[str]) -> Evidence | None:
        fmt = self._format(tree, entry, paths)
        if fmt is None:
            return None
        cls = classify_path(entry.path)
        data: dict[str, Any] = {"format": fmt, "bytes": entry.size, "header_only": True}
        how = f"{fmt} header"
        try:
            head = b""
            if entry.size or entry.lfs:
                head = tree.read_bytes(entry.path, 0, min(LFS_POINTER_READ, entry.size or 1024))
            pointer = parse_lfs_pointer(head) if head.startswith(LFS_SPEC_PREFIX) else None
            if pointer is not None or entry.lfs and not head:
                if fmt == "torch-like" and not _looks_like_weights(entry.path):
                    return None
                data["format"] = fmt if fmt != "torch-like" else "pytorch"
                data["lfs_pointer"] = True
                if pointer is not None:
                    data["bytes"] = pointer["size"]
                    data["lfs_oid"] = pointer["oid"]
                how = "Git LFS pointer (content not downloaded)"
            elif fmt == "torch-like":
                sniffed = _sniff(head, os.path.splitext(entry.path.lower())[1])
                if sniffed is None:
                    return None
                data["format"] = sniffed
                data.update(self._parse(tree, entry, sniffed, paths))
                how = f"{sniffed} header"
            else:
                data.update(self._parse(tree, entry, fmt, paths))
                how = _HOW.get(fmt, how)
        except (HeaderError, SourceError, zipfile.BadZipFile, OSError, EOFError) as exc:
            if fmt == "torch-like":
                return None
            data["header_error"] = str(exc)
        data["header_only"] = True
        data["role"] = cls.role
        if cls.step is not None:
            data["step"] = cls.step
        shard = _SHARD.search(posixpath.basename(entry.path))
        if shard:
            data["shard"] = {"index": int(shard.group(1)), "count": int(shard.group(2))}
        return Evidence(
            kind=cls.kind,
            path=entry.path,
            how=how,
            component=cls.component,
            data=data,
            location=tree.url_for(entry.path),
        )

    def _parse(
        self, tree: ReleaseTree, entry: FileEntry, fmt: str, paths: set[str]
    ) -> dict[str, Any]:
        parser = _HEADER_PARSERS.get(fmt)
        if parser is not None:
            return parser(tree, entry)
        if fmt == "index":
            return parse_index(tree, entry, paths)
        if fmt == "tensorflow-savedmodel":
            return _tf_savedmodel(tree, entry, paths)
        if fmt == "tensorflow-checkpoint":
            stem = entry.path[: -len(".index")]
            shards = sorted(p for p in paths if p.startswith(stem + ".data-"))
            return {"data_files": shards}
        head = tree.read_bytes(entry.path, 0, 16)
        signature = _SIGNATURES.get(fmt)
        if signature is not None and not signature[0](head):
            raise HeaderError(signature[1])
        return {}


_HEADER_PARSERS: dict[str, Callable[[ReleaseTree, FileEntry], dict[str, Any]]] = {
    "safetensors": parse_safetensors,
    "gguf": parse_gguf,
    "pytorch-zip": parse_torch_zip,
    "pytorch-pickle": parse_torch_pickle,
    "onnx": parse_onnx,
    "npy": parse_npy,
    "npz": parse_npz,
}
"""Formats whose header is parsed; the others are recognised by a signature or a layout."""
_SIGNATURES: dict[str, tuple[Callable[[bytes], bool], str]] = {
    "hdf5": (lambda head: head.startswith(_HDF5_MAGIC), "no HDF5 signature"),
    "keras": (lambda head: head.startswith(ZIP_MAGIC), "not a zip-based Keras file"),
    "tflite": (lambda head: head[4:8] == b"TFL3", "no TFLite identifier"),
    "flax-msgpack": (
        lambda head: bool(head[:1]) and (0x80 <= head[0] <= 0x8F or head[0] in (0xDE, 0xDF)),
        "does not start with a msgpack map",
    ),
}
"""What the first 16 bytes of a file in each format start with, and what is wrong if not."""


LFS_POINTER_READ = 1024
_HOW = {
    "safetensors": "safetensors header (8-byte length + JSON)",
    "gguf": "GGUF header (metadata and tensor infos)",
    "pytorch-zip": "zip central directory + data.pkl opcodes (never unpickled)",
    "pytorch-pickle": "pickle opcodes (never unpickled)",
    "onnx": "ONNX protobuf sniff",
    "npy": "NumPy .npy header",
    "npz": "NumPy .npz member headers",
    "index": "sharded checkpoint index",
    "tensorflow-savedmodel": "TensorFlow SavedModel layout",
    "tensorflow-checkpoint": "TensorFlow checkpoint layout (.index + .data shards)",
    "hdf5": "HDF5 signature",
    "keras": "Keras zip signature",
    "tflite": "TFLite identifier",
    "flax-msgpack": "msgpack map signature",
    "torch-dcp": "torch distributed checkpoint file name",
    "onnx-external-data": "ONNX external data file name",
    "paddle": "PaddlePaddle parameter file name",
}


def _optimizer_twin(ev: Evidence) -> Evidence:
    """Optimizer-state evidence for a file that holds both weights and optimizer state."""
    data = {k: v for k, v in ev.data.items() if k in ("format", "bytes", "step", "lfs_pointer")}
    data.update({"header_only": True, "role": "optimizer", "combined_with_weights": True})
    return Evidence(
        kind=EvidenceKind.OPTIMIZER_STATE,
        path=ev.path,
        how=f"file name ({posixpath.basename(ev.path)} holds model, optimizer and RNG state)",
        component=COMPONENT_OPTIMIZER,
        data=data,
        location=ev.location,
    )


def _looks_like_weights(path: str) -> bool:
    base = posixpath.basename(path).lower()
    return any(k in base for k in ("model", "pytorch", "weight", "optim", "ckpt", "checkpoint"))


def _tf_savedmodel(tree: ReleaseTree, entry: FileEntry, paths: set[str]) -> dict[str, Any]:
    folder = posixpath.dirname(entry.path)
    prefix = f"{folder}/variables/" if folder else "variables/"
    variables = sorted(p for p in paths if p.startswith(prefix) and "/" not in p[len(prefix) :])
    return {"variables_files": variables}


def _aggregate(index_ev: Evidence, by_path: dict[str, Evidence]) -> None:
    """Add to an index's evidence the parameters and dtypes summed over its shards."""
    folder = posixpath.dirname(index_ev.path)
    params = 0
    dtypes: set[str] = set()
    complete = not index_ev.data.get("missing_shards")
    for shard in index_ev.data.get("shards", []):
        ev = by_path.get(posixpath.join(folder, shard) if folder else shard)
        if ev is None or not isinstance(ev.data.get("parameters"), int):
            complete = False
            continue
        ev.data["shard_of"] = index_ev.path
        params += ev.data["parameters"]
        dtypes.update(ev.data.get("dtypes", []))
    if params:
        index_ev.data["parameters"] = params
        index_ev.data["dtypes"] = sorted(dtypes)
        index_ev.data["parameters_complete"] = complete
