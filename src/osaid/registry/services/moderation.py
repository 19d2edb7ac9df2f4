"""What admins (and, to evaluate again, reviewers) do to systems: publish, hide, merge a
duplicate, evaluate again; and the audit log of it all."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from osaid.errors import InputError
from osaid.registry import models as m
from osaid.registry.services.cache import bump_content_version
from osaid.registry.services.checks import require_admin, require_reviewer, system_row, text_arg
from osaid.registry.services.store import evaluate_system, store_system
from osaid.registry.services.systems import get_system
from osaid.registry.services.transactions import audit, now, retrying
from osaid.registry.services.views import AuditEntry, SystemDetail, SystemSummary


def publish_system(session: Session, admin: m.User | None, slug: str) -> SystemSummary:
    actor = require_admin(admin)
    row = system_row(session, slug)

    def do() -> None:
        row.hidden = False
        row.updated_at = now()
        audit(session, actor, "system.publish", slug)
        bump_content_version(session)

    retrying(session, do)
    return get_system(session, slug, include_hidden=True).summary


def hide_system(
    session: Session, admin: m.User | None, slug: str, reason: str = ""
) -> SystemSummary:
    actor = require_admin(admin)
    row = system_row(session, slug)
    why = text_arg(reason, "reason", 500) or ""

    def do() -> None:
        row.hidden = True
        row.updated_at = now()
        audit(session, actor, "system.hide", slug, reason=why)
        bump_content_version(session)

    retrying(session, do)
    return get_system(session, slug, include_hidden=True).summary


def merge_systems(
    session: Session, admin: m.User | None, duplicate_slug: str, into_slug: str
) -> SystemSummary:
    """Mark `duplicate_slug` as a duplicate of `into_slug`: it leaves the listing and its page
    points at the other. Its ballots and evaluations stay where they are (history)."""
    actor = require_admin(admin)
    if duplicate_slug == into_slug:
        raise InputError("a system cannot be merged into itself", field="into")
    dup = system_row(session, duplicate_slug)
    into = system_row(session, into_slug)
    if into.merged_into_id is not None:
        raise InputError(f"{into_slug!r} is itself merged into another system", field="into")

    def do() -> None:
        dup.merged_into_id = into.id
        dup.updated_at = now()
        session.execute(
            update(m.System).where(m.System.merged_into_id == dup.id).values(merged_into_id=into.id)
        )
        audit(session, actor, "system.merge", duplicate_slug, into=into_slug)
        bump_content_version(session)

    retrying(session, do)
    return get_system(session, duplicate_slug, include_hidden=True).summary


def reevaluate_system(session: Session, user: m.User | None, slug: str) -> SystemDetail:
    """Evaluate the system again with the current osaid and data (a new history entry)."""
    actor = require_reviewer(user)
    row = system_row(session, slug)
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
        store_system(
            session,
            system,
            reports,
            origin=origin,
            slug_hint=slug,
            source_text=row.source_text,
            source_name=row.source_name,
        )
        audit(session, actor, "system.reevaluate", slug)

    retrying(session, do)
    return get_system(session, slug, include_hidden=True)


def audit_log(session: Session, admin: m.User | None, *, limit: int = 200) -> list[AuditEntry]:
    require_admin(admin)
    rows = session.scalars(
        select(m.AuditLog).order_by(m.AuditLog.id.desc()).limit(max(1, min(limit, 5000)))
    ).all()
    return [AuditEntry(a.id, a.actor, a.action, a.target, dict(a.details), a.at) for a in rows]
