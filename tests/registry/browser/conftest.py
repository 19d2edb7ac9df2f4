"""Fixtures of the browser tests: a real uvicorn server on 127.0.0.1 over a fresh SQLite
database, accounts made with the backend's own functions, and Debian's Chromium driven by
Playwright (never a downloaded browser).

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing.
Screenshots go to `test-artifacts/registry/` at the repository root (gitignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("OSAID_TEST_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "registry"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

try:
    from playwright.sync_api import Browser, Page, sync_playwright

    HAVE_PLAYWRIGHT = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_PLAYWRIGHT = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if not HAVE_PLAYWRIGHT:
        reason = "the playwright package is not installed (pip install playwright)"
    elif not CHROMIUM.is_file():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason is None:
        return
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass(frozen=True)
class Server:
    url: str
    database_url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`uvicorn --factory registry_server_app:make_app` on a free loopback port."""
    work = tmp_path_factory.mktemp("registry-server")
    database_url = f"sqlite:///{work / 'registry.sqlite3'}"
    port = _free_port()
    env = {
        **os.environ,
        "OSAID_REGISTRY_DB": database_url,
        "PYTHONPATH": os.pathsep.join(
            [str(HERE), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
        ),
        "HF_HUB_OFFLINE": "1",
    }
    log = work / "uvicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "registry_server_app:make_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=work,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"uvicorn exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        _make_accounts(database_url)
        yield Server(url, database_url, log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _make_accounts(database_url: str) -> None:
    """Two reviewers of different stakeholder groups and an admin, via the backend."""
    from osaid.registry import services
    from osaid.registry.db import Database

    db = Database(database_url)
    try:
        with db.scope() as session:
            for name, role, group in (
                ("alice", "reviewer", "system-creator"),
                ("bob", "reviewer", "end-user"),
                ("root", "admin", "regulator"),
            ):
                services.create_user(
                    session, username=name, password=PASSWORD, role=role, stakeholder_group=group
                )
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh browser context (its own cookies) on a desktop-sized window."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="session")
def shots() -> Any:
    """`shots(page, name[, selector])` saves a screenshot (the full page, or one element)
    as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(pg: Page, name: str, selector: str | None = None) -> Path:
        path = ARTIFACTS / f"{name}.png"
        if selector is None:
            pg.screenshot(path=str(path), full_page=True)
        else:
            pg.locator(selector).screenshot(path=str(path))
        return path

    return take
