"""A synthetic Hugging Face Hub for benchmarks: N canonical records written as Parquet.

Marginals come from the real samples in `shared/data/hf` (see docs/census.md for the numbers
and sources): the license mix of 20,070 models listed in Oct 2025, the file lists, card and
dataset/paper rates of 29,432 models of Feb 2022. The lineage graph follows the qualitative
findings of Laufer, Oderinwale & Kleinberg (2025, arXiv:2508.06811) and Horwitz et al.
(2025, "Charting and Navigating Hugging Face's Model Atlas"): a few foundation models head
very large families (family size heavy-tailed), most derivatives sit one or two generations
below a foundation, some form long fine-tuning chains, quantizations are common and mostly
leaves, merges are rarer and have several parents, and licenses drift from restrictive to
permissive along lineages, "often in violation of upstream terms". The numeric parameters
below are ours (documented, adjustable), not measurements from those papers.

Everything is vectorised (numpy, pyarrow); 3 million records take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from osaid.census.records import SCHEMA

__all__ = ["SynthParams", "generate"]

I64 = npt.NDArray[np.int64]

# License tags of the Oct 2025 sample (hf_models_open_2025-10.csv, 20,070 rows): counts.
LICENSE_MIX_2025: tuple[tuple[str | None, int], ...] = (
    (None, 11757),
    ("apache-2.0", 4697),
    ("mit", 1086),
    ("other", 814),
    ("cc-by-4.0", 229),
    ("llama2", 223),
    ("llama3", 222),
    ("cc-by-nc-4.0", 222),
    ("creativeml-openrail-m", 111),
    ("llama3.1", 106),
    ("llama3.2", 82),
    ("openrail", 72),
    ("cc-by-nc-sa-4.0", 67),
    ("gemma", 49),
    ("apple-amlr", 33),
    ("cc-by-sa-4.0", 32),
    ("unknown", 29),
    ("bigcode-openrail-m", 28),
    ("cc", 27),
    ("llama3.3", 26),
    ("agpl-3.0", 24),
    ("openrail++", 24),
    ("gpl-3.0", 21),
    ("cc-by-sa-3.0", 17),
    ("cc-by-nc-nd-4.0", 12),
    ("bsd-3-clause", 10),
)
# `license: other` cards name their license in license_name (a few common ones).
OTHER_NAMES: tuple[str | None, ...] = (
    "tongyi-qianwen",
    "deepseek",
    "qwen-research",
    "custom",
    None,
)
# Foundation models heading the largest families: their license tags.
FOUNDATION_LICENSES: tuple[str, ...] = (
    "llama2",
    "llama3.1",
    "apache-2.0",
    "gemma",
    "llama3",
    "mit",
    "apache-2.0",
    "creativeml-openrail-m",
    "llama3.2",
    "cc-by-nc-4.0",
    "openrail++",
    "apache-2.0",
    "other",
    "mit",
    "llama3.3",
    "bigscience-bloom-rail-1.0",
)
PERMISSIVE = ("apache-2.0", "mit")

# File lists (Feb 2022 sample: 18% hold only .gitattributes; the rest are mostly
# transformers repos) and those of derivative kinds seen on today's Hub.
FILES_EMPTY = (".gitattributes",)
FILES_CARD_ONLY = (".gitattributes", "README.md")
FILES_BERT = (
    ".gitattributes",
    "README.md",
    "config.json",
    "pytorch_model.bin",
    "special_tokens_map.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "training_args.bin",
    "vocab.txt",
)
FILES_GPT = (
    ".gitattributes",
    "README.md",
    "config.json",
    "generation_config.json",
    "merges.txt",
    "model.safetensors",
    "special_tokens_map.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.json",
)
FILES_LLM = (
    ".gitattributes",
    "LICENSE",
    "README.md",
    "config.json",
    "generation_config.json",
    "model-00001-of-00002.safetensors",
    "model-00002-of-00002.safetensors",
    "model.safetensors.index.json",
    "tokenizer.json",
    "tokenizer_config.json",
)
FILES_TF = (".gitattributes", "README.md", "config.json", "tf_model.h5", "vocab.txt")
FILES_DIFFUSERS = (
    ".gitattributes",
    "README.md",
    "model_index.json",
    "scheduler/scheduler_config.json",
    "text_encoder/model.safetensors",
    "unet/diffusion_pytorch_model.safetensors",
    "vae/diffusion_pytorch_model.safetensors",
)
FILES_CODE = (
    ".gitattributes",
    "README.md",
    "config.json",
    "model.safetensors",
    "modeling_custom.py",
    "train.py",
)
FILES_GGUF = (
    ".gitattributes",
    "README.md",
    "model.Q4_K_M.gguf",
    "model.Q5_K_M.gguf",
    "model.Q8_0.gguf",
)
FILES_GPTQ = (
    ".gitattributes",
    "README.md",
    "config.json",
    "model.safetensors",
    "quantize_config.json",
)
FILES_ADAPTER = (".gitattributes", "README.md", "adapter_config.json", "adapter_model.safetensors")
FILES_MERGE = (
    ".gitattributes",
    "README.md",
    "config.json",
    "mergekit_config.yml",
    "model-00001-of-00002.safetensors",
    "model-00002-of-00002.safetensors",
)
TEMPLATES: tuple[tuple[str, ...], ...] = (
    FILES_EMPTY,  # 0
    FILES_CARD_ONLY,  # 1
    FILES_BERT,  # 2
    FILES_GPT,  # 3
    FILES_LLM,  # 4
    FILES_TF,  # 5
    FILES_DIFFUSERS,  # 6
    FILES_CODE,  # 7
    FILES_GGUF,  # 8
    FILES_GPTQ,  # 9
    FILES_ADAPTER,  # 10
    FILES_MERGE,  # 11
)
# Template mix of models without a parent and of fine-tunes.
BASE_TEMPLATE_P = np.array([0.18, 0.05, 0.30, 0.20, 0.08, 0.06, 0.06, 0.03, 0, 0, 0, 0, 0.04])
RELATIONS = ("finetune", "adapter", "quantized", "merge")
DATASETS = (
    "glue",
    "squad",
    "wikipedia",
    "common_voice",
    "imdb",
    "c4",
    "HuggingFaceH4/ultrachat_200k",
)
PIPELINES = (
    "text-generation",
    "text-classification",
    "fill-mask",
    "text2text-generation",
    "automatic-speech-recognition",
    "text-to-image",
    None,
)


@dataclass(frozen=True)
class SynthParams:
    derived_share: float = 0.45
    """Share of models that declare a base model."""
    foundation_share: float = 0.0005
    """Share of models that are foundations (heads of the large families)."""
    zipf_a: float = 1.3
    """Family size of foundations ~ Zipf(a): a few giants, a long tail."""
    to_foundation: float = 0.55
    """Probability that a derivative's parent is a foundation (else any earlier model)."""
    relation_p: tuple[float, float, float, float] = (0.50, 0.22, 0.20, 0.08)
    """finetune, adapter, quantized, merge."""
    declared_relation: float = 0.55
    """Share of derivatives whose card states base_model_relation."""
    inherit_license: float = 0.55
    drift_permissive: float = 0.15
    """A derivative re-tagged apache-2.0/mit whatever its parent's terms (license drift)."""
    dangling: float = 0.015
    """Share of derivatives naming a base model that is not on the Hub (deleted, typo)."""
    cycles_per_million: float = 2.0
    has_card: float = 0.6
    datasets: float = 0.175
    papers: float = 0.10
    license_file: float = 0.08
    claims_open_source: float = 0.02
    """Share of models whose tags or card front matter say "open source" (our assumption: the
    2022 sample has none outside widget examples, the 2025 listing shows no tags)."""


def _choice(rng: np.random.Generator, n: int, p: npt.NDArray[np.float64]) -> I64:
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int64)


def _list_array(lengths: I64, values: pa.Array) -> pa.Array:
    offsets = np.zeros(len(lengths) + 1, np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def _graph(rng: np.random.Generator, n: int, p: SynthParams) -> tuple[I64, I64, I64, I64, I64]:
    """parent (-1 for roots), second parent, third parent, relation code, foundation flags."""
    idx = np.arange(n, dtype=np.int64)
    n_found = max(4, int(n * p.foundation_share))
    derived = rng.random(n) < p.derived_share
    derived[: n_found * 2] = False
    foundations = np.zeros(n, bool)
    foundations[:n_found] = True
    ranks = rng.zipf(p.zipf_a, size=n) - 1
    ranks = np.where(ranks < n_found, ranks, rng.integers(0, n_found, size=n))
    earlier = (rng.random(n) * idx).astype(np.int64)
    parent = np.where(rng.random(n) < p.to_foundation, ranks, earlier)
    parent = np.where(derived, parent, -1)
    relation = _choice(rng, n, np.array(p.relation_p))
    relation = np.where(derived, relation, -1)
    # Quantizations are leaves: a derivative of a quantization goes to its parent instead.
    for _ in range(3):
        q = (parent >= 0) & (relation[np.maximum(parent, 0)] == 2)
        parent = np.where(q, parent[np.maximum(parent, 0)], parent)
    merge = relation == 3
    second = np.where(merge, (rng.random(n) * idx).astype(np.int64), -1)
    second = np.where(second == parent, -1, second)
    third = np.where(merge & (rng.random(n) < 0.3), rng.integers(0, n_found, size=n), -1)
    third = np.where((third == parent) | (third == second), -1, third)
    return parent, second, third, relation, foundations.astype(np.int64)


def _depth_first_parent(parent: I64) -> I64:
    depth = np.zeros(len(parent), np.int64)
    has = parent >= 0
    for _ in range(10_000):
        new = np.where(has, depth[np.maximum(parent, 0)] + 1, 0)
        if np.array_equal(new, depth):
            break
        depth = new
    return depth


def generate(n: int, seed: int = 0, params: SynthParams | None = None) -> pa.Table:
    """N synthetic canonical records (records.SCHEMA), in creation order."""
    p = params or SynthParams()
    rng = np.random.default_rng(seed)
    parent, second, third, relation, foundation = _graph(rng, n, p)
    depth = _depth_first_parent(parent)

    # Licenses: foundations fixed, other roots from the 2025 mix, derivatives by level.
    names = [t for t, _ in LICENSE_MIX_2025] + list(FOUNDATION_LICENSES)
    vocab = list(dict.fromkeys(names))
    code = {t: i for i, t in enumerate(vocab)}
    mix = np.zeros(len(vocab))
    for tag, count in LICENSE_MIX_2025:
        mix[code[tag]] += count
    lic = _choice(rng, n, mix)
    nf = int(foundation.sum())
    lic[:nf] = [code[FOUNDATION_LICENSES[i % len(FOUNDATION_LICENSES)]] for i in range(nf)]
    roll = rng.random(n)
    permissive = np.array([code[t] for t in PERMISSIVE])[rng.integers(0, 2, size=n)]
    for level in range(1, int(depth.max()) + 1):
        at = depth == level
        inherit = at & (roll < p.inherit_license)
        lic[inherit] = lic[parent[inherit]]
        drift = at & (roll >= p.inherit_license) & (roll < p.inherit_license + p.drift_permissive)
        lic[drift] = permissive[drift]
    vocab_arr = pa.array(vocab, pa.string())
    license_col = vocab_arr.take(pa.array(lic))
    other = np.asarray(pc.equal(license_col, "other").fill_null(False))
    other_name = pa.array(list(OTHER_NAMES), pa.string()).take(
        pa.array(rng.integers(0, len(OTHER_NAMES), size=n))
    )
    license_name = pc.if_else(pa.array(other), other_name, pa.nulls(n, pa.string()))

    # Names: foundations "org-k/base-k", others "user-k/<kind>-<i>".
    idx = np.arange(n, dtype=np.int64)
    n_authors = max(10, n // 25)
    author_num = rng.integers(0, n_authors, size=n)
    authors = pc.binary_join_element_wise(
        pa.array(np.where(foundation == 1, "org", "user")),
        pc.cast(pa.array(np.where(foundation == 1, idx, author_num)), pa.string()),
        "-",
    )
    kinds = np.array(["model", "finetune", "lora", "GGUF", "merge"])
    kind = kinds[np.where(relation < 0, 0, relation + 1)]
    kind = np.where(foundation == 1, "base", kind)
    names_col = pc.binary_join_element_wise(
        pa.array(kind), pc.cast(pa.array(idx), pa.string()), "-"
    )
    model_id = pc.binary_join_element_wise(authors, names_col, "/")

    # Parents as names; some dangling; a few two-cycles.
    n_par = (parent >= 0).astype(np.int64) + (second >= 0) + (third >= 0)
    dangling = (parent >= 0) & (rng.random(n) < p.dangling)
    n_par = n_par + dangling
    cycles = int(round(n * p.cycles_per_million / 1e6))
    cyc_child = (
        rng.choice(
            np.nonzero(parent >= 0)[0], size=min(cycles, int((parent >= 0).sum())), replace=False
        )
        if cycles
        else np.array([], np.int64)
    )
    extra_parent_of = np.full(n, -1, np.int64)
    extra_parent_of[parent[cyc_child]] = cyc_child  # the parent also names its child
    n_par = n_par + (extra_parent_of >= 0)
    slots = np.stack([parent, second, third, np.where(dangling, -2, -1), extra_parent_of], axis=1)
    flat = slots.reshape(-1)
    keep = flat != -1
    flat = flat[keep]
    ghost = pc.binary_join_element_wise(
        "ghost-org/deleted-model", pc.cast(pa.array(np.repeat(idx, 5)[keep]), pa.string()), "-"
    )
    parent_names = pc.if_else(
        pa.array(flat == -2), ghost, model_id.take(pa.array(np.maximum(flat, 0)))
    )
    base_models = _list_array(n_par, parent_names)
    base_relations = _list_array(n_par, pa.nulls(int(n_par.sum()), pa.string()))
    declared = (relation >= 0) & (rng.random(n) < p.declared_relation)
    rel_names = pa.array(np.array(RELATIONS)[np.maximum(relation, 0)])
    base_model_relation = pc.if_else(pa.array(declared), rel_names, pa.nulls(n, pa.string()))

    # Files by kind.
    tmpl = _choice(rng, n, BASE_TEMPLATE_P[:12])
    tmpl = np.where(relation == 1, 10, tmpl)
    tmpl = np.where(relation == 2, np.where(rng.random(n) < 0.8, 8, 9), tmpl)
    tmpl = np.where(relation == 3, 11, tmpl)
    tmpl = np.where((relation == 0) & (tmpl < 2), 3, tmpl)
    tmpl = np.where(foundation == 1, 4, tmpl)
    pool = [f for t in TEMPLATES for f in t]
    starts = np.cumsum([0] + [len(t) for t in TEMPLATES])[:-1]
    lengths = np.array([len(t) for t in TEMPLATES], np.int64)[tmpl]
    row_start = np.repeat(starts[tmpl], lengths)
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    files = _list_array(lengths, pa.array(pool, pa.string()).take(pa.array(row_start + within)))

    has_ds = rng.random(n) < p.datasets
    ds_values = pa.array(list(DATASETS), pa.string()).take(
        pa.array(rng.integers(0, len(DATASETS), size=int(has_ds.sum())))
    )
    datasets = _list_array(has_ds.astype(np.int64), ds_values)
    has_paper = rng.random(n) < p.papers
    paper_values = pc.binary_join_element_wise(
        "2106",
        pc.cast(pa.array(rng.integers(10000, 99999, size=int(has_paper.sum()))), pa.string()),
        ".",
    )
    papers = _list_array(has_paper.astype(np.int64), paper_values)
    hint_on = (relation == 3) & (rng.random(n) < 0.5)
    hints = _list_array(
        hint_on.astype(np.int64), pa.array(["merge"] * int(hint_on.sum()), pa.string())
    )

    # Dates: growth over time (more models recently), 2019-01-01 … 2025-10-31.
    frac = np.log1p(idx / max(n - 1, 1) * (np.e**3 - 1)) / 3
    days = (frac * 2495).astype("timedelta64[D]")
    dates = pc.strftime(pa.array(np.datetime64("2019-01-01") + days), "%Y-%m-%d")
    has_card = rng.random(n) < p.has_card
    claims = rng.random(n) < p.claims_open_source
    null_str = pa.nulls(n, pa.string())
    return pa.table(
        {
            "model_id": model_id,
            "author": authors,
            "date": dates,
            "license_tag": license_col,
            "card_license": pc.if_else(pa.array(has_card), license_col, null_str),
            "license_name": license_name,
            "license_link": null_str,
            "base_models": base_models,
            "base_relations": base_relations,
            "base_model_relation": base_model_relation,
            "datasets": datasets,
            "papers": papers,
            "hints": hints,
            "pipeline_tag": pa.array(list(PIPELINES), pa.string()).take(
                pa.array(rng.integers(0, len(PIPELINES), size=n))
            ),
            "library_name": pc.if_else(
                pa.array(tmpl == 8), pa.scalar("gguf"), pa.scalar("transformers")
            ),
            "files": files,
            "has_card": pa.array(has_card),
            "gated": pa.array(rng.random(n) < 0.01),
            "downloads": pa.array((rng.pareto(1.2, size=n) * 10).astype(np.int64)),
            "claims_open_source": pa.array(claims),
        },
        schema=SCHEMA,
    )


def write(n: int, out: Path, seed: int = 0, params: SynthParams | None = None) -> Path:
    """Generate and write N records to the Parquet file `out`."""
    table = generate(n, seed, params)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out, row_group_size=250_000, compression="zstd")
    return out
