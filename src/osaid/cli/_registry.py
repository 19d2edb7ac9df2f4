"""`osaid serve`, `osaid db upgrade`, `osaid registry export|import|user` (the logic;
`cli.main` wires the commands). Domain errors propagate as OsaidError/RegistryError."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from osaid.cli._output import write_output
from osaid.errors import InputError


def _database(database_url: str | None) -> str:
    from osaid.registry.db import default_database_url, normalize_url

    return normalize_url(database_url) if database_url else default_database_url()


def serve_command(
    host: str = "127.0.0.1",
    port: int = 8000,
    database_url: str | None = None,
    reload: bool = False,
    workers: int = 1,
    access_log: bool | None = None,
) -> None:
    """Prepare the database (schema, initial catalog) once, then run uvicorn.

    With several workers each process builds the app through `app_from_env` (reads
    OSAID_REGISTRY_DB, which is set here). uvicorn uses uvloop and httptools when they are
    installed (`pip install uvloop httptools`) and keeps connections alive. The access log
    is on unless `access_log` is False or OSAID_REGISTRY_ACCESS_LOG=0."""
    import os

    import uvicorn

    if access_log is None:
        access_log = os.environ.get("OSAID_REGISTRY_ACCESS_LOG", "1").strip() not in (
            "0",
            "false",
            "no",
            "off",
        )

    from osaid.registry.app import Settings, create_app, settle_heap

    url = _database(database_url)
    if not 1 <= port <= 65535:
        raise InputError("port must be from 1 to 65535", field="port")
    if workers > 1 or reload:
        # Migrate and import once in this process so workers start on a ready database.
        create_app(url, settings=Settings.from_env())
        os.environ["OSAID_REGISTRY_DB"] = url
        uvicorn.run(
            "osaid.registry.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=None if reload else workers,
            reload=reload,
            log_level="info",
            access_log=access_log,
        )
        return
    app = create_app(url, settings=Settings.from_env())
    settle_heap()
    print(f"osaid registry on http://{host}:{port}/ (database: {_shown(url)})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def db_upgrade_command(database_url: str | None = None) -> str:
    """`alembic upgrade head`; returns the revision now current."""
    from osaid.registry import migrate
    from osaid.registry.db import make_engine

    engine = make_engine(_database(database_url))
    try:
        migrate.upgrade(engine)
        return migrate.current_revision(engine) or ""
    finally:
        engine.dispose()


def registry_export_command(database_url: str | None, output: Path | str | None) -> int:
    """Write the whole registry as JSON to `output` ('-' or None: stdout). Returns rows."""
    from osaid.registry import migrate, services
    from osaid.registry.db import Database

    db = Database(_database(database_url))
    try:
        migrate.upgrade(db.engine)
        with db.scope() as session:
            data = services.export_registry(session)
    finally:
        db.dispose()
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_output(text, output)
    return sum(len(v) for v in data["tables"].values())


def registry_import_command(
    database_url: str | None, input: Path | str, replace: bool = False
) -> dict[str, int]:
    """Load an export into the database (empty, or `replace` to overwrite everything)."""
    from osaid.registry import migrate, services
    from osaid.registry.db import Database

    path = Path(input)
    try:
        raw = sys.stdin.read() if str(input) == "-" else path.read_text(encoding="utf-8")
        data = json.loads(raw)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(input)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not JSON: {exc}", file=str(input)) from None
    db = Database(_database(database_url))
    try:
        migrate.upgrade(db.engine)
        with db.scope() as session:
            return services.import_registry(session, data, replace=replace)
    finally:
        db.dispose()


def create_user_command(
    database_url: str | None,
    username: str,
    password: str,
    role: str = "reviewer",
    stakeholder_group: str | None = None,
    token: bool = False,
) -> str | None:
    """Create an account; with `token`, also an API token, which is returned (shown once)."""
    from osaid.registry import migrate, services
    from osaid.registry.db import Database

    db = Database(_database(database_url))
    try:
        migrate.upgrade(db.engine)
        with db.scope() as session:
            services.create_user(
                session,
                username=username,
                password=password,
                role=role,
                stakeholder_group=stakeholder_group,
            )
            if not token:
                return None
            user = services.get_user(session, username)
            return services.create_api_token(session, user, "cli")
    finally:
        db.dispose()
