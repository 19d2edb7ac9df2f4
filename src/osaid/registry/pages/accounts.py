"""Signing in and out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from osaid.registry.auth import sign_in, sign_out
from osaid.registry.errors import PermissionDenied, RateLimited
from osaid.registry.pages.forms import form_text, read_form
from osaid.registry.pages.rendering import DB, PageRequest, Visit, render, see_other

router = APIRouter()


def safe_next(value: str | None) -> str:
    """A local path to go to after signing in (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


@router.get("/login", response_class=HTMLResponse)
def login_form(visit: Visit) -> HTMLResponse:
    target = safe_next(visit.request.query_params.get("next"))
    return render(visit, "login.html", title="Log in", error=None, username="", next=target)


@router.post("/login")
async def login(request: Request, session: DB) -> Response:
    # Not a Visit: who was signed in before does not matter here, nor does a stale token.
    form = await read_form(request)
    username, password = form_text(form, "username"), form_text(form, "password")
    target = safe_next(form_text(form, "next"))
    try:
        sign_in(request, session, username, password)
    except (PermissionDenied, RateLimited) as exc:
        return render(
            PageRequest(request, session, None),
            "login.html",
            status_code=429 if isinstance(exc, RateLimited) else 401,
            title="Log in",
            error=exc.message,
            username=username[:80],
            next=target,
        )
    return see_other(target, "logged-in")


@router.post("/logout")
async def logout(request: Request) -> Response:
    await read_form(request)
    sign_out(request)
    return see_other("/", "logged-out")
