"""The REST API, mounted at /api/v1 (OpenAPI: /api/v1/openapi.json).

Reads are open to everyone. Writes need a user: an API token (`Authorization: Bearer …`,
from `POST /api/v1/tokens` or `osaid registry user NAME --token`) or the session cookie plus
the CSRF token in `X-CSRF-Token`. Errors are JSON `{"detail": …}` with 4xx statuses: 401 not
signed in, 403 role or CSRF, 404 unknown, 409 conflict (second ballot), 413 too large,
422 bad input, 429 rate limited.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from osaid.registry import models as m
from osaid.registry import services as svc
from osaid.registry.auth import (
    check_write_rate,
    client_ip,
    db_session,
    optional_user,
    require_csrf,
    require_user,
)
from osaid.registry.errors import PermissionDenied
from osaid.registry.passwords import verify_password
from osaid.registry.state import registry_state
from osaid.registry.web import cached_response

router = APIRouter(tags=["registry"])

DB = Annotated[Session, Depends(db_session)]
Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9.-]*$")]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]


def _plain(value: Any) -> Any:
    """Dataclass views to JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return data
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def writer(
    request: Request,
    _csrf: Annotated[None, Depends(require_csrf)],
    user: Annotated[m.User, Depends(require_user)],
) -> m.User:
    """A signed-in user allowed to write now (CSRF checked for cookies; rate limited)."""
    check_write_rate(request, user)
    return user


Writer = Annotated[m.User, Depends(writer)]


# ---------------------------------------------------------------------------------------------
# Systems and evaluations


def listing_query(
    q: Annotated[str | None, Query(max_length=200)] = None,
    producer: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(max_length=40)] = None,
    license: Annotated[str | None, Query(max_length=500)] = None,
    modality: Annotated[str | None, Query(max_length=200)] = None,
    definition: Annotated[str, Query(max_length=60)] = "osaid-1.0",
    sort: Annotated[
        Literal["name", "-name", "producer", "-producer", "updated", "-updated", "status", "slug"],
        Query(),
    ] = "name",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> svc.SystemQuery:
    """The listing's query parameters, as one query."""
    return svc.SystemQuery(
        q=q,
        producer=producer,
        status=status,
        license=license,
        modality=modality,
        definition=definition,
        sort=sort,
        page=page,
        per_page=per_page,
    )


@router.get("/systems", summary="List systems with their verdicts")
def list_systems(
    session: DB, query: Annotated[svc.SystemQuery, Depends(listing_query)]
) -> Response:
    def make() -> Response:
        result = svc.list_systems(session, query)
        return JSONResponse(
            {
                "items": _plain(result.items),
                "total": result.total,
                "page": result.page,
                "per_page": result.per_page,
                "pages": result.pages,
            }
        )

    return cached_response(session, ("api.systems", query), make)


@router.get(
    "/systems.csv", summary="All published systems as CSV", response_class=PlainTextResponse
)
def systems_csv(session: DB) -> Response:
    return cached_response(
        session,
        ("api.systems.csv",),
        lambda: Response(
            svc.systems_csv(session),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="systems.csv"'},
        ),
    )


@router.get(
    "/facets", summary="Values for the listing's filters", response_model=dict[str, list[str]]
)
def facets(session: DB) -> Response:
    return cached_response(session, ("api.facets",), lambda: JSONResponse(svc.facets(session)))


@router.get("/systems/{slug}", summary="One system: latest reports, components, history")
def get_system(slug: Slug, session: DB) -> Response:
    return cached_response(
        session, ("api.system", slug), lambda: JSONResponse(_plain(svc.get_system(session, slug)))
    )


@router.get("/systems/{slug}/evaluations", summary="Every evaluation of a system, newest first")
def system_evaluations(slug: Slug, session: DB) -> list[dict[str, Any]]:
    return list(_plain(svc.get_system(session, slug).evaluations))


@router.get("/evaluations/{evaluation_id}", summary="One stored evaluation with its report")
def get_evaluation(
    evaluation_id: Annotated[int, Field(ge=1, le=2**62)], session: DB
) -> dict[str, Any]:
    return svc.get_evaluation(session, evaluation_id)


@router.get("/compare", summary="2 to 4 systems side by side")
def compare(
    session: DB,
    slugs: Annotated[list[str], Query(min_length=2, max_length=4)],
) -> list[dict[str, Any]]:
    return list(_plain(svc.compare_systems(session, list(slugs))))


# ---------------------------------------------------------------------------------------------
# Definitions and licenses


@router.get("/definitions", summary="Definition versions")
def definitions() -> list[dict[str, Any]]:
    return svc.list_definitions()


@router.get("/definitions/{definition_id}", summary="A definition's requirements")
def definition(definition_id: Annotated[str, Field(max_length=60)]) -> dict[str, Any]:
    return svc.get_definition(definition_id)


@router.get("/definitions/{before}/diff/{after}", summary="Changes between two versions")
def definition_diff(
    before: Annotated[str, Field(max_length=60)], after: Annotated[str, Field(max_length=60)]
) -> dict[str, Any]:
    return svc.diff_definitions(before, after)


@router.get("/definitions/{definition_id}/endorsements", summary="Endorsements per group")
def endorsements(
    definition_id: Annotated[str, Field(max_length=60)], session: DB
) -> dict[str, Any]:
    return svc.endorsement_status(session, definition_id)


@router.post(
    "/definitions/{definition_id}/endorsements", status_code=201, summary="Endorse a definition"
)
def endorse(
    definition_id: Annotated[str, Field(max_length=60)], user: Writer, session: DB
) -> dict[str, Any]:
    svc.endorse(session, user=user, definition_id=definition_id)
    return svc.endorsement_status(session, definition_id)


@router.get("/licenses", summary="The AI license catalog")
def licenses() -> list[dict[str, Any]]:
    return svc.list_licenses()


@router.get("/licenses/{query}", summary="A license's status and restrictions")
def license_facts(query: Annotated[str, Field(min_length=1, max_length=500)]) -> dict[str, Any]:
    return svc.get_license(query)


# ---------------------------------------------------------------------------------------------
# Ballots and tallies


class BallotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    system: Slug
    component: ShortText
    freedom: Literal["use", "study", "modify", "share"]
    vote: Literal[-1, 0, 1]
    comment: Annotated[str, Field(max_length=svc.MAX_COMMENT)] = ""


@router.get("/tally", summary="Net votes and the μ rubric, for one system or all")
def get_tally(
    session: DB,
    system: Annotated[str | None, Query(max_length=120)] = None,
    mu: Annotated[float | None, Query(gt=0, le=1e9)] = None,
) -> dict[str, Any]:
    view = svc.tally(session, system, mu)
    data: dict[str, Any] = _plain(view)
    data["max_abs"] = view.max_abs
    return data


@router.get("/ballots", summary="Ballots, optionally of one system")
def ballots(
    session: DB, system: Annotated[str | None, Query(max_length=120)] = None
) -> list[dict[str, Any]]:
    return list(_plain(svc.list_ballots(session, system_slug=system)))


@router.get("/ballots.csv", summary="Ballots as CSV (osaid votes tally reads it)")
def ballots_csv(
    session: DB, system: Annotated[str | None, Query(max_length=120)] = None
) -> Response:
    return Response(
        svc.ballots_csv(session, system),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="ballots.csv"'},
    )


@router.post("/ballots", status_code=201, summary="Cast a ballot (409 if already cast)")
def cast_ballot(body: BallotIn, user: Writer, session: DB) -> dict[str, Any]:
    return _ballot(svc.cast_ballot, body, user, session)


@router.put("/ballots", summary="Change one's ballot")
def update_ballot(body: BallotIn, user: Writer, session: DB) -> dict[str, Any]:
    return _ballot(svc.update_ballot, body, user, session)


def _ballot(
    write: Callable[..., svc.BallotView], body: BallotIn, user: m.User, session: Session
) -> dict[str, Any]:
    fields = body.model_dump(exclude={"system"})
    return dict(_plain(write(session, user=user, system_slug=body.system, **fields)))


@router.get("/working-groups", summary="Working groups and their members")
def working_groups(session: DB) -> list[dict[str, Any]]:
    return list(_plain(svc.list_working_groups(session)))


@router.post("/systems/{slug}/working-group", summary="Join a system's working group")
def join_working_group(slug: Slug, user: Writer, session: DB) -> dict[str, Any]:
    return dict(_plain(svc.join_working_group(session, user, slug)))


# ---------------------------------------------------------------------------------------------
# Submissions


class SubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: Annotated[str | None, Field(max_length=200)] = None
    text: Annotated[str | None, Field(max_length=svc.MAX_UPLOAD_BYTES)] = None
    """A manifest or MOT record (YAML), evaluated at once."""
    hf_repo_id: Annotated[str | None, Field(max_length=200)] = None
    """Or a Hugging Face repository ORG/NAME, evaluated in the background (202)."""


@router.post(
    "/submissions",
    status_code=201,
    summary="Submit a manifest text (201, evaluated) or a Hugging Face repo (202, queued)",
)
def submit(body: SubmissionIn, user: Writer, session: DB) -> Response:
    if (body.text is None) == (body.hf_repo_id is None):
        raise HTTPException(422, "give either text (with filename) or hf_repo_id")
    if body.hf_repo_id is not None:
        sub = svc.submit_hf(session, repo_id=body.hf_repo_id, user=user)
        return JSONResponse(_plain(sub), status_code=202)
    assert body.text is not None
    sub = svc.submit_manifest(
        session, text=body.text, filename=body.filename or "manifest.yaml", user=user
    )
    return JSONResponse(_plain(sub), status_code=201)


@router.post("/submissions/file", status_code=201, summary="Upload a manifest file (multipart)")
async def submit_file(
    request: Request,
    file: Annotated[UploadFile, File()],
    user: Writer,
    session: DB,
) -> Response:
    data = await file.read(svc.MAX_UPLOAD_BYTES + 1)
    if len(data) > svc.MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"the file is larger than {svc.MAX_UPLOAD_BYTES} bytes")
    from starlette.concurrency import run_in_threadpool

    sub = await run_in_threadpool(
        svc.submit_manifest,
        session,
        text=data,
        filename=file.filename or "manifest.yaml",
        user=user,
    )
    return JSONResponse(_plain(sub), status_code=201)


@router.get("/submissions/{submission_id}", summary="A submission's state and progress")
def get_submission(
    submission_id: Annotated[int, Field(ge=1, le=2**62)], session: DB
) -> dict[str, Any]:
    return dict(_plain(svc.get_submission(session, submission_id)))


# ---------------------------------------------------------------------------------------------
# Accounts and admin


@router.post("/tokens", status_code=201, summary="Exchange username and password for a token")
def create_token(
    request: Request,
    session: DB,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1024)],
    label: Annotated[str, Form(max_length=120)] = "",
) -> dict[str, str]:
    registry_state(request).limiter.login(client_ip(request), username)
    user = svc.get_user_or_none(session, username)
    # Checked even without an account: the time taken does not tell which accounts exist.
    if not verify_password(user.password_hash if user else None, password) or not user:
        raise HTTPException(401, "wrong username or password")
    token = svc.create_api_token(session, user, label)
    return {"token": token, "username": user.username, "role": user.role}


@router.get("/me", summary="Who the request is authenticated as")
def me(user: Annotated[m.User | None, Depends(optional_user)]) -> dict[str, Any]:
    if user is None:
        return {"user": None}
    return {
        "user": {
            "username": user.username,
            "role": user.role,
            "stakeholder_group": user.stakeholder_group,
        }
    }


def _admin(user: m.User) -> m.User:
    if user.role != "admin":
        raise PermissionDenied("only admins can do this")
    return user


@router.post("/admin/systems/{slug}/hide", summary="Hide a system (admin)")
def hide(
    slug: Slug,
    user: Writer,
    session: DB,
    reason: Annotated[str, Query(max_length=500)] = "",
) -> dict[str, Any]:
    return dict(_plain(svc.hide_system(session, user, slug, reason)))


@router.post("/admin/systems/{slug}/publish", summary="Publish a hidden system (admin)")
def publish(slug: Slug, user: Writer, session: DB) -> dict[str, Any]:
    return dict(_plain(svc.publish_system(session, user, slug)))


@router.post("/admin/systems/{slug}/merge-into/{into}", summary="Merge a duplicate (admin)")
def merge(slug: Slug, into: Slug, user: Writer, session: DB) -> dict[str, Any]:
    return dict(_plain(svc.merge_systems(session, user, slug, into)))


@router.get("/admin/audit", summary="The audit log (admin)")
def audit(
    user: Annotated[m.User, Depends(require_user)],
    session: DB,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> list[dict[str, Any]]:
    return list(_plain(svc.audit_log(session, user, limit=limit)))


@router.get("/admin/export", summary="The whole registry as JSON (admin)")
def export(user: Annotated[m.User, Depends(require_user)], session: DB) -> dict[str, Any]:
    _admin(user)
    return svc.export_registry(session)
