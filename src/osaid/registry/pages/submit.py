"""Submitting a system (a manifest or MOT record, or a Hugging Face repository) and
following a submission's progress."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from osaid.errors import InputError, OsaidError
from osaid.registry import services as svc
from osaid.registry.auth import check_write_rate
from osaid.registry.errors import NotFound, RegistryError
from osaid.registry.pages.forms import error_message, form_error, form_text, read_form
from osaid.registry.pages.rendering import DB, PageRequest, Visit, error_page, render, see_other

router = APIRouter()


def _submit_page(visit: PageRequest, status_code: int = 200, **form: str | None) -> HTMLResponse:
    """The submit page; `form` gives what the visitor entered and the error it met."""
    shown = {"manifest_error": None, "hf_error": None, "repo_id": "", "text": "", **form}
    return render(
        visit,
        "submit.html",
        status_code=status_code,
        title="Submit a system",
        max_bytes=svc.MAX_UPLOAD_BYTES,
        submissions=svc.list_submissions(visit.session, limit=20),
        **shown,
    )


@router.get("/submit", response_class=HTMLResponse)
def submit_form(visit: Visit) -> HTMLResponse:
    return _submit_page(visit)


@router.post("/submit/manifest")
async def submit_manifest(visit: Visit) -> Response:
    request, user = visit.request, visit.user
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > svc.MAX_UPLOAD_BYTES + 64 * 1024:
        message = f"the upload is larger than {svc.MAX_UPLOAD_BYTES} bytes"
        return _submit_page(visit, 413, manifest_error=message)
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
        sub = svc.submit_manifest(visit.session, text=data, filename=filename, user=user)
    except (InputError, RegistryError, OsaidError) as exc:
        status, message = form_error(exc, user)
        return _submit_page(visit, status, manifest_error=message, text=pasted)
    if sub.status == "done" and sub.system_slug:
        return see_other(f"/systems/{quote(sub.system_slug)}", "submitted")
    return see_other(f"/submissions/{sub.id}")


@router.post("/submit/hf")
async def submit_hf(visit: Visit) -> Response:
    form = await read_form(visit.request)
    repo_id = form_text(form, "repo_id")
    try:
        check_write_rate(visit.request, visit.user)
        sub = svc.submit_hf(visit.session, repo_id=repo_id, user=visit.user)
    except (InputError, RegistryError) as exc:
        status, message = form_error(exc, visit.user)
        return _submit_page(visit, status, hf_error=message, repo_id=repo_id)
    return see_other(f"/submissions/{sub.id}")


def _submission(session: Session, submission_id: str) -> svc.SubmissionView:
    try:
        number = int(submission_id)
    except ValueError:
        raise NotFound(f"no submission {submission_id[:40]!r}") from None
    return svc.get_submission(session, number)


@router.get("/submissions/{submission_id}/status")
def submission_status(submission_id: str, session: DB) -> JSONResponse:
    try:
        sub = _submission(session, submission_id)
    except (InputError, RegistryError) as exc:
        return JSONResponse({"detail": error_message(exc)[1]}, status_code=404)
    shown = ("id", "status", "progress", "message", "error")
    return JSONResponse({**{k: getattr(sub, k) for k in shown}, "system": sub.system_slug})


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(submission_id: str, visit: Visit) -> HTMLResponse:
    try:
        sub = _submission(visit.session, submission_id)
    except (InputError, RegistryError) as exc:
        return error_page(visit, 404, error_message(exc)[1])
    finished = sub.status in ("done", "failed")
    return render(
        visit, "submission.html", title=f"Submission {sub.id}", sub=sub, finished=finished
    )
