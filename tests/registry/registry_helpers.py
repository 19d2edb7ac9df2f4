"""Helpers of the registry tests: a throw-away PostgreSQL cluster, users, servers."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from osaid.registry import services
from osaid.registry.app import Settings
from osaid.registry.auth import RateLimits
from osaid.registry.models import User

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "tests" / "data"  # reference data copied into the repository
PG_ENV = "OSAID_TEST_POSTGRES"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PgCluster:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only.

    PostgreSQL refuses to run as root; as root the server runs as the `postgres` user."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="osaid-pg-"))
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        data = self.dir / "data"
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "osaid", "-E", "UTF8")
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200"
        self._run("pg_ctl", "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://osaid@127.0.0.1:{self.port}/postgres"


def create_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = "osaid_t_" + uuid.uuid4().hex[:12]
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(db_url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


class Server:
    """`uvicorn` serving the registry in a subprocess on 127.0.0.1."""

    def __init__(self, database_url: str, *, env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.env = {**os.environ, "OSAID_REGISTRY_DB": database_url, **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = Path(tempfile.mkstemp(prefix="osaid-server-", suffix=".log")[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(
        self,
        workers: int = 1,
        timeout: float = 60,
        *,
        extra_args: tuple[str, ...] = (),
        prefix: tuple[str, ...] = (),
    ) -> None:
        """Start uvicorn; `extra_args` go to uvicorn, `prefix` before the command (taskset)."""
        cmd = [
            *prefix,
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "osaid.registry.app:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
            *extra_args,
        ]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited:\n" + self.log.read_text()[-3000:])
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start:\n" + self.log.read_text()[-3000:])

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


@contextlib.contextmanager
def running(server: Server, workers: int = 1) -> Iterator[Server]:
    server.start(workers)
    try:
        yield server
    finally:
        server.stop()


def settings_for_tests(**kw: Any) -> Settings:
    base: dict[str, Any] = {
        "rate_limits": RateLimits.off(),
        "secret_key": "test-secret",
        "import_catalog": True,
        "background_worker": True,
    }
    base.update(kw)
    return Settings(**base)


def add_user(session: Session, name: str, role: str = "reviewer", group: str | None = None) -> User:
    services.create_user(
        session, username=name, password="correct horse battery", role=role, stakeholder_group=group
    )
    return services.get_user(session, name)
