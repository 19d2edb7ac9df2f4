"""Evaluating a system and storing it with its evaluations (new, or a new history entry of
the system with the same origin)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.system import System as EvalSystem
from osaid.formats.json_report import report_to_dict
from osaid.registry import models as m
from osaid.registry.services.cache import bump_content_version
from osaid.registry.services.transactions import now

DEFINITIONS: tuple[str, ...] = ("osaid-1.0", "mof", "eu-ai-act-2024")
"""The definitions every system is evaluated against when it enters the registry."""


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9.]+", "-", name.casefold())
    slug = re.sub(r"\.{2,}", ".", slug).strip("-.")
    return slug[:100].strip("-.") or "system"


def _unique_slug(session: Session, base: str) -> str:
    slug = base
    n = 2
    while session.scalar(select(m.System.id).where(m.System.slug == slug)) is not None:
        slug = f"{base}-{n}"
        n += 1
    return slug


def evaluate_system(system: EvalSystem) -> dict[str, dict[str, Any]]:
    """Evaluate against `DEFINITIONS`; per definition id, the JSON report of that definition."""
    report = report_to_dict(Evaluator().evaluate(system, DEFINITIONS))
    out: dict[str, dict[str, Any]] = {}
    for result in report["results"]:
        out[result["definition"]] = {**report, "results": [result]}
    return out


def store_system(
    session: Session,
    system: EvalSystem,
    reports: dict[str, dict[str, Any]],
    *,
    origin: str,
    slug_hint: str,
    source_text: str | None,
    source_name: str | None,
) -> tuple[m.System, bool]:
    """Insert or update the system with that origin and add its evaluations. True if new."""
    manifest = system.manifest
    identity = manifest.system
    row = session.scalars(select(m.System).where(m.System.origin == origin)).first()
    created = row is None
    stamp = now()
    if row is None:
        row = m.System(slug=_unique_slug(session, slugify(slug_hint)), origin=origin)
        row.created_at = stamp
        session.add(row)
    row.name = identity.name[:300]
    row.producer = identity.producer.name[:300] if identity.producer else None
    row.producer_kind = (
        identity.producer.kind.value if identity.producer and identity.producer.kind else None
    )
    row.modality = identity.modality[:120] if identity.modality else None
    row.license = manifest.license[:500] if manifest.license else None
    row.source_text = source_text
    row.source_name = source_name
    row.updated_at = stamp
    session.flush()
    session.execute(
        update(m.Evaluation)
        .where(m.Evaluation.system_id == row.id, m.Evaluation.definition_id.in_(list(reports)))
        .values(latest=False)
    )
    for definition_id, report in reports.items():
        result = report["results"][0]
        session.add(
            m.Evaluation(
                system_id=row.id,
                definition_id=definition_id,
                definition_version=str(result.get("version", "")),
                data_versions=report["data_versions"],
                report=report,
                status=result["status"],
                mof_class=result.get("class"),
                license_only_failure=bool(result.get("license_only_failure", False)),
                latest=True,
                created_at=stamp,
            )
        )
    session.flush()
    bump_content_version(session)
    return row, created
