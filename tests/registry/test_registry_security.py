"""Security: CSRF, roles, rate limits, tokens, and schemathesis finding no 500 in the API."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.testclient import TestClient
from registry_helpers import add_user

from osaid.registry.auth import (
    RateLimits,
    csrf_token,
    db_session,
    require_csrf,
    sign_in,
)

PASSWORD = "correct horse battery"


def _login_router() -> APIRouter:
    """A stand-in for the pages' sign-in form (the pages package provides the real one)."""
    router = APIRouter()

    @router.get("/t/form")
    def form(request: Request) -> dict[str, str]:
        return {"csrf": csrf_token(request)}

    @router.post("/t/login", dependencies=[Depends(require_csrf)])
    def login(
        request: Request,
        username: str = Form(),
        password: str = Form(),
        session=Depends(db_session),  # noqa: B008
    ) -> dict[str, str]:
        user = sign_in(request, session, username, password)
        return {"user": user.username}

    return router


@pytest.fixture
def app(sqlite_url: str, make_app: Callable[..., FastAPI]) -> FastAPI:
    app = make_app(
        sqlite_url,
        rate_limits=RateLimits.from_spec("login_ip=30/60,login_account=3/60,write_user=5/60"),
    )
    app.include_router(_login_router())
    with app.state.registry.db.scope() as s:
        add_user(s, "rev", group="licensee")
        add_user(s, "rev2")
        add_user(s, "boss", role="admin")
    return app


def _token(client: TestClient, username: str) -> str:
    r = client.post("/api/v1/tokens", data={"username": username, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


BALLOT = {"system": "pythia", "component": "datasets", "freedom": "study", "vote": 1}


def test_api_without_token_cannot_write(app: FastAPI) -> None:
    with TestClient(app) as c:
        assert c.post("/api/v1/ballots", json=BALLOT).status_code in (401, 403)
        assert c.post("/api/v1/submissions", json={"hf_repo_id": "a/b"}).status_code in (401, 403)
        r = c.post("/api/v1/ballots", json=BALLOT, headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401
        r = c.post("/api/v1/ballots", json=BALLOT, headers={"Authorization": "Basic eA=="})
        assert r.status_code == 401
        assert c.get("/api/v1/ballots").json() == []
        token = _token(c, "rev")
        r = c.post("/api/v1/ballots", json=BALLOT, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201, r.text
        r = c.post("/api/v1/ballots", json=BALLOT, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 409


def test_csrf_missing_is_rejected(app: FastAPI) -> None:
    with TestClient(app) as c:
        csrf = c.get("/t/form").json()["csrf"]
        assert "osaid_session" in c.cookies
        r = c.post("/t/login", data={"username": "rev", "password": PASSWORD})
        assert r.status_code == 403 and "CSRF" in r.text
        r = c.post("/t/login", data={"username": "rev", "password": PASSWORD, "csrf_token": "x"})
        assert r.status_code == 403
        r = c.post("/t/login", data={"username": "rev", "password": PASSWORD, "csrf_token": csrf})
        assert r.status_code == 200, r.text
        # signed in by cookie: API writes need the CSRF token of the (new) session
        assert c.get("/api/v1/me").json()["user"]["username"] == "rev"
        assert c.post("/api/v1/ballots", json=BALLOT).status_code == 403
        fresh = c.get("/t/form").json()["csrf"]
        assert fresh != csrf  # a new session id after signing in
        r = c.post("/api/v1/ballots", json=BALLOT, headers={"X-CSRF-Token": fresh})
        assert r.status_code == 201, r.text
    with TestClient(app) as other:  # another visitor's token is worthless
        other.get("/t/form")
        r = other.post(
            "/t/login", data={"username": "rev", "password": PASSWORD, "csrf_token": csrf}
        )
        assert r.status_code == 403


def test_session_cookie_flags(app: FastAPI) -> None:
    with TestClient(app) as c:
        r = c.get("/t/form")
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
        assert r.headers["x-frame-options"] == "DENY"
    with TestClient(app, base_url="https://testserver") as c:
        assert "Secure" in c.get("/t/form").headers["set-cookie"]
    with TestClient(app) as c:  # a forged cookie is ignored
        c.cookies.set("osaid_session", "eyJzaWQiOiJ4IiwidWlkIjozfQ.forged")
        assert c.get("/api/v1/me").json() == {"user": None}


def test_reviewer_cannot_act_as_admin(app: FastAPI) -> None:
    with TestClient(app) as c:
        rev = {"Authorization": f"Bearer {_token(c, 'rev')}"}
        boss = {"Authorization": f"Bearer {_token(c, 'boss')}"}
        for path in (
            "/api/v1/admin/systems/grok-1/hide",
            "/api/v1/admin/systems/grok-1/publish",
            "/api/v1/admin/systems/olmo-2/merge-into/olmo",
        ):
            assert c.post(path, headers=rev).status_code == 403
        assert c.get("/api/v1/admin/audit", headers=rev).status_code == 403
        assert c.get("/api/v1/admin/export", headers=rev).status_code == 403
        assert c.get("/api/v1/admin/audit").status_code == 401
        assert c.post("/api/v1/admin/systems/grok-1/hide", headers=boss).status_code == 200
        assert c.get("/api/v1/systems/grok-1").status_code == 404
        audit = c.get("/api/v1/admin/audit", headers=boss).json()
        assert audit[0]["action"] == "system.hide" and audit[0]["actor"] == "boss"


def test_login_rate_limit_holds(app: FastAPI) -> None:
    with TestClient(app) as c:
        codes = [
            c.post("/api/v1/tokens", data={"username": "rev2", "password": "wrong pw!"}).status_code
            for _ in range(6)
        ]
        assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429, 429]
        # even the right password is refused while the account is limited
        r = c.post("/api/v1/tokens", data={"username": "rev2", "password": PASSWORD})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


def test_write_rate_limit_holds(app: FastAPI) -> None:
    with TestClient(app) as c:
        h = {"Authorization": f"Bearer {_token(c, 'rev')}"}
        codes = []
        for component in (
            "datasets",
            "data-card",
            "model-card",
            "inference-code",
            "model-metadata",
            "training-code",
            "evaluation-code",
        ):
            r = c.post("/api/v1/ballots", json={**BALLOT, "component": component}, headers=h)
            codes.append(r.status_code)
        assert codes == [201] * 5 + [429, 429]


def test_bad_input_is_4xx_with_a_message(app: FastAPI) -> None:
    with TestClient(app) as c:
        h = {"Authorization": f"Bearer {_token(c, 'rev')}"}
        bad = "osaid_manifest: 1\nsystem:\n  name: X\n  colour: red\n"
        r = c.post("/api/v1/submissions", json={"text": bad, "filename": "x.yaml"}, headers=h)
        assert r.status_code == 422
        body = r.json()
        assert body["file"] == "x.yaml" and body["line"] == 4 and "unknown field" in body["detail"]
        r = c.post(
            "/api/v1/submissions/file",
            files={"file": ("big.yaml", b"x" * (1024 * 1024 + 1))},
            headers=h,
        )
        assert r.status_code == 413
        r = c.post("/api/v1/submissions/file", files={"file": ("b.yaml", b"\xff\x00")}, headers=h)
        assert r.status_code == 422
        for path in (
            "/api/v1/systems/nope",
            "/api/v1/evaluations/99999",
            "/api/v1/submissions/99999",
            "/api/v1/definitions/nope",
        ):
            assert c.get(path).status_code == 404, path
        assert c.get("/api/v1/systems", params={"sort": "x"}).status_code == 422
        assert c.get("/api/v1/compare", params={"slugs": ["pythia"]}).status_code == 422
        r = c.post("/api/v1/ballots", json={**BALLOT, "component": "nope"}, headers=h)
        assert r.status_code == 422 and r.json()["field"] == "component"


def test_schemathesis_finds_no_server_error(
    sqlite_url: str, make_app: Callable[..., FastAPI]
) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    app = make_app(sqlite_url)  # no rate limits: every write reaches the services
    with app.state.registry.db.scope() as s:
        add_user(s, "rev", group="licensee")
    calls: dict[int, int] = {}
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    with TestClient(app) as c:
        token = _token(c, "rev")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    failures: list[str] = []
    for op in operations:
        if re.search(r"/tokens$", op.path):
            continue  # spends the login rate limit; covered above

        @given(case=op.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            headers = {"Authorization": f"Bearer {token}"} if case.method != "GET" else None
            response = case.call(headers=headers)
            calls[response.status_code] = calls.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        run()
    assert failures == []
    assert sum(calls.values()) > 200 and 200 in calls and 422 in calls, calls
