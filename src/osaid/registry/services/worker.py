"""The background worker: a thread per database that evaluates queued Hugging Face
submissions one at a time, reporting progress in the submission's row."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from osaid.errors import OsaidError
from osaid.evaluation.system import System as EvalSystem
from osaid.registry import models as m
from osaid.registry.services.cache import engine_key
from osaid.registry.services.store import evaluate_system, store_system
from osaid.registry.services.transactions import now, retrying

log = logging.getLogger("osaid.registry")

HfLoader = Callable[[str], EvalSystem]


def default_hf_loader(repo_id: str) -> EvalSystem:
    from osaid.targets import load_target

    return load_target(f"hf:{repo_id}")


class SubmissionWorker:
    """A background thread that evaluates queued Hugging Face submissions one at a time."""

    def __init__(self, sessions: sessionmaker[Session], loader: HfLoader | None = None) -> None:
        self._sessions = sessions
        self._loader = loader or default_hf_loader
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        # Submissions left queued or running by a previous process are picked up again.
        with self._sessions() as session:
            pending = session.scalars(
                select(m.Submission.id)
                .where(m.Submission.status.in_(("queued", "running")), m.Submission.kind == "hf")
                .order_by(m.Submission.id)
            ).all()
        for sid in pending:
            self._queue.put(sid)
        self._thread = threading.Thread(target=self._run, name="osaid-submissions", daemon=True)
        self._thread.start()

    def enqueue(self, submission_id: int) -> None:
        self._queue.put(submission_id)

    def stop(self, timeout: float = 10) -> None:
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join(timeout)
        self._thread = None

    def wait_idle(self, timeout: float = 30) -> None:
        """Block until every queued submission is processed (tests)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)

    def _run(self) -> None:
        while True:
            sid = self._queue.get()
            try:
                if sid is None:
                    return
                self._process(sid)
            except Exception:  # the worker must survive anything
                log.exception("submission %s", sid)
            finally:
                self._queue.task_done()

    def _progress(self, sid: int, status: str, progress: int, message: str) -> None:
        with self._sessions() as session:

            def do() -> None:
                session.execute(
                    update(m.Submission)
                    .where(m.Submission.id == sid)
                    .values(status=status, progress=progress, message=message, updated_at=now())
                )

            retrying(session, do)

    def _process(self, sid: int) -> None:
        with self._sessions() as session:
            sub = session.get(m.Submission, sid)
            if sub is None or sub.status in ("done", "failed") or sub.hf_repo_id is None:
                return
            repo_id = sub.hf_repo_id
        self._progress(sid, "running", 10, f"fetching hf:{repo_id}")
        try:
            system = self._loader(repo_id)
            self._progress(sid, "running", 60, "evaluating")
            reports = evaluate_system(system)
            self._progress(sid, "running", 90, "saving")
        except OsaidError as exc:
            self._fail(sid, str(exc))
            return
        except Exception as exc:
            log.exception("hf submission %s", repo_id)
            self._fail(sid, f"internal error: {type(exc).__name__}")
            return
        with self._sessions() as session:

            def do() -> None:
                row, _ = store_system(
                    session,
                    system,
                    reports,
                    origin=f"hf:{repo_id}",
                    slug_hint=repo_id.split("/")[-1],
                    source_text=None,
                    source_name=None,
                )
                session.execute(
                    update(m.Submission)
                    .where(m.Submission.id == sid)
                    .values(
                        status="done",
                        progress=100,
                        message="evaluated",
                        system_id=row.id,
                        updated_at=now(),
                    )
                )

            retrying(session, do)

    def _fail(self, sid: int, error: str) -> None:
        with self._sessions() as session:

            def do() -> None:
                session.execute(
                    update(m.Submission)
                    .where(m.Submission.id == sid)
                    .values(status="failed", error=error[:4000], message="failed", updated_at=now())
                )

            retrying(session, do)


_WORKERS: dict[str, SubmissionWorker] = {}
"""The running worker of each database (by `engine_key`), for `submit_hf` to wake."""


def start_worker(
    sessions: sessionmaker[Session], loader: HfLoader | None = None
) -> SubmissionWorker:
    """Start (or return) the background worker for the database of `sessions`."""
    with sessions() as session:
        key = engine_key(session)
    worker = _WORKERS.get(key)
    if worker is None:
        worker = SubmissionWorker(sessions, loader)
        _WORKERS[key] = worker
    worker.start()
    return worker


def stop_worker(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        key = engine_key(session)
    worker = _WORKERS.pop(key, None)
    if worker is not None:
        worker.stop()


def worker_for(session: Session) -> SubmissionWorker | None:
    """The worker started for the session's database in this process, if any."""
    return _WORKERS.get(engine_key(session))
