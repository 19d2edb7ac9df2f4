"""The per-process cache of anonymous reads (`middleware.AnonymousReadCache`): ETags and 304s,
invalidation by writes seen at once by another process (another app on the same database),
and no caching for signed-in requests. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient
from registry_helpers import add_user
from sqlalchemy.orm import Session

from osaid.registry import services
from osaid.registry.errors import NotFound
from osaid.registry.state import CachedResponse, ResponseStore
from osaid.registry.web import cached_response

PASSWORD = "correct horse battery"


def _token(app: FastAPI, name: str, role: str) -> dict[str, str]:
    with app.state.registry.db.scope() as s:
        user = add_user(s, name, role=role)
        return {"Authorization": f"Bearer {services.create_api_token(s, user, 't')}"}


def test_anonymous_reads_carry_etags_and_answer_304(
    db_url: str, make_app: Callable[..., FastAPI]
) -> None:
    app = make_app(db_url, background_worker=False)
    with TestClient(app) as c:
        for url in (
            "/api/v1/systems",
            "/api/v1/systems?status=pass&sort=-name",
            "/api/v1/systems/pythia",
            "/api/v1/facets",
            "/badge/pythia/osaid-1.0.svg",
            "/systems/pythia",
            "/",
        ):
            first = c.get(url)
            assert first.status_code == 200, url
            etag = first.headers["etag"]
            again = c.get(url)
            assert again.content == first.content and again.headers["etag"] == etag
            assert again.headers["content-type"] == first.headers["content-type"]
            assert again.headers["x-content-type-options"] == "nosniff"
            not_modified = c.get(url, headers={"If-None-Match": etag})
            assert not_modified.status_code == 304 and not_modified.content == b"", url
            assert not_modified.headers["etag"] == etag
            assert c.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
        badge = c.get("/badge/pythia/osaid-1.0.svg")
        assert badge.headers["cache-control"] == "public, max-age=300"
        # Errors are never cached and keep their status.
        assert c.get("/api/v1/systems/no-such-system").status_code == 404
        assert c.get("/badge/no-such-system/osaid-1.0.svg").status_code == 404
        assert c.get("/api/v1/systems?sort=bogus").status_code == 422
        assert "etag" not in c.get("/api/v1/systems/no-such-system").headers


def test_a_write_in_one_process_is_seen_at_once_by_another(
    db_url: str, make_app: Callable[..., FastAPI]
) -> None:
    reader_app = make_app(db_url, background_worker=False)
    writer_app = make_app(db_url, background_worker=False, import_catalog=False)
    admin = _token(writer_app, "boss", "admin")
    with TestClient(reader_app) as reader, TestClient(writer_app) as writer:
        before = reader.get("/api/v1/systems/grok-1")
        listing = reader.get("/api/v1/systems", params={"per_page": 500}).json()
        page = reader.get("/", params={"q": "grok"}).text
        assert before.status_code == 200 and "grok-1" in page
        assert any(i["slug"] == "grok-1" for i in listing["items"])
        etag = before.headers["etag"]
        assert writer.post("/api/v1/admin/systems/grok-1/hide", headers=admin).status_code == 200
        assert reader.get("/api/v1/systems/grok-1").status_code == 404
        assert (
            reader.get("/api/v1/systems/grok-1", headers={"If-None-Match": etag}).status_code == 404
        )
        assert reader.get("/badge/grok-1/osaid-1.0.svg").status_code == 404
        listing = reader.get("/api/v1/systems", params={"per_page": 500}).json()
        assert not any(i["slug"] == "grok-1" for i in listing["items"])
        assert "/systems/grok-1" not in reader.get("/", params={"q": "grok"}).text
        assert writer.post("/api/v1/admin/systems/grok-1/publish", headers=admin).status_code == 200
        again = reader.get("/api/v1/systems/grok-1")
        assert again.status_code == 200
        assert again.json()["components"] == before.json()["components"]


def test_signed_in_requests_are_not_served_from_the_cache(
    sqlite_url: str, make_app: Callable[..., FastAPI]
) -> None:
    app = make_app(sqlite_url, background_worker=False)
    admin = _token(app, "boss", "admin")
    with TestClient(app) as anon, TestClient(app) as root:
        assert root.post("/api/v1/admin/systems/grok-1/hide", headers=admin).status_code == 200
        assert anon.get("/api/v1/systems/grok-1").status_code == 404
        assert anon.get("/systems/grok-1", headers={"accept": "text/html"}).status_code == 404
        # With an Authorization header: answered by the route itself (no ETag).
        assert "etag" not in root.get("/api/v1/systems/pythia", headers=admin).headers
        assert "etag" not in root.get("/api/v1/me", headers=admin).headers
        bad = {"Authorization": "Bearer nope"}
        assert anon.get("/api/v1/me", headers=bad).status_code == 401
        # A signed-in admin (cookie) sees the hidden system's page and its controls.
        token = root.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
        r = root.post(
            "/login",
            data={"username": "boss", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303
        page = root.get("/systems/grok-1")
        assert page.status_code == 200 and "etag" not in page.headers
        assert "Signed in as" in page.text and "Signed in as" not in anon.get("/").text
        # Every anonymous visitor without a cookie still gets a session cookie.
        fresh = TestClient(app)
        assert "osaid_session=" in fresh.get("/").headers["set-cookie"]


def test_large_cached_bodies_are_gzipped_for_clients_that_accept_it(
    sqlite_url: str, make_app: Callable[..., FastAPI]
) -> None:
    app = make_app(sqlite_url, background_worker=False)
    with TestClient(app) as c:
        plain = c.get("/api/v1/systems/pythia", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert int(plain.headers["content-length"]) == len(plain.content) > 8192
        assert plain.headers["vary"] == "Accept-Encoding"
        packed = c.get("/api/v1/systems/pythia", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert packed.content == plain.content  # httpx decodes it
        assert packed.headers["etag"] != plain.headers["etag"]
        assert int(packed.headers["content-length"]) < len(plain.content)
        for r in (plain, packed):
            again = c.get(
                "/api/v1/systems/pythia",
                headers={
                    "Accept-Encoding": r.headers.get("content-encoding", "identity"),
                    "If-None-Match": r.headers["etag"],
                },
            )
            assert again.status_code == 304
        badge = c.get("/badge/pythia/osaid-1.0.svg", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in badge.headers and "vary" not in badge.headers


def test_a_cached_response_lasts_until_the_next_write_of_content(session: Session) -> None:
    made: list[int] = []

    def make() -> Response:
        made.append(1)
        body = f"answer {len(made)}".encode()
        return Response(body, 201, {"X-Kept": "yes"}, media_type="text/plain")

    first = cached_response(session, ("test", 1), make)
    again = cached_response(session, ("test", 1), make)
    assert first.body == again.body == b"answer 1" and len(made) == 1
    assert again.status_code == 201 and again.headers["x-kept"] == "yes"
    assert again.headers["content-type"] == "text/plain; charset=utf-8"
    assert cached_response(session, ("test", 2), make).body == b"answer 2"  # another key
    admin = add_user(session, "boss", role="admin")
    assert cached_response(session, ("test", 1), make).body == b"answer 1"  # users: no content
    services.hide_system(session, admin, "pythia")
    assert cached_response(session, ("test", 1), make).body == b"answer 3"

    def fail() -> Response:
        made.append(1)
        raise NotFound("gone")

    for _ in range(2):  # a failure is not kept
        with pytest.raises(NotFound):
            cached_response(session, ("test", 3), fail)
    assert len(made) == 5


def test_the_response_store_empties_itself_rather_than_grow_past_its_bounds() -> None:
    store = ResponseStore(max_entries=3, max_bytes=10)
    for n in range(3):
        store.put(("k", n), CachedResponse([], b"ab", b""))
    assert len(store.entries) == 3 and store.size == 6
    store.put(("k", 3), CachedResponse([], b"ab", b""))  # a fourth entry: start again
    assert list(store.entries) == [("k", 3)] and store.size == 2
    store.put(("big",), CachedResponse([], b"x" * 9, b""))  # over max_bytes together
    assert list(store.entries) == [("big",)] and store.size == 9
    assert store.get(("k", 3)) is None and store.get(("big",)) is not None
