"""Every read and write of the registry: the contract the pages and the API are built on.

Conventions:

* Each function takes a SQLAlchemy `Session` first. Read functions return frozen dataclasses
  (or plain dicts where documented) and never write. Write functions run in one transaction
  of their own: they commit on success and roll back on any error, so a failure leaves
  nothing half-written (an open read transaction in the session is committed first).
* Bad input raises `osaid.errors.InputError` (message, optional field); a missing object
  `NotFound`, a role that does not allow the action `PermissionDenied`, a clash with existing
  rows `Conflict` (all in `osaid.registry.errors`).
* `user` arguments are `models.User` rows (as `auth` returns them) or None for anonymous.

Ballots: one per reviewer per (system, component, freedom), enforced by a UNIQUE constraint.
`cast_ballot` a second time raises `Conflict`; changing one's vote is an explicit
`update_ballot` (and `withdraw_ballot` removes it).
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import math
import queue
import re
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Engine, Table, and_, delete, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.evaluation.evaluate import Evaluator
from osaid.evaluation.system import System as EvalSystem
from osaid.formats.json_report import report_to_dict
from osaid.freedoms import Freedom
from osaid.licenses.interface import LicenseFacts
from osaid.registry import models as m
from osaid.registry.db import NO_VALUE, begin_write, fast_scalar
from osaid.registry.errors import Conflict, NotFound, PermissionDenied

log = logging.getLogger("osaid.registry")

T = TypeVar("T")

DEFINITIONS: tuple[str, ...] = ("osaid-1.0", "mof")
"""The definitions every system is evaluated against when it enters the registry."""
MAX_UPLOAD_BYTES = 1024 * 1024
MAX_COMMENT = 2000
RC_THRESHOLD = 2
FINAL_THRESHOLD = 5
SORTS = ("name", "-name", "producer", "-producer", "updated", "-updated", "status", "slug")
HF_REPO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,79}$")


# ---------------------------------------------------------------------------------------------
# Views


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class SystemSummary:
    slug: str
    name: str
    producer: str | None
    producer_kind: str | None
    modality: str | None
    license: str | None
    statuses: dict[str, str]
    """Latest verdict per definition id, e.g. {"osaid-1.0": "fail", "mof": "pass"}."""
    mof_class: int | None
    """MOF class (1–3; 0 = unclassified) from the latest `mof` evaluation."""
    license_only_failure: bool
    """OSAID 1.0 fails only because of licenses/legal terms."""
    updated_at: datetime
    hidden: bool = False
    merged_into: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class ComponentRow:
    """A row of the seeds' component table."""

    component: str
    name: str
    link: str | None
    license: str | None
    legal_framework: str | None
    status: str
    legal_status: str | None = None


@dataclass(frozen=True)
class EvaluationInfo:
    id: int
    definition_id: str
    definition_version: str
    status: str
    mof_class: int | None
    data_versions: dict[str, str]
    created_at: datetime
    latest: bool


@dataclass(frozen=True)
class SystemDetail:
    summary: SystemSummary
    reports: dict[str, dict[str, Any]]
    """Latest JSON report (docs/report-format.md) per definition id."""
    components: tuple[ComponentRow, ...]
    freedoms: dict[str, dict[str, str]]
    """Per definition id: freedom -> status (empty for MOF, which has no freedoms)."""
    remediation: dict[str, list[str]]
    """Per definition id: what to change to pass."""
    reasons: dict[str, list[dict[str, Any]]]
    """Per definition id: the failing or unknown requirements with their reasons."""
    lineage: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    notes: list[str]
    urls: dict[str, str]
    evaluations: tuple[EvaluationInfo, ...]
    """Every evaluation ever made, newest first."""

    @property
    def slug(self) -> str:
        return self.summary.slug

    @property
    def name(self) -> str:
        return self.summary.name


@dataclass(frozen=True)
class SubmissionView:
    id: int
    kind: str
    """`manifest` or `hf`."""
    status: str
    """queued, running, done or failed."""
    progress: int
    message: str
    error: str | None
    filename: str | None
    hf_repo_id: str | None
    system_slug: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class BallotView:
    id: int
    reviewer: str
    system_slug: str
    component: str
    freedom: str
    vote: int
    comment: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class TallyRow:
    component: str
    """Canonical component id."""
    name: str
    votes: dict[str, int]
    """Net votes per freedom (use, study, modify, share)."""
    total: int
    tier: str
    """required, likely-required, maybe, likely-not-required, not-required."""


@dataclass(frozen=True)
class TallyView:
    system_slug: str | None
    """None: across all systems."""
    mu: float | None
    """The μ used (given, or the mean total per component); None without ballots."""
    mu_computed: float | None
    ballots: int
    reviewers: int
    rows: tuple[TallyRow, ...]
    freedoms: tuple[str, ...] = ("study", "use", "modify", "share")

    @property
    def max_abs(self) -> int:
        """Largest |net vote| of a cell: the scale of a heatmap."""
        return max((abs(v) for r in self.rows for v in r.votes.values()), default=0)


@dataclass(frozen=True)
class MemberView:
    username: str
    stakeholder_group: str | None
    joined_at: datetime


@dataclass(frozen=True)
class WorkingGroupView:
    system_slug: str
    system_name: str
    members: tuple[MemberView, ...]
    ballots: int


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    role: str
    stakeholder_group: str | None
    created_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    failed: tuple[tuple[str, str], ...] = ()
    """(name, error) of records that could not be read."""


# ---------------------------------------------------------------------------------------------
# Helpers


def _now() -> datetime:
    return datetime.now(UTC)


def _is_locked(exc: OperationalError) -> bool:
    text_ = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "locked" in text_ or "busy" in text_


@contextmanager
def _write(session: Session) -> Iterator[None]:
    """One write transaction: commit on success, roll back on any error."""
    begin_write(session)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


def _retrying(session: Session, fn: Callable[[], T], attempts: int = 5) -> T:
    """Run `fn` in a write transaction, retrying when SQLite reports the database locked."""
    for attempt in range(attempts):
        try:
            with _write(session):
                return fn()
        except OperationalError as exc:
            if not _is_locked(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (2**attempt))
    raise AssertionError("unreachable")


def _require_user(user: m.User | None) -> m.User:
    if user is None:
        raise PermissionDenied("sign in first")
    return user


def _require_reviewer(user: m.User | None) -> m.User:
    user = _require_user(user)
    if user.role not in ("reviewer", "admin"):
        raise PermissionDenied("only reviewers and admins can do this")
    return user


def _require_admin(user: m.User | None) -> m.User:
    user = _require_user(user)
    if user.role != "admin":
        raise PermissionDenied("only admins can do this")
    return user


def _audit(
    session: Session, actor: m.User | None, action: str, target: str, **details: Any
) -> None:
    session.add(
        m.AuditLog(
            actor_id=actor.id if actor else None,
            actor=actor.username if actor else "system",
            action=action,
            target=target,
            details=details,
            at=_now(),
        )
    )


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9.]+", "-", name.casefold())
    slug = re.sub(r"\.{2,}", ".", slug).strip("-.")
    return slug[:100].strip("-.") or "system"


def _system_row(session: Session, slug: str, *, include_hidden: bool = True) -> m.System:
    if not isinstance(slug, str) or not slug or len(slug) > 120 or "\x00" in slug:
        raise InputError("a system slug is required", field="slug")
    row = session.scalars(select(m.System).where(m.System.slug == slug)).first()
    if row is None or (row.hidden and not include_hidden):
        raise NotFound(f"no system {slug!r}")
    return row


def _unique_slug(session: Session, base: str) -> str:
    slug = base
    n = 2
    while session.scalar(select(m.System.id).where(m.System.slug == slug)) is not None:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _definition_ids(definition: str) -> None:
    from osaid.definitions.loader import load_definition

    try:
        load_definition(definition)
    except UnknownIdError as exc:
        raise InputError(str(exc), field="definition") from None


def evaluate_system(system: EvalSystem) -> dict[str, dict[str, Any]]:
    """Evaluate against `DEFINITIONS`; per definition id, the JSON report of that definition."""
    report = report_to_dict(Evaluator().evaluate(system, DEFINITIONS))
    out: dict[str, dict[str, Any]] = {}
    for result in report["results"]:
        out[result["definition"]] = {**report, "results": [result]}
    return out


def _store_system(
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
    now = _now()
    if row is None:
        row = m.System(slug=_unique_slug(session, slugify(slug_hint)), origin=origin)
        row.created_at = now
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
    row.updated_at = now
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
                created_at=now,
            )
        )
    session.flush()
    _bump_content_version(session)
    return row, created


def _summary(row: m.System, evals: Sequence[m.Evaluation] | Sequence[Any]) -> SystemSummary:
    statuses: dict[str, str] = {}
    mof_class: int | None = None
    license_only = False
    for e in evals:
        statuses[e.definition_id] = e.status
        if e.definition_id == "mof":
            mof_class = e.mof_class
        if e.definition_id == "osaid-1.0":
            license_only = bool(e.license_only_failure)
    return SystemSummary(
        slug=row.slug,
        name=row.name,
        producer=row.producer,
        producer_kind=row.producer_kind,
        modality=row.modality,
        license=row.license,
        statuses=statuses,
        mof_class=mof_class,
        license_only_failure=license_only,
        updated_at=row.updated_at,
        hidden=row.hidden,
        merged_into=row.merged_into.slug if row.merged_into is not None else None,
        origin=row.origin,
    )


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _text_arg(value: str | None, name: str, limit: int = 200) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError("expected text", field=name)
    value = value.strip()
    if "\x00" in value:
        raise InputError("NUL character", field=name)
    if len(value) > limit:
        raise InputError(f"at most {limit} characters", field=name)
    return value or None


# ---------------------------------------------------------------------------------------------
# Read cache: listing, facets and system details are cached per process and keyed by the
# content version, a token every write to systems or evaluations replaces (in the same
# transaction), so every process of a multi-worker server sees a change at once.

CONTENT_VERSION = "content_version"
_CACHE_SIZE = 1024
_cache: dict[tuple[Any, ...], Any] = {}
_cache_lock = threading.Lock()


def _bump_content_version(session: Session) -> None:
    token = uuid.uuid4().hex
    result = session.execute(
        update(m.Meta).where(m.Meta.key == CONTENT_VERSION).values(value=token)
    )
    if not getattr(result, "rowcount", 0):
        session.add(m.Meta(key=CONTENT_VERSION, value=token))
        session.flush()


def cached(session: Session, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """`make()`, cached per process until the next write to systems or evaluations
    (for derived read-only values: rendered pages, serialized API responses)."""
    return _cached(session, ("user", *key), make)


_VERSION_SQL = f"SELECT value FROM {m.Meta.__tablename__} WHERE key = ?"


def content_version(session: Session) -> str | None:
    """The current content-version token (None before the first write of content).

    Outside a transaction, on a SQLite file, it is read through a dedicated connection
    (cheap: no pool checkout, no BEGIN/ROLLBACK); inside one (a write in progress may have
    replaced it), through the session."""
    if not session.in_transaction():
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        value = fast_scalar(engine, _VERSION_SQL, (CONTENT_VERSION,))
        if value is not NO_VALUE:
            return cast("str | None", value)
    return session.scalar(select(m.Meta.value).where(m.Meta.key == CONTENT_VERSION))


def engine_content_version(engine: Engine) -> str | None:
    """`content_version` for code that has an engine and no session (the response cache)."""
    value = fast_scalar(engine, _VERSION_SQL, (CONTENT_VERSION,))
    if value is not NO_VALUE:
        return cast("str | None", value)
    with engine.connect() as conn:
        return conn.scalar(select(m.Meta.value).where(m.Meta.key == CONTENT_VERSION))


def _cached(session: Session, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    version = content_version(session)
    if version is None:
        return make()
    full = (_engine_key(session), version, *key)
    with _cache_lock:
        if full in _cache:
            return _cache[full]  # type: ignore[no-any-return]
    value = make()
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[full] = value
    return value


# ---------------------------------------------------------------------------------------------
# Reading systems


def list_systems(
    session: Session,
    *,
    q: str | None = None,
    producer: str | None = None,
    status: str | None = None,
    license: str | None = None,
    modality: str | None = None,
    definition: str = "osaid-1.0",
    sort: str = "name",
    page: int = 1,
    per_page: int = 50,
    include_hidden: bool = False,
) -> Page[SystemSummary]:
    """Published systems (not hidden, not merged), filtered, sorted and paged.

    `q` searches name, slug and producer (substring, case-insensitive); `producer`, `license`
    and `modality` are case-insensitive exact matches; `status` is the verdict (`pass`,
    `fail`, `unknown`…) for `definition`. `sort`: name, -name, producer, -producer, updated
    (newest first), -updated, status (of `definition`), slug. `page` from 1; `per_page` 1–500.
    Results are cached per process until the next write (treat them as read-only).
    """
    q = _text_arg(q, "q")
    producer = _text_arg(producer, "producer")
    status = _text_arg(status, "status", 40)
    license = _text_arg(license, "license", 500)
    modality = _text_arg(modality, "modality")
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}", field="sort")
    if not isinstance(page, int) or page < 1 or page > 1_000_000:
        raise InputError("page must be a whole number from 1", field="page")
    if not isinstance(per_page, int) or not 1 <= per_page <= 500:
        raise InputError("per_page must be from 1 to 500", field="per_page")
    _definition_ids(definition)
    args = (q, producer, status, license, modality, definition, sort, page, per_page)
    return _cached(
        session,
        ("list", *args, include_hidden),
        lambda: _list_systems(session, *args, include_hidden=include_hidden),
    )


def _list_systems(
    session: Session,
    q: str | None,
    producer: str | None,
    status: str | None,
    license: str | None,
    modality: str | None,
    definition: str,
    sort: str,
    page: int,
    per_page: int,
    *,
    include_hidden: bool,
) -> Page[SystemSummary]:
    ev = m.Evaluation
    conds: list[Any] = []
    if not include_hidden:
        conds += [m.System.hidden.is_(False), m.System.merged_into_id.is_(None)]
    if q:
        pattern = _like(q.casefold())
        conds.append(
            or_(
                func.lower(m.System.name).like(pattern, escape="\\"),
                func.lower(m.System.slug).like(pattern, escape="\\"),
                func.lower(m.System.producer).like(pattern, escape="\\"),
            )
        )
    if producer:
        conds.append(func.lower(m.System.producer) == producer.casefold())
    if license:
        conds.append(func.lower(m.System.license) == license.casefold())
    if modality:
        conds.append(func.lower(m.System.modality) == modality.casefold())
    joined = and_(ev.system_id == m.System.id, ev.definition_id == definition, ev.latest.is_(True))
    base = select(m.System.id).outerjoin(ev, joined)
    if status:
        conds.append(ev.status == status.casefold())
    if conds:
        base = base.where(*conds)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0

    order: list[Any]
    if sort in ("name", "-name"):
        key = func.lower(m.System.name)
        order = [key.desc() if sort.startswith("-") else key]
    elif sort in ("producer", "-producer"):
        key = func.lower(func.coalesce(m.System.producer, ""))
        order = [key.desc() if sort.startswith("-") else key, func.lower(m.System.name)]
    elif sort == "updated":
        order = [m.System.updated_at.desc()]
    elif sort == "-updated":
        order = [m.System.updated_at]
    elif sort == "status":
        order = [func.coalesce(ev.status, "~"), func.lower(m.System.name)]
    else:
        order = [m.System.slug]
    order.append(m.System.id)
    rows = session.scalars(
        select(m.System)
        .outerjoin(ev, joined)
        .where(*conds)
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    evals = _latest_evaluations(session, [r.id for r in rows])
    items = tuple(_summary(r, evals.get(r.id, [])) for r in rows)
    return Page(items, int(total), page, per_page)


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
    return _cached(session, ("facets",), lambda: _facets(session))


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
    return _cached(
        session,
        ("system", slug, include_hidden),
        lambda: _get_system(session, slug, include_hidden),
    )


def _get_system(session: Session, slug: str, include_hidden: bool) -> SystemDetail:
    row = _system_row(session, slug, include_hidden=include_hidden)
    history = session.scalars(
        select(m.Evaluation)
        .where(m.Evaluation.system_id == row.id)
        .order_by(m.Evaluation.id.desc())
    ).all()
    latest = [e for e in history if e.latest]
    reports = {e.definition_id: e.report for e in latest}
    first = reports.get("osaid-1.0") or next(iter(reports.values()), {})
    components = tuple(
        ComponentRow(
            component=c["component"],
            name=c["name"],
            link=c.get("link"),
            license=c.get("license"),
            legal_framework=c.get("legal_framework"),
            status=c["status"],
            legal_status=c.get("legal_status"),
        )
        for c in first.get("components", [])
    )
    freedoms: dict[str, dict[str, str]] = {}
    remediation: dict[str, list[str]] = {}
    reasons: dict[str, list[dict[str, Any]]] = {}
    for definition_id, report in reports.items():
        result = report["results"][0]
        freedoms[definition_id] = {f: v["status"] for f, v in result.get("freedoms", {}).items()}
        remediation[definition_id] = list(result.get("remediation", []))
        reasons[definition_id] = [
            {
                "id": r["id"],
                "title": r["title"],
                "outcome": r["outcome"],
                "reasons": r["reasons"],
                "remediation": r["remediation"],
            }
            for r in result.get("requirements", [])
            if r["outcome"] not in ("met", "not-applicable")
        ]
    system = first.get("system", {})
    return SystemDetail(
        summary=_summary(row, latest),
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
            EvaluationInfo(
                id=e.id,
                definition_id=e.definition_id,
                definition_version=e.definition_version,
                status=e.status,
                mof_class=e.mof_class,
                data_versions=dict(e.data_versions),
                created_at=e.created_at,
                latest=e.latest,
            )
            for e in history
        ),
    )


def get_evaluation(session: Session, evaluation_id: int) -> dict[str, Any]:
    """One stored evaluation: {id, system, definition_id, ..., report}."""
    e = session.get(m.Evaluation, evaluation_id)
    if e is None or e.system.hidden:
        raise NotFound(f"no evaluation {evaluation_id}")
    return {
        "id": e.id,
        "system": e.system.slug,
        "definition_id": e.definition_id,
        "definition_version": e.definition_version,
        "status": e.status,
        "mof_class": e.mof_class,
        "latest": e.latest,
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


# ---------------------------------------------------------------------------------------------
# Submissions


def _submission_view(s: m.Submission) -> SubmissionView:
    return SubmissionView(
        id=s.id,
        kind=s.kind,
        status=s.status,
        progress=s.progress,
        message=s.message,
        error=s.error,
        filename=s.filename,
        hf_repo_id=s.hf_repo_id,
        system_slug=s.system.slug if s.system is not None else None,
        created_at=s.created_at,
        updated_at=s.updated_at,
    )


def _clean_filename(filename: str) -> str:
    if not isinstance(filename, str):
        raise InputError("expected a file name", field="filename")
    name = Path(filename.replace("\\", "/")).name.strip() or "manifest.yaml"
    name = re.sub(r"[^\w.+ -]", "_", name)
    return name[:200]


def submit_manifest(
    session: Session, *, text: str | bytes, filename: str, user: m.User | None
) -> SubmissionView:
    """Read an uploaded manifest or MOT record with the CLI's loader and evaluate it now.

    Invalid input (too large, not UTF-8, not a manifest, does not validate) raises
    InputError/ManifestError naming file, line and field, and nothing is written. On success
    the system (new, or re-evaluated if a system of that name was uploaded before) and its
    evaluations and the `done` submission are committed together.
    """
    user = _require_user(user)
    name = _clean_filename(filename)
    if isinstance(text, bytes):
        if len(text) > MAX_UPLOAD_BYTES:
            raise InputError(f"the file is larger than {MAX_UPLOAD_BYTES} bytes", file=name)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start})", file=name) from None
    if not isinstance(text, str):
        raise InputError("expected text", file=name)
    if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise InputError(f"the file is larger than {MAX_UPLOAD_BYTES} bytes", file=name)
    if not text.strip():
        raise InputError("the file is empty", file=name)
    if "\x00" in text:
        raise InputError("not a text file (NUL byte)", file=name)
    from osaid.manifest.load import load_system_text

    system = load_system_text(text, name=name)
    try:
        reports = evaluate_system(system)
    except OsaidError as exc:
        raise InputError(f"cannot be evaluated: {exc}", file=name) from None
    origin = f"upload:{slugify(system.name)}"
    uid = user.id
    source = text

    def do() -> m.Submission:
        row, _ = _store_system(
            session,
            system,
            reports,
            origin=origin,
            slug_hint=system.name,
            source_text=source,
            source_name=name,
        )
        sub = m.Submission(
            kind="manifest",
            filename=name,
            text=source,
            status="done",
            progress=100,
            message="evaluated",
            user_id=uid,
            system_id=row.id,
            created_at=_now(),
            updated_at=_now(),
        )
        session.add(sub)
        session.flush()
        return sub

    sub = _retrying(session, do)
    return _submission_view(sub)


def submit_hf(session: Session, *, repo_id: str, user: m.User | None) -> SubmissionView:
    """Queue a Hugging Face repository (`ORG/NAME`) for evaluation in the background.

    The submission is committed as `queued`; the worker started with `start_worker` for this
    database fetches it (through huggingface_hub, whose cache keeps what was fetched),
    evaluates it and moves it through running (with progress) to done or failed. Poll with
    `get_submission`.
    """
    user = _require_user(user)
    if not isinstance(repo_id, str):
        raise InputError("expected ORG/NAME", field="repo_id")
    repo_id = repo_id.strip().removeprefix("hf:").removeprefix("https://huggingface.co/")
    if not HF_REPO_RE.fullmatch(repo_id) or ".." in repo_id:
        raise InputError(
            f"not a Hugging Face repository id (ORG/NAME): {repo_id[:100]!r}", field="repo_id"
        )
    uid = user.id

    def do() -> m.Submission:
        sub = m.Submission(
            kind="hf",
            hf_repo_id=repo_id,
            status="queued",
            progress=0,
            message="queued",
            user_id=uid,
            created_at=_now(),
            updated_at=_now(),
        )
        session.add(sub)
        session.flush()
        return sub

    sub = _retrying(session, do)
    worker = _WORKERS.get(_engine_key(session))
    if worker is not None:
        worker.enqueue(sub.id)
    return _submission_view(sub)


def get_submission(session: Session, submission_id: int) -> SubmissionView:
    if not isinstance(submission_id, int) or submission_id < 1:
        raise InputError("expected a submission number", field="id")
    s = session.get(m.Submission, submission_id)
    if s is None:
        raise NotFound(f"no submission {submission_id}")
    session.refresh(s)
    return _submission_view(s)


def list_submissions(session: Session, *, limit: int = 50) -> list[SubmissionView]:
    rows = session.scalars(
        select(m.Submission).order_by(m.Submission.id.desc()).limit(max(1, min(limit, 500)))
    ).all()
    return [_submission_view(s) for s in rows]


HfLoader = Callable[[str], EvalSystem]


def default_hf_loader(repo_id: str) -> EvalSystem:
    from osaid.targets import load_target

    return load_target(f"hf:{repo_id}")


_engine_keys: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def _engine_key(session: Session) -> str:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    key = _engine_keys.get(engine)
    if key is None:
        key = _engine_keys[engine] = engine.url.render_as_string(hide_password=False)
    return key


class SubmissionWorker:
    """A background thread that evaluates queued Hugging Face submissions one at a time."""

    def __init__(self, sessions: sessionmaker[Session], loader: HfLoader | None = None) -> None:
        self._sessions = sessions
        self._loader = loader or default_hf_loader
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        # Submissions left queued or running by a previous process are picked up again.
        with self._sessions() as session:
            pending = session.scalars(
                select(m.Submission.id)
                .where(m.Submission.status.in_(("queued", "running")), m.Submission.kind == "hf")
                .order_by(m.Submission.id)
            ).all()
        for sid in pending:
            self._queue.put(sid)
        self._thread = threading.Thread(target=self._run, name="osaid-submissions", daemon=True)
        self._thread.start()

    def enqueue(self, submission_id: int) -> None:
        self._queue.put(submission_id)

    def stop(self, timeout: float = 10) -> None:
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join(timeout)
        self._thread = None

    def wait_idle(self, timeout: float = 30) -> None:
        """Block until every queued submission is processed (tests)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)

    def _run(self) -> None:
        while True:
            sid = self._queue.get()
            try:
                if sid is None:
                    return
                self._process(sid)
            except Exception:  # the worker must survive anything
                log.exception("submission %s", sid)
            finally:
                self._queue.task_done()

    def _progress(self, sid: int, status: str, progress: int, message: str) -> None:
        with self._sessions() as session:

            def do() -> None:
                session.execute(
                    update(m.Submission)
                    .where(m.Submission.id == sid)
                    .values(status=status, progress=progress, message=message, updated_at=_now())
                )

            _retrying(session, do)

    def _process(self, sid: int) -> None:
        with self._sessions() as session:
            sub = session.get(m.Submission, sid)
            if sub is None or sub.status in ("done", "failed") or sub.hf_repo_id is None:
                return
            repo_id = sub.hf_repo_id
        self._progress(sid, "running", 10, f"fetching hf:{repo_id}")
        try:
            system = self._loader(repo_id)
            self._progress(sid, "running", 60, "evaluating")
            reports = evaluate_system(system)
            self._progress(sid, "running", 90, "saving")
        except OsaidError as exc:
            self._fail(sid, str(exc))
            return
        except Exception as exc:
            log.exception("hf submission %s", repo_id)
            self._fail(sid, f"internal error: {type(exc).__name__}")
            return
        with self._sessions() as session:

            def do() -> None:
                row, _ = _store_system(
                    session,
                    system,
                    reports,
                    origin=f"hf:{repo_id}",
                    slug_hint=repo_id.split("/")[-1],
                    source_text=None,
                    source_name=None,
                )
                session.execute(
                    update(m.Submission)
                    .where(m.Submission.id == sid)
                    .values(
                        status="done",
                        progress=100,
                        message="evaluated",
                        system_id=row.id,
                        updated_at=_now(),
                    )
                )

            _retrying(session, do)

    def _fail(self, sid: int, error: str) -> None:
        with self._sessions() as session:

            def do() -> None:
                session.execute(
                    update(m.Submission)
                    .where(m.Submission.id == sid)
                    .values(
                        status="failed", error=error[:4000], message="failed", updated_at=_now()
                    )
                )

            _retrying(session, do)


_WORKERS: dict[str, SubmissionWorker] = {}


def start_worker(
    sessions: sessionmaker[Session], loader: HfLoader | None = None
) -> SubmissionWorker:
    """Start (or return) the background worker for the database of `sessions`."""
    with sessions() as session:
        key = _engine_key(session)
    worker = _WORKERS.get(key)
    if worker is None:
        worker = SubmissionWorker(sessions, loader)
        _WORKERS[key] = worker
    worker.start()
    return worker


def stop_worker(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        key = _engine_key(session)
    worker = _WORKERS.pop(key, None)
    if worker is not None:
        worker.stop()


# ---------------------------------------------------------------------------------------------
# Ballots and the tally


def _component_id(component: str) -> str:
    from osaid.components import component_catalog

    if not isinstance(component, str) or not component.strip() or len(component) > 200:
        raise InputError("a component id or name is required", field="component")
    ids = component_catalog().resolve(component.strip())
    if len(ids) != 1:
        hint = "ambiguous component" if ids else "unknown component"
        raise InputError(f"{hint} {component[:80]!r}", field="component")
    return ids[0]


def _freedom(freedom: str) -> str:
    value = freedom.strip().casefold() if isinstance(freedom, str) else ""
    if value not in m.FREEDOMS:
        raise InputError("freedom must be one of use, study, modify, share", field="freedom")
    return value


def _vote(vote: int | str) -> int:
    if isinstance(vote, bool):
        raise InputError("vote must be +1, -1 or 0", field="vote")
    if isinstance(vote, str):
        vote = vote.strip().replace("−", "-")
        if vote not in ("+1", "1", "-1", "0"):
            raise InputError("vote must be +1, -1 or 0", field="vote")
        return int(vote)
    if vote not in (-1, 0, 1):
        raise InputError("vote must be +1, -1 or 0", field="vote")
    return int(vote)


def _comment(comment: str | None) -> str:
    comment = comment or ""
    if not isinstance(comment, str):
        raise InputError("expected text", field="comment")
    if len(comment) > MAX_COMMENT:
        raise InputError(f"at most {MAX_COMMENT} characters", field="comment")
    return comment.strip()


def _ballot_view(b: m.Ballot, reviewer: str, slug: str) -> BallotView:
    return BallotView(
        id=b.id,
        reviewer=reviewer,
        system_slug=slug,
        component=b.component,
        freedom=b.freedom,
        vote=b.vote,
        comment=b.comment,
        created_at=b.created_at,
        updated_at=b.updated_at,
    )


def _ballot_target(
    session: Session, user: m.User | None, system_slug: str, component: str, freedom: str
) -> tuple[m.User, m.System, str, str]:
    reviewer = _require_reviewer(user)
    system = _system_row(session, system_slug, include_hidden=False)
    if system.merged_into_id is not None:
        raise InputError(
            f"{system.slug!r} was merged into another system; vote there", field="system"
        )
    return reviewer, system, _component_id(component), _freedom(freedom)


def cast_ballot(
    session: Session,
    *,
    user: m.User | None,
    system_slug: str,
    component: str,
    freedom: str,
    vote: int | str,
    comment: str = "",
) -> BallotView:
    """Record a reviewer's vote: +1 required, -1 not necessary, 0 abstain.

    `component` is a canonical id or any name `osaid components list` knows (OSI's table
    names work). A second ballot by the same reviewer on the same (system, component,
    freedom) raises Conflict: the UNIQUE constraint decides, also between concurrent requests.
    """
    value = _vote(vote)
    text_ = _comment(comment)
    reviewer, system, cid, fr = _ballot_target(session, user, system_slug, component, freedom)
    rid, sysid, slug, uname = reviewer.id, system.id, system.slug, reviewer.username

    def do() -> m.Ballot:
        now = _now()
        ballot = m.Ballot(
            reviewer_id=rid,
            system_id=sysid,
            component=cid,
            freedom=fr,
            vote=value,
            comment=text_,
            created_at=now,
            updated_at=now,
        )
        session.add(ballot)
        session.flush()
        return ballot

    try:
        ballot = _retrying(session, do)
    except IntegrityError:
        raise Conflict(
            f"{uname} already voted on {cid}/{fr} for {slug}; use update_ballot to change it"
        ) from None
    return _ballot_view(ballot, uname, slug)


def update_ballot(
    session: Session,
    *,
    user: m.User | None,
    system_slug: str,
    component: str,
    freedom: str,
    vote: int | str,
    comment: str = "",
) -> BallotView:
    """Change the reviewer's existing ballot (NotFound if there is none)."""
    value = _vote(vote)
    text_ = _comment(comment)
    reviewer, system, cid, fr = _ballot_target(session, user, system_slug, component, freedom)
    rid, sysid, slug, uname = reviewer.id, system.id, system.slug, reviewer.username

    def do() -> m.Ballot:
        ballot = session.scalars(
            select(m.Ballot).where(
                m.Ballot.reviewer_id == rid,
                m.Ballot.system_id == sysid,
                m.Ballot.component == cid,
                m.Ballot.freedom == fr,
            )
        ).first()
        if ballot is None:
            raise NotFound(f"no ballot by {uname} on {cid}/{fr} for {slug}")
        ballot.vote = value
        ballot.comment = text_
        ballot.updated_at = _now()
        session.flush()
        return ballot

    return _ballot_view(_retrying(session, do), uname, slug)


def withdraw_ballot(
    session: Session, *, user: m.User | None, system_slug: str, component: str, freedom: str
) -> None:
    reviewer, system, cid, fr = _ballot_target(session, user, system_slug, component, freedom)
    rid, sysid = reviewer.id, system.id

    def do() -> int:
        result = session.execute(
            delete(m.Ballot).where(
                m.Ballot.reviewer_id == rid,
                m.Ballot.system_id == sysid,
                m.Ballot.component == cid,
                m.Ballot.freedom == fr,
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    if _retrying(session, do) == 0:
        raise NotFound("no such ballot")


def list_ballots(
    session: Session, *, system_slug: str | None = None, reviewer: str | None = None
) -> list[BallotView]:
    stmt = (
        select(m.Ballot, m.User.username, m.System.slug)
        .join(m.User, m.User.id == m.Ballot.reviewer_id)
        .join(m.System, m.System.id == m.Ballot.system_id)
        .order_by(m.Ballot.id)
    )
    if system_slug is not None:
        stmt = stmt.where(m.System.id == _system_row(session, system_slug).id)
    if reviewer is not None:
        stmt = stmt.where(m.User.username == reviewer)
    return [_ballot_view(b, u, s) for b, u, s in session.execute(stmt)]


def tally(session: Session, system_slug: str | None = None, mu: float | None = None) -> TallyView:
    """Net votes per component × freedom and OSI's μ rubric (osaid.votes.tally).

    Across all systems when `system_slug` is None. `mu` defaults to the mean total per
    component (OSI used 9.5 for the 2/21/24 summary). Without ballots: no rows, mu None.
    """
    from osaid.components import component_catalog
    from osaid.votes.tally import tally as rubric

    if mu is not None and (
        isinstance(mu, bool)
        or not isinstance(mu, int | float)
        or not math.isfinite(mu)
        or mu <= 0
        or mu > 1e9
    ):
        raise InputError("mu must be a positive number", field="mu")
    stmt = select(m.Ballot.component, m.Ballot.freedom, func.sum(m.Ballot.vote)).group_by(
        m.Ballot.component, m.Ballot.freedom
    )
    count = select(func.count(m.Ballot.id), func.count(func.distinct(m.Ballot.reviewer_id)))
    if system_slug is not None:
        sid = _system_row(session, system_slug, include_hidden=False).id
        stmt = stmt.where(m.Ballot.system_id == sid)
        count = count.where(m.Ballot.system_id == sid)
    net: dict[str, dict[Freedom, int]] = {}
    for component, freedom, total in session.execute(stmt):
        net.setdefault(component, dict.fromkeys(Freedom, 0))[Freedom(freedom)] = int(total or 0)
    n_ballots, n_reviewers = session.execute(count).one()
    if not net:
        return TallyView(system_slug, None, None, 0, 0, ())
    catalog = component_catalog()
    order = {cid: i for i, cid in enumerate(catalog.components)}
    ordered = dict(sorted(net.items(), key=lambda kv: (order.get(kv[0], 1 << 30), kv[0])))
    result = rubric(ordered, mu=float(mu) if mu is not None else None, ballots=int(n_ballots))
    rows = tuple(
        TallyRow(
            component=c.component,
            name=catalog.components[c.component].name
            if c.component in catalog.components
            else c.component,
            votes={f.value: c.votes[f] for f in Freedom},
            total=c.total,
            tier=c.tier.value,
        )
        for c in result.components
    )
    return TallyView(
        system_slug, result.mu, result.mu_computed, int(n_ballots), int(n_reviewers), rows
    )


# ---------------------------------------------------------------------------------------------
# Working groups


def _group_view(session: Session, group: m.WorkingGroup) -> WorkingGroupView:
    ballots = session.scalar(
        select(func.count(m.Ballot.id)).where(m.Ballot.system_id == group.system_id)
    )
    return WorkingGroupView(
        system_slug=group.system.slug,
        system_name=group.system.name,
        members=tuple(
            MemberView(x.user.username, x.user.stakeholder_group, x.joined_at)
            for x in group.members
        ),
        ballots=int(ballots or 0),
    )


def list_working_groups(session: Session, system_slug: str | None = None) -> list[WorkingGroupView]:
    """Working groups (one per system that has one), by system name."""
    stmt = select(m.WorkingGroup).join(m.System).order_by(func.lower(m.System.name))
    if system_slug is not None:
        stmt = stmt.where(m.System.slug == system_slug)
    return [_group_view(session, g) for g in session.scalars(stmt).all()]


def join_working_group(session: Session, user: m.User | None, system_slug: str) -> WorkingGroupView:
    """Join the system's working group (created on first join). Joining twice is a no-op."""
    member = _require_reviewer(user)
    system = _system_row(session, system_slug, include_hidden=False)
    uid, sysid = member.id, system.id

    def do() -> m.WorkingGroup:
        group = session.scalars(
            select(m.WorkingGroup).where(m.WorkingGroup.system_id == sysid)
        ).first()
        if group is None:
            group = m.WorkingGroup(system_id=sysid, created_at=_now())
            session.add(group)
            session.flush()
        exists = session.scalar(
            select(m.WorkingGroupMember.id).where(
                m.WorkingGroupMember.group_id == group.id, m.WorkingGroupMember.user_id == uid
            )
        )
        if exists is None:
            session.add(m.WorkingGroupMember(group_id=group.id, user_id=uid, joined_at=_now()))
            session.flush()
        return group

    for attempt in range(3):
        try:
            group = _retrying(session, do)
            break
        except IntegrityError:  # a concurrent join created the same row first
            if attempt == 2:
                raise Conflict("could not join the working group; try again") from None
    session.refresh(group)
    return _group_view(session, group)


def leave_working_group(session: Session, user: m.User | None, system_slug: str) -> None:
    member = _require_user(user)
    system = _system_row(session, system_slug)
    uid, sysid = member.id, system.id

    def do() -> None:
        group_id = session.scalar(
            select(m.WorkingGroup.id).where(m.WorkingGroup.system_id == sysid)
        )
        if group_id is not None:
            session.execute(
                delete(m.WorkingGroupMember).where(
                    m.WorkingGroupMember.group_id == group_id, m.WorkingGroupMember.user_id == uid
                )
            )

    _retrying(session, do)


# ---------------------------------------------------------------------------------------------
# Endorsements (the definitional process of the seeds)


def _definition(definition_id: str) -> Any:
    from osaid.definitions.loader import load_definition

    if not isinstance(definition_id, str) or not definition_id or len(definition_id) > 60:
        raise InputError("a definition id is required", field="definition_id")
    try:
        return load_definition(definition_id)
    except UnknownIdError as exc:
        raise NotFound(str(exc)) from None


def endorse(session: Session, *, user: m.User | None, definition_id: str) -> None:
    """Endorse a definition version; the user must belong to a stakeholder group.

    A second endorsement of the same definition by the same user raises Conflict.
    """
    endorser = _require_user(user)
    _definition(definition_id)
    if endorser.stakeholder_group is None:
        raise InputError("set your stakeholder group before endorsing", field="stakeholder_group")
    uid = endorser.id

    def do() -> None:
        session.add(m.Endorsement(user_id=uid, definition_id=definition_id, created_at=_now()))
        session.flush()

    try:
        _retrying(session, do)
    except IntegrityError:
        raise Conflict(f"you already endorsed {definition_id}") from None


def withdraw_endorsement(session: Session, *, user: m.User | None, definition_id: str) -> None:
    endorser = _require_user(user)
    uid = endorser.id

    def do() -> None:
        session.execute(
            delete(m.Endorsement).where(
                m.Endorsement.user_id == uid, m.Endorsement.definition_id == definition_id
            )
        )

    _retrying(session, do)


def endorsement_status(session: Session, definition_id: str) -> dict[str, Any]:
    """Endorsements of a definition per stakeholder group, against the seeds' criteria.

    Returns {"definition": id, "groups": {group: count} (all six groups), "total": n,
    "rc_threshold": 2, "final_threshold": 5, "rc_met": every group ≥ 2,
    "final_met": every group ≥ 5, "rc_missing": {group: still needed},
    "final_missing": {group: still needed}, "endorsers": [username, …]}.
    """
    _definition(definition_id)
    counts = dict.fromkeys(m.GROUPS, 0)
    endorsers: list[str] = []
    for username, group in session.execute(
        select(m.User.username, m.User.stakeholder_group)
        .join(m.Endorsement, m.Endorsement.user_id == m.User.id)
        .where(m.Endorsement.definition_id == definition_id)
        .order_by(m.Endorsement.id)
    ):
        endorsers.append(username)
        if group in counts:
            counts[group] += 1
    return {
        "definition": definition_id,
        "groups": counts,
        "total": len(endorsers),
        "rc_threshold": RC_THRESHOLD,
        "final_threshold": FINAL_THRESHOLD,
        "rc_met": all(v >= RC_THRESHOLD for v in counts.values()),
        "final_met": all(v >= FINAL_THRESHOLD for v in counts.values()),
        "rc_missing": {g: RC_THRESHOLD - v for g, v in counts.items() if v < RC_THRESHOLD},
        "final_missing": {g: FINAL_THRESHOLD - v for g, v in counts.items() if v < FINAL_THRESHOLD},
        "endorsers": endorsers,
    }


# ---------------------------------------------------------------------------------------------
# Users


def _user_view(u: m.User) -> UserView:
    return UserView(u.id, u.username, u.role, u.stakeholder_group, u.created_at)


def _check_role_group(role: str, stakeholder_group: str | None) -> None:
    if role not in m.ROLES:
        raise InputError(f"role must be one of {', '.join(m.ROLES)}", field="role")
    if stakeholder_group is not None and stakeholder_group not in m.GROUPS:
        raise InputError(
            f"stakeholder group must be one of {', '.join(m.GROUPS)}", field="stakeholder_group"
        )


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str = "reviewer",
    stakeholder_group: str | None = None,
    actor: m.User | None = None,
) -> UserView:
    """Create an account (CLI: no actor; from the web: an admin actor, audited)."""
    from osaid.registry.passwords import hash_password

    if actor is not None:
        _require_admin(actor)
    if not isinstance(username, str) or not USERNAME_RE.fullmatch(username):
        raise InputError(
            "username: 2–80 letters, digits, '.', '_' or '-', starting with a letter or digit",
            field="username",
        )
    if not isinstance(password, str) or not 8 <= len(password) <= 1024:
        raise InputError("password: 8 to 1024 characters", field="password")
    _check_role_group(role, stakeholder_group)
    hashed = hash_password(password)

    def do() -> m.User:
        user = m.User(
            username=username,
            password_hash=hashed,
            role=role,
            stakeholder_group=stakeholder_group,
            created_at=_now(),
        )
        session.add(user)
        session.flush()
        _audit(session, actor, "user.create", username, role=role)
        return user

    try:
        return _user_view(_retrying(session, do))
    except IntegrityError:
        raise Conflict(f"the username {username!r} is taken") from None


def get_user_or_none(session: Session, username: str) -> m.User | None:
    if not isinstance(username, str) or "\x00" in username or len(username) > 80:
        return None
    return session.scalars(select(m.User).where(m.User.username == username)).first()


def get_user(session: Session, username: str) -> m.User:
    user = session.scalars(select(m.User).where(m.User.username == username)).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def list_users(session: Session, admin: m.User | None) -> list[UserView]:
    _require_admin(admin)
    return [_user_view(u) for u in session.scalars(select(m.User).order_by(m.User.username))]


def set_role(session: Session, admin: m.User | None, username: str, role: str) -> UserView:
    actor = _require_admin(admin)
    _check_role_group(role, None)
    target = get_user(session, username)

    def do() -> m.User:
        old = target.role
        target.role = role
        _audit(session, actor, "user.role", username, before=old, after=role)
        return target

    return _user_view(_retrying(session, do))


def set_stakeholder_group(
    session: Session, user: m.User | None, stakeholder_group: str | None
) -> UserView:
    """A user sets their own stakeholder group (one of the six, or None)."""
    me = _require_user(user)
    _check_role_group(me.role, stakeholder_group)
    row = session.get(m.User, me.id)
    if row is None:
        raise NotFound("no such user")

    def do() -> m.User:
        assert row is not None
        row.stakeholder_group = stakeholder_group
        return row

    return _user_view(_retrying(session, do))


def create_api_token(session: Session, user: m.User | None, label: str = "") -> str:
    """A new API token for the user; the plain token is returned once, only its hash kept."""
    from osaid.registry.passwords import hash_token, new_token

    owner = _require_user(user)
    token = new_token()
    uid = owner.id
    label = _text_arg(label, "label", 120) or ""

    def do() -> None:
        session.add(
            m.ApiToken(user_id=uid, token_hash=hash_token(token), label=label, created_at=_now())
        )

    _retrying(session, do)
    return token


def revoke_api_tokens(session: Session, user: m.User | None) -> int:
    owner = _require_user(user)
    uid = owner.id

    def do() -> int:
        result = session.execute(
            update(m.ApiToken).where(m.ApiToken.user_id == uid).values(revoked=True)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    return _retrying(session, do)


# ---------------------------------------------------------------------------------------------
# Admin


def publish_system(session: Session, admin: m.User | None, slug: str) -> SystemSummary:
    actor = _require_admin(admin)
    row = _system_row(session, slug)

    def do() -> None:
        row.hidden = False
        row.updated_at = _now()
        _audit(session, actor, "system.publish", slug)
        _bump_content_version(session)

    _retrying(session, do)
    return get_system(session, slug, include_hidden=True).summary


def hide_system(
    session: Session, admin: m.User | None, slug: str, reason: str = ""
) -> SystemSummary:
    actor = _require_admin(admin)
    row = _system_row(session, slug)
    why = _text_arg(reason, "reason", 500) or ""

    def do() -> None:
        row.hidden = True
        row.updated_at = _now()
        _audit(session, actor, "system.hide", slug, reason=why)
        _bump_content_version(session)

    _retrying(session, do)
    return get_system(session, slug, include_hidden=True).summary


def merge_systems(
    session: Session, admin: m.User | None, duplicate_slug: str, into_slug: str
) -> SystemSummary:
    """Mark `duplicate_slug` as a duplicate of `into_slug`: it leaves the listing and its page
    points at the other. Its ballots and evaluations stay where they are (history)."""
    actor = _require_admin(admin)
    if duplicate_slug == into_slug:
        raise InputError("a system cannot be merged into itself", field="into")
    dup = _system_row(session, duplicate_slug)
    into = _system_row(session, into_slug)
    if into.merged_into_id is not None:
        raise InputError(f"{into_slug!r} is itself merged into another system", field="into")

    def do() -> None:
        dup.merged_into_id = into.id
        dup.updated_at = _now()
        session.execute(
            update(m.System).where(m.System.merged_into_id == dup.id).values(merged_into_id=into.id)
        )
        _audit(session, actor, "system.merge", duplicate_slug, into=into_slug)
        _bump_content_version(session)

    _retrying(session, do)
    return get_system(session, duplicate_slug, include_hidden=True).summary


def reevaluate_system(session: Session, user: m.User | None, slug: str) -> SystemDetail:
    """Evaluate the system again with the current osaid and data (a new history entry)."""
    actor = _require_reviewer(user)
    row = _system_row(session, slug)
    if row.origin.startswith("catalog:"):
        from osaid.catalog import load_catalog_system

        system = load_catalog_system(row.origin.removeprefix("catalog:"))
    elif row.source_text is not None:
        from osaid.manifest.load import load_system_text

        system = load_system_text(row.source_text, name=row.source_name or row.slug)
    else:
        raise InputError("this system has no stored source to evaluate again", field="slug")
    reports = evaluate_system(system)
    origin = row.origin

    def do() -> None:
        _store_system(
            session,
            system,
            reports,
            origin=origin,
            slug_hint=slug,
            source_text=row.source_text,
            source_name=row.source_name,
        )
        _audit(session, actor, "system.reevaluate", slug)

    _retrying(session, do)
    return get_system(session, slug, include_hidden=True)


def audit_log(session: Session, admin: m.User | None, *, limit: int = 200) -> list[AuditEntry]:
    _require_admin(admin)
    rows = session.scalars(
        select(m.AuditLog).order_by(m.AuditLog.id.desc()).limit(max(1, min(limit, 5000)))
    ).all()
    return [AuditEntry(a.id, a.actor, a.action, a.target, dict(a.details), a.at) for a in rows]


# ---------------------------------------------------------------------------------------------
# Importers


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
            _store_system(
                session,
                system,
                reports,
                origin=f"catalog:{slug}",
                slug_hint=slug,
                source_text=None,
                source_name=None,
            )
        if evaluated:
            _audit(session, None, "import.catalog", "catalog", added=len(evaluated))

    _retrying(session, do)
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
            _, created = _store_system(
                session,
                system,
                reports,
                origin=f"mot:{name}",
                slug_hint=Path(name).stem,
                source_text=text_,
                source_name=name,
            )
            counts["added" if created else "updated"] += 1
        _audit(session, None, "import.mot", "mot", **counts, failed=len(failed))

    _retrying(session, do)
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
            _bump_content_version(session)
        if session.get(m.Meta, "initial_content") is None:
            session.add(m.Meta(key="initial_content", value=_now().isoformat()))

    try:
        _retrying(session, mark)
    except IntegrityError:  # another worker process did it at the same moment
        session.rollback()
    return not has_systems


# ---------------------------------------------------------------------------------------------
# Definitions and licenses (read-only, from the packaged data)


def list_definitions() -> list[dict[str, Any]]:
    from osaid.definitions.loader import all_definitions

    return [
        {
            "id": d.id,
            "name": d.name,
            "version": d.version,
            "status": d.status,
            "published": d.published,
            "family": d.family,
            "previous": d.previous,
            "requirements": len(d.requirements),
        }
        for d in all_definitions()
    ]


def get_definition(definition_id: str) -> dict[str, Any]:
    """The definition as `osaid definitions show --format json` prints it."""
    from osaid.definitions.serialize import definition_to_dict

    return definition_to_dict(_definition(definition_id))


def diff_definitions(before_id: str, after_id: str) -> dict[str, Any]:
    """What changed between two definition versions: header fields and requirements."""
    from osaid.definitions.diff import diff_definitions as diff
    from osaid.definitions.serialize import diff_to_dict

    d = diff(_definition(before_id), _definition(after_id))
    return {**diff_to_dict(d), "before": before_id, "after": after_id, "empty": d.empty}


def list_licenses() -> list[dict[str, Any]]:
    """The AI license catalog: id, name, version, kind (open, restricted, policy)."""
    from osaid.licenses.describe import catalog_kind
    from osaid.licenses.knowledge import knowledge

    return [
        {"id": lic.id, "name": lic.name, "version": lic.version, "kind": catalog_kind(lic)}
        for lic in sorted(knowledge().catalog.values(), key=lambda x: x.id.casefold())
    ]


def license_facts(license_id: str) -> LicenseFacts | None:
    """The facts of a license osaid knows by this exact id (an SPDX license, or an entry of
    the AI license catalog, whose terms may be unverified), else None."""
    from osaid.licenses.knowledge import knowledge

    kb = knowledge()
    if not isinstance(license_id, str) or not license_id or len(license_id) > 200:
        return None
    facts = kb.facts(license_id)
    return facts if facts.known or license_id in kb.catalog else None


def get_license(query: str) -> dict[str, Any]:
    """A license's status and restrictions, as `osaid licenses show --format json` prints."""
    from osaid.licenses.describe import facts_to_dict, lookup

    if not isinstance(query, str) or not query.strip() or len(query) > 500:
        raise InputError("a license id or name is required", field="license")
    try:
        facts, notes = lookup(query)
    except OsaidError as exc:
        raise InputError(str(exc), field="license") from None
    return facts_to_dict(query, facts, notes)


# ---------------------------------------------------------------------------------------------
# CSV and JSON exports, backups

SYSTEM_CSV_COLUMNS = (
    "slug",
    "name",
    "producer",
    "producer_kind",
    "modality",
    "license",
    "osaid-1.0",
    "mof",
    "mof_class",
    "license_only_failure",
    "updated_at",
)
BALLOT_CSV_COLUMNS = ("system", "reviewer", "component", "freedom", "vote", "comment", "at")


def _csv_safe(value: Any) -> str:
    """Text for a CSV cell, defused against spreadsheet formula injection."""
    s = "" if value is None else str(value)
    if s[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?\d+", s):
        return "'" + s
    return s


def systems_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SYSTEM_CSV_COLUMNS)
    page = 1
    while True:
        batch = list_systems(session, page=page, per_page=500, sort="slug")
        for s in batch.items:
            writer.writerow(
                _csv_safe(v)
                for v in (
                    s.slug,
                    s.name,
                    s.producer,
                    s.producer_kind,
                    s.modality,
                    s.license,
                    s.statuses.get("osaid-1.0"),
                    s.statuses.get("mof"),
                    s.mof_class,
                    str(s.license_only_failure).lower(),
                    s.updated_at.isoformat(),
                )
            )
        if page >= batch.pages:
            return out.getvalue()
        page += 1


def ballots_csv(session: Session, system_slug: str | None = None) -> str:
    """Ballots in the `osaid votes tally` ballot layout (plus comment and time)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BALLOT_CSV_COLUMNS)
    for b in list_ballots(session, system_slug=system_slug):
        writer.writerow(
            _csv_safe(v)
            for v in (
                b.system_slug,
                b.reviewer,
                b.component,
                b.freedom,
                f"{b.vote:+d}" if b.vote else "0",
                b.comment,
                b.updated_at.isoformat(),
            )
        )
    return out.getvalue()


EXPORT_FORMAT = "osaid-registry"
EXPORT_VERSION = 1
# Parents before children: the order rows are inserted on import.
_TABLES: tuple[type[m.Base], ...] = (
    m.User,
    m.ApiToken,
    m.System,
    m.Evaluation,
    m.Submission,
    m.WorkingGroup,
    m.WorkingGroupMember,
    m.Ballot,
    m.Endorsement,
    m.AuditLog,
    m.Meta,
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def export_registry(session: Session) -> dict[str, Any]:
    """Every row of every table, as JSON-ready data (password and token hashes included:
    keep backups private). `import_registry` reads it back into any backend."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in _TABLES:
        table = cast(Table, model.__table__)
        cols = [c.name for c in table.columns]
        pk = list(table.primary_key.columns)
        rows = session.execute(select(*table.columns).order_by(*pk)).all()
        tables[table.name] = [{c: _jsonable(getattr(r, c)) for c in cols} for r in rows]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _now().isoformat(),
        "tables": tables,
    }


def _registry_empty(session: Session) -> bool:
    for model in (m.System, m.User, m.Ballot):
        if session.scalar(select(func.count()).select_from(model.__table__)):
            return False
    return True


def import_registry(
    session: Session, data: dict[str, Any], *, replace: bool = False
) -> dict[str, int]:
    """Load an `export_registry` dump (rows keep their ids). The registry must be empty
    (no systems, users or ballots) unless `replace`, which first deletes everything.
    One transaction: on any error nothing is changed. Returns rows per table."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError(f"not an {EXPORT_FORMAT} export", field="format")
    if data.get("version") != EXPORT_VERSION:
        raise InputError(f"unsupported export version {data.get('version')!r}", field="version")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InputError("no tables", field="tables")
    if not replace and not _registry_empty(session):
        raise Conflict("the registry is not empty (use replace to overwrite it)")
    counts: dict[str, int] = {}
    prepared: list[tuple[Any, list[dict[str, Any]]]] = []
    for model in _TABLES:
        table = cast(Table, model.__table__)
        rows = tables.get(table.name, [])
        if not isinstance(rows, list):
            raise InputError("expected a list of rows", field=table.name)
        cols = {c.name: c for c in table.columns}
        out = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError("expected an object", field=f"{table.name}[{i}]")
            unknown = set(row) - set(cols)
            if unknown:
                raise InputError(f"unknown columns {sorted(unknown)}", field=f"{table.name}[{i}]")
            values = {}
            for name, value in row.items():
                col = cols[name]
                if isinstance(col.type, m.UtcDateTime) and isinstance(value, str):
                    try:
                        value = datetime.fromisoformat(value)
                    except ValueError:
                        raise InputError(
                            f"not a timestamp: {value!r}", field=f"{table.name}[{i}].{name}"
                        ) from None
                values[name] = value
            out.append(values)
        prepared.append((table, out))
        counts[table.name] = len(out)

    def do() -> None:
        if replace:
            for model in reversed(_TABLES):
                session.execute(delete(cast(Table, model.__table__)))
        for table, rows in prepared:
            if rows:
                session.execute(table.insert(), rows)
        _bump_content_version(session)
        if session.get_bind().dialect.name == "postgresql":
            for table, _ in prepared:
                if "id" in table.columns:
                    session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )

    try:
        _retrying(session, do)
    except IntegrityError as exc:
        raise InputError(f"the export is inconsistent: {exc.orig}") from None
    return counts


__all__ = [
    "DEFINITIONS",
    "AuditEntry",
    "BallotView",
    "ComponentRow",
    "EvaluationInfo",
    "ImportResult",
    "MemberView",
    "Page",
    "SubmissionView",
    "SubmissionWorker",
    "SystemDetail",
    "SystemSummary",
    "TallyRow",
    "TallyView",
    "UserView",
    "WorkingGroupView",
    "audit_log",
    "ballots_csv",
    "cached",
    "cast_ballot",
    "compare_systems",
    "content_version",
    "create_api_token",
    "engine_content_version",
    "create_user",
    "endorse",
    "endorsement_status",
    "ensure_initial_content",
    "export_registry",
    "facets",
    "get_definition",
    "get_evaluation",
    "get_license",
    "license_facts",
    "get_submission",
    "get_system",
    "get_user",
    "get_user_or_none",
    "hide_system",
    "import_catalog",
    "import_mot_records",
    "import_registry",
    "join_working_group",
    "leave_working_group",
    "list_ballots",
    "list_definitions",
    "list_licenses",
    "list_submissions",
    "list_systems",
    "list_users",
    "list_working_groups",
    "merge_systems",
    "publish_system",
    "reevaluate_system",
    "revoke_api_tokens",
    "set_role",
    "set_stakeholder_group",
    "start_worker",
    "stop_worker",
    "submit_hf",
    "submit_manifest",
    "systems_csv",
    "tally",
    "update_ballot",
    "withdraw_ballot",
]
