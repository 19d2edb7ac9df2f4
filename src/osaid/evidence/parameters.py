"""Which weight-like files are the release's model parameters, and what the others are.

The weights detector reports every file in a parameter format with what its header says.
That a file is a NumPy array or a pickle of tensors does not make it a model: releases ship
score tables, embeddings of a corpus, mel filter banks, lookup tables, test fixtures and small
helper heads in the same formats. `classify_parameter_files` keeps a file as model parameters
(`model-parameters-final` / `-intermediate`) only with positive evidence:

* a format that only models use (GGUF, ONNX, TensorFlow, TFLite, Keras …);
* a sharded checkpoint index, or a shard that an index names;
* a conventional file name (`model.safetensors`, `pytorch_model.bin`, `consolidated.00.pth` …);
* tensor names and shapes that form a network (layers, embeddings, norms);
* a parameter count that fits the architecture of a `config.json` beside it.

Files under test, helper-script, asset or vendored trees are never the release's model unless
their parameter count fits its config. Every other file becomes `EvidenceKind.ARRAY` with what
it is (`test-fixture`, `auxiliary-model`, `asset`, `data`, `no-tensors` or `undetermined`) and
why, so a pass can never rest on it. Nothing is read here: only the headers' facts are used.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from osaid._yaml import load_yaml
from osaid.errors import DataError
from osaid.sources.evidence import Evidence, EvidenceKind

__all__ = [
    "NAMES_SAMPLE",
    "ParameterRules",
    "classify_parameter_files",
    "config_parameter_estimate",
    "parameter_rules",
    "tensor_structure",
]

NAMES_SAMPLE = 32
"""Tensor names kept in evidence (the first ones); the structure summary covers all of them."""

_TOKEN = re.compile(r"[a-z]+|\d+")

ROLE_MODEL = "model"


@dataclass(frozen=True)
class ParameterRules:
    """The conventions of `data/parameter-files.yaml`."""

    conventional_names: tuple[re.Pattern[str], ...]
    model_formats: frozenset[str]
    test_dirs: frozenset[str]
    auxiliary_dirs: frozenset[str]
    asset_dirs: frozenset[str]
    layer_tokens: frozenset[str]
    asset_hints: frozenset[str]
    data_hints: frozenset[str]
    network_min_tensors: int
    network_min_layer_share: float
    config_fit_factor: float


@cache
def parameter_rules() -> ParameterRules:
    name = "data/parameter-files.yaml"
    text = resources.files("osaid.evidence").joinpath(name).read_text("utf-8")
    raw = load_yaml(text, file=f"osaid/evidence/{name}").data
    try:
        return ParameterRules(
            conventional_names=tuple(re.compile(p) for p in raw["conventional_names"]),
            model_formats=frozenset(raw["model_formats"]),
            test_dirs=frozenset(raw["test_dirs"]),
            auxiliary_dirs=frozenset(raw["auxiliary_dirs"]),
            asset_dirs=frozenset(raw["asset_dirs"]),
            layer_tokens=frozenset(raw["layer_tokens"]),
            asset_hints=frozenset(raw["asset_hints"]),
            data_hints=frozenset(raw["data_hints"]),
            network_min_tensors=int(raw["network_min_tensors"]),
            network_min_layer_share=float(raw["network_min_layer_share"]),
            config_fit_factor=float(raw["config_fit_factor"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise DataError(f"osaid/evidence/{name}: {exc!r}") from exc


def tensor_structure(names: Sequence[str], shapes: Sequence[Sequence[int]]) -> dict[str, Any]:
    """A summary of a file's tensors for evidence: a sample of names, how many have layer
    names, how many are matrices (two or more dimensions), the distinct layer indices."""
    rules = parameter_rules()
    layer_like = 0
    indices: set[int] = set()
    for name in names:
        tokens = _TOKEN.findall(name.lower())
        if any(t in rules.layer_tokens for t in tokens):
            layer_like += 1
        indices.update(int(t) for t in tokens if t.isdigit() and len(t) <= 4)
    return {
        "names": [n[:120] for n in names[:NAMES_SAMPLE]],
        "named": len(names),
        "layer_like": layer_like,
        "matrices": sum(1 for s in shapes if len(s) >= 2),
        "layer_indices": len(indices),
    }


def config_parameter_estimate(config: dict[str, Any]) -> int | None:
    """Rough parameter count of a decoder/encoder transformer from its config.json
    (embeddings + per-layer attention and MLP), or None without the sizes it needs."""

    def first(*keys: str) -> int | None:
        for key in keys:
            value = config.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
        return None

    hidden = first("hidden_size", "n_embd", "d_model", "dim", "embed_dim")
    layers = first("num_hidden_layers", "n_layer", "num_layers", "n_layers", "encoder_layers")
    if hidden is None or layers is None:
        return None
    vocab = first("vocab_size", "padded_vocab_size") or 0
    inner = first("intermediate_size", "n_inner", "ffn_dim", "d_ff", "ffn_hidden_size")
    inner = inner or 4 * hidden
    # An untied output embedding (GPT-NeoX, Pythia) is a second vocab x hidden matrix.
    embeddings = 2 if config.get("tie_word_embeddings") is False else 1
    return embeddings * vocab * hidden + layers * (4 * hidden * hidden + 2 * hidden * inner)


@dataclass(frozen=True)
class _Context:
    shards: frozenset[str]
    estimates: dict[str, tuple[int, str]]
    """Directory -> (parameter estimate, config path), from config.json files."""


def _segments(path: str) -> list[str]:
    return [p.lower() for p in path.split("/")[:-1]]


def _tree_kind(path: str, rules: ParameterRules) -> tuple[str | None, str | None]:
    """("test" | "auxiliary" | "asset", the directory) when the file sits in such a tree."""
    parts = path.split("/")[:-1]
    for i, part in enumerate(parts):
        low = part.lower()
        where = "/".join(parts[: i + 1]) + "/"
        if low in rules.test_dirs or low.startswith(("test_", "tests_")):
            return "test", where
        if low in rules.auxiliary_dirs:
            return "auxiliary", where
        if low in rules.asset_dirs:
            return "asset", where
    return None, None


def _conventional(path: str, rules: ParameterRules) -> bool:
    base = posixpath.basename(path).lower()
    return any(p.search(base) for p in rules.conventional_names)


def _hint(path: str, names: Iterable[str], hints: frozenset[str]) -> str | None:
    stem = posixpath.splitext(posixpath.basename(path).lower())[0]
    for text in (stem, *names):
        for token in _TOKEN.findall(str(text).lower()):
            if token in hints:
                return str(token)
    return None


def _fits(params: int, estimate: int, factor: float) -> bool:
    return estimate / factor <= params <= estimate * factor


def _forms_network(data: dict[str, Any], rules: ParameterRules) -> str | None:
    """Why the tensors form a network, or None."""
    structure = data.get("structure")
    tensors = data.get("tensors")
    if isinstance(structure, dict) and structure.get("named"):
        named = int(structure["named"])
        layer_like = int(structure.get("layer_like", 0))
        matrices = int(structure.get("matrices", 0))
        if (
            named >= rules.network_min_tensors
            and layer_like >= max(rules.network_min_tensors, rules.network_min_layer_share * named)
            and matrices >= 1
        ):
            return f"{named} tensors, {layer_like} with layer names" + (
                f" over {structure['layer_indices']} layer indices"
                if structure.get("layer_indices")
                else ""
            )
        return None
    if isinstance(tensors, int) and tensors >= 4 and data.get("format", "").startswith("pytorch"):
        # A torch file whose tensor names were not recovered: several tensors rebuilt from
        # storages is how a state dict looks.
        return f"{tensors} tensors rebuilt from torch storages"
    return None


def _layer_named(data: dict[str, Any], rules: ParameterRules) -> bool:
    structure = data.get("structure")
    if not isinstance(structure, dict) or not structure.get("named"):
        return False
    layer_like = int(structure.get("layer_like", 0))
    return layer_like >= max(
        rules.network_min_tensors, rules.network_min_layer_share * int(structure["named"])
    )


def _no_tensors(data: dict[str, Any]) -> bool:
    if data.get("header_error") or data.get("lfs_pointer"):
        return False
    if data.get("parameters") == 0:
        return True
    fmt = str(data.get("format", ""))
    return (
        fmt in ("pytorch-pickle", "pytorch-zip")
        and not data.get("tensors")
        and not data.get("storages")
    )


def _classify(ev: Evidence, ctx: _Context, rules: ParameterRules) -> tuple[str, str]:
    """(role, reason) for one file of weight-like format."""
    data = ev.data
    fmt = str(data.get("format", ""))
    params = data.get("parameters")
    tree, where = _tree_kind(ev.path, rules)
    folder = posixpath.dirname(ev.path)
    fit = ctx.estimates.get(folder)
    if (
        isinstance(params, int)
        and params
        and fit
        and _fits(params, fit[0], rules.config_fit_factor)
    ):
        return ROLE_MODEL, (
            f"{params:,} parameters fit the architecture of {fit[1]} (about {fit[0]:,})"
        )
    names = (data.get("structure") or {}).get("names") or []
    if tree == "test":
        return "test-fixture", f"under {where}: a test fixture, not the release's model"
    network = _forms_network(data, rules)
    if tree in ("auxiliary", "asset"):
        if (
            network
            or _layer_named(data, rules)
            or fmt in rules.model_formats
            or _conventional(ev.path, rules)
        ):
            return "auxiliary-model", (
                f"under {where}: a helper model of the release's scripts or docs, not its model"
            )
        kind = "asset" if tree == "asset" or _hint(ev.path, names, rules.asset_hints) else "data"
        return (
            kind,
            f"under {where}: {'a constant shipped with the code' if kind == 'asset' else 'data'}, not a network",
        )
    if fmt in rules.model_formats:
        return ROLE_MODEL, f"{fmt}: a format that stores models"
    if (
        fmt.endswith("-index")
        and data.get("shards")
        and data.get("missing_shards") == data.get("shards")
    ):
        # A copy of a checkpoint's metadata (LLM360/crystalcoder-train keeps the index beside
        # the model code): the weights themselves are published elsewhere.
        return "no-tensors", "a checkpoint index none of whose shards is in this tree"
    if fmt.endswith("-index"):
        return ROLE_MODEL, "a sharded checkpoint index"
    if ev.path in ctx.shards:
        return ROLE_MODEL, f"a shard named by {data.get('shard_of') or 'a checkpoint index'}"
    if _no_tensors(data):
        return "no-tensors", "holds no tensors (a pickled object or an empty file)"
    if data.get("object_array") or data.get("object_arrays"):
        return "data", "an array of Python objects, not numbers of a network"
    if _conventional(ev.path, rules):
        return ROLE_MODEL, f"conventional weights file name {posixpath.basename(ev.path)!r}"
    if network:
        return ROLE_MODEL, f"tensors form a network: {network}"
    if fit and isinstance(params, int) and params and params < fit[0] / 100:
        return "auxiliary-model", (
            f"{params:,} parameters, far fewer than the {fit[0]:,} of {fit[1]}: not the model"
        )
    if params is None:
        return "undetermined", "header not read and no conventional name: no evidence it is a model"
    hint = _hint(ev.path, names, rules.asset_hints)
    if hint:
        return "asset", f"arrays named like a constant ({hint!r}), not a network"
    data_hint = _hint(ev.path, names, rules.data_hints)
    count = data.get("tensors")
    if count == 1:
        shape = data.get("shape")
        what = f"a single array{f' of shape {tuple(shape)}' if isinstance(shape, list) else ''}"
        return (
            "data",
            f"{what}{f' named like data ({data_hint!r})' if data_hint else ''}, not a network",
        )
    return "data", f"{count} arrays without layer names, not a network"


def _contexts(evidence: Sequence[Evidence]) -> _Context:
    shards: set[str] = set()
    for ev in evidence:
        if str(ev.data.get("format", "")).endswith("-index"):
            folder = posixpath.dirname(ev.path)
            shards.update(
                posixpath.join(folder, s) if folder else s for s in ev.data.get("shards") or []
            )
    estimates: dict[str, tuple[int, str]] = {}
    for ev in evidence:
        if ev.kind is EvidenceKind.CONFIG and posixpath.basename(ev.path) == "config.json":
            estimate = ev.data.get("estimated_parameters")
            if isinstance(estimate, int) and estimate > 0:
                estimates[posixpath.dirname(ev.path)] = (estimate, ev.path)
    return _Context(frozenset(shards), estimates)


_CLASSIFIED = (EvidenceKind.WEIGHTS, EvidenceKind.CHECKPOINT)


def classify_parameter_files(evidence: Sequence[Evidence]) -> list[Evidence]:
    """The evidence with each weight-like file kept as parameters or turned into an ARRAY."""
    rules = parameter_rules()
    ctx = _contexts(evidence)
    out: list[Evidence] = []
    demoted: set[str] = set()
    for ev in evidence:
        if ev.kind not in _CLASSIFIED:
            out.append(ev)
            continue
        role, reason = _classify(ev, ctx, rules)
        if role == ROLE_MODEL:
            out.append(dataclasses.replace(ev, data={**ev.data, "parameters_evidence": reason}))
            continue
        demoted.add(ev.path)
        out.append(
            dataclasses.replace(
                ev,
                kind=EvidenceKind.ARRAY,
                component=None,
                how=f"{ev.how}; not model parameters",
                data={**ev.data, "classified_as": role, "reason": reason},
            )
        )
    # A file that holds both a model and its optimizer state is training state only if its
    # model is the release's.
    return [e for e in out if not (e.kind is EvidenceKind.OPTIMIZER_STATE and e.path in demoted)]
