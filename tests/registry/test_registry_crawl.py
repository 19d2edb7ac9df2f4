"""Every link on every registry page answers: a crawl from `/` that follows each `href` and
`src` of the same origin (GET only), logged out, as a reviewer and as an admin, over a
registry holding the reference catalog. A link must answer 200, or redirect to a page that
does; anything else is listed with the page that links to it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from registry_helpers import ROOT, add_user, settings_for_tests

from osaid.catalog import catalog_slugs
from osaid.licenses.knowledge import knowledge
from osaid.registry import services
from osaid.registry.app import create_app

EXAMPLE = (ROOT / "src/osaid/examples/my-model.yaml").read_text("utf-8")
ORIGIN = "http://testserver"
PASSWORD = "correct horse battery"
MAX_REDIRECTS = 5
MAX_URLS = 5000
"""A bound, so that a page generating ever new links fails the test instead of hanging it."""


class _Links(HTMLParser):
    """Every `href` and `src` attribute of a page, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(v for k, v in attrs if k in ("href", "src") and v)


def _links(html: str, base: str) -> Iterator[str]:
    parser = _Links()
    parser.feed(html)
    for raw in parser.found:
        url = urldefrag(urljoin(base, raw.strip())).url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == ORIGIN:
            yield url.removeprefix(ORIGIN) or "/"


@dataclass
class Crawl:
    statuses: dict[str, int] = field(default_factory=dict)
    """Every URL fetched, with the status it finally answered."""
    broken: list[str] = field(default_factory=list)
    """`status URL (linked from PAGE)` for every link that did not answer 200."""


def crawl(client: TestClient, start: str = "/") -> Crawl:
    result = Crawl()
    linked_from: dict[str, str] = {start: "(start)"}
    todo = deque([start])
    while todo:
        url = todo.popleft()
        assert len(result.statuses) < MAX_URLS, "the crawl does not end"
        response = client.get(url)
        hops = 0
        while response.is_redirect and hops < MAX_REDIRECTS:
            target = urljoin(ORIGIN + url, response.headers["location"])
            assert target.startswith(ORIGIN), f"{url} redirects off site to {target}"
            response = client.get(target)
            hops += 1
        result.statuses[url] = response.status_code
        if response.status_code != 200:
            result.broken.append(f"{response.status_code} {url} (linked from {linked_from[url]})")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        for link in _links(response.text, str(response.url)):
            if link not in linked_from:
                linked_from[link] = url
                todo.append(link)
    return result


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    db = tmp_path_factory.mktemp("crawl") / "registry.sqlite3"
    application = create_app(f"sqlite:///{db}", settings=settings_for_tests())
    with application.state.registry.db.scope() as session:
        rita = add_user(session, "rita", role="reviewer", group="licensee")
        ada = add_user(session, "ada", role="admin", group="regulator")
        # Something of everything, so that the pages show every kind of link.
        services.submit_manifest(session, text=EXAMPLE, filename="my-model.yaml", user=rita)
        ballot = {"system_slug": "olmo", "component": "datasets", "freedom": "use", "vote": 1}
        services.cast_ballot(session, user=rita, **ballot)
        services.join_working_group(session, rita, "olmo")
        services.endorse(session, user=rita, definition_id="osaid-1.0")
        services.hide_system(session, ada, "bloom", "a test")
        services.merge_systems(session, ada, "smollm", "granite-3")
    with TestClient(application):
        yield application
    application.state.registry.db.dispose()


def _client(app: FastAPI, username: str | None) -> TestClient:
    client = TestClient(app, headers={"accept": "text/html"}, follow_redirects=False)
    if username is not None:
        form = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        r = client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert r.status_code == 303, r.text
    return client


@pytest.mark.parametrize("username", [None, "rita", "ada"], ids=["anonymous", "reviewer", "admin"])
def test_every_link_on_every_page_answers_200(app: FastAPI, username: str | None) -> None:
    result = crawl(_client(app, username))
    assert not result.broken, "\n".join(result.broken)
    visited = set(result.statuses)
    # The crawl reached every part of the registry, so a page left unlinked shows here too.
    shown = set(catalog_slugs()) - {"smollm", "bloom"} | {"washed-chat"}  # merged, hidden
    expected = {f"/systems/{slug}" for slug in shown}
    expected |= {f"/review/{slug}" for slug in shown}
    expected |= {f"/badge/{slug}/osaid-1.0.svg" for slug in shown}
    if username == "ada":
        expected.add("/systems/bloom")  # admins see hidden systems, linked from the listing
    expected |= {"/compare", "/review", "/heatmap.svg", "/definitions", "/submit", "/api/docs"}
    expected |= {"/submissions/1", "/review/olmo"}
    assert expected <= visited, sorted(expected - visited)
    licenses = {u for u in visited if u.startswith("/licenses/")}
    assert len(licenses) >= len(knowledge().catalog), len(licenses)
    assert any(Path(urlsplit(u).path).suffix == ".css" for u in visited)
