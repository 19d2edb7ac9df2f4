"""Turn the evidence found in a release into a `System` the definitions can judge.

Only what was seen is stated: a component with evidence is `released` at the file or
library where it was seen; a component without evidence is left out (so it reads as
unknown, never as "not released" — a release may not be the only place things are
published). Each component's license is, in order: an SPDX header in its own files, the
nearest LICENSE file above it, then the release's license. The release's license is the
root LICENSE text when one is identified, else the model card's declared license; when the
two disagree, a conflict is reported.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from osaid.components import component_catalog
from osaid.evaluation.system import System
from osaid.evidence._rules import libraries
from osaid.licenses.knowledge import knowledge
from osaid.manifest.model import Manifest
from osaid.sources.interface import Evidence, EvidenceKind, ReleaseInfo

_FILE_KINDS = {
    EvidenceKind.WEIGHTS,
    EvidenceKind.CHECKPOINT,
    EvidenceKind.OPTIMIZER_STATE,
    EvidenceKind.CODE,
    EvidenceKind.TOKENIZER,
    EvidenceKind.CONFIG,
    EvidenceKind.MODEL_CARD,
    EvidenceKind.DATA_CARD,
    EvidenceKind.PAPER,
    EvidenceKind.EVAL_RESULTS,
    EvidenceKind.USAGE_DOC,
    EvidenceKind.GENERATION_CONFIG,
}


@dataclass(frozen=True)
class LicenseScope:
    directory: str
    expression: str | None
    evidence: Evidence


def _license_scopes(evidence: Iterable[Evidence]) -> list[LicenseScope]:
    scopes = [
        LicenseScope(
            str(e.data.get("scope", posixpath.dirname(e.path))), e.data.get("expression"), e
        )
        for e in evidence
        if e.kind is EvidenceKind.LICENSE_FILE and e.data.get("expression")
    ]
    return sorted(scopes, key=lambda s: -len(s.directory))


def _scope_for(path: str, scopes: list[LicenseScope]) -> LicenseScope | None:
    for scope in scopes:
        if not scope.directory or path == scope.directory or path.startswith(scope.directory + "/"):
            return scope
    return None


def declared_card_license(evidence: Iterable[Evidence]) -> Evidence | None:
    for e in evidence:
        if (
            e.kind is EvidenceKind.DECLARED_LICENSE
            and e.path.count("/") == 0
            and (e.data.get("license") or e.data.get("license_name"))
        ):
            return e
    return None


def _declared_text(e: Evidence) -> str | None:
    value = e.data.get("license")
    if isinstance(value, list):
        value = " AND ".join(str(v) for v in value)
    if value in (None, "", "other") and e.data.get("license_name"):
        return str(e.data["license_name"])
    return None if value in (None, "") else str(value)


def release_license(evidence: list[Evidence]) -> tuple[str | None, str | None, list[Evidence]]:
    """The release's license, where it came from, and conflicts found on the way."""
    root = next((s for s in _license_scopes(evidence) if s.directory == ""), None)
    card = declared_card_license(evidence)
    card_text = _declared_text(card) if card else None
    conflicts: list[Evidence] = []
    if (
        root is not None
        and root.expression
        and card_text
        and knowledge().equivalent(card_text, root.expression) is False
    ):
        conflicts.append(
            Evidence(
                EvidenceKind.CONFLICT,
                root.evidence.path,
                "the model card declares one license, the LICENSE text is another",
                data={
                    "declared": card_text,
                    "declared_in": card.path if card else "",
                    "detected": root.expression,
                    "detected_in": root.evidence.path,
                },
                location=root.evidence.location,
            )
        )
    if root is not None and root.expression:
        return root.expression, root.evidence.location, conflicts
    if card_text:
        return card_text, card.location if card else None, conflicts
    return None, None, conflicts


def _component_entries(
    evidence: list[Evidence], scopes: list[LicenseScope], spdx: dict[str, str]
) -> dict[str, dict[str, Any]]:
    by_component: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if e.component and (e.kind in _FILE_KINDS or e.kind is EvidenceKind.DATA_INFORMATION):
            by_component[e.component].append(e)
    known = component_catalog().components
    out: dict[str, dict[str, Any]] = {}
    for component, items in by_component.items():
        if component not in known or component == "data-description":
            continue
        licenses: dict[str, None] = {}
        for e in items:
            if e.path in spdx:
                licenses[spdx[e.path]] = None
            else:
                scope = _scope_for(e.path, scopes)
                if scope is not None and scope.directory and scope.expression:
                    licenses[scope.expression] = None
        first = min(items, key=_preference)
        entry: dict[str, Any] = {
            "status": "released",
            "location": str(first.data.get("url") or first.location or first.path),
            "source": first.location or first.path,
            "notes": f"{len(items)} file(s); first: {first.path} ({first.how})",
        }
        if licenses:
            entry["license"] = " AND ".join(
                f"({x})" if " " in x and len(licenses) > 1 else x for x in licenses
            )
        out[component] = entry
    return out


def _preference(e: Evidence) -> tuple[int, int, str]:
    """Which evidence names a component best: the main file, at the shallowest path."""
    main = e.path.rsplit("/", 1)[-1] in ("tokenizer.json", "model.safetensors", "config.json")
    return (0 if main else 1, e.path.count("/"), e.path)


def _library_components(
    evidence: list[Evidence], card: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Architecture and inference code provided by a well-known library the release names."""
    names = [str(card.get("library_name") or "")]
    for e in evidence:
        if e.kind is EvidenceKind.CONFIG and e.data.get("architectures"):
            names.append("transformers" if e.data.get("transformers_version") else "")
        if e.kind is EvidenceKind.CONFIG and e.data.get("__version__"):
            names.append("sentence-transformers")
    known = libraries()
    for name in names:
        lib = known.get(name)
        if lib is None:
            continue
        entry = {
            "status": "released",
            "location": lib.url,
            "license": lib.license,
            "source": lib.source,
            "notes": f"provided by the {lib.name} library named by the release",
        }
        return {"model-architecture": dict(entry), "inference-code": dict(entry)}
    return {}


def system_from_evidence(
    info: ReleaseInfo, evidence: list[Evidence], *, card: dict[str, Any] | None = None
) -> System:
    """A System stating what the evidence shows, keeping the evidence alongside."""
    card = card or {}
    scopes = _license_scopes(evidence)
    spdx = {
        e.path: str(e.data["expression"])
        for e in evidence
        if e.kind is EvidenceKind.SPDX_HEADER and e.data.get("expression")
    }
    license_text, license_source, conflicts = release_license(evidence)
    components = _library_components(evidence, card)
    components.update(_component_entries(evidence, scopes, spdx))
    covers = sorted(
        {
            str(c)
            for e in evidence
            if e.kind is EvidenceKind.DATA_INFORMATION and e.data.get("status", "found") == "found"
            for c in (e.data.get("covers") or [e.data.get("coverage")])
            if c
        }
    )
    description = [
        e
        for e in evidence
        if e.kind is EvidenceKind.DATA_INFORMATION
        and e.component == "data-description"
        and e.data.get("status", "found") == "found"
    ]
    if description:
        components["data-description"] = {
            "status": "released",
            "location": description[0].location or description[0].path,
            "source": description[0].location or description[0].path,
            "covers": covers,
            "notes": "passages describing the training data were found (see evidence)",
        }
    training_data = []
    card_lists_data = any(
        e.kind is EvidenceKind.DATASET_REFERENCE
        and e.data.get("origin") != "training data configuration"
        for e in evidence
    )
    for e in evidence:
        if card_lists_data and e.data.get("origin") == "training data configuration":
            continue  # the card lists the data sets; the configuration's file names stay evidence
        dataset_id = e.data.get("id") or e.data.get("dataset")
        if e.kind is EvidenceKind.DATASET_REFERENCE and dataset_id:
            dataset = str(dataset_id)
            item: dict[str, Any] = {
                "name": dataset[:500],
                "kind": "public",
                "source": e.location or e.path,
            }
            if e.data.get("origin") == "training data configuration":
                # a file name in a training configuration says what, not where from
                item["description"] = f"named in {e.path}; where to obtain it is not stated"
            else:
                item["location"] = str(
                    e.data.get("url") or f"https://huggingface.co/datasets/{dataset}"
                )
                item["description"] = (
                    "listed in the model card; kind inferred (a Hugging Face dataset is public)"
                )
            training_data.append(item)
    base_models = []
    for e in evidence:
        base_id = e.data.get("id") or e.data.get("base_model")
        if e.kind is EvidenceKind.BASE_MODEL and base_id:
            relation = str(e.data.get("relation") or "finetune")
            if relation not in ("finetune", "adapter", "merge", "quantized"):
                relation = "finetune"
            base_models.append(
                {"ref": f"hf:{base_id}", "relation": relation, "source": e.location or e.path}
            )
    name = str(
        card.get("model_name")
        or card.get("title")
        or info.location.rstrip("/").split("/")[-1]
        or "release"
    )
    data: dict[str, Any] = {
        "osaid_manifest": 1,
        "system": {"name": name[:500], "urls": {"release": info.url or info.location}},
        "components": components,
        "training_data": list({d["name"]: d for d in training_data}.values()),
        "lineage": {"base_models": base_models},
    }
    if info.revision:
        data["system"]["version"] = info.revision[:500]
    if license_text:
        data["license"] = license_text
        if license_source:
            data["license_source"] = license_source
    manifest = Manifest.model_validate(data)
    notes = tuple(
        f"conflict: {c.data['declared_in']} declares {c.data['declared']!r}, "
        f"{c.data['detected_in']} is {c.data['detected']}"
        for c in conflicts
    )
    return System(
        manifest,
        origin=info.location,
        base_dir=None,
        notes=notes,
        evidence=tuple(evidence) + tuple(conflicts),
    )
