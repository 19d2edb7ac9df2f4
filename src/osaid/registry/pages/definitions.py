"""Definitions: every version, one version's requirements and endorsements, the changes
between two versions, and endorsing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from osaid.definitions.diff import diff_definitions
from osaid.definitions.loader import all_definitions, load_definition
from osaid.errors import UnknownIdError
from osaid.registry import models as m
from osaid.registry import services as svc
from osaid.registry.pages.rendering import (
    GROUP_LABELS,
    Action,
    SessionDep,
    UserDep,
    error_page,
    form_action,
    render,
)

router = APIRouter()


@router.get("/definitions", response_class=HTMLResponse)
def definitions(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    defs = all_definitions()
    counts = {d.id: int(svc.endorsement_status(session, d.id)["total"]) for d in defs}
    return render(
        request,
        "definitions.html",
        user,
        section="definitions",
        title="Definitions",
        definitions=defs,
        endorsement_counts=counts,
    )


@router.get("/definitions/diff", response_class=HTMLResponse)
def definition_diff(
    request: Request, user: m.User | None = UserDep, before: str = "", after: str = ""
) -> HTMLResponse:
    try:
        diff = diff_definitions(load_definition(before), load_definition(after))
    except UnknownIdError as exc:
        return error_page(request, user, 404, str(exc))
    return render(
        request,
        "definition_diff.html",
        user,
        section="definitions",
        title=f"{before} → {after}",
        diff=diff,
    )


def _endorsement_view(status: Mapping[str, Any]) -> dict[str, Any]:
    rc, final = int(status["rc_threshold"]), int(status["final_threshold"])
    groups = [
        {
            "id": g,
            "label": GROUP_LABELS.get(g, g),
            "count": n,
            "rc_met": n >= rc,
            "final_met": n >= final,
        }
        for g, n in status["groups"].items()
    ]
    return {**status, "groups": groups}


@router.get("/definitions/{definition_id}", response_class=HTMLResponse)
def definition_page(
    request: Request,
    definition_id: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> HTMLResponse:
    try:
        d = load_definition(definition_id)
    except UnknownIdError as exc:
        return error_page(request, user, 404, str(exc))
    status = svc.endorsement_status(session, definition_id)
    return render(
        request,
        "definition.html",
        user,
        section="definitions",
        title=f"{d.name} {d.version}",
        d=d,
        endorsement=_endorsement_view(status),
        endorsed=bool(user and user.username in status["endorsers"]),
    )


@router.post("/definitions/{definition_id}/{action}")
async def definition_action(
    request: Request,
    definition_id: str,
    action: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> Response:
    actions: dict[str, tuple[Action, str]] = {
        "endorse": (
            lambda form: svc.endorse(session, user=user, definition_id=definition_id),
            "endorsed",
        ),
        "withdraw": (
            lambda form: svc.withdraw_endorsement(session, user=user, definition_id=definition_id),
            "withdrawn",
        ),
    }
    done = f"/definitions/{quote(definition_id)}#endorsement"
    return await form_action(request, user, action, actions, done)
