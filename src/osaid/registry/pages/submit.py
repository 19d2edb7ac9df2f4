"""Submitting a system (a manifest or MOT record, or a Hugging Face repository) and
following a submission's progress."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from osaid.errors import InputError, OsaidError
from osaid.registry import models as m
from osaid.registry import services as svc
from osaid.registry.auth import check_write_rate
from osaid.registry.errors import NotFound, RegistryError
from osaid.registry.pages.rendering import (
    SessionDep,
    UserDep,
    error_message,
    error_page,
    form_error,
    form_text,
    read_form,
    render,
    see_other,
)

router = APIRouter()


def _submit_page(
    request: Request,
    session: Session,
    user: m.User | None,
    *,
    status_code: int = 200,
    manifest_error: str | None = None,
    hf_error: str | None = None,
    repo_id: str = "",
    text: str = "",
) -> HTMLResponse:
    return render(
        request,
        "submit.html",
        user,
        status_code=status_code,
        section="submit",
        title="Submit a system",
        manifest_error=manifest_error,
        hf_error=hf_error,
        repo_id=repo_id,
        text=text,
        max_bytes=svc.MAX_UPLOAD_BYTES,
        submissions=svc.list_submissions(session, limit=20),
    )


@router.get("/submit", response_class=HTMLResponse)
def submit_form(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> HTMLResponse:
    return _submit_page(request, session, user)


@router.post("/submit/manifest")
async def submit_manifest(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> Response:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > svc.MAX_UPLOAD_BYTES + 64 * 1024:
        message = f"the upload is larger than {svc.MAX_UPLOAD_BYTES} bytes"
        return _submit_page(request, session, user, status_code=413, manifest_error=message)
    form = await read_form(request)
    upload = form.get("file")
    pasted = form_text(form, "text")
    data: str | bytes
    filename = "pasted.yaml"
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(svc.MAX_UPLOAD_BYTES + 1)
        filename = upload.filename
    else:
        data = pasted
    await form.close()  # the spooled upload file
    try:
        check_write_rate(request, user)
        if not data:
            raise InputError("choose a file or paste a manifest", field="file")
        sub = svc.submit_manifest(session, text=data, filename=filename, user=user)
    except (InputError, RegistryError, OsaidError) as exc:
        status, message = form_error(exc, user)
        return _submit_page(
            request, session, user, status_code=status, manifest_error=message, text=pasted
        )
    if sub.status == "done" and sub.system_slug:
        return see_other(f"/systems/{quote(sub.system_slug)}", "submitted")
    return see_other(f"/submissions/{sub.id}")


@router.post("/submit/hf")
async def submit_hf(
    request: Request, session: Session = SessionDep, user: m.User | None = UserDep
) -> Response:
    form = await read_form(request)
    repo_id = form_text(form, "repo_id")
    try:
        check_write_rate(request, user)
        sub = svc.submit_hf(session, repo_id=repo_id, user=user)
    except (InputError, RegistryError) as exc:
        status, message = form_error(exc, user)
        return _submit_page(
            request, session, user, status_code=status, hf_error=message, repo_id=repo_id
        )
    return see_other(f"/submissions/{sub.id}")


def _submission(session: Session, submission_id: str) -> svc.SubmissionView:
    try:
        number = int(submission_id)
    except ValueError:
        raise NotFound(f"no submission {submission_id[:40]!r}") from None
    return svc.get_submission(session, number)


@router.get("/submissions/{submission_id}/status")
def submission_status(submission_id: str, session: Session = SessionDep) -> JSONResponse:
    try:
        sub = _submission(session, submission_id)
    except (InputError, RegistryError) as exc:
        return JSONResponse({"detail": error_message(exc)[1]}, status_code=404)
    return JSONResponse(
        {
            "id": sub.id,
            "status": sub.status,
            "progress": sub.progress,
            "message": sub.message,
            "error": sub.error,
            "system": sub.system_slug,
        }
    )


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(
    request: Request,
    submission_id: str,
    session: Session = SessionDep,
    user: m.User | None = UserDep,
) -> HTMLResponse:
    try:
        sub = _submission(session, submission_id)
    except (InputError, RegistryError) as exc:
        return error_page(request, user, 404, error_message(exc)[1])
    return render(
        request,
        "submission.html",
        user,
        section="submit",
        title=f"Submission {sub.id}",
        sub=sub,
        finished=sub.status in ("done", "failed"),
    )
