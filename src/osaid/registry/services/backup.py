"""Backups: every row of every table as JSON, and back into any backend."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osaid.errors import InputError
from osaid.registry import models as m
from osaid.registry.errors import Conflict
from osaid.registry.services.cache import bump_content_version
from osaid.registry.services.transactions import now, retrying

EXPORT_FORMAT = "osaid-registry"
EXPORT_VERSION = 1
# Parents before children: the order rows are inserted on import.
_TABLES: tuple[type[m.Base], ...] = (
    m.User,
    m.ApiToken,
    m.System,
    m.Evaluation,
    m.Submission,
    m.WorkingGroup,
    m.WorkingGroupMember,
    m.Ballot,
    m.Endorsement,
    m.AuditLog,
    m.Meta,
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def export_registry(session: Session) -> dict[str, Any]:
    """Every row of every table, as JSON-ready data (password and token hashes included:
    keep backups private). `import_registry` reads it back into any backend."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in _TABLES:
        table = cast(Table, model.__table__)
        cols = [c.name for c in table.columns]
        pk = list(table.primary_key.columns)
        rows = session.execute(select(*table.columns).order_by(*pk)).all()
        tables[table.name] = [{c: _jsonable(getattr(r, c)) for c in cols} for r in rows]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now().isoformat(),
        "tables": tables,
    }


def _registry_empty(session: Session) -> bool:
    for model in (m.System, m.User, m.Ballot):
        if session.scalar(select(func.count()).select_from(model.__table__)):
            return False
    return True


def import_registry(
    session: Session, data: dict[str, Any], *, replace: bool = False
) -> dict[str, int]:
    """Load an `export_registry` dump (rows keep their ids). The registry must be empty
    (no systems, users or ballots) unless `replace`, which first deletes everything.
    One transaction: on any error nothing is changed. Returns rows per table."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError(f"not an {EXPORT_FORMAT} export", field="format")
    if data.get("version") != EXPORT_VERSION:
        raise InputError(f"unsupported export version {data.get('version')!r}", field="version")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InputError("no tables", field="tables")
    if not replace and not _registry_empty(session):
        raise Conflict("the registry is not empty (use replace to overwrite it)")
    counts: dict[str, int] = {}
    prepared: list[tuple[Any, list[dict[str, Any]]]] = []
    for model in _TABLES:
        table = cast(Table, model.__table__)
        rows = tables.get(table.name, [])
        if not isinstance(rows, list):
            raise InputError("expected a list of rows", field=table.name)
        cols = {c.name: c for c in table.columns}
        out = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError("expected an object", field=f"{table.name}[{i}]")
            unknown = set(row) - set(cols)
            if unknown:
                raise InputError(f"unknown columns {sorted(unknown)}", field=f"{table.name}[{i}]")
            values = {}
            for name, value in row.items():
                col = cols[name]
                if isinstance(col.type, m.UtcDateTime) and isinstance(value, str):
                    try:
                        value = datetime.fromisoformat(value)
                    except ValueError:
                        raise InputError(
                            f"not a timestamp: {value!r}", field=f"{table.name}[{i}].{name}"
                        ) from None
                values[name] = value
            out.append(values)
        prepared.append((table, out))
        counts[table.name] = len(out)

    def do() -> None:
        if replace:
            for model in reversed(_TABLES):
                session.execute(delete(cast(Table, model.__table__)))
        for table, rows in prepared:
            if rows:
                session.execute(table.insert(), rows)
        bump_content_version(session)
        if session.get_bind().dialect.name == "postgresql":
            for table, _ in prepared:
                if "id" in table.columns:
                    session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )

    try:
        retrying(session, do)
    except IntegrityError as exc:
        raise InputError(f"the export is inconsistent: {exc.orig}") from None
    return counts
