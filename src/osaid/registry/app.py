"""The FastAPI application of `osaid serve`.

`create_app()` with no arguments opens (creating if needed) `./osaid-registry.sqlite3` or
`$OSAID_REGISTRY_DB`, upgrades the schema, imports the reference catalog into an empty
registry, and serves the REST API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at
/api/docs) plus, when present, the HTML pages of `osaid.registry.pages` (its `router`; an
`install(app)` function there, if any, is called too) and `registry/static/` at /static.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from importlib import import_module, resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from osaid import __version__
from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.registry import migrate, services
from osaid.registry.auth import RateLimiter, RateLimits, SessionMiddleware, ensure_secret
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

    app.add_middleware(SessionMiddleware, state=state)
    app.add_middleware(SecurityHeaders)

    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory osaid.registry.app:app_from_env` (reads the env)."""
    return create_app(os.environ.get("OSAID_REGISTRY_DB") or None)
