"""Ballots and the tally: one ballot per reviewer per (system, component, freedom), enforced
by a UNIQUE constraint. `cast_ballot` a second time raises `Conflict`; changing one's vote is
an explicit `update_ballot` (and `withdraw_ballot` removes it)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict, Unpack

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osaid.errors import InputError
from osaid.freedoms import Freedom
from osaid.registry import models as m
from osaid.registry.errors import Conflict, NotFound
from osaid.registry.services.checks import require_reviewer, system_row
from osaid.registry.services.transactions import now, retrying
from osaid.registry.services.views import BallotView, TallyRow, TallyView, view_of

MAX_COMMENT = 2000


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
    return view_of(BallotView, b, reviewer=reviewer, system_slug=slug)


@dataclass(frozen=True)
class _Target:
    """What a vote is about: a reviewer's ballot on one (system, component, freedom)."""

    reviewer_id: int
    reviewer: str
    system_id: int
    slug: str
    component: str
    freedom: str

    def key(self) -> dict[str, Any]:
        """The ballot's columns that the UNIQUE constraint covers."""
        return {
            "reviewer_id": self.reviewer_id,
            "system_id": self.system_id,
            "component": self.component,
            "freedom": self.freedom,
        }

    def where(self) -> tuple[Any, ...]:
        """The conditions that select this ballot (at most one row)."""
        return tuple(getattr(m.Ballot, column) == v for column, v in self.key().items())

    def __str__(self) -> str:
        return f"{self.component}/{self.freedom} for {self.slug}"


def _target(
    session: Session, user: m.User | None, system_slug: str, component: str, freedom: str
) -> _Target:
    reviewer = require_reviewer(user)
    system = system_row(session, system_slug, include_hidden=False)
    if system.merged_into_id is not None:
        raise InputError(
            f"{system.slug!r} was merged into another system; vote there", field="system"
        )
    return _Target(
        reviewer.id,
        reviewer.username,
        system.id,
        system.slug,
        _component_id(component),
        _freedom(freedom),
    )


class Vote(TypedDict):
    """A reviewer's vote on one system, component and freedom."""

    system_slug: str
    component: str
    """A canonical id or any name `osaid components list` knows (OSI's table names work)."""
    freedom: str
    """use, study, modify or share."""
    vote: int | str
    """+1 required, -1 not necessary, 0 abstain."""
    comment: NotRequired[str]


def cast_ballot(session: Session, *, user: m.User | None, **ballot: Unpack[Vote]) -> BallotView:
    """Record a reviewer's vote. A second ballot by the same reviewer on the same (system,
    component, freedom) raises Conflict: the UNIQUE constraint decides, also between
    concurrent requests."""
    value, text_ = _vote(ballot["vote"]), _comment(ballot.get("comment", ""))
    t = _target(session, user, ballot["system_slug"], ballot["component"], ballot["freedom"])

    def do() -> m.Ballot:
        stamp = now()
        row = m.Ballot(**t.key(), vote=value, comment=text_, created_at=stamp, updated_at=stamp)
        session.add(row)
        session.flush()
        return row

    try:
        row = retrying(session, do)
    except IntegrityError:
        raise Conflict(
            f"{t.reviewer} already voted on {t}; use update_ballot to change it"
        ) from None
    return _ballot_view(row, t.reviewer, t.slug)


def update_ballot(session: Session, *, user: m.User | None, **ballot: Unpack[Vote]) -> BallotView:
    """Change the reviewer's existing ballot (NotFound if there is none)."""
    value, text_ = _vote(ballot["vote"]), _comment(ballot.get("comment", ""))
    t = _target(session, user, ballot["system_slug"], ballot["component"], ballot["freedom"])

    def do() -> m.Ballot:
        row = session.scalars(select(m.Ballot).where(*t.where())).first()
        if row is None:
            raise NotFound(f"no ballot by {t.reviewer} on {t}")
        row.vote = value
        row.comment = text_
        row.updated_at = now()
        session.flush()
        return row

    return _ballot_view(retrying(session, do), t.reviewer, t.slug)


def withdraw_ballot(
    session: Session, *, user: m.User | None, system_slug: str, component: str, freedom: str
) -> None:
    t = _target(session, user, system_slug, component, freedom)

    def do() -> int:
        result = session.execute(delete(m.Ballot).where(*t.where()))
        return int(getattr(result, "rowcount", 0) or 0)

    if retrying(session, do) == 0:
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
        stmt = stmt.where(m.System.id == system_row(session, system_slug).id)
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
        sid = system_row(session, system_slug, include_hidden=False).id
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
