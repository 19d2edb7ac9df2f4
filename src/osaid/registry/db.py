"""Engines and sessions for the registry database.

* SQLite (the default, `./osaid-registry.sqlite3` or `$OSAID_REGISTRY_DB`): WAL journal,
  `synchronous=FULL` (a committed ballot survives a crash of the process or of the machine),
  foreign keys on, a 30 s busy timeout, and write transactions opened with `BEGIN IMMEDIATE`
  so that concurrent writers queue on the busy timeout instead of failing on a lock upgrade.
* PostgreSQL: `postgresql+psycopg://user:pass@host/db` (psycopg 3).

`OSAID_REGISTRY_DB` may hold a URL (`sqlite:///…`, `postgresql+psycopg://…`) or a file path.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from osaid.errors import InputError

DEFAULT_FILE = "osaid-registry.sqlite3"
ENV_VAR = "OSAID_REGISTRY_DB"
WRITE_OPTION = "osaid_write"
"""Execution option that makes a SQLite transaction start with BEGIN IMMEDIATE."""


def default_database_url() -> str:
    """`$OSAID_REGISTRY_DB` (a URL or a path), else `./osaid-registry.sqlite3`."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        value = DEFAULT_FILE
    return normalize_url(value)


def normalize_url(value: str) -> str:
    """Accept a SQLAlchemy URL, or a file path that is taken as a SQLite file."""
    if "://" in value:
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        elif value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value[len("postgres://") :]
        try:
            url = make_url(value)
        except Exception as exc:  # sqlalchemy raises ArgumentError
            raise InputError(f"not a database URL: {exc}", field="database_url") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise InputError(
                f"unsupported database {url.get_backend_name()!r} (use sqlite or postgresql)",
                field="database_url",
            )
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is legacy).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(database_url: str | None = None, *, echo: bool = False) -> Engine:
    """An engine for the URL (default: `default_database_url()`), tuned per backend."""
    url = normalize_url(database_url) if database_url else default_database_url()
    if is_sqlite(url):
        parsed = make_url(url)
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=20,
            max_overflow=20,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_size=10, max_overflow=20, pool_pre_ping=True)


_NO_VALUE = object()
_fast_readers: weakref.WeakKeyDictionary[Engine, tuple[threading.Lock, sqlite3.Connection]]
_fast_readers = weakref.WeakKeyDictionary()
_fast_readers_lock = threading.Lock()


def _fast_reader(engine: Engine) -> tuple[threading.Lock, sqlite3.Connection] | None:
    """A dedicated autocommit sqlite3 connection of a file-based SQLite engine (else None)."""
    found = _fast_readers.get(engine)
    if found is not None:
        return found
    if engine.dialect.name != "sqlite":
        return None
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    with _fast_readers_lock:
        found = _fast_readers.get(engine)
        if found is None:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=30000")
            found = (threading.Lock(), conn)
            _fast_readers[engine] = found
    return found


def fast_scalar(engine: Engine, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """One value of a tiny read, on file-based SQLite through a dedicated autocommit
    connection (no pool checkout, no ORM, no BEGIN/ROLLBACK: ~10 µs); `NO_VALUE` when the
    engine is not such a database (the caller then reads through its session). The read
    sees the latest committed state, like the first read of a new transaction."""
    reader = _fast_reader(engine)
    if reader is None:
        return _NO_VALUE
    lock, conn = reader
    with lock:
        row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def close_fast_reader(engine: Engine) -> None:
    with _fast_readers_lock:
        found = _fast_readers.pop(engine, None)
    if found is not None:
        with found[0]:
            found[1].close()


NO_VALUE: Any = _NO_VALUE


class Database:
    """An engine and the session factory over it."""

    def __init__(self, database_url: str | None = None, *, echo: bool = False) -> None:
        self.url = normalize_url(database_url) if database_url else default_database_url()
        self.engine = make_engine(self.url, echo=echo)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        """A new session; write services open their transaction with `begin_write`."""
        return self.sessions()

    @contextmanager
    def scope(self) -> Iterator[Session]:
        """A session that is closed on exit (services commit their own writes)."""
        session = self.sessions()
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        close_fast_reader(self.engine)
        self.engine.dispose()


def begin_write(session: Session) -> None:
    """Start the session's transaction as a write transaction (BEGIN IMMEDIATE on SQLite).

    Any transaction already open in the session is committed first (reads only, normally).
    """
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})
