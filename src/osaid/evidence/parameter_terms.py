"""The weights of a release: where they are published and under which terms.

The parameters are under the release's parameter licenses (`LICENSE-MODEL`,
`model_licenses/*`), the model card's `license:` and its statements about the weights,
wherever they are published. When the card links several models' weights, the final
parameters are those of the model the release is named after; a statement that names other
models gives them no terms. When the weights are only linked and no parameter license is
stated, their license is unknown, never the code's, unless the release's own license file
holds only AI-model licenses (it is then about the model).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import Any

from osaid.evidence.license_scope import LicenseHit, LicenseRole, LicenseScopes
from osaid.licenses.interface import LicenseId
from osaid.licenses.knowledge import knowledge
from osaid.sources.evidence import Evidence, EvidenceKind

__all__ = [
    "PARAMETER_COMPONENTS",
    "declared_card_license",
    "declared_text",
    "joined",
    "parameter_entries",
]

PARAMETER_COMPONENTS = frozenset(
    {"model-parameters-final", "model-parameters-intermediate", "optimizer-state"}
)


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


def declared_text(e: Evidence) -> str | None:
    value = e.data.get("license")
    if isinstance(value, list):
        value = " AND ".join(str(v) for v in value)
    if value in (None, "", "other") and e.data.get("license_name"):
        return str(e.data["license_name"])
    return None if value in (None, "") else str(value)


def joined(expressions: Iterable[str]) -> str:
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
    in_card = [e for e in links if e.data.get("origin") != "code"]
    # A weights URL in the code is the release's only when the card links none and the URL
    # names the release (".../whisper/models/…/tiny.pt"; not a loss network's vgg16.pth).
    links = in_card or [e for e in links if key and key in _letters(str(e.data["url"]))]
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
    elif card is not None and (card_text := declared_text(card)):
        # A Hub card's `license:` is the model's license.
        exact.append(knowledge().normalize(card_text).expression or card_text)
        sources.append(card.location or card.path)
    published = [_letters(str(main.data["url"]))] if main is not None else []
    unread: list[str] = []
    for e in evidence:
        if (
            e.kind is EvidenceKind.DECLARED_LICENSE
            and e.data.get("source") == "statement"
            and LicenseRole.PARAMETERS.value in (e.data.get("applies_to") or [])
            and _about_the_linked(e, published)
        ):
            if e.data.get("license"):
                exact.append(str(e.data["license"]))
            elif not e.data.get("license_candidates") and "://" in str(e.data.get("via", "")):
                unread.append(str(e.data["via"]))  # a license document osaid does not know
            candidates.extend(str(c) for c in e.data.get("license_candidates") or [])
            sources.append(e.location or e.path)
    if not exact and not candidates:
        model = _model_license_of_release(scopes)
        if model is not None and model.expression:
            exact.append(model.expression)
            sources.extend(model.files)
    exact = [x for x in dict.fromkeys(exact) if x]
    return LicenseHit(
        joined(exact) if exact else None,
        tuple(c for c in dict.fromkeys(candidates) if c not in exact),
        tuple(dict.fromkeys(sources)),
        tuple(dict.fromkeys([*files.unidentified, *unread])),
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


def parameter_entries(
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
    for cid in PARAMETER_COMPONENTS:
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
        entry["license"] = joined(parts) if parts else "NOASSERTION"
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
