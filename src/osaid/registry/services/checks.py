"""Checks every area makes of its caller and input: the role a user needs, a text argument,
the system a slug names."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from osaid.errors import InputError
from osaid.registry import models as m
from osaid.registry.errors import NotFound, PermissionDenied


def require_user(user: m.User | None) -> m.User:
    if user is None:
        raise PermissionDenied("sign in first")
    return user


def require_reviewer(user: m.User | None) -> m.User:
    user = require_user(user)
    if user.role not in ("reviewer", "admin"):
        raise PermissionDenied("only reviewers and admins can do this")
    return user


def require_admin(user: m.User | None) -> m.User:
    user = require_user(user)
    if user.role != "admin":
        raise PermissionDenied("only admins can do this")
    return user


def system_row(session: Session, slug: str, *, include_hidden: bool = True) -> m.System:
    if not isinstance(slug, str) or not slug or len(slug) > 120 or "\x00" in slug:
        raise InputError("a system slug is required", field="slug")
    row = session.scalars(select(m.System).where(m.System.slug == slug)).first()
    if row is None or (row.hidden and not include_hidden):
        raise NotFound(f"no system {slug!r}")
    return row


def text_arg(value: str | None, name: str, limit: int = 200) -> str | None:
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
