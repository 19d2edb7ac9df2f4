"""Declared versus detected: where a manifest or MOT record and the artifacts disagree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from osaid.components import component_catalog
from osaid.evaluation.system import System
from osaid.licenses.knowledge import knowledge
from osaid.manifest.model import Availability
from osaid.sources.evidence import EvidenceKind

DETECTABLE = frozenset(
    {
        "model-parameters-final",
        "model-parameters-intermediate",
        "optimizer-state",
        "training-code",
        "data-preprocessing-code",
        "inference-code",
        "evaluation-code",
        "model-architecture",
        "tokenizer",
        "model-card",
        "data-card",
        "training-configuration",
    }
)
"""Components whose presence in a release osaid can see from its files."""


@dataclass(frozen=True)
class Disagreement:
    kind: str
    """license-mismatch, claimed-not-found, found-but-declared-absent, release-conflict."""
    message: str
    component: str | None = None
    declared: str | None = None
    detected: str | None = None
    locations: tuple[str, ...] = ()


def _points_into(location: str | None, release_urls: tuple[str, ...]) -> bool:
    if not location:
        return True
    if "://" not in location:
        return True  # a relative path: inside the release
    return any(u and location.startswith(u.rstrip("/")) for u in release_urls)


def audit(declared: System, detected: System) -> tuple[Disagreement, ...]:
    catalog = component_catalog()
    urls = tuple(u for u in (detected.origin, *detected.manifest.system.urls.values()) if u)
    out: list[Disagreement] = [
        Disagreement(
            "release-conflict",
            f"inside the release: {e.data.get('declared_in')} declares "
            f"{e.data.get('declared')!r} but {e.data.get('detected_in')} is "
            f"{e.data.get('detected')}",
            declared=str(e.data.get("declared")),
            detected=str(e.data.get("detected")),
            locations=(e.location,),
        )
        for e in detected.evidence
        if e.kind is EvidenceKind.CONFLICT
    ]
    found = detected.manifest.components
    for cid, entry in declared.manifest.components.items():
        name = catalog.get(cid).name
        seen = found.get(cid)
        if seen is not None and seen.status is not Availability.RELEASED:
            seen = None  # only its terms are known (a license file), not the files
        if cid in DETECTABLE and entry.status is Availability.RELEASED and seen is None:
            if _points_into(entry.location, urls):
                out.append(
                    Disagreement(
                        "claimed-not-found",
                        f"{name}: declared released"
                        + (f" at {entry.location}" if entry.location else "")
                        + ", but the release contains no such files",
                        component=cid,
                        declared="released",
                        detected="absent",
                        locations=tuple(entry.all_sources()),
                    )
                )
        if seen is not None and entry.status in (Availability.NOT_RELEASED, Availability.NOT_USED):
            out.append(
                Disagreement(
                    "found-but-declared-absent",
                    f"{name}: declared {entry.status.value}, but the release contains it "
                    f"({seen.location})",
                    component=cid,
                    declared=entry.status.value,
                    detected="released",
                    locations=(seen.location or "",),
                )
            )
        if seen is not None and entry.status is Availability.RELEASED:
            out.extend(
                _mismatch(
                    entry.license or declared.manifest.license,
                    seen.license or detected.manifest.license,
                    partial(_component_mismatch, name),
                    seen.source or seen.location or "",
                    cid,
                )
            )
    out.extend(
        _mismatch(
            declared.manifest.license,
            detected.manifest.license,
            lambda said, shown: (
                f"distribution license: declared {said}, the release's license is {shown}"
            ),
            detected.manifest.license_source or "",
        )
    )
    return tuple(out)


def _component_mismatch(name: str, said: str, shown: str) -> str:
    return f"{name}: declared under {said}, the release shows {shown}"


def _mismatch(
    said: str | None,
    shown: str | None,
    message: Callable[[str, str], str],
    location: str,
    component: str | None = None,
) -> list[Disagreement]:
    """A license-mismatch when both licenses are known and say different things."""
    if not said or not shown or knowledge().equivalent(said, shown) is not False:
        return []
    return [
        Disagreement(
            "license-mismatch",
            message(said, shown),
            component=component,
            declared=said,
            detected=shown,
            locations=(location,),
        )
    ]
