"""The read cache: values derived from systems and evaluations (listings, facets, system
details, serialized responses) are kept per process, keyed by the database and by the
content version, a token every write to systems or evaluations replaces in the same
transaction, so every process of a multi-worker server sees a change at once."""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from osaid.registry import models as m
from osaid.registry.db import NO_VALUE, fast_scalar

T = TypeVar("T")

CONTENT_VERSION = "content_version"
_CACHE_SIZE = 1024
_cache: dict[tuple[Any, ...], Any] = {}
_cache_lock = threading.Lock()


def bump_content_version(session: Session) -> None:
    token = uuid.uuid4().hex
    result = session.execute(
        update(m.Meta).where(m.Meta.key == CONTENT_VERSION).values(value=token)
    )
    if not getattr(result, "rowcount", 0):
        session.add(m.Meta(key=CONTENT_VERSION, value=token))
        session.flush()


def cached(session: Session, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """`make()`, cached per process until the next write to systems or evaluations
    (for derived read-only values: rendered pages, serialized API responses)."""
    return cached_read(session, ("user", *key), make)


_VERSION_SQL = f"SELECT value FROM {m.Meta.__tablename__} WHERE key = ?"


def content_version(session: Session) -> str | None:
    """The current content-version token (None before the first write of content).

    Outside a transaction, on a SQLite file, it is read through a dedicated connection
    (cheap: no pool checkout, no BEGIN/ROLLBACK); inside one (a write in progress may have
    replaced it), through the session."""
    if not session.in_transaction():
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        value = fast_scalar(engine, _VERSION_SQL, (CONTENT_VERSION,))
        if value is not NO_VALUE:
            return cast("str | None", value)
    return session.scalar(select(m.Meta.value).where(m.Meta.key == CONTENT_VERSION))


def engine_content_version(engine: Engine) -> str | None:
    """`content_version` for code that has an engine and no session (the response cache)."""
    value = fast_scalar(engine, _VERSION_SQL, (CONTENT_VERSION,))
    if value is not NO_VALUE:
        return cast("str | None", value)
    with engine.connect() as conn:
        return conn.scalar(select(m.Meta.value).where(m.Meta.key == CONTENT_VERSION))


def cached_read(session: Session, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    version = content_version(session)
    if version is None:
        return make()
    full = (engine_key(session), version, *key)
    with _cache_lock:
        if full in _cache:
            return _cache[full]  # type: ignore[no-any-return]
    value = make()
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[full] = value
    return value


_engine_keys: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def engine_key(session: Session) -> str:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    key = _engine_keys.get(engine)
    if key is None:
        key = _engine_keys[engine] = engine.url.render_as_string(hide_password=False)
    return key
