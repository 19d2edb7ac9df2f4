"""Accounts and API tokens."""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osaid.errors import InputError
from osaid.registry import models as m
from osaid.registry.errors import Conflict, NotFound
from osaid.registry.passwords import hash_password, hash_token, new_token
from osaid.registry.services.checks import require_admin, require_user, text_arg
from osaid.registry.services.transactions import audit, now, retrying
from osaid.registry.services.views import UserView

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,79}$")


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

    if actor is not None:
        require_admin(actor)
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
            created_at=now(),
        )
        session.add(user)
        session.flush()
        audit(session, actor, "user.create", username, role=role)
        return user

    try:
        return _user_view(retrying(session, do))
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
    require_admin(admin)
    return [_user_view(u) for u in session.scalars(select(m.User).order_by(m.User.username))]


def set_role(session: Session, admin: m.User | None, username: str, role: str) -> UserView:
    actor = require_admin(admin)
    _check_role_group(role, None)
    target = get_user(session, username)

    def do() -> m.User:
        old = target.role
        target.role = role
        audit(session, actor, "user.role", username, before=old, after=role)
        return target

    return _user_view(retrying(session, do))


def set_stakeholder_group(
    session: Session, user: m.User | None, stakeholder_group: str | None
) -> UserView:
    """A user sets their own stakeholder group (one of the six, or None)."""
    me = require_user(user)
    _check_role_group(me.role, stakeholder_group)
    row = session.get(m.User, me.id)
    if row is None:
        raise NotFound("no such user")

    def do() -> m.User:
        assert row is not None
        row.stakeholder_group = stakeholder_group
        return row

    return _user_view(retrying(session, do))


def create_api_token(session: Session, user: m.User | None, label: str = "") -> str:
    """A new API token for the user; the plain token is returned once, only its hash kept."""

    owner = require_user(user)
    token = new_token()
    uid = owner.id
    label = text_arg(label, "label", 120) or ""

    def do() -> None:
        session.add(
            m.ApiToken(user_id=uid, token_hash=hash_token(token), label=label, created_at=now())
        )

    retrying(session, do)
    return token


def revoke_api_tokens(session: Session, user: m.User | None) -> int:
    owner = require_user(user)
    uid = owner.id

    def do() -> int:
        result = session.execute(
            update(m.ApiToken).where(m.ApiToken.user_id == uid).values(revoked=True)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    return retrying(session, do)
