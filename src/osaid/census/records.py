"""Hub metadata records, read from dumps into one flat canonical Arrow schema.

Accepted inputs (mixed freely; the format is chosen by the file name):

* JSONL, optionally gzipped: one model-info record per line, as the Hub API returns it
  (`id` or `modelId`, `tags`, `siblings`, `cardData` dict) or as scraped dumps store it
  (`card_front_matter_yaml`: the raw model-card YAML);
* CSV: columns `id` (or `modelId`), `license`, `date_released`/`createdAt`/`lastModified`,
  `downloads`, `author`, `model_type`/`pipeline_tag`, optional `base_model`, `tags`;
* Parquet: either already canonical (every column of `SCHEMA`, as `osaid census synth`
  writes; read as is, no Python per row) or raw model-info records like the JSONL.

Only raw records need Python per row (YAML parsing); canonical Parquet goes straight to SQL.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import yaml

from osaid.census import CensusError

__all__ = [
    "BATCH_ROWS",
    "OPTIONAL",
    "SCHEMA",
    "canonical_from_api",
    "canonical_from_csv_row",
    "claims_open_source",
    "is_canonical",
    "iter_canonical_batches",
    "missing_optional",
    "with_optional",
    "stage_inputs",
]

BATCH_ROWS = 20_000

SCHEMA = pa.schema(
    [
        pa.field("model_id", pa.string()),
        pa.field("author", pa.string()),
        pa.field("date", pa.string()),
        pa.field("license_tag", pa.string()),
        pa.field("card_license", pa.string()),
        pa.field("license_name", pa.string()),
        pa.field("license_link", pa.string()),
        pa.field("base_models", pa.list_(pa.string())),
        pa.field("base_relations", pa.list_(pa.string())),
        pa.field("base_model_relation", pa.string()),
        pa.field("datasets", pa.list_(pa.string())),
        pa.field("papers", pa.list_(pa.string())),
        pa.field("hints", pa.list_(pa.string())),
        pa.field("pipeline_tag", pa.string()),
        pa.field("library_name", pa.string()),
        pa.field("files", pa.list_(pa.string())),
        pa.field("has_card", pa.bool_()),
        pa.field("gated", pa.bool_()),
        pa.field("downloads", pa.int64()),
        pa.field("claims_open_source", pa.bool_()),
    ]
)
"""One row per model. `base_relations` is aligned with `base_models`: the relation a Hub tag
`base_model:<relation>:<id>` states for that parent, or null. `hints` keeps the few tags that
tell how a model was made (gguf, peft, lora, merge, …). `claims_open_source`: the model's own
tags or card front matter say "open source" (`claims_open_source()`); null when the input
shows neither (a CSV listing without tags)."""

OPTIONAL: frozenset[str] = frozenset({"claims_open_source"})
"""Columns added after canonical Parquet files were first written (by `census synth`, by
`--from-hub` parts a resumed fetch keeps): a file without them is still canonical, and reads
them as null."""

_HINT_TAGS = frozenset(
    {
        "gguf",
        "ggml",
        "gptq",
        "awq",
        "exl2",
        "4-bit",
        "8-bit",
        "bitsandbytes",
        "quantized",
        "peft",
        "lora",
        "adapter-transformers",
        "merge",
        "mergekit",
    }
)
_RELATIONS = frozenset({"adapter", "finetune", "quantized", "merge"})
_ARXIV = re.compile(r"(\d{4}\.\d{4,5})")

YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_OPEN_SOURCE = re.compile(r"\bopen(?:-|\s+)?source\b", re.I)
# Addresses: with a scheme, starting with www., a domain followed by a path, or a bare domain
# of a common top-level domain. "open source" inside one (github.com/x/open-source-llm,
# opensource.org/licenses/MIT) names a place, not the model.
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S*"
    r"|[\w.-]+\.[a-z]{2,}/\S*"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|io|ai|dev|edu|gov|co)\b",
    re.I,
)
_NOT_CLAIMS = frozenset({"widget"})
"""Front-matter keys whose text is not said of the model: `widget` holds example inputs for
the Hub's inference widget (in the 2022 sample, the only front matter naming open source is
German and English example text about Hugging Face)."""


def _card_strings(value: Any, out: list[str], top: bool = False) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not (top and key in _NOT_CLAIMS):
                _card_strings(item, out)
    elif isinstance(value, list | tuple):
        for item in value:
            _card_strings(item, out)


def claims_open_source(tags: Iterable[str], card: Mapping[str, Any], raw: str | None) -> bool:
    """Whether the model's own metadata says "open source", "open-source" or "opensource" (a
    whole word, any case) outside an address: its tags, the values of its card front matter
    (`license_name` among them; not the `widget` examples), or, when the front matter does
    not parse into a mapping, its raw text."""
    texts = list(tags)
    if card:
        _card_strings(card, texts, top=True)
    elif raw:
        texts.append(raw)
    return any(_OPEN_SOURCE.search(_URL.sub(" ", t)) for t in texts if "source" in t.casefold())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        parts = [str(v).strip() for v in value if v is not None and str(v).strip()]
        return " AND ".join(parts) if parts else None
    text = str(value).strip()
    return text or None


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return []


def _card(record: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    card = record.get("cardData") or record.get("card_data")
    if isinstance(card, str):
        try:
            card = json.loads(card)
        except ValueError:
            card = None
    if isinstance(card, dict):
        return card, True
    raw = record.get("card_front_matter_yaml")
    if isinstance(raw, str) and raw.strip():
        try:
            parsed = yaml.load(raw, Loader=YamlLoader)
        except yaml.YAMLError:
            # Like `ModelCard.load(ignore_metadata_errors=True)`: a card whose YAML does not
            # parse still exists; its metadata is unreadable.
            return {}, True
        return (parsed if isinstance(parsed, dict) else {}), True
    return {}, False


def _date(record: Mapping[str, Any]) -> str | None:
    for key in ("createdAt", "created_at", "date_released", "lastModified", "last_modified"):
        value = record.get(key)
        if isinstance(value, str) and len(value) >= 10:
            return value[:10]
    return None


def canonical_from_api(record: Mapping[str, Any]) -> dict[str, Any]:
    """One canonical row from a model-info record (Hub API form or scraped dump form)."""
    model_id = _text(record.get("id") or record.get("modelId"))
    if not model_id:
        raise ValueError("record without id/modelId")
    card, has_card = _card(record)
    tags = _strings(record.get("tags"))
    raw_card = record.get("card_front_matter_yaml")
    license_tags = [t.split(":", 1)[1] for t in tags if t.startswith("license:")]
    parents: list[str] = []
    relations: list[str | None] = []
    for value in _strings(card.get("base_model")):
        if value not in parents:
            parents.append(value)
            relations.append(None)
    for tag in tags:
        if not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:") :]
        rel, _, target = rest.partition(":")
        if target and rel in _RELATIONS:
            if target in parents:
                relations[parents.index(target)] = rel
            else:
                parents.append(target)
                relations.append(rel)
        elif rest and rest not in parents:
            parents.append(rest)
            relations.append(None)
    datasets = _strings(card.get("datasets"))
    for tag in tags:
        if tag.startswith("dataset:") and tag[8:] not in datasets:
            datasets.append(tag[8:])
    papers = [t[6:] for t in tags if t.startswith("arxiv:")]
    for value in _strings(card.get("paper")) + _strings(card.get("arxiv")):
        m = _ARXIV.search(value)
        if m and m.group(1) not in papers:
            papers.append(m.group(1))
    card_tags = {t.casefold() for t in _strings(card.get("tags"))}
    hints = sorted({t.casefold() for t in tags} & _HINT_TAGS | card_tags & _HINT_TAGS)
    siblings = record.get("siblings") or []
    files = [
        s.get("rfilename") if isinstance(s, dict) else str(s)
        for s in siblings
        if (isinstance(s, dict) and s.get("rfilename")) or isinstance(s, str)
    ]
    gated = record.get("gated")
    is_gated = bool(gated) and gated is not False or any(k.startswith("extra_gated") for k in card)
    downloads = record.get("downloads")
    author = _text(record.get("author")) or (model_id.split("/", 1)[0] if "/" in model_id else None)
    return {
        "model_id": model_id,
        "author": author,
        "date": _date(record),
        "license_tag": " AND ".join(license_tags) if license_tags else None,
        "card_license": _text(card.get("license")),
        "license_name": _text(card.get("license_name")),
        "license_link": _text(card.get("license_link")),
        "base_models": parents,
        "base_relations": relations,
        "base_model_relation": _text(card.get("base_model_relation")),
        "datasets": datasets,
        "papers": papers,
        "hints": hints,
        "pipeline_tag": _text(record.get("pipeline_tag") or card.get("pipeline_tag")),
        "library_name": _text(record.get("library_name") or card.get("library_name")),
        "files": files,
        "has_card": has_card,
        "gated": is_gated,
        "downloads": int(downloads) if isinstance(downloads, int | float) else None,
        "claims_open_source": claims_open_source(
            tags, card, raw_card if isinstance(raw_card, str) else None
        ),
    }


def canonical_from_csv_row(row: Mapping[str, str]) -> dict[str, Any]:
    """One canonical row from a CSV listing (e.g. id,license,date_released,downloads,author)."""
    record: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items() if k}
    record.setdefault("id", record.get("modelId"))
    if record.get("pipeline_tag") is None and record.get("model_type"):
        record["pipeline_tag"] = record["model_type"]
    card: dict[str, Any] = {}
    for key in ("license", "license_name", "license_link", "base_model_relation"):
        if record.get(key):
            card[key] = record[key]
    if record.get("base_model"):
        card["base_model"] = [p for p in re.split(r"[;|]", record["base_model"]) if p.strip()]
    if record.get("downloads") is not None:
        try:
            record["downloads"] = int(float(record["downloads"]))
        except ValueError:
            record["downloads"] = None
    record["cardData"] = card
    listed_tags = "tags" in row
    record["tags"] = [t for t in re.split(r"[;|]", record.get("tags") or "") if t.strip()]
    out = canonical_from_api(record)
    out["has_card"] = None  # a listing does not say whether the repo has a card
    if not out["claims_open_source"] and not listed_tags:
        out["claims_open_source"] = None  # nor its tags: whether it claims is unknown
    return out


def is_canonical(schema: pa.Schema) -> bool:
    return all(name in schema.names for name in SCHEMA.names if name not in OPTIONAL)


def missing_optional(names: Iterable[str]) -> list[pa.Field]:
    """The optional canonical columns (OPTIONAL) that a file with these columns lacks."""
    have = set(names)
    return [f for f in SCHEMA if f.name in OPTIONAL and f.name not in have]


def with_optional(batch: pa.RecordBatch | pa.Table) -> pa.Table:
    """`batch` as a canonical table: missing optional columns added as nulls, cast to SCHEMA."""
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    for field in missing_optional(table.schema.names):
        table = table.append_column(field, pa.nulls(table.num_rows, field.type))
    return table.select(SCHEMA.names).cast(SCHEMA)


def _batches(rows: Iterable[dict[str, Any]], size: int = BATCH_ROWS) -> Iterator[pa.RecordBatch]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield pa.RecordBatch.from_pylist(chunk, schema=SCHEMA)
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_pylist(chunk, schema=SCHEMA)


def _open_text(path: Path) -> io.TextIOBase:
    if path.name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115


def _jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield canonical_from_api(json.loads(line))
            except (ValueError, TypeError, AttributeError) as exc:
                raise CensusError(f"bad record ({exc})", file=str(path), line=number) from None


def _csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as fh:
        for number, row in enumerate(csv.DictReader(fh), 2):
            try:
                yield canonical_from_csv_row(row)
            except (ValueError, TypeError) as exc:
                raise CensusError(f"bad row ({exc})", file=str(path), line=number) from None


def _parquet_batches(path: Path) -> Iterator[pa.RecordBatch]:
    pf = pq.ParquetFile(path)
    if is_canonical(pf.schema_arrow):
        names = pf.schema_arrow.names
        columns = [n for n in SCHEMA.names if n in names]
        for batch in pf.iter_batches(batch_size=BATCH_ROWS * 10, columns=columns):
            if batch.schema == SCHEMA:
                yield batch
            else:
                yield from with_optional(batch).to_batches()
        return
    for batch in pf.iter_batches(batch_size=BATCH_ROWS):
        yield from _batches(canonical_from_api(r) for r in batch.to_pylist())


def input_format(path: Path) -> str:
    name = path.name.casefold()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json.gz")):
        return "jsonl"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    if name.endswith(".parquet") or path.is_dir():
        return "parquet"
    raise CensusError(
        "unknown input format (expected .jsonl[.gz], .csv or .parquet)", file=str(path)
    )


def iter_canonical_batches(path: Path) -> Iterator[pa.RecordBatch]:
    """Canonical record batches of one input file (or a folder of Parquet files)."""
    if not path.exists():
        raise CensusError("no such file", file=str(path))
    fmt = input_format(path)
    if fmt == "jsonl":
        yield from _batches(_jsonl_rows(path))
    elif fmt == "csv":
        yield from _batches(_csv_rows(path))
    elif path.is_dir():
        for part in sorted(path.glob("*.parquet")):
            yield from _parquet_batches(part)
    else:
        yield from _parquet_batches(path)


def _canonical_parquet(path: Path) -> bool:
    if path.is_dir() or input_format(path) != "parquet":
        return False
    try:
        return is_canonical(pq.read_schema(path))
    except (OSError, pa.ArrowInvalid) as exc:
        raise CensusError(f"cannot read Parquet ({exc})", file=str(path)) from None


def stage_inputs(
    inputs: Iterable[Path],
    stage_dir: Path,
    on_rows: Callable[[int], None] | None = None,
) -> list[Path]:
    """Canonical Parquet files for the inputs: canonical Parquet as is, others converted.

    The order of the result is the order of the inputs: when a model id appears twice, the
    census keeps its first occurrence.
    """
    stage_dir.mkdir(parents=True, exist_ok=True)
    staged: list[Path] = []
    for number, path in enumerate(inputs):
        if _canonical_parquet(path):
            staged.append(path)
            if on_rows is not None:
                on_rows(pq.ParquetFile(path).metadata.num_rows)
            continue
        target = stage_dir / f"input-{number:04d}.parquet"
        writer: pq.ParquetWriter | None = None
        try:
            for batch in iter_canonical_batches(path):
                if writer is None:
                    writer = pq.ParquetWriter(target, SCHEMA)
                writer.write_batch(batch)
                if on_rows is not None:
                    on_rows(batch.num_rows)
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            pq.write_table(SCHEMA.empty_table(), target)
        staged.append(target)
    return staged
