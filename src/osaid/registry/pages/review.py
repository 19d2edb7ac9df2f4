"""Review: working groups, ballots, the tally with the μ rubric and its heatmap."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from osaid.components import component_catalog
from osaid.errors import InputError
from osaid.registry import services as svc
from osaid.registry.auth import check_write_rate
from osaid.registry.errors import Conflict, NotFound, PermissionDenied, RegistryError
from osaid.registry.pages.forms import (
    error_message,
    form_action,
    form_error,
    form_text,
    read_form,
)
from osaid.registry.pages.rendering import DB, PageRequest, Visit, error_page, render, see_other
from osaid.registry.pages.svg import HeatRow, heatmap_svg
from osaid.registry.pages.words import FREEDOM_ORDER

router = APIRouter()


def _tally_heatmap(view: svc.TallyView, title: str) -> Markup:
    rows = [HeatRow(r.name, tuple(r.votes.get(f, 0) for f in FREEDOM_ORDER)) for r in view.rows]
    return heatmap_svg(rows, FREEDOM_ORDER, title=title)


def _mu(request: Request) -> tuple[float | None, str | None]:
    raw = request.query_params.get("mu", "").strip()
    if not raw:
        return None, None
    try:
        value = float(raw)
    except ValueError:
        return None, f"μ must be a positive number, got {raw[:40]!r}"
    if not value > 0 or value > 1e9:
        return None, f"μ must be a positive number, got {raw[:40]!r}"
    return value, None


@router.get("/review", response_class=HTMLResponse, response_model=None)
def review_all(visit: Visit) -> Response:
    params = visit.request.query_params
    chosen = params.get("system", "").strip()
    if chosen:
        return see_other(f"/review/{quote(chosen, safe='')}")
    mu, mu_error = _mu(visit.request)
    view = svc.tally(visit.session, None, mu)
    return render(
        visit,
        "review_all.html",
        status_code=422 if mu_error else 200,
        title="Review",
        tally=view,
        mu_text=params.get("mu", ""),
        mu_error=mu_error,
        heatmap=_tally_heatmap(view, "Net votes across all systems") if view.rows else None,
        groups=svc.list_working_groups(visit.session),
        systems=svc.list_systems(visit.session, per_page=500).items,
    )


def _review_page(
    visit: PageRequest,
    slug: str,
    *,
    status_code: int | None = None,
    ballot_error: str | None = None,
) -> HTMLResponse:
    """A system's review page (status 422 for a bad μ unless `status_code` is given)."""
    session, user = visit.session, visit.user
    try:
        detail = svc.get_system(session, slug)
    except (NotFound, InputError) as exc:
        return error_page(visit, 404, error_message(exc)[1])
    mu, mu_error = _mu(visit.request)
    view = svc.tally(session, detail.slug, mu)
    groups = svc.list_working_groups(session, detail.slug)
    group = groups[0] if groups else None
    ballots = svc.list_ballots(session, system_slug=detail.slug)
    mine = {(b.component, b.freedom): b for b in ballots if user and b.reviewer == user.username}
    listed = [c.component for c in detail.components]
    catalog = component_catalog().components
    choices = [(cid, catalog[cid].name if cid in catalog else cid) for cid in listed]
    choices += [(cid, c.name) for cid, c in catalog.items() if cid not in listed]
    if status_code is None:
        status_code = 422 if mu_error else 200
    return render(
        visit,
        "review.html",
        status_code=status_code,
        title=f"Review {detail.name}",
        ballot_error=ballot_error,
        s=detail,
        tally=view,
        mu_text=visit.request.query_params.get("mu", ""),
        mu_error=mu_error,
        heatmap=_tally_heatmap(view, f"Net votes for {detail.name}") if view.rows else None,
        group=group,
        member=bool(group and user and any(x.username == user.username for x in group.members)),
        ballots=ballots,
        mine=mine,
        component_choices=choices,
        listed_components=len(listed),
    )


@router.get("/review/{slug}", response_class=HTMLResponse)
def review_system(slug: str, visit: Visit) -> HTMLResponse:
    return _review_page(visit, slug)


@router.post("/review/{slug}/ballots")
async def cast_ballots(slug: str, visit: Visit) -> Response:
    """One component, a vote per freedom (any of the four may be left without a vote)."""
    session, user = visit.session, visit.user
    form = await read_form(visit.request)
    component = form_text(form, "component")
    comment = form_text(form, "comment")
    try:
        check_write_rate(visit.request, user)
        if user is None:
            raise PermissionDenied("sign in as a reviewer to vote")
        votes = {f: form_text(form, f"vote_{f}") for f in FREEDOM_ORDER}
        votes = {f: v for f, v in votes.items() if v not in ("", "none")}
        if not votes:
            raise InputError("choose a vote for at least one freedom", field="vote")
        mine = {
            (b.component, b.freedom)
            for b in svc.list_ballots(session, system_slug=slug, reviewer=user.username)
        }
        for freedom, vote in votes.items():
            args: dict[str, Any] = {
                "user": user,
                "system_slug": slug,
                "component": component,
                "freedom": freedom,
                "vote": vote,
                "comment": comment,
            }
            cid = component_catalog().resolve(component)
            if cid and (cid[0], freedom) in mine:
                svc.update_ballot(session, **args)
            else:
                try:
                    svc.cast_ballot(session, **args)
                except Conflict:  # cast concurrently from another tab: change it instead
                    svc.update_ballot(session, **args)
    except (InputError, RegistryError) as exc:
        status, message = form_error(exc, user)
        return _review_page(visit, slug, status_code=status, ballot_error=message)
    return see_other(f"/review/{quote(slug)}", "ballots")


@router.post("/review/{slug}/{action}")
async def working_group_action(slug: str, action: str, visit: Visit) -> Response:
    session, user = visit.session, visit.user
    return await form_action(
        visit,
        action,
        f"/review/{quote(slug)}",
        join=(lambda form: svc.join_working_group(session, user, slug), "joined"),
        leave=(lambda form: svc.leave_working_group(session, user, slug), "left"),
    )


@router.get("/heatmap.svg")
def heatmap_file(request: Request, session: DB, system: str = "") -> Response:
    """The heatmap as a standalone SVG file (one system with `?system=SLUG`, else all)."""
    mu, _ = _mu(request)
    try:
        view = svc.tally(session, system or None, mu)
    except (NotFound, InputError) as exc:
        return Response(error_message(exc)[1], status_code=404, media_type="text/plain")
    title = f"Net votes for {system}" if system else "Net votes across all systems"
    return Response(str(_tally_heatmap(view, title)), media_type="image/svg+xml")
