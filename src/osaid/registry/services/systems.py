"""Reading systems: the listing (a `SystemQuery`), the filters' values, a system with its
history, one evaluation, and comparisons. Results are cached per process until the next
write of content (`cache`); treat them as read-only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from osaid.errors import InputError
from osaid.registry import models as m
from osaid.registry.errors import NotFound
from osaid.registry.services.cache import cached_read
from osaid.registry.services.checks import system_row
from osaid.registry.services.query import SystemQuery
from osaid.registry.services.views import (
    ComponentRow,
    EvaluationInfo,
    Page,
    SystemDetail,
    SystemSummary,
    view_of,
)


def summary_of(row: m.System, evals: Sequence[m.Evaluation] | Sequence[Any]) -> SystemSummary:
    statuses: dict[str, str] = {}
    mof_class: int | None = None
    license_only = False
    for e in evals:
        statuses[e.definition_id] = e.status
        if e.definition_id == "mof":
            mof_class = e.mof_class
        if e.definition_id == "osaid-1.0":
            license_only = bool(e.license_only_failure)
    return view_of(
        SystemSummary,
        row,
        statuses=statuses,
        mof_class=mof_class,
        license_only_failure=license_only,
        merged_into=row.merged_into.slug if row.merged_into is not None else None,
    )


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_systems(
    session: Session, query: SystemQuery | None = None, **filters: Any
) -> Page[SystemSummary]:
    """The page of systems `query` asks for; without a query, the one made of `filters`
    (`SystemQuery`'s fields). Cached per process until the next write of content."""
    if query is None:
        query = SystemQuery(**filters)
    elif filters:
        raise TypeError("give a query or its fields, not both")
    chosen = query
    return cached_read(session, ("list", chosen), lambda: _list_systems(session, chosen))


def _list_systems(session: Session, query: SystemQuery) -> Page[SystemSummary]:
    ev = m.Evaluation
    conds = _conditions(query)
    joined = and_(
        ev.system_id == m.System.id, ev.definition_id == query.definition, ev.latest.is_(True)
    )
    if query.status:
        conds.append(ev.status == query.status.casefold())
    base = select(m.System.id).outerjoin(ev, joined)
    if conds:
        base = base.where(*conds)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.scalars(
        select(m.System)
        .outerjoin(ev, joined)
        .where(*conds)
        .order_by(*_order(query.sort), m.System.id)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    evals = _latest_evaluations(session, [r.id for r in rows])
    items = tuple(summary_of(r, evals.get(r.id, [])) for r in rows)
    return Page(items, int(total), query.page, query.per_page)


def _conditions(query: SystemQuery) -> list[Any]:
    """The WHERE conditions on systems (the verdict's is added with its join)."""
    conds: list[Any] = []
    if not query.include_hidden:
        conds += [m.System.hidden.is_(False), m.System.merged_into_id.is_(None)]
    if query.q:
        pattern = _like(query.q.casefold())
        conds.append(
            or_(
                func.lower(m.System.name).like(pattern, escape="\\"),
                func.lower(m.System.slug).like(pattern, escape="\\"),
                func.lower(m.System.producer).like(pattern, escape="\\"),
            )
        )
    for column, value in (
        (m.System.producer, query.producer),
        (m.System.license, query.license),
        (m.System.modality, query.modality),
    ):
        if value:
            conds.append(func.lower(column) == value.casefold())
    return conds


def _order(sort: str) -> list[Any]:
    """ORDER BY of a sort (see `SORTS`); the caller adds the id, so that pages never overlap."""
    name = func.lower(m.System.name)
    if sort in ("name", "-name"):
        return [name.desc() if sort.startswith("-") else name]
    if sort in ("producer", "-producer"):
        key = func.lower(func.coalesce(m.System.producer, ""))
        return [key.desc() if sort.startswith("-") else key, name]
    if sort == "updated":
        return [m.System.updated_at.desc()]
    if sort == "-updated":
        return [m.System.updated_at]
    if sort == "status":
        return [func.coalesce(m.Evaluation.status, "~"), name]
    return [m.System.slug]


def _latest_evaluations(session: Session, ids: list[int]) -> dict[int, list[Any]]:
    if not ids:
        return {}
    ev = m.Evaluation
    out: dict[int, list[Any]] = {}
    for e in session.execute(
        select(
            ev.system_id,
            ev.definition_id,
            ev.status,
            ev.mof_class,
            ev.license_only_failure,
        ).where(ev.system_id.in_(ids), ev.latest.is_(True))
    ):
        out.setdefault(e.system_id, []).append(e)
    return out


def facets(session: Session) -> dict[str, list[str]]:
    """Distinct producers, licenses and modalities of published systems (for filter menus)."""
    return cached_read(session, ("facets",), lambda: _facets(session))


def _facets(session: Session) -> dict[str, list[str]]:
    visible = (m.System.hidden.is_(False), m.System.merged_into_id.is_(None))
    out: dict[str, list[str]] = {}
    for name, col in (
        ("producer", m.System.producer),
        ("license", m.System.license),
        ("modality", m.System.modality),
    ):
        values = session.scalars(select(col).where(*visible, col.is_not(None)).distinct()).all()
        out[name] = sorted((v for v in values if v), key=str.casefold)
    statuses = session.scalars(
        select(m.Evaluation.status).where(m.Evaluation.latest.is_(True)).distinct()
    ).all()
    out["status"] = sorted(statuses)
    return out


def get_system(session: Session, slug: str, *, include_hidden: bool = False) -> SystemDetail:
    """One system with its latest report per definition and its whole evaluation history.

    A hidden system raises NotFound unless `include_hidden`; a merged one is returned as is
    (its `summary.merged_into` names the system it was merged into). Cached per process
    until the next write (treat the result as read-only).
    """
    if not isinstance(slug, str) or len(slug) > 120:
        raise InputError("a system slug is required", field="slug")
    return cached_read(
        session,
        ("system", slug, include_hidden),
        lambda: _get_system(session, slug, include_hidden),
    )


def _get_system(session: Session, slug: str, include_hidden: bool) -> SystemDetail:
    row = system_row(session, slug, include_hidden=include_hidden)
    history = session.scalars(
        select(m.Evaluation)
        .where(m.Evaluation.system_id == row.id)
        .order_by(m.Evaluation.id.desc())
    ).all()
    latest = [e for e in history if e.latest]
    reports = {e.definition_id: e.report for e in latest}
    first = reports.get("osaid-1.0") or next(iter(reports.values()), {})
    components = tuple(view_of(ComponentRow, c) for c in first.get("components", []))
    freedoms: dict[str, dict[str, str]] = {}
    remediation: dict[str, list[str]] = {}
    reasons: dict[str, list[dict[str, Any]]] = {}
    for definition_id, report in reports.items():
        result = report["results"][0]
        freedoms[definition_id] = {f: v["status"] for f, v in result.get("freedoms", {}).items()}
        remediation[definition_id] = list(result.get("remediation", []))
        reasons[definition_id] = [
            {k: r[k] for k in ("id", "title", "outcome", "reasons", "remediation")}
            for r in result.get("requirements", [])
            if r["outcome"] not in ("met", "not-applicable")
        ]
    system = first.get("system", {})
    return SystemDetail(
        summary=summary_of(row, latest),
        reports=reports,
        components=components,
        freedoms=freedoms,
        remediation=remediation,
        reasons=reasons,
        lineage=list(system.get("lineage", [])),
        evidence=list(first.get("evidence", [])),
        notes=list(first.get("notes", [])),
        urls=dict(system.get("urls", {})),
        evaluations=tuple(
            view_of(EvaluationInfo, e, data_versions=dict(e.data_versions)) for e in history
        ),
    )


def get_evaluation(session: Session, evaluation_id: int) -> dict[str, Any]:
    """One stored evaluation: {id, system, definition_id, ..., report}."""
    e = session.get(m.Evaluation, evaluation_id)
    if e is None or e.system.hidden:
        raise NotFound(f"no evaluation {evaluation_id}")
    columns = ("definition_id", "definition_version", "status", "mof_class", "latest")
    return {
        "id": e.id,
        "system": e.system.slug,
        **{name: getattr(e, name) for name in columns},
        "data_versions": e.data_versions,
        "created_at": e.created_at.isoformat(),
        "report": e.report,
    }


def compare_systems(session: Session, slugs: list[str]) -> list[SystemDetail]:
    """2 to 4 distinct systems, in the order given."""
    if not isinstance(slugs, list | tuple) or not 2 <= len(slugs) <= 4:
        raise InputError("compare 2 to 4 systems", field="slugs")
    if len(set(slugs)) != len(slugs):
        raise InputError("the same system is given twice", field="slugs")
    return [get_system(session, s) for s in slugs]
