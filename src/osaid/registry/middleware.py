"""ASGI middleware of the registry: security headers on every response, and the per-process
cache of whole responses to anonymous GETs of the hot read routes."""

from __future__ import annotations

import gzip
import hashlib
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from osaid.registry import services
from osaid.registry.auth import csrf_token_for
from osaid.registry.state import CachedResponse, RegistryState


class SecurityHeaders:
    """Conservative response headers on every response."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in self.HEADERS if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


class AnonymousReadCache:
    """Whole responses of anonymous GETs of the hot read routes, kept per process.

    Covers the listing `/`, system pages, `/api/v1/systems`, `/api/v1/systems/{slug}`,
    `/api/v1/facets` and badges: routes whose 200 response is a function of the URL (host
    and scheme included) and of the registry's content version alone, for a visitor who is
    not signed in (no `Authorization` header, no user in the session cookie). The key holds
    the content version, which every write to systems or evaluations replaces in its own
    transaction, so a change is seen at once by every worker process; reading it is one tiny
    query (`services.engine_content_version`). A hit skips routing, dependencies, the thread
    pool, the ORM and template rendering. Cached responses carry a strong `ETag` (a hash of
    the body); a GET with a matching `If-None-Match` gets 304 without a body. The session
    cookie is added outside (SessionMiddleware), as for any response. A CSRF token in a
    cached body is kept as a placeholder and filled in per request.
    """

    ROUTES = re.compile(
        r"^(?:/|/systems/[^/]+|/api/v1/(?:systems|facets|systems/[^/]+)"
        r"|/badge/[^/]+/[^/]+\.svg)$"
    )
    GZIP_MIN = 8192
    """Bodies from this size are sent gzip-compressed to clients that accept it (compressed
    once per cache entry); smaller ones are sent as they are."""
    CSRF_SLOT = b"\x00osaid-csrf\x00"

    def __init__(self, app: ASGIApp, state: RegistryState) -> None:
        self.app = app
        self.state = state
        self.store = state.responses
        self.sqlite = state.db.sqlite

    def _cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET":
            return False
        if not self.ROUTES.match(scope["path"]):
            return False
        session = scope.get("state", {}).get("osaid_session")
        if session is None or session.uid is not None:
            return False
        return all(name != b"authorization" for name, _ in scope["headers"])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        engine = self.state.db.engine
        if self.sqlite:
            version = services.engine_content_version(engine)
        else:
            version = await run_in_threadpool(services.engine_content_version, engine)
        if version is None:
            await self.app(scope, receive, send)
            return
        host = b""
        inm = None
        accept_gzip = False
        for name, value in scope["headers"]:
            if name == b"host":
                host = value
            elif name == b"if-none-match":
                inm = value
            elif name == b"accept-encoding":
                accept_gzip = _accepts_gzip(value)
        key = (
            version,
            scope.get("scheme"),
            host,
            scope.get("root_path", ""),
            scope["path"],
            scope.get("query_string", b""),
        )
        entry = self.store.get(key)
        if entry is None:
            entry = await self._fill(scope, receive, send, key)
            if entry is None:
                return
        headers, body, etag = entry.headers, entry.body, entry.etag
        if self.CSRF_SLOT in body:
            body = body.replace(self.CSRF_SLOT, _csrf_of(scope, self.state))
            headers = _with_length(headers, len(body))
        elif accept_gzip and len(body) >= self.GZIP_MIN:
            if entry.gzipped is None:
                entry.gzipped = _gzip_variant(entry)
            headers, body, etag = entry.gzipped
        if etag and inm is not None and _etag_matches(inm, etag):
            kept = [(k, v) for k, v in headers if k in (b"cache-control", b"etag", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, key: tuple[Any, ...]
    ) -> CachedResponse | None:
        """Run the app; keep a plain 200 answer. None when the response was sent as is."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: Message) -> None:
            nonlocal passthrough
            if passthrough:
                await send(message)
            elif message["type"] == "http.response.start":
                start.update(message)
                headers = message.get("headers", [])
                if message["status"] != 200 or any(
                    k.lower() in (b"set-cookie", b"content-encoding") for k, _ in headers
                ):
                    passthrough = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:
                await send(message)

        await self.app(scope, receive, capture)
        if passthrough or not start:
            return None
        body = b"".join(chunks)
        token = _csrf_of(scope, self.state)
        if token in body:
            body = body.replace(token, self.CSRF_SLOT)
        headers = [(k.lower(), v) for k, v in start.get("headers", [])]
        headers = [(k, v) for k, v in headers if k not in (b"etag", b"vary")]
        etag = b""
        if self.CSRF_SLOT not in body:
            digest = hashlib.blake2b(body, digest_size=16).hexdigest()
            etag = b'"' + digest.encode("ascii") + b'"'
            headers.append((b"etag", etag))
            if len(body) >= self.GZIP_MIN:
                headers.append((b"vary", b"Accept-Encoding"))
        entry = CachedResponse(headers, body, etag)
        self.store.put(key, entry)
        return entry


def _gzip_variant(entry: CachedResponse) -> tuple[list[tuple[bytes, bytes]], bytes, bytes]:
    body = gzip.compress(entry.body, compresslevel=6, mtime=0)
    etag = entry.etag[:-1] + b'-gzip"'
    headers = [(k, etag if k == b"etag" else v) for k, v in _with_length(entry.headers, len(body))]
    headers.append((b"content-encoding", b"gzip"))
    return headers, body, etag


def _with_length(headers: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    value = str(length).encode("ascii")
    return [(k, value if k == b"content-length" else v) for k, v in headers]


def _accepts_gzip(header: bytes) -> bool:
    for part in header.lower().split(b","):
        coding, _, params = part.strip().partition(b";")
        if coding.strip() == b"gzip":
            q = params.strip().removeprefix(b"q=")
            return not (params.strip().startswith(b"q=") and q.strip(b"0.") == b"")
    return False


def _csrf_of(scope: Scope, state: RegistryState) -> bytes:
    session = scope.get("state", {}).get("osaid_session")
    return csrf_token_for(state.secret_key, session.sid if session else "").encode("ascii")


def _etag_matches(header: bytes, etag: bytes) -> bool:
    if header.strip() == b"*":
        return True
    return any(tag.strip().removeprefix(b"W/") == etag for tag in header.split(b","))
