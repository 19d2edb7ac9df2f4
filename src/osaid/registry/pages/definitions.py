"""Definitions: every version, one version's requirements and endorsements, the changes
between two versions, and endorsing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from osaid.definitions.diff import diff_definitions
from osaid.definitions.loader import all_definitions, load_definition
from osaid.errors import UnknownIdError
from osaid.registry import services as svc
from osaid.registry.pages.forms import form_action
from osaid.registry.pages.rendering import Visit, error_page, render
from osaid.registry.pages.words import GROUP_LABELS

router = APIRouter()


@router.get("/definitions", response_class=HTMLResponse)
def definitions(visit: Visit) -> HTMLResponse:
    defs = all_definitions()
    counts = {d.id: int(svc.endorsement_status(visit.session, d.id)["total"]) for d in defs}
    return render(
        visit, "definitions.html", title="Definitions", definitions=defs, endorsement_counts=counts
    )


@router.get("/definitions/diff", response_class=HTMLResponse)
def definition_diff(visit: Visit, before: str = "", after: str = "") -> HTMLResponse:
    try:
        diff = diff_definitions(load_definition(before), load_definition(after))
    except UnknownIdError as exc:
        return error_page(visit, 404, str(exc))
    return render(visit, "definition_diff.html", title=f"{before} → {after}", diff=diff)


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
def definition_page(definition_id: str, visit: Visit) -> HTMLResponse:
    try:
        d = load_definition(definition_id)
    except UnknownIdError as exc:
        return error_page(visit, 404, str(exc))
    status = svc.endorsement_status(visit.session, definition_id)
    user = visit.user
    return render(
        visit,
        "definition.html",
        title=f"{d.name} {d.version}",
        d=d,
        endorsement=_endorsement_view(status),
        endorsed=bool(user and user.username in status["endorsers"]),
    )


@router.post("/definitions/{definition_id}/{action}")
async def definition_action(definition_id: str, action: str, visit: Visit) -> Response:
    session, user, id_ = visit.session, visit.user, definition_id
    return await form_action(
        visit,
        action,
        f"/definitions/{quote(id_)}#endorsement",
        endorse=(lambda form: svc.endorse(session, user=user, definition_id=id_), "endorsed"),
        withdraw=(
            lambda form: svc.withdraw_endorsement(session, user=user, definition_id=id_),
            "withdrawn",
        ),
    )
