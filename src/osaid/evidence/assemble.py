"""Turn the evidence found in a release into a `System` the definitions can judge.

Only what was seen is stated: a component with evidence is `released` at the file or
library where it was seen; a component without evidence is left out (so it reads as
unknown, never as "not released" — a release may not be the only place things are
published). Each file's license is an SPDX header in it, else the nearest license file above
it whose role covers it (`osaid.evidence.license_scope`); a component's license is that of
its own files, never of a vendored tree inside the release. The parameters are under the
release's parameter licenses wherever they are published (`osaid.evidence.parameter_terms`);
when they are only linked, and no parameter license is stated, their license is unknown,
never the code's. The release's license is the
root LICENSE text when one is identified, else the model card's declared license; when the
two disagree, a conflict is reported. Licenses identified only approximately travel as
`license_candidates`, to be judged, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from osaid.components import component_catalog
from osaid.evaluation.system import System
from osaid.evidence._rules import libraries
from osaid.evidence.fine_tuning import TRAINING_ROLES, fine_tuning_code
from osaid.evidence.license_scope import LicenseHit, LicenseRole, LicenseScopes
from osaid.evidence.license_statements import code_license_statement
from osaid.evidence.parameter_terms import (
    PARAMETER_COMPONENTS,
    declared_card_license,
    declared_text,
    joined,
    parameter_entries,
)
from osaid.evidence.scale import scale_from_evidence
from osaid.licenses.knowledge import knowledge
from osaid.manifest.model import Manifest
from osaid.sources.evidence import Evidence, EvidenceKind
from osaid.sources.interface import ReleaseInfo

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


def release_license(
    evidence: list[Evidence], scopes: LicenseScopes | None = None
) -> tuple[str | None, str | None, list[Evidence]]:
    """The release's license, where it came from, and conflicts found on the way."""
    scopes = scopes or LicenseScopes.from_evidence(evidence)
    root = scopes.of_role(LicenseRole.RELEASE)
    if not root.known:
        root = scopes.of_role(LicenseRole.CODE)
    root_ev = next((e for e in evidence if root.files and e.path == root.files[0]), None)
    card = declared_card_license(evidence)
    card_text = declared_text(card) if card else None
    conflicts: list[Evidence] = []
    if (
        root_ev is not None
        and root.expression
        and card_text
        and knowledge().equivalent(card_text, root.expression) is False
    ):
        conflicts.append(
            Evidence(
                EvidenceKind.CONFLICT,
                root_ev.path,
                "the model card declares one license, the LICENSE text is another",
                data={
                    "declared": card_text,
                    "declared_in": card.path if card else "",
                    "detected": root.expression,
                    "detected_in": root_ev.path,
                },
                location=root_ev.location,
            )
        )
    if root_ev is not None and root.expression:
        return root.expression, root_ev.location, conflicts
    if card_text:
        return card_text, card.location if card else None, conflicts
    if root_ev is not None and root.candidates:
        # The root license text is not identified exactly: the release's terms are unknown
        # until reviewed (its candidates travel with each file of its scope).
        return "NOASSERTION", root_ev.location, conflicts
    return None, None, conflicts


_DOC_COMPONENTS = frozenset(
    {
        "model-card",
        "data-card",
        "technical-report",
        "research-paper",
        "usage-documentation",
        "evaluation-results",
        "data-description",
        "public-data-listing",
        "obtainable-data-listing",
        "model-metadata",
    }
)


def _role_for(component: str) -> LicenseRole:
    if component in PARAMETER_COMPONENTS:
        return LicenseRole.PARAMETERS
    if component in _DOC_COMPONENTS:
        return LicenseRole.DOCUMENTATION
    if component == "datasets":
        return LicenseRole.DATA
    return LicenseRole.CODE


def _component_entries(
    evidence: list[Evidence],
    scopes: LicenseScopes,
    spdx: dict[str, str],
    distribution: str | None,
    stated: LicenseHit | None = None,
    fine_tuning: dict[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Each component the files show, with the licenses of its files: an SPDX header, the
    license file whose scope it is in, what the card says of the code (`stated`), then the
    distribution's license."""
    by_component: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if e.data.get("vendored_in"):
            continue  # a dependency copied into the release is not the release's component
        if fine_tuning and e.path in fine_tuning and e.component in TRAINING_ROLES:
            continue  # it trains a derivative of the published weights, not the weights
        if e.component and (e.kind in _FILE_KINDS or e.kind is EvidenceKind.DATA_INFORMATION):
            by_component[e.component].append(e)
    known = component_catalog().components
    out: dict[str, dict[str, Any]] = {}
    for component, items in by_component.items():
        if component not in known or component == "data-description":
            continue
        role = _role_for(component)
        licenses: dict[str, None] = {}
        candidates: dict[str, None] = {}
        unidentified: dict[str, None] = {}
        headers = False
        by_statement = False
        for e in items:
            if e.path in spdx:
                licenses[spdx[e.path]] = None
                headers = True
                continue
            hit = scopes.for_path(e.path, role)
            if not hit.known and role is LicenseRole.CODE and stated is not None:
                hit, by_statement = stated, True
            if hit.expression:
                licenses[hit.expression] = None
            candidates.update(dict.fromkeys(hit.candidates))
            unidentified.update(dict.fromkeys(hit.unidentified))
            if not hit.known and distribution:
                licenses[distribution] = None
        first = min(items, key=_preference)
        entry: dict[str, Any] = {
            "status": "released",
            "location": str(first.data.get("url") or first.location or first.path),
            "source": first.location or first.path,
            "notes": f"{len(items)} file(s); first: {first.path} ({first.how})",
        }
        if by_statement and stated is not None:
            entry["sources"] = list(stated.files)
            entry["notes"] += f"; license as the model card states it ({', '.join(stated.files)})"
            headers = True  # the statement is the code's own license, not the distribution's
        if unidentified:
            entry["license_unidentified"] = list(unidentified)
        if candidates or unidentified:
            if candidates:
                entry["license_candidates"] = list(candidates)
            entry["license"] = joined(licenses) if licenses else "NOASSERTION"
        elif licenses and (headers or set(licenses) != {distribution}):
            entry["license"] = joined(licenses)
        out[component] = entry
    return out


def _fine_tuning_notes(evidence: list[Evidence], fine_tuning: dict[str, str]) -> tuple[str, ...]:
    counted = sorted(
        {e.path for e in evidence if e.path in fine_tuning and e.component in TRAINING_ROLES}
    )
    if not counted:
        return ()
    shown = "; ".join(f"{p} ({fine_tuning[p]})" for p in counted[:5])
    more = f" and {len(counted) - 5} more" if len(counted) > 5 else ""
    return (
        "fine-tuning code, not counted as the training code of the published weights: "
        f"{shown}{more}",
    )


_ENTRY_POINTS = frozenset({"main.py", "run.py", "__main__.py"})
"""A program's entry point (and `*_main.py`): named for its role as much as `train.py` is
(CompVis/stable-diffusion trains with `main.py`, which imports lightning, beside
`scripts/train_searcher.py`; T5 with `t5/models/mesh_transformer_main.py`)."""


def _preference(e: Evidence) -> tuple[int, int, int, str]:
    """Which evidence names a component best: the main file, a file whose name says its role
    (rather than one that only imports a library), at the shallowest path."""
    name = e.path.rsplit("/", 1)[-1]
    main = name in ("tokenizer.json", "model.safetensors", "config.json")
    entry = name in _ENTRY_POINTS or name.endswith("_main.py")
    by_import = e.how.startswith("imports ") and not entry
    return (0 if main else 1, 1 if by_import else 0, e.path.count("/"), e.path)


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
    info: ReleaseInfo,
    evidence: list[Evidence],
    *,
    card: dict[str, Any] | None = None,
    vendored: Iterable[str] = (),
) -> System:
    """A System stating what the evidence shows, keeping the evidence alongside."""
    card = card or {}
    scopes = LicenseScopes.from_evidence(evidence, vendored)
    spdx = {
        e.path: str(e.data["expression"])
        for e in evidence
        if e.kind is EvidenceKind.SPDX_HEADER and e.data.get("expression")
    }
    license_text, license_source, conflicts = release_license(evidence, scopes)
    components = _library_components(evidence, card)
    stated = code_license_statement(evidence)
    fine_tuning = fine_tuning_code(evidence)
    components.update(_component_entries(evidence, scopes, spdx, license_text, stated, fine_tuning))
    name = str(
        card.get("model_name")
        or card.get("title")
        or info.location.rstrip("/").split("/")[-1]
        or "release"
    )
    parameter_entries(evidence, scopes, components, license_text, name)
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
        and e.data.get("role", "training") == "training"
        for e in evidence
    )
    for e in evidence:
        if card_lists_data and e.data.get("origin") == "training data configuration":
            continue  # the card lists the data sets; the configuration's file names stay evidence
        dataset_id = e.data.get("id") or e.data.get("dataset")
        if e.data.get("role", "training") != "training":
            continue  # an evaluation set, a file or a mention: not training data
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
    data: dict[str, Any] = {
        "osaid_manifest": 1,
        "system": {"name": name[:500], "urls": {"release": info.url or info.location}},
        "components": components,
        "training_data": list({d["name"]: d for d in training_data}.values()),
        "lineage": {"base_models": base_models},
    }
    if scale := scale_from_evidence(evidence):
        data["scale"] = scale
    experts = [e for e in evidence if e.kind is EvidenceKind.CONFIG and e.data.get("experts")]
    if experts:
        # Only the total parameters are in the headers; the compute estimate is then a bound.
        data["system"]["architecture"] = (
            f"mixture-of-experts ({experts[0].data['experts']} experts, {experts[0].path})"
        )
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
    ) + _fine_tuning_notes(evidence, fine_tuning)
    return System(
        manifest,
        origin=info.location,
        base_dir=None,
        notes=notes,
        evidence=tuple(evidence) + tuple(conflicts),
    )
