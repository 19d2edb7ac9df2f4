"""Write transactions: one per service call, retried while SQLite reports the database
locked, with the audit log written in the same transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from osaid.registry import models as m
from osaid.registry.db import begin_write

T = TypeVar("T")


def now() -> datetime:
    return datetime.now(UTC)


def is_locked(exc: OperationalError) -> bool:
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


def retrying(session: Session, fn: Callable[[], T], attempts: int = 5) -> T:
    """Run `fn` in a write transaction, retrying when SQLite reports the database locked."""
    for attempt in range(attempts):
        try:
            with _write(session):
                return fn()
        except OperationalError as exc:
            if not is_locked(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (2**attempt))
    raise AssertionError("unreachable")


def audit(session: Session, actor: m.User | None, action: str, target: str, **details: Any) -> None:
    session.add(
        m.AuditLog(
            actor_id=actor.id if actor else None,
            actor=actor.username if actor else "system",
            action=action,
            target=target,
            details=details,
            at=now(),
        )
    )
