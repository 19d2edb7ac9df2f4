"""Submissions: an uploaded manifest or MOT record, evaluated at once, or a Hugging Face
repository, queued for the background worker."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from osaid.errors import InputError, OsaidError
from osaid.registry import models as m
from osaid.registry.errors import NotFound
from osaid.registry.services.checks import require_user
from osaid.registry.services.store import evaluate_system, slugify, store_system
from osaid.registry.services.transactions import now, retrying
from osaid.registry.services.views import SubmissionView, view_of
from osaid.registry.services.worker import worker_for

MAX_UPLOAD_BYTES = 1024 * 1024
HF_REPO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")


_DONE: dict[str, Any] = {"status": "done", "progress": 100, "message": "evaluated"}
_QUEUED: dict[str, Any] = {"status": "queued", "progress": 0, "message": "queued"}


def _add(session: Session, user_id: int, kind: str, **columns: Any) -> m.Submission:
    """A new submission row, in the caller's write transaction."""
    stamp = now()
    sub = m.Submission(kind=kind, user_id=user_id, created_at=stamp, updated_at=stamp, **columns)
    session.add(sub)
    session.flush()
    return sub


def _submission_view(s: m.Submission) -> SubmissionView:
    slug = s.system.slug if s.system is not None else None
    return view_of(SubmissionView, s, system_slug=slug)


def _clean_filename(filename: str) -> str:
    if not isinstance(filename, str):
        raise InputError("expected a file name", field="filename")
    name = Path(filename.replace("\\", "/")).name.strip() or "manifest.yaml"
    name = re.sub(r"[^\w.+ -]", "_", name)
    return name[:200]


def submit_manifest(
    session: Session, *, text: str | bytes, filename: str, user: m.User | None
) -> SubmissionView:
    """Read an uploaded manifest or MOT record with the CLI's loader and evaluate it now.

    Invalid input (too large, not UTF-8, not a manifest, does not validate) raises
    InputError/ManifestError naming file, line and field, and nothing is written. On success
    the system (new, or re-evaluated if a system of that name was uploaded before) and its
    evaluations and the `done` submission are committed together.
    """
    user = require_user(user)
    name = _clean_filename(filename)
    if isinstance(text, bytes):
        if len(text) > MAX_UPLOAD_BYTES:
            raise InputError(f"the file is larger than {MAX_UPLOAD_BYTES} bytes", file=name)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start})", file=name) from None
    if not isinstance(text, str):
        raise InputError("expected text", file=name)
    if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise InputError(f"the file is larger than {MAX_UPLOAD_BYTES} bytes", file=name)
    if not text.strip():
        raise InputError("the file is empty", file=name)
    if "\x00" in text:
        raise InputError("not a text file (NUL byte)", file=name)
    from osaid.manifest.load import load_system_text

    system = load_system_text(text, name=name)
    try:
        reports = evaluate_system(system)
    except OsaidError as exc:
        raise InputError(f"cannot be evaluated: {exc}", file=name) from None
    origin = f"upload:{slugify(system.name)}"
    uid = user.id
    source = text

    def do() -> m.Submission:
        row, _ = store_system(
            session,
            system,
            reports,
            origin=origin,
            slug_hint=system.name,
            source_text=source,
            source_name=name,
        )
        return _add(session, uid, "manifest", **_DONE, filename=name, text=source, system_id=row.id)

    sub = retrying(session, do)
    return _submission_view(sub)


def submit_hf(session: Session, *, repo_id: str, user: m.User | None) -> SubmissionView:
    """Queue a Hugging Face repository (`ORG/NAME`) for evaluation in the background.

    The submission is committed as `queued`; the worker started with `start_worker` for this
    database fetches it (through huggingface_hub, whose cache keeps what was fetched),
    evaluates it and moves it through running (with progress) to done or failed. Poll with
    `get_submission`.
    """
    user = require_user(user)
    if not isinstance(repo_id, str):
        raise InputError("expected ORG/NAME", field="repo_id")
    repo_id = repo_id.strip().removeprefix("hf:").removeprefix("https://huggingface.co/")
    if not HF_REPO_RE.fullmatch(repo_id) or ".." in repo_id:
        raise InputError(
            f"not a Hugging Face repository id (ORG/NAME): {repo_id[:100]!r}", field="repo_id"
        )
    uid = user.id

    sub = retrying(session, lambda: _add(session, uid, "hf", **_QUEUED, hf_repo_id=repo_id))
    worker = worker_for(session)
    if worker is not None:
        worker.enqueue(sub.id)
    return _submission_view(sub)


def get_submission(session: Session, submission_id: int) -> SubmissionView:
    if not isinstance(submission_id, int) or submission_id < 1:
        raise InputError("expected a submission number", field="id")
    s = session.get(m.Submission, submission_id)
    if s is None:
        raise NotFound(f"no submission {submission_id}")
    session.refresh(s)
    return _submission_view(s)


def list_submissions(session: Session, *, limit: int = 50) -> list[SubmissionView]:
    rows = session.scalars(
        select(m.Submission).order_by(m.Submission.id.desc()).limit(max(1, min(limit, 500)))
    ).all()
    return [_submission_view(s) for s in rows]
