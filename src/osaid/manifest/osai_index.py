"""Read European Open Source AI Index records (and the legacy "Opening up ChatGPT" ones).

An index record judges a model on openness dimensions, each `open`, `partial` or `closed`
with links and notes. Three layouts exist (github.com/Language-Technology-Assessment/
main-database, CC-BY-4.0; github.com/opening-up-chatgpt/opening-up-chatgpt.github.io,
CC-BY-4.0):

* ``legacy``: ``project:`` + ``org:`` + 14 dimensions (opencode … api); score = sum;
* ``v1``: ``system:`` + ``org:`` + 14 dimensions (the current 12 plus package and api), as
  at tag v1.0.2c; score = mean;
* ``current``: ``system:`` + ``org:`` + 12 dimensions; score = mean.

The record is kept whole on the system (`IndexSystem.index_record`), so that the index
definitions (`osai-index-legacy`, `osai-index`) use the index's own judgments. For the other
definitions (OSAID, MOF, the LF proposal) the record is also read as an osaid manifest, with
the conservative mapping of `IMPORT_MAP`: a component is `released` when every dimension that
speaks for it is open, `not-released` when every one is closed, `unknown` otherwise; the end
model's license is the license of the final parameters and of nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from osaid._yaml import YamlDocument, load_yaml_file
from osaid.errors import ManifestError
from osaid.evaluation.system import System
from osaid.manifest.model import Manifest

__all__ = [
    "CURRENT_DIMENSIONS",
    "INDEX_CLASSES",
    "LEGACY_DIMENSIONS",
    "V1_DIMENSIONS",
    "IndexRecord",
    "IndexSystem",
    "Judgment",
    "RankedEntry",
    "index_record_of",
    "is_index_record",
    "load_index_folder",
    "parse_index_record",
    "rank",
    "record_score",
    "system_from_index_record",
]

INDEX_CLASSES = ("open", "partial", "closed")
WEIGHTS: dict[str, float] = {"open": 1.0, "partial": 0.5, "closed": 0.0}
"""Weight of a judgment; anything else (empty = NA, a typo such as `full`) weighs 0, as on
osai-index.eu."""

LEGACY_DIMENSIONS: tuple[str, ...] = (
    "opencode",
    "llmdata",
    "llmweights",
    "rldata",
    "rlweights",
    "license",
    "code",
    "architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "package",
    "api",
)
CURRENT_DIMENSIONS: tuple[str, ...] = (
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    "weights_endmodel",
    "trainingcode",
    "code",
    "hardware_architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "licenses",
)
V1_DIMENSIONS: tuple[str, ...] = (*CURRENT_DIMENSIONS[:-1], "package", "api", "licenses")
"""The 14 dimensions of the index at tag v1.0.2c, in the order of its `_parameters.yml`."""

SCHEMA_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "legacy": LEGACY_DIMENSIONS,
    "v1": V1_DIMENSIONS,
    "current": CURRENT_DIMENSIONS,
}
SCHEMA_SCORING: dict[str, str] = {"legacy": "sum", "v1": "mean", "current": "mean"}

CROSSWALK: dict[str, str] = {
    "llmdata": "datasources_basemodel",
    "rldata": "datasources_endmodel",
    "llmweights": "weights_basemodel",
    "rlweights": "weights_endmodel",
    "opencode": "trainingcode",
    "code": "code",
    "architecture": "hardware_architecture",
    "preprint": "preprint",
    "paper": "paper",
    "modelcard": "modelcard",
    "datasheet": "datasheet",
    "license": "licenses",
    "package": "package",
    "api": "api",
}
"""Legacy dimension -> its counterpart in the current (v1) layout. `package` and `api` exist
only in the legacy and v1 layouts."""

IMPORT_MAP: dict[str, dict[str, tuple[str, ...]]] = {
    "legacy": {
        "opencode": ("training-code", "inference-code"),
        "llmdata": ("datasets",),
        "rldata": ("datasets",),
        "rlweights": ("model-parameters-final",),
        "preprint": ("technical-report",),
        "paper": ("research-paper",),
        "modelcard": ("model-card",),
        "datasheet": ("data-card",),
    },
    "current": {
        "datasources_basemodel": ("datasets",),
        "datasources_endmodel": ("datasets",),
        "weights_endmodel": ("model-parameters-final",),
        "trainingcode": ("training-code", "data-preprocessing-code"),
        "preprint": ("technical-report",),
        "paper": ("research-paper",),
        "modelcard": ("model-card",),
        "datasheet": ("data-card",),
    },
}
"""Which osaid components a dimension speaks for when a record is read as a manifest. The
base model's weights (llmweights, weights_basemodel) belong to another system; documentation
quality (code, architecture), licensing (read from the record's license field instead),
packaging and API access have no component of their own."""
IMPORT_MAP["v1"] = IMPORT_MAP["current"]


@dataclass(frozen=True)
class Judgment:
    """One dimension of one record, as the index wrote it."""

    dimension: str
    value: str | None
    """The class as written (stripped, lower-cased); None when empty (the index's NA)."""
    links: tuple[str, ...] = ()
    notes: str = ""
    line: int | None = None

    @property
    def weight(self) -> float:
        return WEIGHTS.get(self.value or "", 0.0)

    @property
    def judged(self) -> str:
        """open, partial, closed, or unknown (empty or unrecognised)."""
        return self.value if self.value in INDEX_CLASSES else "unknown"


@dataclass(frozen=True)
class IndexRecord:
    schema: str
    """legacy, v1 or current."""
    file: str
    name: str
    judgments: dict[str, Judgment]
    raw: Mapping[str, Any] = field(compare=False, hash=False, repr=False)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return SCHEMA_DIMENSIONS[self.schema]

    def judgment(self, dimension: str) -> Judgment:
        return self.judgments.get(dimension, Judgment(dimension, None))


@dataclass(frozen=True)
class IndexSystem(System):
    """A system read from an index record; the record rides along for the index evaluators."""

    index_record: IndexRecord | None = field(default=None, compare=False, hash=False)


def index_record_of(system: System) -> IndexRecord | None:
    record = getattr(system, "index_record", None)
    return record if isinstance(record, IndexRecord) else None


_ALL_DIMENSIONS = frozenset(LEGACY_DIMENSIONS) | frozenset(V1_DIMENSIONS)


def is_index_record(data: Any) -> bool:
    """Whether a document looks like an index record (and not an osaid manifest)."""
    if not isinstance(data, dict) or "osaid_manifest" in data or "org" not in data:
        return False
    if "project" not in data and "system" not in data:
        return False
    return any(isinstance(data.get(d), dict) and "class" in data[d] for d in _ALL_DIMENSIONS)


def _schema(data: Mapping[str, Any]) -> str:
    if "project" in data and "system" not in data:
        return "legacy"
    return "v1" if ("package" in data or "api" in data) else "current"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _links(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(t for v in items if (t := _text(v)) is not None)


def parse_index_record(doc: YamlDocument) -> IndexRecord:
    data = doc.data
    if not is_index_record(data):
        raise ManifestError("not an Open Source AI Index record", file=doc.file, line=1)
    schema = _schema(data)
    head_key = "project" if schema == "legacy" else "system"
    head = data.get(head_key)
    if not isinstance(head, dict):
        raise ManifestError(
            "expected a mapping", file=doc.file, line=doc.line_of((head_key,)), field=head_key
        )
    name = _text(head.get("name"))
    if name is None:
        raise ManifestError(
            "required field is missing",
            file=doc.file,
            line=doc.line_of((head_key, "name")),
            field=f"{head_key}.name",
        )
    judgments: dict[str, Judgment] = {}
    for dim in SCHEMA_DIMENSIONS[schema]:
        raw = data.get(dim)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            raise ManifestError(
                "expected a mapping with class, link and notes",
                file=doc.file,
                line=doc.line_of((dim,)),
                field=dim,
            )
        value = _text(raw.get("class"))
        judgments[dim] = Judgment(
            dimension=dim,
            value=value.casefold() if value else None,
            links=_links(raw.get("link")),
            notes=" ".join(str(raw.get("notes") or "").split()),
            line=doc.line_of((dim, "class")),
        )
    return IndexRecord(schema=schema, file=doc.file, name=name, judgments=judgments, raw=data)


def record_score(record: IndexRecord, dimensions: Iterable[str] | None = None) -> float:
    """The index's own score for a record: the sum (legacy) or mean (v1, current) of the
    weights over its layout's dimensions (or over `dimensions`, e.g. from `_parameters.yml`)."""
    dims = tuple(dimensions) if dimensions is not None else record.dimensions
    total = 0.0
    for d in dims:  # left to right, as the index's own JavaScript reduce adds them
        total += record.judgment(d).weight
    if SCHEMA_SCORING[record.schema] == "sum":
        return total
    return total / len(dims)


# ---- as an osaid manifest ----------------------------------------------------------------


def _component_entries(record: IndexRecord) -> dict[str, dict[str, Any]]:
    speakers: dict[str, list[Judgment]] = {}
    for dim, cids in IMPORT_MAP[record.schema].items():
        judgment = record.judgments.get(dim)
        if judgment is None:
            continue
        for cid in cids:
            speakers.setdefault(cid, []).append(judgment)
    entries: dict[str, dict[str, Any]] = {}
    for cid, judgments in speakers.items():
        values = {j.judged for j in judgments}
        if values == {"open"}:
            status = "released"
        elif values == {"closed"}:
            status = "not-released"
        else:
            status = "unknown"
        said = "; ".join(
            f"{j.dimension}: {j.judged}" + (f" ({j.notes})" if j.notes else "") for j in judgments
        )
        entry: dict[str, Any] = {
            "status": status,
            "notes": f"Open Source AI Index {record.file}: {said}"[:20_000],
        }
        links = [link for j in judgments for link in j.links]
        if links:
            entry["source"] = links[0][:2048]
            entry["sources"] = [link[:2048] for link in dict.fromkeys(links[1:])]
            if status == "released":
                entry["location"] = links[0][:2048]
        entries[cid] = entry
    return entries


def manifest_from_index_record(record: IndexRecord) -> Manifest:
    data = record.raw
    head = data.get("project" if record.schema == "legacy" else "system") or {}
    raw_org = data.get("org")
    org: dict[str, Any] = raw_org if isinstance(raw_org, dict) else {}
    identity: dict[str, Any] = {"name": record.name[:500]}
    if (org_name := _text(org.get("name"))) is not None:
        producer: dict[str, Any] = {"name": org_name[:500]}
        if (org_link := _text(org.get("link"))) is not None:
            producer["url"] = org_link[:2048]
        identity["producer"] = producer
    if (notes := _text(head.get("notes"))) is not None:
        identity["description"] = notes[:20_000]
    modality = "language" if record.schema == "legacy" else _text(head.get("type"))
    if modality:
        identity["modality"] = modality[:500]
    if (date := _text(head.get("releasedate"))) is not None:
        identity["release_date"] = date[:500]
    if (link := _text(head.get("link"))) is not None:
        identity["urls"] = {"homepage": link[:2048]}
    components = _component_entries(record)
    license_text = _text(head.get("license" if record.schema == "legacy" else "endmodellicense"))
    weights = components.get("model-parameters-final")
    if license_text and weights is not None and weights["status"] != "not-released":
        weights["license"] = license_text[:500]
    base_keys = ("llmbase", "rlbase") if record.schema == "legacy" else ("basemodelname",)
    described = [b for k in base_keys if (b := _text(head.get(k))) is not None]
    manifest: dict[str, Any] = {
        "osaid_manifest": 1,
        "system": identity,
        "components": components,
        "notes": (
            f"Read from the Open Source AI Index record {record.file} ({record.schema} layout)"
            + (f"; based on: {', '.join(described)}" if described else "")
        ),
    }
    try:
        return Manifest.model_validate(manifest)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise ManifestError(
            f"cannot read record: {err['msg']}",
            file=record.file,
            field=".".join(map(str, err["loc"])),
        ) from None


def system_from_index_record(
    doc: YamlDocument, *, origin: str, base_dir: Path | None
) -> IndexSystem:
    record = parse_index_record(doc)
    notes = [
        f"{record.file}:{j.line}: {j.dimension}: class {j.value!r} is not open, partial or "
        "closed; weighs 0 as on osai-index.eu"
        for j in record.judgments.values()
        if j.value is not None and j.judged == "unknown"
    ]
    return IndexSystem(
        manifest_from_index_record(record),
        origin=origin,
        base_dir=base_dir,
        notes=tuple(notes),
        index_record=record,
    )


# ---- folders and rankings ----------------------------------------------------------------


@dataclass(frozen=True)
class RankedEntry:
    rank: int
    name: str
    path: str
    """The file name, which the index breaks ties on (descending)."""
    score: float


def _parameters(folder: Path) -> tuple[str, ...] | None:
    path = folder / "_parameters.yml"
    if not path.is_file():
        return None
    doc = load_yaml_file(path)
    return tuple(
        str(param["ref"]) for group in doc.data or [] for param in group.get("params") or []
    )


def load_index_folder(folder: Path) -> tuple[list[IndexRecord], tuple[str, ...] | None]:
    """Every named record of an index folder, and the dimension list of its `_parameters.yml`
    (None when absent, e.g. legacy). Templates and samples are left out, as the index leaves
    them out, and so are records without a name (the legacy index publishes no score for
    them)."""
    records = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name in ("a_submission_template.yaml", "A_sample.yaml"):
            continue
        doc = load_yaml_file(path)
        head = (doc.data or {}).get("project") or (doc.data or {}).get("system") or {}
        if isinstance(head, dict) and _text(head.get("name")) is None:
            continue
        records.append(parse_index_record(doc))
    return records, _parameters(folder)


def rank(
    records: Iterable[IndexRecord], dimensions: Iterable[str] | None = None
) -> list[RankedEntry]:
    """The index's ranking: score descending, ties broken by file path descending."""
    dims = tuple(dimensions) if dimensions is not None else None
    scored = [(record_score(r, dims), Path(r.file).name, r.name) for r in records]
    scored.sort(key=lambda t: t[1], reverse=True)
    scored.sort(key=lambda t: t[0], reverse=True)  # stable: path order survives within ties
    return [RankedEntry(i + 1, name, path, score) for i, (score, path, name) in enumerate(scored)]
