"""Write an osaid manifest as a Model Openness Tool (MOT) record.

The record says what the manifest says, in MOT's vocabulary (its `models/*.yml` layout and
`schema/mof_schema.json`):

* `release.components` lists the MOF components the manifest marks `released`, under MOT's
  component names, each with the license the manifest gives it (expressions kept as written,
  e.g. `Apache-2.0 OR MIT`; MOT itself matches license strings exactly). `NONE` is written
  as MOT's `unlicensed`. A component without a license of its own gets none in the record,
  so MOT falls back to the distribution license, as the manifest does.
* `release.license.distribution` is the manifest's distribution license. No global
  code/data/document licenses are written: the manifest does not have them.
* Components that are not released, not used or unknown are left out (MOT lists only what
  a release includes); osaid's finer components (data description, tokenizer, …) have no
  MOT counterpart and are left out, as the MOF evaluation leaves them out. `export_notes`
  says what was left out.
* `type` and `architecture` must be one of MOT's values: a manifest value that is not one
  of them is written as the closest one (`decoder-only transformer` as `transformer decoder`)
  or `other`; a release date that is not YYYY-MM-DD is left out.

Reading the record back (`osaid check record.yml`) gives the same MOF class as the manifest.
"""

from __future__ import annotations

import re
from typing import Any

from osaid.components import component_catalog
from osaid.evaluation.system import System
from osaid.manifest.model import Availability

__all__ = ["MOT_ARCHITECTURES", "MOT_TYPES", "export_mot_record", "export_notes", "mot_name"]

MOT_FRAMEWORK = {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"}
"""The framework block of MOT's current records."""
MOT_TYPES = ("language", "vision", "image", "audio", "video", "3d", "code", "multimodal", "other")
MOT_ARCHITECTURES = (
    "transformer",
    "transformer decoder",
    "transformer encoder-decoder",
    "decoder",
    "encoder",
    "diffusion",
    "RNN",
    "CNN",
    "LSTM",
    "NeRF",
    "hybrid",
    "undisclosed",
    "other",
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def mot_name(component_id: str) -> str:
    """MOT's name for a MOF component."""
    comp = component_catalog().get(component_id)
    for source, name in comp.aliases:
        if source == "mot":
            return name
    return comp.name


def _enum_value(value: str | None, allowed: tuple[str, ...]) -> str:
    if not value:
        return ""
    text = value.strip().casefold()
    for a in allowed:
        if a.casefold() == text:
            return a
    if allowed is MOT_ARCHITECTURES:
        # "decoder-only transformer" and the like: the closest of MOT's values.
        if "encoder-decoder" in text or "encoder–decoder" in text:
            return "transformer encoder-decoder"
        if "transformer" in text:
            return "transformer decoder" if "decoder" in text else "transformer"
        if "diffusion" in text:
            return "diffusion"
    return "other"


def _license(value: str | None) -> str | None:
    if value is None:
        return None
    return "unlicensed" if value.strip().upper() == "NONE" else value


def export_mot_record(system: System) -> dict[str, Any]:
    """The MOT record that says what the system's manifest says."""
    m = system.manifest
    ident = m.system
    release: dict[str, Any] = {"name": ident.name, "version": ident.version or ""}
    if ident.release_date and _DATE.match(ident.release_date):
        release["date"] = ident.release_date
    release["type"] = _enum_value(ident.modality, MOT_TYPES)
    release["architecture"] = _enum_value(ident.architecture, MOT_ARCHITECTURES)
    bases = [b.ref for b in m.lineage.base_models]
    release["origin"] = bases[0] if bases else ""
    release["producer"] = ident.producer.name if ident.producer else ""
    release["contact"] = ""
    for key in ("repository", "huggingface"):
        if key in ident.urls:
            release[key] = ident.urls[key]
    # MOT's importer keeps release.license only when it comes before release.components.
    license_block: dict[str, Any] = {}
    if m.license is not None:
        license_block["distribution"] = {
            "name": _license(m.license),
            "path": m.license_source or "",
        }
    release["license"] = license_block
    components: list[dict[str, Any]] = []
    for comp in component_catalog().mof_components:
        entry = m.components.get(comp.id)
        if entry is None or entry.status is not Availability.RELEASED:
            continue
        item: dict[str, Any] = {"name": mot_name(comp.id), "description": comp.description}
        license_text = _license(entry.license)
        if license_text is not None:
            item["license"] = license_text
        if entry.license_file:
            item["license_path"] = entry.license_file
        if entry.location:
            item["component_path"] = entry.location
        components.append(item)
    release["components"] = components
    return {"framework": dict(MOT_FRAMEWORK), "release": release}


def export_notes(system: System) -> list[str]:
    """What the MOT record cannot say about the manifest."""
    catalog = component_catalog()
    m = system.manifest
    notes: list[str] = []
    for cid, entry in m.components.items():
        comp = catalog.get(cid)
        if comp.mof_id is None and entry.status is Availability.RELEASED:
            notes.append(f"{cid}: not a MOF component; left out")
        elif comp.mof_id is not None and entry.status is not Availability.RELEASED:
            notes.append(f"{cid}: {entry.status.value}; left out (MOT lists released components)")
    for label, value, allowed in (
        ("type", m.system.modality, MOT_TYPES),
        ("architecture", m.system.architecture, MOT_ARCHITECTURES),
    ):
        written = _enum_value(value, allowed)
        if value and written.casefold() != value.strip().casefold():
            notes.append(f"{label} {value!r} is not one of MOT's values; written as {written!r}")
    if m.system.release_date and not _DATE.match(m.system.release_date):
        notes.append(f"release date {m.system.release_date!r} is not YYYY-MM-DD; left out")
    if m.training_data:
        notes.append(f"training data entries ({len(m.training_data)}): MOT records have no place")
    if len(m.lineage.base_models) > 1:
        notes.append("only the first base model is written as release.origin")
    return notes
