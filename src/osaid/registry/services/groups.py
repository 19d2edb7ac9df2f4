"""Working groups: one per system, created when its first reviewer joins."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osaid.registry import models as m
from osaid.registry.errors import Conflict
from osaid.registry.services.checks import require_reviewer, require_user, system_row
from osaid.registry.services.transactions import now, retrying
from osaid.registry.services.views import MemberView, WorkingGroupView


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
    member = require_reviewer(user)
    system = system_row(session, system_slug, include_hidden=False)
    uid, sysid = member.id, system.id

    def do() -> m.WorkingGroup:
        group = session.scalars(
            select(m.WorkingGroup).where(m.WorkingGroup.system_id == sysid)
        ).first()
        if group is None:
            group = m.WorkingGroup(system_id=sysid, created_at=now())
            session.add(group)
            session.flush()
        exists = session.scalar(
            select(m.WorkingGroupMember.id).where(
                m.WorkingGroupMember.group_id == group.id, m.WorkingGroupMember.user_id == uid
            )
        )
        if exists is None:
            session.add(m.WorkingGroupMember(group_id=group.id, user_id=uid, joined_at=now()))
            session.flush()
        return group

    for attempt in range(3):
        try:
            group = retrying(session, do)
            break
        except IntegrityError:  # a concurrent join created the same row first
            if attempt == 2:
                raise Conflict("could not join the working group; try again") from None
    session.refresh(group)
    return _group_view(session, group)


def leave_working_group(session: Session, user: m.User | None, system_slug: str) -> None:
    member = require_user(user)
    system = system_row(session, system_slug)
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

    retrying(session, do)
