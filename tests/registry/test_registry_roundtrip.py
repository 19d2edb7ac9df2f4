"""Schema migrations match the models; export/import round-trips SQLite ↔ PostgreSQL; the CLI
logic of `osaid db upgrade`, `registry export|import`, `registry user add`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi import FastAPI
from registry_helpers import ROOT, add_user
from sqlalchemy import inspect

from osaid.cli import _registry as cli
from osaid.errors import InputError
from osaid.registry import migrate, services
from osaid.registry.db import Database, make_engine
from osaid.registry.errors import Conflict
from osaid.registry.models import Base

EXAMPLE = (ROOT / "src/osaid/examples/my-model.yaml").read_text()


def test_migrations_match_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        migrate.upgrade(engine)  # idempotent
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert "ballots" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _populate(db: Database) -> None:
    with db.scope() as s:
        rev = add_user(s, "rev", group="regulator")
        admin = add_user(s, "boss", role="admin", group="subject")
        services.submit_manifest(s, text=EXAMPLE, filename="my-model.yaml", user=rev)
        services.cast_ballot(
            s,
            user=rev,
            system_slug="pythia",
            component="datasets",
            freedom="study",
            vote=1,
            comment="données ✓",
        )
        services.endorse(s, user=rev, definition_id="osaid-1.0")
        services.join_working_group(s, rev, "pythia")
        services.hide_system(s, admin, "grok-1")
        services.create_api_token(s, rev, "ci")


def _without_time(data: dict[str, Any]) -> dict[str, Any]:
    """The dump minus its time and the cache token (an import replaces it on purpose)."""
    tables = dict(data["tables"])
    tables["registry_meta"] = [
        r for r in tables["registry_meta"] if r["key"] != services.CONTENT_VERSION
    ]
    return {**{k: v for k, v in data.items() if k != "exported_at"}, "tables": tables}


@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_export_import_round_trip(
    direction: str, sqlite_url: str, pg_url: str, tmp_path: Path, make_app: Callable[..., FastAPI]
) -> None:
    source, target = (
        (sqlite_url, pg_url) if direction.startswith("sqlite") else (pg_url, sqlite_url)
    )
    src = make_app(source, background_worker=False).state.registry.db
    _populate(src)
    dump = tmp_path / "dump.json"
    rows = cli.registry_export_command(source, dump)
    assert rows > 50
    counts = cli.registry_import_command(target, dump)
    assert counts["ballots"] == 1 and counts["systems"] == 23
    with src.scope() as s:
        before = services.export_registry(s)
    dst = Database(target)
    try:
        with dst.scope() as s:
            after = services.export_registry(s)
            assert _without_time(after) == _without_time(before)
            # the target keeps working: ids continue after the imported ones
            rev = services.get_user(s, "rev")
            services.cast_ballot(
                s, user=rev, system_slug="pythia", component="datasets", freedom="use", vote=-1
            )
            assert services.tally(s, "pythia").ballots == 2
            assert services.get_system(s, "washed-chat").summary.statuses
            with pytest.raises(Conflict):
                services.import_registry(s, before)
    finally:
        dst.dispose()
    json.loads(dump.read_text())


def test_import_rejects_bad_dumps(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    migrate.upgrade(db.engine)
    try:
        with db.scope() as s:
            for bad in (
                [],
                {"format": "x"},
                {"format": "osaid-registry", "version": 9, "tables": {}},
                {"format": "osaid-registry", "version": 1, "tables": {"users": [{"x": 1}]}},
                {"format": "osaid-registry", "version": 1, "tables": {"ballots": [{"id": 1}]}},
            ):
                with pytest.raises(InputError):
                    services.import_registry(s, bad)  # type: ignore[arg-type]
            assert services.export_registry(s)["tables"]["users"] == []
    finally:
        db.dispose()


def test_cli_logic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert cli.db_upgrade_command(url) == migrate.head_revision()
    token = cli.create_user_command(url, "alice", "long enough pw", "admin", "licensee", True)
    assert token and token.startswith("osaid_")
    with pytest.raises(Conflict):
        cli.create_user_command(url, "alice", "long enough pw")
    out = tmp_path / "x.json"
    cli.registry_export_command(url, out)
    assert json.loads(out.read_text())["tables"]["users"][0]["username"] == "alice"
    with pytest.raises(InputError):
        cli.registry_import_command(url, tmp_path / "missing.json")
    with pytest.raises(InputError):
        cli.db_upgrade_command("mysql://x/y")
