"""Facts from the headers of parameter files, read within fixed bounds. Never a whole file.

* safetensors: the 8-byte little-endian header length and the JSON header (tensor count,
  parameter count = sum of shape products, dtypes, tensor names, `__metadata__`);
* GGUF: magic, version, tensor and metadata counts, the `general.*` metadata and the tensor
  infos (names, shapes, parameter count), within `GGUF_MAX_HEADER` bytes;
* NumPy `.npy` and `.npz` (each member's array header);
* PyTorch zip-based files (central directory, and the storages, tensor shapes and names found
  by the opcode walk of `data.pkl`) and legacy raw pickles (`osaid.evidence.pickle_opcodes`);
* ONNX (protobuf sniff of the first fields) and sharded-checkpoint indexes.

Every parser raises `HeaderError` for a malformed header or one past a cap; the weights
detector (`osaid.evidence.weights`) turns that into evidence.
"""

from __future__ import annotations

import ast
import json
import math
import posixpath
import re
import struct
import zipfile
from typing import Any

from osaid.evidence.parameters import tensor_structure
from osaid.evidence.pickle_opcodes import (
    PICKLE_MAX_BYTES,
    PickleScan,
    read_zip_member,
    scan_pickle,
    shape_elements,
)
from osaid.sources.archive_members import open_reader, zip_directory_size
from osaid.sources.interface import FileEntry, ReleaseTree

SAFETENSORS_MAX_HEADER = 32 * 1024 * 1024
"""Most bytes of a safetensors JSON header read (the format allows 100 MB; real ones are KBs)."""
GGUF_MAX_HEADER = 32 * 1024 * 1024
"""Most bytes of a GGUF file walked for metadata and tensor infos (vocabularies are large)."""
GGUF_MAX_TENSORS = 1_000_000
GGUF_MAX_KV = 100_000
NPY_MAX_HEADER = 64 * 1024
"""Most bytes read for a NumPy array header."""
NPZ_MAX_MEMBERS = 1_000
INDEX_MAX_BYTES = 16 * 1024 * 1024
"""Most bytes of a sharded-checkpoint index read (a 600B model's index is ~10 MB)."""
ONNX_SNIFF_BYTES = 64 * 1024
METADATA_MAX_ITEMS = 64
METADATA_MAX_CHARS = 512
ZIP_MAX_MEMBERS = 200_000
"""Most members of a zip-based weight file (one per storage) listed."""
_FIRST_READ = 64 * 1024

_NPY_MAGIC = b"\x93NUMPY"
GGUF_MAGIC = b"GGUF"
ZIP_MAGIC = b"PK\x03\x04"
"""How a zip file starts (zip-based PyTorch, Keras and `.npz` files are zips)."""

_GGML_TYPES = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    6: "Q5_0",
    7: "Q5_1",
    8: "Q8_0",
    9: "Q8_1",
    10: "Q2_K",
    11: "Q3_K",
    12: "Q4_K",
    13: "Q5_K",
    14: "Q6_K",
    15: "Q8_K",
    16: "IQ2_XXS",
    17: "IQ2_XS",
    18: "IQ3_XXS",
    19: "IQ1_S",
    20: "IQ4_NL",
    21: "IQ3_S",
    22: "IQ2_S",
    23: "IQ4_XS",
    24: "I8",
    25: "I16",
    26: "I32",
    27: "I64",
    28: "F64",
    29: "IQ1_M",
    30: "BF16",
    34: "TQ1_0",
    35: "TQ2_0",
    39: "MXFP4",
}
_GGUF_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}


class HeaderError(ValueError):
    """A weight file's header is malformed or past a cap."""


# ---- safetensors ------------------------------------------------------------------------

_BUFFER_NAME = re.compile(
    r"(^|\.)(attn|attention)\.(bias|masked_bias)$|(^|\.)(masked_bias|inv_freq|position_ids"
    r"|causal_mask)$"
)
"""Tensors that checkpoints store but that are not trained: GPT-2 and GPT-NeoX causal masks
(`attn.bias`, `attention.bias`, `masked_bias`), rotary `inv_freq`, BERT's `position_ids`."""


def parse_safetensors(tree: ReleaseTree, entry: FileEntry) -> dict[str, Any]:
    """Facts from a safetensors header. Raises HeaderError."""
    head = tree.read_bytes(entry.path, 0, min(_FIRST_READ, max(entry.size, 8)))
    if len(head) < 8:
        raise HeaderError("shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", head[:8])
    if n > SAFETENSORS_MAX_HEADER:
        raise HeaderError(f"header of {n} bytes exceeds the {SAFETENSORS_MAX_HEADER}-byte cap")
    if entry.size and 8 + n > entry.size:
        raise HeaderError(f"header length {n} runs past the end of the file")
    raw = head[8 : 8 + n]
    if len(raw) < n:
        raw += tree.read_bytes(entry.path, len(head), 8 + n - len(head))
    if len(raw) < n:
        raise HeaderError("file ends inside the header")
    try:
        header = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HeaderError(f"header is not JSON: {exc}") from exc
    if not isinstance(header, dict):
        raise HeaderError("header is not a JSON object")
    metadata = header.pop("__metadata__", None)
    params = 0
    buffers = 0
    dtypes: dict[str, int] = {}
    end = 0
    shapes: list[list[int]] = []
    for name, info in header.items():
        if not isinstance(info, dict):
            raise HeaderError(f"tensor {name!r} has no description")
        shape, dtype, offsets = info.get("shape"), info.get("dtype"), info.get("data_offsets")
        if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
            raise HeaderError(f"tensor {name!r} has a bad shape")
        if not isinstance(dtype, str):
            raise HeaderError(f"tensor {name!r} has no dtype")
        count = math.prod(shape)
        if _BUFFER_NAME.search(name):
            buffers += count
        else:
            params += count
        shapes.append(shape)
        dtypes[dtype] = dtypes.get(dtype, 0) + count
        if isinstance(offsets, list) and len(offsets) == 2 and isinstance(offsets[1], int):
            end = max(end, offsets[1])
    data: dict[str, Any] = {
        "format": "safetensors",
        "tensors": len(header),
        "parameters": params,
        "dtypes": sorted(dtypes),
        "parameters_by_dtype": dict(sorted(dtypes.items())),
        "header_bytes": 8 + n,
        **({"buffer_elements": buffers} if buffers else {}),
        "structure": tensor_structure(list(header), shapes),
    }
    if isinstance(metadata, dict):
        data["metadata"] = _bounded_metadata(metadata)
    if entry.size and 8 + n + end > entry.size:
        data["truncated"] = True
    return data


def _bounded_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in list(meta.items())[:METADATA_MAX_ITEMS]:
        if isinstance(value, str):
            out[str(key)] = value[:METADATA_MAX_CHARS]
        elif isinstance(value, (int, float, bool)) or value is None:
            out[str(key)] = value
    return out


# ---- GGUF -------------------------------------------------------------------------------


class _Cursor:
    """Sequential reads of a tree file in 1 MiB chunks, bounded by a cap."""

    def __init__(self, tree: ReleaseTree, entry: FileEntry, cap: int) -> None:
        self.tree, self.entry, self.cap = tree, entry, cap
        self.pos = 0
        self._buf = b""
        self._buf_start = 0

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if end > self.cap:
            raise HeaderError(f"header runs past the {self.cap}-byte cap")
        if self.entry.size and end > self.entry.size:
            raise HeaderError("file ends inside the header")
        if not (self._buf_start <= self.pos and end <= self._buf_start + len(self._buf)):
            want = min(max(n, 1024 * 1024), self.cap - self.pos)
            self._buf = self.tree.read_bytes(self.entry.path, self.pos, want)
            self._buf_start = self.pos
            if len(self._buf) < n:
                raise HeaderError("file ends inside the header")
        at = self.pos - self._buf_start
        self.pos = end
        return self._buf[at : at + n]

    def skip(self, n: int) -> None:
        if self.pos + n > self.cap:
            raise HeaderError(f"header runs past the {self.cap}-byte cap")
        self.pos += n

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]


def parse_gguf(tree: ReleaseTree, entry: FileEntry) -> dict[str, Any]:
    """Facts from a GGUF header (metadata and tensor infos, bounded). Raises HeaderError."""
    cur = _Cursor(tree, entry, GGUF_MAX_HEADER)
    if cur.take(4) != GGUF_MAGIC:
        raise HeaderError("no GGUF magic")
    version = cur.unpack("<I")
    if version not in (1, 2, 3):
        raise HeaderError(f"unknown GGUF version {version}")
    count_fmt = "<I" if version == 1 else "<Q"
    n_tensors = cur.unpack(count_fmt)
    n_kv = cur.unpack(count_fmt)
    data: dict[str, Any] = {
        "format": "gguf",
        "gguf_version": version,
        "tensors": n_tensors,
        "metadata_kv_count": n_kv,
    }
    if n_tensors > GGUF_MAX_TENSORS or n_kv > GGUF_MAX_KV:
        raise HeaderError(f"implausible counts: {n_tensors} tensors, {n_kv} metadata keys")

    def string() -> str:
        n = cur.unpack(count_fmt)
        if n > 16 * 1024 * 1024:
            raise HeaderError("string too long")
        return cur.take(n).decode("utf-8", errors="replace")

    def value(vtype: int, keep: bool) -> Any:
        if vtype in _GGUF_SCALARS:
            return cur.unpack(_GGUF_SCALARS[vtype])
        if vtype == 8:
            if keep:
                return string()[:METADATA_MAX_CHARS]
            cur.skip(cur.unpack(count_fmt))
            return None
        if vtype == 9:
            itype = cur.unpack("<I")
            n = cur.unpack(count_fmt)
            if itype in _GGUF_SCALARS:
                cur.skip(n * struct.calcsize(_GGUF_SCALARS[itype]))
            else:
                for _ in range(n):
                    value(itype, False)
            return {"array_length": n}
        raise HeaderError(f"unknown metadata value type {vtype}")

    meta: dict[str, Any] = {}
    try:
        for _ in range(n_kv):
            key = string()
            vtype = cur.unpack("<I")
            keep = key.startswith("general.") or key.endswith(
                (".context_length", ".block_count", ".embedding_length", "tokenizer.ggml.model")
            )
            got = value(vtype, keep)
            if keep and got is not None:
                meta[key] = got
            elif key == "tokenizer.ggml.tokens" and isinstance(got, dict):
                data["vocab_size"] = got["array_length"]
        params = 0
        types: set[str] = set()
        names: list[str] = []
        shapes: list[list[int]] = []
        for _ in range(n_tensors):
            names.append(string()[:METADATA_MAX_CHARS])
            n_dims = cur.unpack("<I")
            if n_dims > 8:
                raise HeaderError(f"tensor with {n_dims} dimensions")
            dims = [cur.unpack(count_fmt) for _ in range(n_dims)]
            shapes.append(dims)
            types.add(_GGML_TYPES.get(cur.unpack("<I"), "unknown"))
            cur.skip(8)
            params += math.prod(dims)
        data["parameters"] = params
        data["dtypes"] = sorted(types)
        data["structure"] = tensor_structure(names, shapes)
    except HeaderError as exc:
        data["header_complete"] = False
        data["header_note"] = str(exc)
    data["metadata"] = dict(list(meta.items())[:METADATA_MAX_ITEMS])
    for key in ("architecture", "name", "license", "license.name", "license.link", "size_label"):
        if f"general.{key}" in meta:
            data[key.replace(".", "_")] = meta[f"general.{key}"]
    data["header_bytes_walked"] = cur.pos
    return data


# ---- NumPy ------------------------------------------------------------------------------


def parse_npy_header(data: bytes) -> dict[str, Any] | None:
    """Facts from the start of a `.npy` file (magic, version, header dict), or None."""
    if not data.startswith(_NPY_MAGIC) or len(data) < 10:
        return None
    major = data[6]
    if major == 1:
        (hlen,) = struct.unpack("<H", data[8:10])
        start = 10
    elif major in (2, 3) and len(data) >= 12:
        (hlen,) = struct.unpack("<I", data[8:12])
        start = 12
    else:
        return None
    if hlen > NPY_MAX_HEADER or start + hlen > len(data):
        return None
    text = data[start : start + hlen].decode("latin1" if major < 3 else "utf-8", "replace")
    try:
        header = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(header, dict) or not isinstance(header.get("shape"), tuple):
        return None
    shape = header["shape"]
    if not all(isinstance(d, int) and d >= 0 for d in shape):
        return None
    descr = header.get("descr")
    return {
        "descr": str(descr),
        "shape": list(shape),
        "elements": math.prod(shape),
        "fortran_order": bool(header.get("fortran_order")),
        "object": "O" in str(descr),
        "header_bytes": start + hlen,
    }


def parse_npy(tree: ReleaseTree, entry: FileEntry) -> dict[str, Any]:
    header = parse_npy_header(tree.read_bytes(entry.path, 0, NPY_MAX_HEADER + 12))
    if header is None:
        raise HeaderError("not a NumPy .npy header")
    return {
        "format": "npy",
        "tensors": 1,
        "parameters": header["elements"],
        "dtypes": [header["descr"]],
        "shape": header["shape"],
        "object_array": header["object"],
    }


def parse_npz(tree: ReleaseTree, entry: FileEntry) -> dict[str, Any]:
    with zipfile.ZipFile(open_reader(tree, entry)) as zf:
        names = [i.filename for i in zf.infolist() if i.filename.endswith(".npy")]
    params, dtypes, arrays, objects = 0, set(), 0, 0
    array_names: list[str] = []
    shapes: list[list[int]] = []
    for name in names[:NPZ_MAX_MEMBERS]:
        header = parse_npy_header(read_zip_member(tree, entry, name, NPY_MAX_HEADER + 12))
        if header is None:
            continue
        arrays += 1
        params += header["elements"]
        dtypes.add(header["descr"])
        objects += bool(header["object"])
        array_names.append(name.removesuffix(".npy"))
        shapes.append(header["shape"])
    data: dict[str, Any] = {
        "format": "npz",
        "tensors": arrays,
        "parameters": params,
        "dtypes": sorted(dtypes),
        "members": len(names),
        "structure": tensor_structure(array_names, shapes),
    }
    if objects:
        data["object_arrays"] = objects
    if len(names) > NPZ_MAX_MEMBERS:
        data["header_complete"] = False
    return data


# ---- PyTorch ----------------------------------------------------------------------------


def _torch_facts(scans: list[PickleScan]) -> dict[str, Any]:
    shapes = [s for scan in scans for s in scan.tensor_shapes]
    storages = {st.key: st for scan in scans for st in scan.storages}
    data: dict[str, Any] = {}
    if shapes:
        data["tensors"] = len(shapes)
        data["parameters"] = shape_elements(shapes)
        names = [n for scan in scans for n in scan.tensor_names]
        if names:
            data["structure"] = tensor_structure(names, [list(s) for s in shapes])
    if storages:
        data["storages"] = len(storages)
        data["storage_elements"] = sum(st.numel for st in storages.values())
        data["dtypes"] = sorted({st.dtype for st in storages.values()})
        data.setdefault("parameters", data["storage_elements"])
    errors = [scan.error for scan in scans if scan.error and not scan.pickles]
    if errors:
        data["pickle_note"] = errors[0]
    if any(scan.truncated for scan in scans):
        data["header_complete"] = False
    return data


def parse_torch_zip(tree: ReleaseTree, entry: FileEntry) -> dict[str, Any]:
    """Facts from a zip-based PyTorch file: members, and storages from data.pkl's opcodes."""
    count, cd_size = zip_directory_size(tree, entry)
    if count > ZIP_MAX_MEMBERS:
        raise HeaderError(f"{count} zip members, more than the {ZIP_MAX_MEMBERS} limit")
    with zipfile.ZipFile(open_reader(tree, entry)) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    pkls = [i for i in infos if i.filename.endswith("/data.pkl") or i.filename == "data.pkl"]
    data: dict[str, Any] = {
        "format": "pytorch-zip",
        "members": len(names),
        "torchscript": any("/code/" in n for n in names),
    }
    scans = []
    for info in pkls[:1]:
        raw = read_zip_member(tree, entry, info.filename, PICKLE_MAX_BYTES)
        scans.append(scan_pickle(raw, truncated=info.file_size > PICKLE_MAX_BYTES))
    data.update(_torch_facts(scans))
    return data


def parse_torch_pickle(tree: ReleaseTree, entry: FileEntry) -> dict[str, Any]:
    """Facts from a legacy (raw pickle) PyTorch file, by opcodes only."""
    raw = tree.read_bytes(entry.path, 0, PICKLE_MAX_BYTES)
    scan = scan_pickle(raw, truncated=entry.size > len(raw))
    data: dict[str, Any] = {"format": "pytorch-pickle"}
    data.update(_torch_facts([scan]))
    return data


# ---- ONNX and others --------------------------------------------------------------------


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while i < len(buf) and shift < 64:
        b = buf[i]
        result |= (b & 0x7F) << shift
        i += 1
        if not b & 0x80:
            return result, i
        shift += 7
    raise HeaderError("bad varint")


def parse_onnx(tree: ReleaseTree, entry: FileEntry) -> dict[str, Any]:
    """Sniff an ONNX ModelProto: ir_version and producer from its first protobuf fields."""
    buf = tree.read_bytes(entry.path, 0, ONNX_SNIFF_BYTES)
    data: dict[str, Any] = {"format": "onnx", "protobuf": False}
    names = {2: "producer_name", 3: "producer_version", 4: "domain"}
    i = 0
    try:
        while i < len(buf):
            tag, i = _varint(buf, i)
            field_no, wire = tag >> 3, tag & 7
            if wire == 0:
                val, i = _varint(buf, i)
                if field_no == 1:
                    if not 1 <= val <= 64:
                        break
                    data["ir_version"] = val
                    data["protobuf"] = True
                elif field_no == 5:
                    data["model_version"] = val
            elif wire == 2:
                n, i = _varint(buf, i)
                if field_no in names and n <= 1024 and i + n <= len(buf):
                    data[names[field_no]] = buf[i : i + n].decode("utf-8", "replace")
                if field_no >= 6:
                    break  # the doc string or the graph: the rest is the model itself
                i += n
            else:
                break
    except HeaderError:
        pass
    if not data["protobuf"]:
        raise HeaderError("does not start like an ONNX ModelProto")
    return data


def parse_index(tree: ReleaseTree, entry: FileEntry, paths: set[str]) -> dict[str, Any]:
    """Facts from a sharded checkpoint index: total size, shards, shards missing."""
    raw = tree.read_bytes(entry.path, 0, INDEX_MAX_BYTES)
    if len(raw) >= INDEX_MAX_BYTES and entry.size > INDEX_MAX_BYTES:
        raise HeaderError(f"index larger than the {INDEX_MAX_BYTES}-byte cap")
    try:
        index = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HeaderError(f"index is not JSON: {exc}") from exc
    if not isinstance(index, dict) or not isinstance(index.get("weight_map"), dict):
        raise HeaderError("index has no weight_map")
    weight_map: dict[str, Any] = index["weight_map"]
    lower = entry.path.lower()
    kind = (
        "safetensors" if ".safetensors" in lower else "flax" if ".msgpack" in lower else "pytorch"
    )
    folder = posixpath.dirname(entry.path)
    shards = sorted({str(v) for v in weight_map.values()})
    missing = (
        [s for s in shards if posixpath.join(folder, s) not in paths]
        if folder
        else [s for s in shards if s not in paths]
    )
    meta = index.get("metadata")
    data: dict[str, Any] = {
        "format": f"{kind}-index",
        "tensors": len(weight_map),
        "shards": shards,
        "shard_count": len(shards),
        "missing_shards": missing,
    }
    if isinstance(meta, dict):
        if isinstance(meta.get("total_size"), (int, float)):
            data["total_size"] = int(meta["total_size"])
        if isinstance(meta.get("total_parameters"), int):
            data["declared_parameters"] = meta["total_parameters"]
    return data
