"""Who is asking: sessions, CSRF and the signed-in user of a request.

* Sessions: a signed cookie (`osaid_session`, itsdangerous, HttpOnly, SameSite=Lax, Secure
  when the request came over https or `Settings.secure_cookies` is True) holding a random
  session id and the user id. Every visitor gets one on the first response, so forms shown
  to anonymous visitors (sign in) carry a CSRF token too. Signing in issues a new session id.
* CSRF: session-bound tokens, `csrf_token(request)` = HMAC(secret, session id). Every unsafe
  request authenticated by the cookie must carry it, as the form field `csrf_token` or the
  header `X-CSRF-Token` (`require_csrf`, a FastAPI dependency). Requests authenticated by an
  API token (`Authorization: Bearer …`) carry no cookie authority and need no CSRF token.
* Passwords and API tokens are hashed in `passwords`; rate limits are in `ratelimit`
  (`RateLimits` is re-exported here).
* Roles: anonymous visitors read; `reviewer` submits, votes and endorses; `admin` also
  publishes, hides and merges systems and manages accounts.

For the pages: `csrf_token(request)`, `current_user(request)`, the dependencies
`require_csrf`, `db_session`, `optional_user`, `require_user`, and `sign_in(request,
session, username, password)` / `sign_out(request)`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Annotated, cast

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from osaid.registry import models as m
from osaid.registry.db import begin_write
from osaid.registry.errors import PermissionDenied
from osaid.registry.passwords import hash_token, set_password_hasher, verify_password
from osaid.registry.ratelimit import RateLimits
from osaid.registry.state import RegistryState, registry_state

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "RateLimits",
    "SessionMiddleware",
    "check_write_rate",
    "client_ip",
    "csrf_token",
    "csrf_token_for",
    "current_user",
    "db_session",
    "ensure_secret",
    "optional_user",
    "require_csrf",
    "require_user",
    "set_password_hasher",
    "sign_in",
    "sign_out",
]

COOKIE = "osaid_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 14 * 24 * 3600
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# ---------------------------------------------------------------------------------------------
# Session cookie (pure ASGI middleware: cheap on every request)


@dataclass
class SessionData:
    sid: str
    uid: int | None = None
    dirty: bool = False


class SessionMiddleware:
    """Reads the signed session cookie into `request.state.osaid_session` and writes it back
    when it is new or changed."""

    def __init__(self, app: ASGIApp, state: RegistryState) -> None:
        self.app = app
        self.state = state

    def _serializer(self) -> URLSafeTimedSerializer:
        secret = self.state.secret_key
        cached = getattr(self, "_cached_serializer", None)
        if cached is None or cached[0] != secret:
            cached = (secret, URLSafeTimedSerializer(secret, salt="osaid-session"))
            self._cached_serializer = cached
        return cached[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        data = self._read(scope)
        scope.setdefault("state", {})["osaid_session"] = data
        secure = self.state.settings.secure_cookies
        if secure is None:
            secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and data.dirty:
                value = self._serializer().dumps({"sid": data.sid, "uid": data.uid})
                cookie = (
                    f"{COOKIE}={value}; Path=/; Max-Age={SESSION_MAX_AGE}; HttpOnly; SameSite=Lax"
                )
                if secure:
                    cookie += "; Secure"
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", cookie.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _read(self, scope: Scope) -> SessionData:
        raw = None
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                try:
                    jar = SimpleCookie(value.decode("latin-1"))
                except Exception:
                    continue
                if COOKIE in jar:
                    raw = jar[COOKIE].value
        if raw:
            try:
                payload = self._serializer().loads(raw, max_age=SESSION_MAX_AGE)
                sid = payload.get("sid") if isinstance(payload, dict) else None
                uid = payload.get("uid") if isinstance(payload, dict) else None
                if isinstance(sid, str) and (uid is None or isinstance(uid, int)):
                    return SessionData(sid, uid)
            except BadSignature:
                pass
        return SessionData(secrets.token_urlsafe(24), None, dirty=True)


def _session_data(request: Request) -> SessionData:
    data = getattr(request.state, "osaid_session", None)
    if data is None:  # app mounted without the middleware (should not happen)
        data = SessionData(secrets.token_urlsafe(24), None, dirty=True)
        request.state.osaid_session = data
    return cast(SessionData, data)


def csrf_token(request: Request) -> str:
    """The CSRF token for forms of this visitor's session (put it in `csrf_token`)."""
    return csrf_token_for(registry_state(request).secret_key, _session_data(request).sid)


def csrf_token_for(secret_key: str, sid: str) -> str:
    """HMAC(secret, session id): the CSRF token of a session."""
    key = secret_key.encode("utf-8")
    return hmac.new(key, b"csrf:" + sid.encode("utf-8"), hashlib.sha256).hexdigest()


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# ---------------------------------------------------------------------------------------------
# Dependencies


def db_session(request: Request) -> Iterator[Session]:
    """A database session for the request, closed afterwards."""
    session = registry_state(request).db.session()
    try:
        yield session
    finally:
        session.close()


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.casefold() != "bearer" or not token.strip():
        raise HTTPException(401, "Authorization must be 'Bearer TOKEN'")
    return token.strip()


def current_user(request: Request, session: Session) -> m.User | None:
    """The signed-in user (API token first, then the session cookie), or None."""
    cached = getattr(request.state, "osaid_user", False)
    if cached is not False:
        return cast("m.User | None", cached)
    user: m.User | None = None
    token = _bearer(request)
    if token is not None:
        row = session.scalars(
            select(m.ApiToken).where(
                m.ApiToken.token_hash == hash_token(token), m.ApiToken.revoked.is_(False)
            )
        ).first()
        if row is None:
            raise HTTPException(401, "invalid or revoked API token")
        user = row.user
        request.state.osaid_auth = "token"
    else:
        uid = _session_data(request).uid
        if uid is not None:
            user = session.get(m.User, uid)
        request.state.osaid_auth = "cookie" if user is not None else None
    request.state.osaid_user = user
    return user


def optional_user(
    request: Request, session: Annotated[Session, Depends(db_session)]
) -> m.User | None:
    return current_user(request, session)


def require_user(request: Request, session: Annotated[Session, Depends(db_session)]) -> m.User:
    user = current_user(request, session)
    if user is None:
        raise HTTPException(
            401, "sign in or send an API token", headers={"WWW-Authenticate": "Bearer"}
        )
    return user


async def require_csrf(request: Request) -> None:
    """Reject an unsafe request that relies on the session cookie without the CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    if "authorization" in request.headers:
        return  # token-authenticated: no ambient authority to forge
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, csrf_token(request)):
        raise HTTPException(403, "CSRF token missing or wrong; reload the page and try again")


def check_write_rate(request: Request, user: m.User | None) -> None:
    registry_state(request).limiter.write(client_ip(request), user.id if user else None)


def sign_in(request: Request, session: Session, username: str, password: str) -> m.User:
    """Check the password (rate limited per IP and per account) and start a new session.

    Raises RateLimited, or PermissionDenied("wrong username or password")."""
    if not isinstance(username, str) or not isinstance(password, str):
        raise PermissionDenied("wrong username or password")
    username = username.strip()[:80]
    registry_state(request).limiter.login(client_ip(request), username)
    user = session.scalars(select(m.User).where(m.User.username == username)).first()
    # Checked even without an account: the time taken does not tell which accounts exist.
    if not verify_password(user.password_hash if user else None, password[:1024]) or not user:
        raise PermissionDenied("wrong username or password")
    data = _session_data(request)
    data.sid = secrets.token_urlsafe(24)  # no session fixation
    data.uid = user.id
    data.dirty = True
    request.state.osaid_user = user
    return user


def sign_out(request: Request) -> None:
    data = _session_data(request)
    data.sid = secrets.token_urlsafe(24)
    data.uid = None
    data.dirty = True
    request.state.osaid_user = None


def ensure_secret(session: Session) -> str:
    """The signing secret kept in the database (made on first start; shared by workers)."""
    row = session.get(m.Meta, "secret_key")
    if row is not None:
        return row.value
    begin_write(session)
    try:
        row = session.get(m.Meta, "secret_key")
        if row is None:
            row = m.Meta(key="secret_key", value=secrets.token_urlsafe(48))
            session.add(row)
        value = row.value
        session.commit()
        return value
    except Exception:
        session.rollback()
        again = session.get(m.Meta, "secret_key")
        if again is None:
            raise
        return again.value
