"""Endorsements of definition versions by the six stakeholder groups (the definitional
process of the seeds)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osaid.errors import InputError
from osaid.registry import models as m
from osaid.registry.errors import Conflict
from osaid.registry.services.checks import require_user
from osaid.registry.services.reference import definition_or_404
from osaid.registry.services.transactions import now, retrying

RC_THRESHOLD = 2
FINAL_THRESHOLD = 5


def endorse(session: Session, *, user: m.User | None, definition_id: str) -> None:
    """Endorse a definition version; the user must belong to a stakeholder group.

    A second endorsement of the same definition by the same user raises Conflict.
    """
    endorser = require_user(user)
    definition_or_404(definition_id)
    if endorser.stakeholder_group is None:
        raise InputError("set your stakeholder group before endorsing", field="stakeholder_group")
    uid = endorser.id

    def do() -> None:
        session.add(m.Endorsement(user_id=uid, definition_id=definition_id, created_at=now()))
        session.flush()

    try:
        retrying(session, do)
    except IntegrityError:
        raise Conflict(f"you already endorsed {definition_id}") from None


def withdraw_endorsement(session: Session, *, user: m.User | None, definition_id: str) -> None:
    endorser = require_user(user)
    uid = endorser.id

    def do() -> None:
        session.execute(
            delete(m.Endorsement).where(
                m.Endorsement.user_id == uid, m.Endorsement.definition_id == definition_id
            )
        )

    retrying(session, do)


def endorsement_status(session: Session, definition_id: str) -> dict[str, Any]:
    """Endorsements of a definition per stakeholder group, against the seeds' criteria.

    Returns {"definition": id, "groups": {group: count} (all six groups), "total": n,
    "rc_threshold": 2, "final_threshold": 5, "rc_met": every group ≥ 2,
    "final_met": every group ≥ 5, "rc_missing": {group: still needed},
    "final_missing": {group: still needed}, "endorsers": [username, …]}.
    """
    definition_or_404(definition_id)
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
