"""The FastAPI application of `osaid serve`.

`create_app()` with no arguments opens (creating if needed) `./osaid-registry.sqlite3` or
`$OSAID_REGISTRY_DB`, upgrades the schema, imports the reference catalog into an empty
registry, and serves the REST API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at
/api/docs) plus, when present, the HTML pages of `osaid.registry.pages` (its `router`; an
`install(app)` function there, if any, is called too) and `registry/static/` at /static.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import logging
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from importlib import import_module, resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from osaid import __version__
from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.registry import migrate, services
from osaid.registry.auth import (
    RateLimiter,
    RateLimits,
    SessionMiddleware,
    csrf_token_for,
    ensure_secret,
)
from osaid.registry.db import Database
from osaid.registry.errors import RateLimited, RegistryError

log = logging.getLogger("osaid.registry")


@dataclass(frozen=True)
class Settings:
    rate_limits: RateLimits = field(default_factory=RateLimits)
    secure_cookies: bool | None = None
    """None: Secure cookies when the request came over https."""
    secret_key: str | None = None
    """Signs session cookies and CSRF tokens; default: made once and kept in the database."""
    import_catalog: bool = True
    """Import the reference catalog into an empty registry on start."""
    migrate: bool = True
    """Run `alembic upgrade head` on start."""
    background_worker: bool = True
    """Evaluate Hugging Face submissions in a background thread."""
    hf_loader: services.HfLoader | None = None
    """Turns `ORG/NAME` into a System (default: osaid's Hugging Face scanner)."""

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from `OSAID_REGISTRY_RATE_LIMITS` (see `RateLimits.from_spec`),
        `OSAID_REGISTRY_SECRET`, `OSAID_REGISTRY_SECURE_COOKIES` (1/0)."""
        settings = cls()
        spec = os.environ.get("OSAID_REGISTRY_RATE_LIMITS")
        if spec:
            settings = replace(settings, rate_limits=RateLimits.from_spec(spec))
        secret = os.environ.get("OSAID_REGISTRY_SECRET")
        if secret:
            settings = replace(settings, secret_key=secret)
        secure = os.environ.get("OSAID_REGISTRY_SECURE_COOKIES")
        if secure:
            settings = replace(settings, secure_cookies=secure.strip() in ("1", "true", "yes"))
        return settings


@dataclass
class RegistryState:
    db: Database
    settings: Settings
    limiter: RateLimiter
    secret_key: str
    worker: services.SubmissionWorker | None = None


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
    MAX_ENTRIES = 4096
    MAX_BYTES = 64 * 1024 * 1024
    GZIP_MIN = 8192
    """Bodies from this size are sent gzip-compressed to clients that accept it (compressed
    once per cache entry); smaller ones are sent as they are."""
    CSRF_SLOT = b"\x00osaid-csrf\x00"

    def __init__(self, app: ASGIApp, state: RegistryState) -> None:
        self.app = app
        self.state = state
        self.entries: dict[tuple[Any, ...], _Cached] = {}
        self.size = 0
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
        entry = self.entries.get(key)
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
    ) -> _Cached | None:
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
        entry = _Cached(headers, body, etag)
        if len(self.entries) >= self.MAX_ENTRIES or self.size + len(body) > self.MAX_BYTES:
            self.entries.clear()
            self.size = 0
        self.entries[key] = entry
        self.size += len(body)
        return entry


@dataclass(slots=True)
class _Cached:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    """b"" when the body holds a CSRF slot (personalised per request: no ETag, no gzip)."""
    gzipped: tuple[list[tuple[bytes, bytes]], bytes, bytes] | None = None


def _gzip_variant(entry: _Cached) -> tuple[list[tuple[bytes, bytes]], bytes, bytes]:
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


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
        "accept", ""
    )


def _error(request: Request, status: int, detail: dict[str, Any], headers: Any = None) -> Response:
    if _wants_json(request):
        return JSONResponse(detail, status_code=status, headers=headers)
    return PlainTextResponse(str(detail.get("detail", "")), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        body: dict[str, Any] = {"detail": exc.one_line() if exc.file else exc.message}
        for key in ("file", "line", "field"):
            if getattr(exc, key) is not None:
                body[key] = getattr(exc, key)
        return _error(request, 422, body)

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        return _error(
            request,
            429,
            {"detail": exc.message},
            headers={"Retry-After": str(max(1, round(exc.retry_after)))},
        )

    @app.exception_handler(RegistryError)
    async def registry_error(request: Request, exc: RegistryError) -> Response:
        return _error(request, exc.status_code, {"detail": exc.message})

    @app.exception_handler(UnknownIdError)
    async def unknown_id(request: Request, exc: UnknownIdError) -> Response:
        return _error(request, 404, {"detail": str(exc)})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(
            request, exc.status_code, {"detail": exc.detail}, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(OsaidError)
    async def osaid_error(request: Request, exc: OsaidError) -> Response:
        return _error(request, 422, {"detail": str(exc)})


def _pages_module() -> Any | None:
    try:
        return import_module("osaid.registry.pages")
    except ModuleNotFoundError as exc:
        if exc.name == "osaid.registry.pages":
            return None
        raise


def create_app(database_url: str | None = None, *, settings: Settings | None = None) -> FastAPI:
    """The registry application over the database at `database_url` (see module docs)."""
    settings = settings or Settings.from_env()
    db = Database(database_url)
    if settings.migrate:
        migrate.upgrade(db.engine)
    with db.scope() as session:
        if settings.import_catalog:
            services.ensure_initial_content(session)
        secret = settings.secret_key or ensure_secret(session)
    state = RegistryState(db, settings, RateLimiter(settings.rate_limits), secret)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.background_worker:
            state.worker = services.start_worker(db.sessions, settings.hf_loader)
        try:
            yield
        finally:
            if state.worker is not None:
                services.stop_worker(db.sessions)
                state.worker = None
            db.dispose()

    app = FastAPI(
        title="osaid registry",
        version=__version__,
        description="Evaluated AI systems, reviewers' ballots and tallies (osaid).",
        lifespan=lifespan,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.registry = state
    _install_error_handlers(app)

    from osaid.registry.api import router as api_router

    app.include_router(api_router, prefix="/api/v1")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    pages = _pages_module()
    if pages is not None and hasattr(pages, "router"):
        app.include_router(pages.router)
        if hasattr(pages, "install"):
            pages.install(app)
    else:

        @app.get("/", include_in_schema=False)
        def index() -> RedirectResponse:
            return RedirectResponse("/api/docs")

    static = Path(str(resources.files("osaid.registry").joinpath("static")))
    if static.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=static), name="static")

    app.add_middleware(AnonymousReadCache, state=state)
    app.add_middleware(SessionMiddleware, state=state)
    app.add_middleware(SecurityHeaders)

    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory osaid.registry.app:app_from_env` (reads the env)."""
    app = create_app(os.environ.get("OSAID_REGISTRY_DB") or None)
    settle_heap()
    return app


def settle_heap() -> None:
    """Collect, then move every object made so far (modules, catalogs, definitions) out of
    the garbage collector's reach (`gc.freeze`), so that full collections while serving
    walk only what was made since: pauses of ~100 ms become a few ms. For server processes,
    called once after the app is built."""
    gc.collect()
    gc.freeze()
