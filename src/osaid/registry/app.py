"""The FastAPI application of `osaid serve`.

`create_app()` with no arguments opens (creating if needed) `./osaid-registry.sqlite3` or
`$OSAID_REGISTRY_DB`, upgrades the schema, imports the reference catalog into an empty
registry, and serves the REST API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at
/api/docs), the HTML pages of `osaid.registry.pages` and `registry/static/` at /static.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from osaid import __version__
from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.registry import api, migrate, pages, services
from osaid.registry.auth import SessionMiddleware, ensure_secret
from osaid.registry.db import Database
from osaid.registry.errors import RateLimited, RegistryError
from osaid.registry.middleware import AnonymousReadCache, SecurityHeaders
from osaid.registry.ratelimit import RateLimiter
from osaid.registry.state import RegistryState, Settings
from osaid.registry.web import wants_html

__all__ = ["Settings", "app_from_env", "create_app", "settle_heap"]

log = logging.getLogger("osaid.registry")


def _error(request: Request, status: int, detail: dict[str, Any], headers: Any = None) -> Response:
    if not wants_html(request):
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

    app.include_router(api.router, prefix="/api/v1")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(pages.router)
    pages.install(app)
    static = Path(str(resources.files("osaid.registry").joinpath("static")))
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
