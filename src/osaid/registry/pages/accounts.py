"""Signing in and out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from osaid.registry import models as m
from osaid.registry.auth import sign_in, sign_out
from osaid.registry.errors import PermissionDenied, RateLimited
from osaid.registry.pages.rendering import (
    SessionDep,
    UserDep,
    form_text,
    read_form,
    render,
    safe_next,
    see_other,
)

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: m.User | None = UserDep) -> HTMLResponse:
    return render(
        request,
        "login.html",
        user,
        title="Log in",
        error=None,
        username="",
        next=safe_next(request.query_params.get("next")),
    )


@router.post("/login")
async def login(request: Request, session: Session = SessionDep) -> Response:
    form = await read_form(request)
    username, password = form_text(form, "username"), form_text(form, "password")
    target = safe_next(form_text(form, "next"))
    try:
        sign_in(request, session, username, password)
    except (PermissionDenied, RateLimited) as exc:
        status = 429 if isinstance(exc, RateLimited) else 401
        return render(
            request,
            "login.html",
            None,
            status_code=status,
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
