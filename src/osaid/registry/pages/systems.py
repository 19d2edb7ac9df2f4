"""A system's page, what reviewers and admins do to it, and its badges."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from osaid.definitions.loader import DEFINITION_IDS
from osaid.errors import InputError
from osaid.freedoms import Freedom
from osaid.registry import models as m
from osaid.registry import services as svc
from osaid.registry.errors import NotFound
from osaid.registry.pages.rendering import (
    FREEDOM_ORDER,
    Action,
    SessionDep,
    UserDep,
    error_message,
    error_page,
    form_action,
    form_text,
    render,
)
from osaid.registry.pages.svg import badge_svg, badge_text
from osaid.registry.web import cached_response

router = APIRouter()


def _system_or_404(session: Session, slug: str, user: m.User | None) -> svc.SystemDetail:
    return svc.get_system(session, slug, include_hidden=bool(user and user.role == "admin"))


@router.get("/systems/{slug}", response_class=HTMLResponse)
def system_page(
    request: Request, slug: str, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    try:
        detail = _system_or_404(session, slug, user)
    except (NotFound, InputError) as exc:
        return error_page(request, user, 404, error_message(exc)[1])
    origin = str(request.base_url).rstrip("/")
    badges = [
        (d, f"{origin}/badge/{quote(slug)}/{d}.svg", badge_text(d, detail.summary)[:2])
        for d in svc.DEFINITIONS
    ]
    order = [d for d in svc.DEFINITIONS if d in detail.reports]
    order += sorted(d for d in detail.reports if d not in order)
    return render(
        request,
        "system.html",
        user,
        section="systems",
        title=detail.name,
        s=detail,
        badges=badges,
        report_order=order,
        freedoms=FREEDOM_ORDER,
        freedom_text={f.value: f.text for f in Freedom},
        systems_for_merge=(
            svc.list_systems(session, per_page=500).items if user and user.role == "admin" else ()
        ),
    )


@router.post("/systems/{slug}/{action}")
async def system_action(
    request: Request,
    slug: str,
    action: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> Response:
    actions: dict[str, tuple[Action, str]] = {
        "publish": (lambda form: svc.publish_system(session, user, slug), "published"),
        "hide": (
            lambda form: svc.hide_system(session, user, slug, form_text(form, "reason")),
            "hidden",
        ),
        "merge": (
            lambda form: svc.merge_systems(session, user, slug, form_text(form, "into")),
            "merged",
        ),
        "reevaluate": (lambda form: svc.reevaluate_system(session, user, slug), "reevaluated"),
    }
    return await form_action(request, user, action, actions, f"/systems/{quote(slug)}")


@router.get("/badge/{slug}/{definition}.svg")
def badge(slug: str, definition: str, session: Session = SessionDep) -> Response:
    """An SVG badge for a model card: `![OSAID](https://…/badge/SLUG/osaid-1.0.svg)`."""
    return cached_response(
        session, ("badge", slug, definition), lambda: _badge(session, slug, definition)
    )


def _badge(session: Session, slug: str, definition: str) -> Response:
    summary: svc.SystemSummary | None
    try:
        summary = svc.get_system(session, slug).summary
    except (NotFound, InputError):
        summary = None
    known = definition in DEFINITION_IDS
    label, message, status = badge_text(definition, summary)
    if not known:
        message, status = "unknown definition", "none"
    return Response(
        badge_svg(label, message, status),
        status_code=200 if summary is not None and known else 404,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=300"},
    )
