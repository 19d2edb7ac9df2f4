"""Reading a posted form (after its CSRF token is checked) and answering it: the status and
message of what went wrong, or the page that shows what was done."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from osaid.errors import InputError, OsaidError, UnknownIdError
from osaid.registry import models as m
from osaid.registry.auth import check_write_rate, require_csrf
from osaid.registry.errors import PermissionDenied, RegistryError
from osaid.registry.pages.rendering import PageRequest, error_page, see_other


def error_message(exc: Exception) -> tuple[int, str]:
    """The HTTP status and the message of an error, for a page that shows it."""
    if isinstance(exc, InputError):
        return 422, exc.one_line() if exc.file else exc.message
    if isinstance(exc, RegistryError):
        return exc.status_code, exc.message
    if isinstance(exc, UnknownIdError):
        return 404, str(exc)
    return 422, str(exc)


async def read_form(request: Request) -> FormData:
    """The form, after checking the CSRF token."""
    await require_csrf(request)
    return await request.form()


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def form_error(exc: Exception, user: m.User | None) -> tuple[int, str]:
    """The status and message of a form that failed: 401 rather than 403 when the visitor
    has not signed in, so that the page asks them to."""
    status, message = error_message(exc)
    if isinstance(exc, PermissionDenied) and user is None:
        status = 401
    return status, message


Action = tuple[Callable[[FormData], object], str]
"""What an action does with the form, and the notice (`words.NOTICES`) that it is done."""


async def form_action(visit: PageRequest, action: str, done: str, **actions: Action) -> Response:
    """A form that changes one thing: the action of that name runs (after the CSRF token and
    the write rate are checked) and the browser goes to `done` with the action's notice; an
    error, or an unknown action (404), is shown as a page."""
    form = await read_form(visit.request)
    try:
        check_write_rate(visit.request, visit.user)
        if action not in actions:
            return error_page(visit, 404, f"no action {action!r}")
        do, notice = actions[action]
        do(form)
    except (OsaidError, RegistryError) as exc:
        return error_page(visit, *error_message(exc))
    return see_other(done, notice)
