"""Read Model Openness Tool (MOT) records as osaid systems.

A MOT record lists the components a release includes, each with the license the producer
declared. For the OSAID evaluation we read it the way MOT does: a listed component is
released; an unlisted MOF component is not part of the release; a component's license falls
back to the global license for its content type, then to the distribution license; the
string `unlicensed` means no license and stops the fallback. License strings are kept as
written (normalisation happens when they are judged). The raw record is kept for the exact
MOF evaluation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from osaid._yaml import YamlDocument
from osaid.components import component_catalog
from osaid.errors import ManifestError
from osaid.evaluation.system import System
from osaid.manifest.model import Manifest

_GLOBAL_TYPES = ("code", "data", "document")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _license_name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _require_mapping(doc: YamlDocument, value: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ManifestError(
            "expected a mapping",
            file=doc.file,
            line=doc.line_of(path),
            field=".".join(map(str, path)),
        )
    return value


def manifest_from_mot_record(doc: YamlDocument) -> tuple[Manifest, tuple[str, ...]]:
    record = _require_mapping(doc, doc.data, ())
    release = _require_mapping(doc, record.get("release"), ("release",))
    name = _text(release.get("name"))
    if name is None:
        raise ManifestError(
            "required field is missing",
            file=doc.file,
            line=doc.line_of(("release", "name")),
            field="release.name",
        )
    licenses = _require_mapping(doc, release.get("license"), ("release", "license"))
    distribution = _license_name(licenses.get("distribution"))
    globals_ = {t: _license_name(licenses.get(t)) for t in _GLOBAL_TYPES}
    raw_components = release.get("components") or []
    if not isinstance(raw_components, list):
        raise ManifestError(
            "expected a list",
            file=doc.file,
            line=doc.line_of(("release", "components")),
            field="release.components",
        )
    catalog = component_catalog()
    notes: list[str] = []
    components: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(raw_components):
        path = ("release", "components", i)
        item = _require_mapping(doc, raw, path)
        cname = _text(item.get("name"))
        ids = catalog.resolve(cname, source="mot") if cname else ()
        if len(ids) != 1:
            notes.append(
                f"{doc.file}:{doc.line_of(path)}: component {cname!r} is not a MOF "
                "component; ignored"
            )
            continue
        cid = ids[0]
        entry: dict[str, Any] = {"status": "released", "source": f"MOT record {doc.file}"}
        declared = _text(item.get("license"))
        if declared is None:
            declared = globals_.get(catalog.get(cid).content_type)
            if declared is not None:
                entry["notes"] = (
                    f"license from the record's global {catalog.get(cid).content_type} license"
                )
        if declared is not None:
            entry["license"] = declared
        location = _text(item.get("component_path"))
        if location:
            entry["location"] = location
        license_file = _text(item.get("license_path"))
        if license_file:
            entry["license_file"] = license_file
        components[cid] = entry
    for comp in catalog.mof_components:
        components.setdefault(
            comp.id,
            {
                "status": "not-released",
                "notes": "not listed in the MOT record (MOT lists the components a release includes)",
                "source": f"MOT record {doc.file}",
            },
        )
    urls = {k: v for k in ("repository", "huggingface") if (v := _text(release.get(k)))}
    producer = _text(release.get("producer"))
    identity: dict[str, Any] = {"name": name, "urls": urls}
    for key, target in (
        ("version", "version"),
        ("type", "modality"),
        ("architecture", "architecture"),
        ("date", "release_date"),
    ):
        if (value := _text(release.get(key))) is not None:
            identity[target] = value
    if producer:
        identity["producer"] = {"name": producer}
    data: dict[str, Any] = {"osaid_manifest": 1, "system": identity, "components": components}
    if distribution is not None:
        data["license"] = distribution
    try:
        return Manifest.model_validate(data), tuple(notes)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise ManifestError(
            f"cannot read record: {err['msg']}", file=doc.file, field=".".join(map(str, err["loc"]))
        ) from None


def system_from_mot_record(doc: YamlDocument, *, origin: str, base_dir: Path | None) -> System:
    manifest, notes = manifest_from_mot_record(doc)
    return System(manifest, origin=origin, base_dir=base_dir, mot_record=doc.data, notes=notes)
