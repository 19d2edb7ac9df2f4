"""Importers: the reference catalog (the initial content of an empty registry) and Model
Openness Tool records."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osaid.errors import OsaidError
from osaid.evaluation.system import System as EvalSystem
from osaid.registry import models as m
from osaid.registry.services.cache import CONTENT_VERSION, bump_content_version
from osaid.registry.services.store import evaluate_system, store_system
from osaid.registry.services.transactions import audit, now, retrying
from osaid.registry.services.views import ImportResult


@functools.cache
def _catalog_reports(slug: str) -> dict[str, dict[str, Any]]:
    from osaid.catalog import load_catalog_system

    return evaluate_system(load_catalog_system(slug))


def import_catalog(session: Session) -> ImportResult:
    """Load the reference catalog (`osaid.catalog`); systems already imported are skipped."""
    from osaid.catalog import catalog_slugs, load_catalog_system

    existing = set(
        session.scalars(select(m.System.origin).where(m.System.origin.like("catalog:%"))).all()
    )
    todo = [s for s in catalog_slugs() if f"catalog:{s}" not in existing]
    evaluated = [(s, load_catalog_system(s), _catalog_reports(s)) for s in todo]

    def do() -> None:
        for slug, system, reports in evaluated:
            store_system(
                session,
                system,
                reports,
                origin=f"catalog:{slug}",
                slug_hint=slug,
                source_text=None,
                source_name=None,
            )
        if evaluated:
            audit(session, None, "import.catalog", "catalog", added=len(evaluated))

    retrying(session, do)
    return ImportResult(added=len(evaluated), skipped=len(existing))


def import_mot_records(session: Session, paths: Iterable[Path | str]) -> ImportResult:
    """Load Model Openness Tool records (YAML files); each becomes (or updates) a system.

    A record that cannot be read is reported in `failed` and the others are still imported
    (all in one transaction).
    """
    from osaid._yaml import read_text_file
    from osaid.manifest.load import load_system_text

    items: list[tuple[str, str, EvalSystem, dict[str, dict[str, Any]]]] = []
    failed: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        try:
            text_ = read_text_file(path)
            system = load_system_text(text_, name=path.name)
            items.append((path.name, text_, system, evaluate_system(system)))
        except OsaidError as exc:
            failed.append((path.name, str(exc)))
    counts = {"added": 0, "updated": 0}

    def do() -> None:
        counts.update(added=0, updated=0)
        for name, text_, system, reports in items:
            _, created = store_system(
                session,
                system,
                reports,
                origin=f"mot:{name}",
                slug_hint=Path(name).stem,
                source_text=text_,
                source_name=name,
            )
            counts["added" if created else "updated"] += 1
        audit(session, None, "import.mot", "mot", **counts, failed=len(failed))

    retrying(session, do)
    return ImportResult(added=counts["added"], updated=counts["updated"], failed=tuple(failed))


def ensure_initial_content(session: Session) -> bool:
    """On an empty registry, import the reference catalog once. True if it did."""
    done = session.get(m.Meta, "initial_content")
    if done is not None and session.get(m.Meta, CONTENT_VERSION) is not None:
        return False
    has_systems = session.scalar(select(func.count(m.System.id))) or 0
    if not has_systems:
        import_catalog(session)

    def mark() -> None:
        if session.get(m.Meta, CONTENT_VERSION) is None:
            bump_content_version(session)
        if session.get(m.Meta, "initial_content") is None:
            session.add(m.Meta(key="initial_content", value=now().isoformat()))

    try:
        retrying(session, mark)
    except IntegrityError:  # another worker process did it at the same moment
        session.rollback()
    return not has_systems
