"""Fixtures of the registry tests: a SQLite app and a PostgreSQL app.

PostgreSQL: the server at `$OSAID_TEST_POSTGRES` (a URL; each test gets its own database on
it), else a cluster made with `initdb` in a temporary directory for the session; the tests
are skipped when neither is available.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from registry_helpers import (
    PG_ENV,
    PgCluster,
    create_database,
    drop_database,
    pg_bindir,
    settings_for_tests,
)
from sqlalchemy.orm import Session

from osaid.registry.app import create_app
from osaid.registry.auth import set_password_hasher
from osaid.registry.db import Database


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> None:
    """argon2 with production parameters costs ~0.2 s a hash; tests make many accounts."""
    set_password_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    url = os.environ.get(PG_ENV)
    if url:
        yield url
        return
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip(f"PostgreSQL binaries not found (install postgresql, or set {PG_ENV})")
    cluster = PgCluster(bindir)
    try:
        cluster.start()
    except Exception as exc:  # pragma: no cover - environment problem
        cluster.stop()
        pytest.skip(f"could not start a PostgreSQL cluster: {exc}")
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    url = create_database(pg_server)
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'registry.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def make_app() -> Iterator[Callable[..., FastAPI]]:
    apps: list[FastAPI] = []

    def make(url: str, **kw: Any) -> FastAPI:
        app = create_app(url, settings=settings_for_tests(**kw))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.state.registry.db.dispose()


@pytest.fixture
def db(db_url: str, make_app: Callable[..., FastAPI]) -> Database:
    """The database of a fresh app (schema + reference catalog), on SQLite and PostgreSQL."""
    return make_app(db_url, background_worker=False).state.registry.db  # type: ignore[no-any-return]


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with db.scope() as s:
        yield s


@pytest.fixture
def client_for() -> Iterator[Callable[[FastAPI], TestClient]]:
    clients: list[TestClient] = []

    def make(app: FastAPI) -> TestClient:
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)
