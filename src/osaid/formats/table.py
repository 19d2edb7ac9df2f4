"""The seeds' component table: component | link | license | legal framework | status."""

from __future__ import annotations

from dataclasses import dataclass

from osaid.components import component_catalog
from osaid.definitions.interface import LegalFramework
from osaid.definitions.loader import load_definition
from osaid.evaluation.evaluate import Report
from osaid.evaluation.system import ComponentView
from osaid.licenses.knowledge import LegalOutcome, knowledge
from osaid.manifest.model import Availability


@dataclass(frozen=True)
class ComponentRow:
    component: str
    name: str
    status: str
    """released, not-released, not-used or unknown."""
    link: str | None
    license: str | None
    """The license as normalised (or as written when it could not be read)."""
    license_origin: str
    legal_framework: str
    """What the first OSAID definition evaluated asks of it ("" when it asks nothing)."""
    legal_status: str
    """met, not-met, unknown or n/a."""
    sources: tuple[str, ...]


def _framework_for(report: Report) -> dict[str, tuple[LegalFramework, str]]:
    ids = [r.definition for r in report.results if r.family == "osaid"] or ["osaid-1.0"]
    definition = load_definition(ids[0])
    out: dict[str, tuple[LegalFramework, str]] = {}
    for req in definition.requirements:
        if req.legal is LegalFramework.NONE or req.optional:
            continue
        for cid in req.components:
            out.setdefault(cid, (req.legal, definition.legal_frameworks[req.legal]))
    return out


def component_rows(report: Report) -> list[ComponentRow]:
    system = report.system
    frameworks = _framework_for(report)
    catalog = component_catalog()
    rows = []
    for comp in catalog.components.values():
        entry = system.manifest.components.get(comp.id)
        if entry is None:
            continue
        framework, label = frameworks.get(comp.id, (LegalFramework.NONE, ""))
        license_text, origin = system.license_of(ComponentView(comp.id, entry))
        shown = None
        legal = "n/a"
        if entry.status is not Availability.RELEASED:
            origin = "none"
        else:
            judged = knowledge().judge(
                license_text,
                framework if framework is not LegalFramework.NONE else LegalFramework.OPEN_TERMS,
                report.licenses,
            )
            shown = judged.normalized.expression or license_text
            legal = (
                judged.outcome.value
                if framework is not LegalFramework.NONE
                else ("n/a" if judged.outcome is not LegalOutcome.UNKNOWN else "unknown")
            )
        rows.append(
            ComponentRow(
                component=comp.id,
                name=comp.name,
                status=entry.status.value,
                link=entry.location,
                license=shown,
                license_origin=origin,
                legal_framework=label,
                legal_status=legal,
                sources=tuple(entry.all_sources()),
            )
        )
    return rows
