"""Errors as pages for browsers (403 CSRF, 404, 422…), while the API keeps its JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from osaid.errors import InputError, OsaidError
from osaid.registry.auth import current_user
from osaid.registry.errors import RegistryError
from osaid.registry.pages.forms import error_message
from osaid.registry.pages.rendering import PageRequest, error_page
from osaid.registry.state import registry_state
from osaid.registry.web import wants_html

Handler = Callable[[Request, Exception], Any]


def install(app: FastAPI) -> None:
    """Let browsers see errors (403 CSRF, 404, 422…) as pages; the API keeps its JSON."""
    for exc_type in (StarletteHTTPException, HTTPException, RegistryError, InputError, OsaidError):
        original = app.exception_handlers.get(exc_type)
        if original is None:
            continue
        app.add_exception_handler(exc_type, _html_or(original))


def _html_or(original: Handler) -> Handler:
    async def handler(request: Request, exc: Exception) -> Any:
        if not wants_html(request):
            return await original(request, exc)
        if isinstance(exc, StarletteHTTPException):
            status, message = exc.status_code, str(exc.detail)
        else:
            status, message = error_message(exc)
        with registry_state(request).db.scope() as session:
            try:
                user = current_user(request, session)
            except StarletteHTTPException:
                user = None
            response = error_page(PageRequest(request, session, user), status, message)
        headers = getattr(exc, "headers", None)
        if headers:
            response.headers.update(headers)
        return response

    return handler
