"""Turn the evidence found in a release into a `System` the definitions can judge.

Only what was seen is stated: a component with evidence is `released` at the file or
library where it was seen; a component without evidence is left out (so it reads as
unknown, never as "not released" — a release may not be the only place things are
published). Each file's license is an SPDX header in it, else the nearest license file above
it whose role covers it (`osaid.evidence.license_scope`); a component's license is that of
its own files, never of a vendored tree inside the release. The parameters are under the
release's parameter licenses (`LICENSE-MODEL`, `model_licenses/*`, statements in the card
about the weights) wherever they are published; when they are only linked, and no parameter
license is stated, their license is unknown, never the code's. The release's license is the
root LICENSE text when one is identified, else the model card's declared license; when the
two disagree, a conflict is reported. Licenses identified only approximately travel as
`license_candidates`, to be judged, never dropped.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from osaid.components import component_catalog
from osaid.evaluation.system import System
from osaid.evidence._rules import libraries
from osaid.evidence.fine_tuning import TRAINING_ROLES, fine_tuning_code
from osaid.evidence.license_scope import LicenseHit, LicenseRole, LicenseScopes
from osaid.evidence.license_statements import code_license_statement
from osaid.evidence.scale import scale_from_evidence
from osaid.licenses.interface import LicenseId
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


def declared_card_license(evidence: Iterable[Evidence]) -> Evidence | None:
    for e in evidence:
        if (
            e.kind is EvidenceKind.DECLARED_LICENSE
            and e.path.count("/") == 0
            and e.data.get("source") == "front-matter"
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
    card_text = _declared_text(card) if card else None
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


_PARAMETER_COMPONENTS = frozenset(
    {"model-parameters-final", "model-parameters-intermediate", "optimizer-state"}
)
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
    if component in _PARAMETER_COMPONENTS:
        return LicenseRole.PARAMETERS
    if component in _DOC_COMPONENTS:
        return LicenseRole.DOCUMENTATION
    if component == "datasets":
        return LicenseRole.DATA
    return LicenseRole.CODE


def _joined(expressions: Iterable[str]) -> str:
    """The conjunction of license expressions, each license once."""
    items: list[str] = []
    for x in expressions:
        # A conjunction of plain ids is flattened so that no license is named twice.
        if " OR " not in x and " WITH " not in x:
            items.extend(part.strip("() ") for part in x.split(" AND "))
        else:
            items.append(x)
    items = list(dict.fromkeys(items))
    return " AND ".join(f"({x})" if " " in x and len(items) > 1 else x for x in items)


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
            entry["license"] = _joined(licenses) if licenses else "NOASSERTION"
        elif licenses and (headers or set(licenses) != {distribution}):
            entry["license"] = _joined(licenses)
        out[component] = entry
    return out


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _namesake_first(evidence: Iterable[Evidence], name: str) -> list[Evidence]:
    """The card's links to published final parameters, the one to the model the release is
    named after first (deepseek-ai/DeepSeek-R1 links DeepSeek-R1-Zero before DeepSeek-R1)."""
    links = [
        e
        for e in evidence
        if e.kind is EvidenceKind.PARAMETERS_LINK and e.data.get("url") and not e.data.get("role")
    ]
    key = _letters(name)
    named = [e for e in links if _letters(str(e.data["url"]).rstrip("/").rsplit("/")[-1]) == key]
    return named + [e for e in links if e not in named]


def _parameter_terms(
    evidence: list[Evidence], scopes: LicenseScopes, main: Evidence | None
) -> LicenseHit:
    """The release's parameter licenses: its parameter license files and what the card says
    about the weights (of `main`, the link to them, when they are only linked)."""
    files = scopes.parameters()
    exact = [files.expression] if files.expression else []
    candidates = list(files.candidates)
    sources = list(files.files)
    card = declared_card_license(evidence)
    linked = _linked_license(card, scopes)
    if linked is not None:
        # `license: other` with a `license_link` to a license file of the release: its text.
        if linked.expression:
            exact.append(linked.expression)
        candidates.extend(linked.candidates)
        sources.extend(linked.files)
    elif card is not None and (card_text := _declared_text(card)):
        # A Hub card's `license:` is the model's license.
        exact.append(knowledge().normalize(card_text).expression or card_text)
        sources.append(card.location or card.path)
    published = [_letters(str(main.data["url"]))] if main is not None else []
    for e in evidence:
        if (
            e.kind is EvidenceKind.DECLARED_LICENSE
            and e.data.get("source") == "statement"
            and LicenseRole.PARAMETERS.value in (e.data.get("applies_to") or [])
            and _about_the_linked(e, published)
        ):
            if e.data.get("license"):
                exact.append(str(e.data["license"]))
            candidates.extend(str(c) for c in e.data.get("license_candidates") or [])
            sources.append(e.location or e.path)
    if not exact and not candidates:
        model = _model_license_of_release(scopes)
        if model is not None and model.expression:
            exact.append(model.expression)
            sources.extend(model.files)
    exact = [x for x in dict.fromkeys(exact) if x]
    return LicenseHit(
        _joined(exact) if exact else None,
        tuple(c for c in dict.fromkeys(candidates) if c not in exact),
        tuple(dict.fromkeys(sources)),
        files.unidentified,
    )


def _about_the_linked(statement: Evidence, linked: list[str]) -> bool:
    """Whether a statement about the weights covers the weights the release links to: one
    that names models by their size ("`codestral-22B-v0.1.tar` has a custom non-commercial
    license") is about those models only, and says nothing of a link to another one
    (mistral-inference links Mixtral-8x22B)."""
    models = statement.data.get("models") or []
    return not (models and linked) or any(m in url for m in models for url in linked)


def _model_license_of_release(scopes: LicenseScopes) -> LicenseHit | None:
    """The release's own license file when it holds only AI-model licenses: such a license
    is about the model ("Llama Materials" are Meta's Llama 2 and its documentation), so it
    governs the parameters wherever they are published, when nothing else names their terms
    (meta-llama/llama: its LICENSE, and "download the model weights … and accept our
    License")."""
    catalog = knowledge().catalog
    for scope in scopes.scopes:
        if scope.directory or scope.role is not LicenseRole.RELEASE or not scope.expression:
            continue
        ids = scope.expression.split(" AND ")
        entries = [catalog.get(LicenseId(i)) for i in ids]
        if all(e is not None and not e.is_policy and e.spdx_id is None for e in entries):
            return LicenseHit(scope.expression, (), (scope.evidence.path,))
    return None


def _linked_license(card: Evidence | None, scopes: LicenseScopes) -> LicenseHit | None:
    """The identified text of the license file a card's `license_link` points into."""
    if card is None or card.data.get("license") not in (None, "", "other"):
        return None
    link = str(card.data.get("license_link") or "")
    path = posixpath.normpath(link.split("#")[0].removeprefix("./")) if link else ""
    if not path or "://" in link:
        return None
    for scope in scopes.scopes:
        if scope.evidence.path == path and (scope.expression or scope.candidates):
            return LicenseHit(scope.expression, scope.candidates, (scope.evidence.path,))
    return None


def _parameter_entries(
    evidence: list[Evidence],
    scopes: LicenseScopes,
    components: dict[str, dict[str, Any]],
    distribution: str | None,
    name: str,
) -> None:
    """Give the parameter components the parameter licenses, and state the published
    parameters the release only links to."""
    links = _namesake_first(evidence, name)
    terms = _parameter_terms(evidence, scopes, links[0] if links else None)
    for cid in _PARAMETER_COMPONENTS:
        entry = components.get(cid)
        if entry is None or not terms.known:
            continue
        # Weights in the tree are under the parameter licenses and the license of where
        # they are (when the two differ, both apply).
        own = entry.get("license") or distribution
        parts = [
            knowledge().normalize(x).expression or x
            for x in (terms.expression, own)
            if x and x != "NOASSERTION"
        ]
        entry["license"] = _joined(parts) if parts else "NOASSERTION"
        candidates = [*entry.get("license_candidates", []), *terms.candidates]
        if candidates:
            entry["license_candidates"] = list(dict.fromkeys(candidates))
        unidentified = [*entry.get("license_unidentified", []), *terms.unidentified]
        if unidentified:
            entry["license_unidentified"] = list(dict.fromkeys(unidentified))
        entry["notes"] = f"{entry['notes']}; terms from {', '.join(terms.files)}"
    if "model-parameters-final" in components:
        return
    if not links and not terms.known:
        return
    entry = {
        "status": "released" if links else "unknown",
        "license": terms.expression or "NOASSERTION",
        "notes": (
            f"not in this tree; published at {links[0].data['url']} ({links[0].how})"
            if links
            else "not in this tree; where they are published is not stated"
        )
        + (
            f"; terms from {', '.join(terms.files)}"
            if terms.known
            else "; no license is stated for them (the code's license does not cover them)"
        ),
    }
    if links:
        entry["location"] = str(links[0].data["url"])
        entry["source"] = links[0].location or links[0].path
    elif terms.files:
        entry["source"] = next(
            (e.location for e in evidence if e.path == terms.files[0] and e.location),
            terms.files[0],
        )
    if terms.candidates:
        entry["license_candidates"] = list(terms.candidates)
    if terms.unidentified:
        entry["license_unidentified"] = list(terms.unidentified)
    components["model-parameters-final"] = entry
    if links:
        _published_states(evidence, components, entry)


_STATES = {"intermediate": "model-parameters-intermediate", "optimizer": "optimizer-state"}


def _published_states(
    evidence: list[Evidence], components: dict[str, dict[str, Any]], final: dict[str, Any]
) -> None:
    """Intermediate checkpoints and optimizer states the card says are published with the
    linked weights: at the same place, under the same terms."""
    for e in evidence:
        cid = (
            _STATES.get(str(e.data.get("role"))) if e.kind is EvidenceKind.PARAMETERS_LINK else None
        )
        if cid is None or cid in components:
            continue
        components[cid] = {
            "status": "released",
            "license": final["license"],
            "location": final["location"],
            "source": e.location or e.path,
            "notes": f"not in this tree; {e.how}; published with the final parameters",
            **{k: final[k] for k in ("license_candidates", "license_unidentified") if k in final},
        }


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
"""A program's entry point: named for its role as much as `train.py` is (CompVis/stable-diffusion
trains with `main.py`, which imports lightning, beside `scripts/train_searcher.py`)."""


def _preference(e: Evidence) -> tuple[int, int, int, str]:
    """Which evidence names a component best: the main file, a file whose name says its role
    (rather than one that only imports a library), at the shallowest path."""
    name = e.path.rsplit("/", 1)[-1]
    main = name in ("tokenizer.json", "model.safetensors", "config.json")
    by_import = e.how.startswith("imports ") and name not in _ENTRY_POINTS
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
    _parameter_entries(evidence, scopes, components, license_text, name)
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
