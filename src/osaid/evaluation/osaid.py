"""Evaluate a system against an OSAID-family definition (1.0, 1.0-RC1, 0.0.9).

Probes look at one component or one data entry and return a `_Probe` (outcome, failure kind,
reasons, freedoms taken away). Requirements only combine probes according to their rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from osaid.components import component_catalog
from osaid.definitions.interface import Definition, LegalFramework, Requirement, Rule
from osaid.evaluation.result import (
    DefinitionResult,
    FailureKind,
    FreedomResult,
    Outcome,
    Reason,
    RequirementResult,
    Status,
)
from osaid.evaluation.system import ComponentView, System
from osaid.freedoms import Freedom
from osaid.licenses.knowledge import Judgement, LegalOutcome, knowledge
from osaid.manifest.model import Availability, BaseModelRef, Component, Coverage, DataKind
from osaid.sources.interface import EvidenceKind

AncestorEvaluator = Callable[[System, BaseModelRef, Definition], "AncestorVerdict"]

_REQUIRED_COVERAGE = (
    Coverage.PROVENANCE,
    Coverage.SCOPE,
    Coverage.CHARACTERISTICS,
    Coverage.OBTAINED,
    Coverage.SELECTION,
    Coverage.PROCESSING,
)


@dataclass(frozen=True)
class AncestorVerdict:
    ref: str
    relation: str
    status: Status | None
    """None when the ancestor could not be found or evaluated."""
    name: str = ""
    license_only_failure: bool | None = None
    failing: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class _Probe:
    outcome: Outcome
    reasons: tuple[Reason, ...]
    failure: FailureKind | None = None
    freedoms: tuple[Freedom, ...] = ()
    remediation: tuple[str, ...] = ()


def _component_probe(system: System, component_id: str, req: Requirement) -> _Probe:
    catalog = component_catalog()
    name = catalog.get(component_id).name
    view = system.component(component_id)
    if view is None:
        return _Probe(
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
            legal = _legal_probe(system, view, req, label, sources)
            if legal.outcome is Outcome.NOT_MET:
                return dataclasses.replace(legal, reasons=(unknown, *legal.reasons))
            return _Probe(Outcome.UNKNOWN, (unknown, *legal.reasons))
        return _Probe(Outcome.UNKNOWN, (unknown,))
    if entry.status is Availability.NOT_USED:
        if req.if_used:
            return _Probe(
                Outcome.NOT_APPLICABLE,
                (Reason(f"{label}: not used by this system", component_id, sources),),
            )
        return _Probe(
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
        return _Probe(
            Outcome.NOT_MET,
            (Reason(f"{label}: not released{note}", component_id, sources),),
            FailureKind.MISSING,
            req.freedoms,
        )
    if req.legal is LegalFramework.NONE:
        return _Probe(Outcome.MET, (Reason(f"{label}: released", component_id, sources),))
    return _legal_probe(system, view, req, label, sources)


def _legal_probe(
    system: System, view: ComponentView, req: Requirement, label: str, sources: tuple[str, ...]
) -> _Probe:
    """Whether a component's terms satisfy the requirement's legal framework."""
    component_id = view.id
    entry = view.entry
    name = component_catalog().get(component_id).name
    license_text, origin = system.license_of(view)
    judgement = knowledge().judge(license_text, req.legal)
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
            entry.license_candidates, req, label, name, reasons, entry, component_id
        )
    if entry.license_unidentified and judgement.outcome is not LegalOutcome.NOT_MET:
        return _Probe(
            Outcome.NEEDS_REVIEW, (*reasons, _unidentified_reason(entry, label, component_id))
        )
    if judgement.outcome is LegalOutcome.MET:
        return _Probe(Outcome.MET, tuple(reasons))
    if judgement.outcome is LegalOutcome.UNKNOWN:
        return _Probe(Outcome.UNKNOWN, tuple(reasons))
    framework = (
        "an OSI-approved license"
        if req.legal is LegalFramework.OSI_APPROVED_LICENSE
        else "OSI-approved or open terms"
    )
    return _Probe(
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
) -> _Probe:
    """A license text identified only approximately: it fails when every license it may be
    fails; otherwise a person must read it (never silently taken, never dropped)."""
    judged = [(c, knowledge().judge(c, req.legal)) for c in candidates]
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
        return _Probe(Outcome.MET, tuple(out))
    if failing and len(failing) == len(judged):
        freedoms = _union(f for _, j in failing for f in (j.freedoms_broken or req.freedoms))
        out.append(Reason(f"every candidate ({names}) denies what the definition requires"))
        return _Probe(
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
    return _Probe(Outcome.NEEDS_REVIEW, tuple(out))


def _combine_all(probes: list[_Probe]) -> _Probe:
    reasons = tuple(r for p in probes for r in p.reasons)
    failing = [p for p in probes if p.outcome is Outcome.NOT_MET]
    if failing:
        kind = (
            FailureKind.MISSING
            if any(p.failure is FailureKind.MISSING for p in failing)
            else FailureKind.LEGAL
        )
        freedoms = _union(f for p in failing for f in p.freedoms)
        return _Probe(
            Outcome.NOT_MET,
            reasons,
            kind,
            freedoms,
            tuple(x for p in failing for x in p.remediation),
        )
    if any(p.outcome is Outcome.UNKNOWN for p in probes):
        return _Probe(Outcome.UNKNOWN, reasons)
    if any(p.outcome is Outcome.NEEDS_REVIEW for p in probes):
        return _Probe(Outcome.NEEDS_REVIEW, reasons)
    if probes and all(p.outcome is Outcome.NOT_APPLICABLE for p in probes):
        return _Probe(Outcome.NOT_APPLICABLE, reasons)
    return _Probe(Outcome.MET, reasons)


def _combine_any(probes: list[_Probe]) -> _Probe:
    met = [p for p in probes if p.outcome is Outcome.MET]
    if met:
        return _Probe(Outcome.MET, tuple(r for p in met for r in p.reasons))
    reasons = tuple(r for p in probes for r in p.reasons)
    if any(p.outcome is Outcome.UNKNOWN for p in probes):
        return _Probe(Outcome.UNKNOWN, reasons)
    if any(p.outcome is Outcome.NEEDS_REVIEW for p in probes):
        return _Probe(Outcome.NEEDS_REVIEW, reasons)
    legal = [p for p in probes if p.failure is FailureKind.LEGAL]
    kind = FailureKind.LEGAL if legal else FailureKind.MISSING
    return _Probe(
        Outcome.NOT_MET,
        reasons,
        kind,
        _union(f for p in probes for f in p.freedoms),
        tuple(x for p in legal for x in p.remediation),
    )


def _union(freedoms: Iterable[Freedom]) -> tuple[Freedom, ...]:
    seen = set(freedoms)
    return tuple(f for f in Freedom if f in seen)


def _unique_views(system: System, req: Requirement) -> list[str]:
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


def _coverage_reasons(system: System) -> tuple[Reason, ...]:
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


def _data_listing(system: System, req: Requirement) -> _Probe:
    kinds = {DataKind(k) for k in req.data_kinds}
    entries = [d for d in system.manifest.training_data if d.kind in kinds]
    kinds_text = " or ".join(sorted(k.value for k in kinds))
    if not system.manifest.training_data:
        # Without itemised training data, the published listing (a component) is the evidence.
        component_probes = [
            _component_probe(system, c, req)
            for c in req.components
            if system.component(c) is not None
        ]
        if component_probes:
            return _combine_all(component_probes)
        return _Probe(Outcome.UNKNOWN, (Reason("the manifest lists no training data"),))
    if not entries:
        return _Probe(Outcome.NOT_APPLICABLE, (Reason(f"no {kinds_text} training data is listed"),))
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
        return _Probe(
            Outcome.NOT_MET,
            tuple(reasons),
            FailureKind.MISSING,
            req.freedoms,
            (f"Say where to obtain: {names}.",),
        )
    return _Probe(Outcome.MET, tuple(reasons))


def _review(system: System, req: Requirement) -> _Probe:
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
    evidence.extend(_coverage_reasons(system))
    evidence.extend(_rubric_reasons(system))
    text = (
        "whether a skilled person could build a substantially equivalent system is a "
        "judgment the definition leaves to people"
    )
    return _Probe(Outcome.NEEDS_REVIEW, (Reason(text), *evidence))


def _lineage(
    system: System, req: Requirement, definition: Definition, ancestors: AncestorEvaluator
) -> _Probe:
    refs = [*system.manifest.lineage.base_models, *system.manifest.lineage.teachers]
    if not refs:
        return _Probe(Outcome.NOT_APPLICABLE, (Reason("no base or teacher models are declared"),))
    probes: list[_Probe] = []
    for ref in refs:
        verdict = ancestors(system, ref, definition)
        label = f"{verdict.name or ref.ref} ({ref.relation.value}, {ref.ref})"
        sources = (ref.source,) if ref.source else ()
        if verdict.status is None:
            probes.append(
                _Probe(
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
                _Probe(
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
                _Probe(
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
                _Probe(
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
    return _combine_all(probes)


def evaluate_requirement(
    system: System, req: Requirement, definition: Definition, ancestors: AncestorEvaluator
) -> RequirementResult:
    if req.rule is Rule.ALL:
        probe = _combine_all([_component_probe(system, c, req) for c in _unique_views(system, req)])
        if req.id == "data-information.description" and probe.outcome is Outcome.MET:
            probe = _Probe(probe.outcome, probe.reasons + _coverage_reasons(system))
    elif req.rule is Rule.ANY:
        probe = _combine_any([_component_probe(system, c, req) for c in req.components])
    elif req.rule is Rule.DATA_LISTING:
        probe = _data_listing(system, req)
    elif req.rule is Rule.REVIEW:
        probe = _review(system, req)
    elif req.rule is Rule.LINEAGE:
        probe = _lineage(system, req, definition, ancestors)
    else:
        raise ValueError(f"rule {req.rule} is not evaluated by the OSAID evaluator")
    return result_from_probe(req, definition, probe)


def result_from_probe(req: Requirement, definition: Definition, probe: _Probe) -> RequirementResult:
    """The requirement's result: the probe's outcome, reasons and what to do about it."""
    remediation: tuple[str, ...] = ()
    if probe.outcome is Outcome.NOT_MET:
        # A legal or lineage failure already says what to relicense or replace; the generic
        # text only helps where something is missing.
        specific = bool(probe.remediation) and (
            probe.failure is FailureKind.LEGAL or req.rule is Rule.LINEAGE
        )
        generic: tuple[str, ...] = () if specific else (req.remediation,)
        remediation = tuple(dict.fromkeys([*probe.remediation, *generic]))
    elif probe.outcome is Outcome.UNKNOWN:
        remediation = (f"State in the manifest, with a source, the facts for: {req.title}.",)
    return RequirementResult(
        id=req.id,
        title=req.title,
        element=req.element.value,
        outcome=probe.outcome,
        reasons=probe.reasons,
        freedoms=probe.freedoms if probe.outcome is Outcome.NOT_MET else req.freedoms,
        remediation=remediation,
        optional=req.optional,
        failure_kind=probe.failure if probe.outcome is Outcome.NOT_MET else None,
        legal=definition.legal_frameworks.get(req.legal, ""),
        source=req.source,
    )


def freedom_verdicts(
    results: Iterable[RequirementResult], undecided: frozenset[str] = frozenset()
) -> tuple[FreedomResult, ...]:
    """Each freedom: denied by a requirement not met, unknown while one is unknown or
    `undecided` (a needs-review that blocks, e.g. a license to be read)."""
    out = []
    results = [r for r in results if not r.optional]
    for freedom in Freedom:
        denied = [r for r in results if r.outcome is Outcome.NOT_MET and freedom in r.freedoms]
        unknown = [
            r
            for r in results
            if (r.outcome is Outcome.UNKNOWN or r.id in undecided) and freedom in r.freedoms
        ]
        if denied:
            out.append(
                FreedomResult(
                    freedom,
                    Status.FAIL,
                    tuple(r.id for r in denied),
                    tuple(f"{r.title}: not met" for r in denied),
                )
            )
        elif unknown:
            out.append(
                FreedomResult(
                    freedom,
                    Status.UNKNOWN,
                    tuple(r.id for r in unknown),
                    tuple(
                        f"{r.title}: {'needs review' if r.id in undecided else 'unknown'}"
                        for r in unknown
                    ),
                )
            )
        else:
            out.append(FreedomResult(freedom, Status.PASS))
    return tuple(out)


def evaluate_osaid(
    system: System, definition: Definition, ancestors: AncestorEvaluator
) -> DefinitionResult:
    results = tuple(
        evaluate_requirement(system, r, definition, ancestors) for r in definition.requirements
    )
    blocking = [r for r in results if not r.optional]
    failing = [r for r in blocking if r.outcome is Outcome.NOT_MET]
    # The skilled-person judgment is left to people and does not block a pass; any other
    # needs-review (a license only identified approximately) leaves the verdict open.
    undecided = frozenset(
        r.id
        for r, req in zip(results, definition.requirements, strict=True)
        if r.outcome is Outcome.NEEDS_REVIEW and req.rule is not Rule.REVIEW and not r.optional
    )
    if failing:
        status = Status.FAIL
    elif undecided or any(r.outcome is Outcome.UNKNOWN for r in blocking):
        status = Status.UNKNOWN
    else:
        status = Status.PASS
    remediation = tuple(
        dict.fromkeys(
            x
            for r in blocking
            for x in r.remediation
            if r.outcome in (Outcome.NOT_MET, Outcome.UNKNOWN)
        )
    )
    return DefinitionResult(
        definition=definition.id,
        name=definition.name,
        version=definition.version,
        family=definition.family,
        status=status,
        requirements=results,
        freedoms=freedom_verdicts(results, undecided),
        remediation=remediation,
        license_only_failure=(
            status is Status.FAIL and all(r.failure_kind is FailureKind.LEGAL for r in failing)
        ),
        needs_review=tuple(r.id for r in results if r.outcome is Outcome.NEEDS_REVIEW),
        source=definition.source,
    )
