"""A system's page, what reviewers and admins do to it, and its badges."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from osaid.definitions.loader import DEFINITION_IDS
from osaid.errors import InputError
from osaid.registry import services as svc
from osaid.registry.errors import NotFound
from osaid.registry.pages.forms import error_message, form_action, form_text
from osaid.registry.pages.rendering import DB, Visit, error_page, render
from osaid.registry.pages.svg import badge_svg, badge_text
from osaid.registry.web import cached_response

router = APIRouter()


@router.get("/systems/{slug}", response_class=HTMLResponse)
def system_page(slug: str, visit: Visit) -> HTMLResponse:
    try:
        detail = svc.get_system(visit.session, slug, include_hidden=visit.admin)
    except (NotFound, InputError) as exc:
        return error_page(visit, 404, error_message(exc)[1])
    origin = str(visit.request.base_url).rstrip("/")
    badges = [
        (d, f"{origin}/badge/{quote(slug)}/{d}.svg", badge_text(d, detail.summary)[:2])
        for d in svc.DEFINITIONS
    ]
    order = [d for d in svc.DEFINITIONS if d in detail.reports]
    order += sorted(d for d in detail.reports if d not in order)
    merge_into = svc.list_systems(visit.session, per_page=500).items if visit.admin else ()
    return render(
        visit,
        "system.html",
        title=detail.name,
        s=detail,
        badges=badges,
        report_order=order,
        systems_for_merge=merge_into,
    )


@router.post("/systems/{slug}/{action}")
async def system_action(slug: str, action: str, visit: Visit) -> Response:
    session, user = visit.session, visit.user
    return await form_action(
        visit,
        action,
        f"/systems/{quote(slug)}",
        publish=(lambda form: svc.publish_system(session, user, slug), "published"),
        hide=(
            lambda form: svc.hide_system(session, user, slug, form_text(form, "reason")),
            "hidden",
        ),
        merge=(
            lambda form: svc.merge_systems(session, user, slug, form_text(form, "into")),
            "merged",
        ),
        reevaluate=(lambda form: svc.reevaluate_system(session, user, slug), "reevaluated"),
    )


@router.get("/badge/{slug}/{definition}.svg")
def badge(slug: str, definition: str, session: DB) -> Response:
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
