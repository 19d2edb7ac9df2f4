"""Probes: small, named questions about a system, each answered with a `Finding`.

Shared by every definition family: the OSAID evaluator and the LF proposal ask
`probe_component` whether a component is released under acceptable terms; OSAID also asks
about the training-data listings, the human review and the lineage. Every judgement of a
license is made under the `LicenseContext` the check runs with.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from osaid.components import component_catalog
from osaid.definitions.interface import Definition, LegalFramework, Requirement
from osaid.evaluation.findings import Finding, all_of, union_freedoms
from osaid.evaluation.interface import AncestorEvaluator
from osaid.evaluation.result import FailureKind, Outcome, Reason, Status
from osaid.evaluation.system import ComponentView, System
from osaid.licenses.context import LicenseContext
from osaid.licenses.knowledge import Judgement, LegalOutcome, knowledge
from osaid.manifest.model import Availability, Component, Coverage, DataKind
from osaid.sources.evidence import EvidenceKind

__all__ = [
    "coverage_reasons",
    "probe_component",
    "probe_data_listing",
    "probe_lineage",
    "probe_review",
    "unique_components",
]

_REQUIRED_COVERAGE = (
    Coverage.PROVENANCE,
    Coverage.SCOPE,
    Coverage.CHARACTERISTICS,
    Coverage.OBTAINED,
    Coverage.SELECTION,
    Coverage.PROCESSING,
)


def probe_component(
    system: System,
    component_id: str,
    req: Requirement,
    licenses: LicenseContext | None = None,
) -> Finding:
    """Is the component released, and under terms the requirement's legal framework accepts?"""
    catalog = component_catalog()
    name = catalog.get(component_id).name
    view = system.component(component_id)
    if view is None:
        return Finding(
            Outcome.UNKNOWN,
            (Reason(f"{name}: not stated in the manifest", component_id),),
        )
    entry = view.entry
    sources = tuple(entry.all_sources()) + ((entry.location,) if entry.location else ())
    label = name if view.via is None else f"{name} (part of {catalog.get(view.via).name})"
    if entry.status is Availability.UNKNOWN:
        unknown = Reason(f"{label}: availability is unknown", component_id, sources)
        if req.legal is not LegalFramework.NONE and (
            entry.license or entry.license_candidates or entry.license_unidentified
        ):
            # Whatever is published, if its terms deny a freedom the requirement fails.
            legal = _legal_probe(system, view, req, label, sources, licenses)
            if legal.outcome is Outcome.NOT_MET:
                return dataclasses.replace(legal, reasons=(unknown, *legal.reasons))
            return Finding(Outcome.UNKNOWN, (unknown, *legal.reasons))
        return Finding(Outcome.UNKNOWN, (unknown,))
    if entry.status is Availability.NOT_USED:
        if req.if_used:
            return Finding(
                Outcome.NOT_APPLICABLE,
                (Reason(f"{label}: not used by this system", component_id, sources),),
            )
        return Finding(
            Outcome.NOT_MET,
            (
                Reason(
                    f"{label}: marked not used, but the definition requires it",
                    component_id,
                    sources,
                ),
            ),
            FailureKind.MISSING,
            req.freedoms,
        )
    if entry.status is Availability.NOT_RELEASED:
        note = f" ({entry.notes})" if entry.notes else ""
        return Finding(
            Outcome.NOT_MET,
            (Reason(f"{label}: not released{note}", component_id, sources),),
            FailureKind.MISSING,
            req.freedoms,
        )
    if req.legal is LegalFramework.NONE:
        return Finding(Outcome.MET, (Reason(f"{label}: released", component_id, sources),))
    return _legal_probe(system, view, req, label, sources, licenses)


def _legal_probe(
    system: System,
    view: ComponentView,
    req: Requirement,
    label: str,
    sources: tuple[str, ...],
    licenses: LicenseContext | None,
) -> Finding:
    """Whether a component's terms satisfy the requirement's legal framework."""
    component_id = view.id
    entry = view.entry
    name = component_catalog().get(component_id).name
    license_text, origin = system.license_of(view)
    judgement = knowledge().judge(license_text, req.legal, licenses)
    where = " (the distribution license)" if origin == "distribution" else ""
    expr = judgement.normalized.expression or license_text or "none"
    verb = "released under" if entry.status is Availability.RELEASED else "under"
    texts = [f"{label}: {verb} {expr}{where}"]
    texts.extend(judgement.normalized.notes)
    texts.extend(judgement.reasons)
    license_sources = tuple(
        dict.fromkeys(
            [
                *(r.source for _, r in judgement.restrictions if r.source),
                *(f.source for f in judgement.licenses if f.source.startswith("http")),
            ]
        )
    )
    reasons = [
        Reason(
            texts[0] + ": " + "; ".join(texts[1:]) if len(texts) > 1 else texts[0],
            component_id,
            sources + license_sources,
        ),
        *_restriction_reasons(judgement, component_id),
    ]
    if license_text == "NOASSERTION" and (entry.license_candidates or entry.license_unidentified):
        # Nothing was identified exactly: the candidates and texts to read say it all.
        reasons = []
    if entry.license_candidates and judgement.outcome is not LegalOutcome.NOT_MET:
        return _candidates_probe(
            entry.license_candidates, req, label, name, reasons, entry, component_id, licenses
        )
    if entry.license_unidentified and judgement.outcome is not LegalOutcome.NOT_MET:
        return Finding(
            Outcome.NEEDS_REVIEW, (*reasons, _unidentified_reason(entry, label, component_id))
        )
    if judgement.outcome is LegalOutcome.MET:
        return Finding(Outcome.MET, tuple(reasons))
    if judgement.outcome is LegalOutcome.UNKNOWN:
        return Finding(Outcome.UNKNOWN, tuple(reasons))
    framework = {
        LegalFramework.OSI_APPROVED_LICENSE: "an OSI-approved license",
        LegalFramework.FREE_OPEN_SOURCE_LICENCE: "a free and open-source licence with no use "
        "restrictions",
    }.get(req.legal, "OSI-approved or open terms")
    return Finding(
        Outcome.NOT_MET,
        tuple(reasons),
        FailureKind.LEGAL,
        judgement.freedoms_broken or req.freedoms,
        (f"Relicense the {name[0].lower() + name[1:]} (now {expr}) under {framework}.",),
    )


def _restriction_reasons(judgement: Judgement, component_id: str) -> list[Reason]:
    out = []
    for lid, r in judgement.restrictions:
        value = (
            f" ({r.value:,})" if isinstance(r.value, int) else (f" ({r.value})" if r.value else "")
        )
        out.append(
            Reason(
                f"{lid} §{r.clause}: {r.kind.value}{value}: {r.summary}",
                component_id,
                (r.source,) if r.source else (),
            )
        )
    return out


def _unidentified_reason(entry: Component, label: str, component_id: str) -> Reason:
    files = ", ".join(entry.license_unidentified)
    return Reason(
        f"{label}: its terms are in {files}, a text osaid does not identify: a person must "
        "read it to decide",
        component_id,
        tuple(entry.license_unidentified),
    )


def _candidates_probe(
    candidates: Iterable[str],
    req: Requirement,
    label: str,
    name: str,
    reasons: list[Reason],
    entry: Component,
    component_id: str,
    licenses: LicenseContext | None,
) -> Finding:
    """A license text identified only approximately: it fails when every license it may be
    fails; otherwise a person must read it (never silently taken, never dropped)."""
    judged = [(c, knowledge().judge(c, req.legal, licenses)) for c in candidates]
    names = ", ".join(c for c, _ in judged)
    out = [
        *reasons,
        Reason(
            f"{label}: the license text was identified only approximately; it may be: {names}",
            component_id,
            tuple(entry.all_sources()),
        ),
    ]
    failing = [(c, j) for c, j in judged if j.outcome is LegalOutcome.NOT_MET]
    for _, j in failing:
        out.extend(_restriction_reasons(j, component_id))
    if all(j.outcome is LegalOutcome.MET for _, j in judged) and not entry.license_unidentified:
        out.append(Reason(f"every candidate ({names}) satisfies the definition"))
        return Finding(Outcome.MET, tuple(out))
    if failing and len(failing) == len(judged):
        freedoms = union_freedoms(
            f for _, j in failing for f in (j.freedoms_broken or req.freedoms)
        )
        out.append(Reason(f"every candidate ({names}) denies what the definition requires"))
        return Finding(
            Outcome.NOT_MET,
            tuple(out),
            FailureKind.LEGAL,
            freedoms,
            (f"Relicense the {name[0].lower() + name[1:]} (now {names}) under open terms.",),
        )
    if entry.license_unidentified:
        out.append(_unidentified_reason(entry, label, component_id))
    out.append(
        Reason(
            "a person must read the license text to decide"
            + (f" ({', '.join(c for c, _ in failing)} would fail)" if failing else "")
        )
    )
    return Finding(Outcome.NEEDS_REVIEW, tuple(out))


def unique_components(system: System, req: Requirement) -> list[str]:
    """Component ids to probe, skipping finer ones that only inherit an entry already probed."""
    out: list[str] = []
    for cid in req.components:
        view = system.component(cid)
        if view is not None and view.via is not None and view.via in req.components:
            continue
        if (
            view is not None
            and view.via is not None
            and any((v := system.component(o)) is not None and v.entry is view.entry for o in out)
        ):
            continue
        out.append(cid)
    return out


def coverage_reasons(system: System) -> tuple[Reason, ...]:
    view = system.component("data-description")
    if view is None or view.entry.status is not Availability.RELEASED:
        return ()
    covers = set(view.entry.covers)
    if not covers:
        return (
            Reason(
                "the manifest does not say which aspects the data description covers; "
                "a reviewer must check provenance, scope, selection, labeling and "
                "processing",
                "data-description",
            ),
        )
    missing = [c.value for c in _REQUIRED_COVERAGE if c not in covers]
    found = ", ".join(c.value for c in Coverage if c in covers)
    text = f"the data description covers: {found}"
    if missing:
        text += f"; not stated: {', '.join(missing)} (reviewer to confirm)"
    return (Reason(text, "data-description", tuple(view.entry.all_sources())),)


def _rubric_reasons(system: System) -> list[Reason]:
    """The Data Information rubric found in the artifacts, one quote per item."""
    out: list[Reason] = []
    seen: set[str] = set()
    for e in system.evidence:
        if e.kind is not EvidenceKind.DATA_INFORMATION:
            continue
        item = str(e.data.get("item", ""))
        if item == "substantially-equivalent":
            found = ", ".join(e.data.get("found") or []) or "none"
            missing = ", ".join(e.data.get("missing") or []) or "none"
            out.insert(0, Reason(f"Data Information rubric: found {found}; missing {missing}"))
        elif item not in seen and e.data.get("quote"):
            seen.add(item)
            quote = " ".join(str(e.data["quote"]).split())
            quote = quote if len(quote) <= 160 else quote[:157] + "…"
            out.append(
                Reason(
                    f"{e.data.get('title', item)}: “{quote}”",
                    e.component,
                    (e.location,) if e.location else (),
                )
            )
    return out


def probe_data_listing(
    system: System, req: Requirement, licenses: LicenseContext | None = None
) -> Finding:
    """Does every training-data entry of the requirement's kinds say where to obtain it?"""
    kinds = {DataKind(k) for k in req.data_kinds}
    entries = [d for d in system.manifest.training_data if d.kind in kinds]
    kinds_text = " or ".join(sorted(k.value for k in kinds))
    if not system.manifest.training_data:
        # Without itemised training data, the published listing (a component) is the evidence.
        component_probes = [
            probe_component(system, c, req, licenses)
            for c in req.components
            if system.component(c) is not None
        ]
        if component_probes:
            return all_of(component_probes)
        return Finding(Outcome.UNKNOWN, (Reason("the manifest lists no training data"),))
    if not entries:
        return Finding(
            Outcome.NOT_APPLICABLE, (Reason(f"no {kinds_text} training data is listed"),)
        )
    unlocated = [d for d in entries if not d.location]
    reasons = [
        Reason(
            f"{d.name} ({d.kind.value}): "
            + (f"obtainable at {d.location}" if d.location else "no location given"),
            None,
            tuple(s for s in (d.location, d.source) if s),
        )
        for d in entries
    ]
    if unlocated:
        names = ", ".join(d.name for d in unlocated)
        return Finding(
            Outcome.NOT_MET,
            tuple(reasons),
            FailureKind.MISSING,
            req.freedoms,
            (f"Say where to obtain: {names}.",),
        )
    return Finding(Outcome.MET, tuple(reasons))


def probe_review(system: System, req: Requirement) -> Finding:
    """Always needs review: the evidence a person needs to judge, laid out."""
    evidence: list[Reason] = []
    for cid in req.components:
        view = system.component(cid)
        if view is not None and view.entry.status is Availability.RELEASED:
            name = component_catalog().get(cid).name
            where = view.entry.location or "location not given"
            evidence.append(
                Reason(
                    f"evidence for the reviewer: {name} at {where}",
                    cid,
                    tuple(view.entry.all_sources()),
                )
            )
    n = len(system.manifest.training_data)
    if n:
        evidence.append(Reason(f"evidence for the reviewer: {n} training data entries listed"))
    evidence.extend(coverage_reasons(system))
    evidence.extend(_rubric_reasons(system))
    text = (
        "whether a skilled person could build a substantially equivalent system is a "
        "judgment the definition leaves to people"
    )
    return Finding(Outcome.NEEDS_REVIEW, (Reason(text), *evidence))


def probe_lineage(
    system: System, req: Requirement, definition: Definition, ancestors: AncestorEvaluator
) -> Finding:
    """Is every base and teacher model itself Open Source AI under the same definition?"""
    refs = [*system.manifest.lineage.base_models, *system.manifest.lineage.teachers]
    if not refs:
        return Finding(Outcome.NOT_APPLICABLE, (Reason("no base or teacher models are declared"),))
    probes: list[Finding] = []
    for ref in refs:
        verdict = ancestors(system, ref, definition)
        label = f"{verdict.name or ref.ref} ({ref.relation.value}, {ref.ref})"
        sources = (ref.source,) if ref.source else ()
        if verdict.status is None:
            probes.append(
                Finding(
                    Outcome.UNKNOWN,
                    (
                        Reason(
                            f"ancestor {label} cannot be evaluated: {verdict.why}", None, sources
                        ),
                    ),
                )
            )
        elif verdict.status is Status.PASS:
            probes.append(
                Finding(
                    Outcome.MET,
                    (
                        Reason(
                            f"ancestor {label} is Open Source AI under {definition.id}",
                            None,
                            sources,
                        ),
                    ),
                )
            )
        elif verdict.status is Status.UNKNOWN:
            probes.append(
                Finding(
                    Outcome.UNKNOWN,
                    (
                        Reason(
                            f"ancestor {label}: status unknown under {definition.id}"
                            + (f" ({verdict.why})" if verdict.why else ""),
                            None,
                            sources,
                        ),
                    ),
                )
            )
        else:
            kind = FailureKind.LEGAL if verdict.license_only_failure else FailureKind.MISSING
            failing = ", ".join(verdict.failing)
            probes.append(
                Finding(
                    Outcome.NOT_MET,
                    (
                        Reason(
                            f"inherited from ancestor {label}, which is not Open Source AI under "
                            f"{definition.id}: {failing}",
                            None,
                            sources,
                        ),
                    ),
                    kind,
                    req.freedoms,
                    (
                        f"Base the system on an Open Source AI model instead of {verdict.name or ref.ref},"
                        " or have its producer release what it lacks.",
                    ),
                )
            )
    return all_of(probes)
