"""The REST API end to end (SQLite): reads, submissions (files and Hugging Face in the
background worker), exports."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from registry_helpers import ROOT, add_user

from osaid.catalog import load_catalog_system
from osaid.errors import InputError
from osaid.evaluation.system import System

EXAMPLE = (ROOT / "src/osaid/examples/my-model.yaml").read_bytes()


def fake_hub(repo_id: str) -> System:
    if repo_id == "org/broken":
        raise InputError("hf:org/broken: repository not found")
    if repo_id == "org/crash":
        raise RuntimeError("boom")
    time.sleep(0.2)
    return load_catalog_system("olmo")


def _wait(client: TestClient, sid: int) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        data: dict[str, object] = client.get(f"/api/v1/submissions/{sid}").json()
        if data["status"] in ("done", "failed"):
            return data
        time.sleep(0.05)
    raise AssertionError("submission did not finish")


def test_api_reads_submissions_and_exports(
    sqlite_url: str, make_app: Callable[..., FastAPI]
) -> None:
    app = make_app(sqlite_url, hf_loader=fake_hub)
    with app.state.registry.db.scope() as s:
        add_user(s, "rev")
    with TestClient(app) as c:
        token = c.post(
            "/api/v1/tokens", data={"username": "rev", "password": "correct horse battery"}
        ).json()["token"]
        h = {"Authorization": f"Bearer {token}"}
        listing = c.get("/api/v1/systems", params={"status": "pass", "sort": "-name"}).json()
        assert listing["total"] >= 5 and listing["items"][0]["statuses"]["osaid-1.0"] == "pass"
        detail = c.get("/api/v1/systems/llama-2").json()
        assert detail["summary"]["statuses"]["osaid-1.0"] == "fail"
        assert {"component", "name", "link", "license", "legal_framework", "status"} <= set(
            detail["components"][0]
        )
        assert detail["freedoms"]["osaid-1.0"]["use"] == "fail"
        assert detail["remediation"]["osaid-1.0"]
        evaluation = c.get(f"/api/v1/evaluations/{detail['evaluations'][0]['id']}").json()
        assert evaluation["report"]["schema_version"]
        assert len(c.get("/api/v1/compare", params={"slugs": ["pythia", "bloom"]}).json()) == 2
        assert {d["id"] for d in c.get("/api/v1/definitions").json()} >= {"osaid-1.0", "mof"}
        diff = c.get("/api/v1/definitions/osaid-1.0-rc1/diff/osaid-1.0").json()
        assert diff["after"] == "osaid-1.0"
        assert c.get("/api/v1/licenses/Apache-2.0").json()["osi_approved"] is True
        assert any(x["id"] for x in c.get("/api/v1/licenses").json())
        csv_text = c.get("/api/v1/systems.csv").text
        assert csv_text.splitlines()[0].startswith("slug,name,producer")
        assert len(csv_text.splitlines()) == 23

        r = c.post("/api/v1/submissions/file", files={"file": ("m.yaml", EXAMPLE)}, headers=h)
        assert r.status_code == 201 and r.json()["system_slug"] == "washed-chat"
        r = c.post("/api/v1/submissions", json={"hf_repo_id": "allenai/OLMo-7B"}, headers=h)
        assert r.status_code == 202 and r.json()["status"] == "queued"
        done = _wait(c, int(r.json()["id"]))
        assert done["status"] == "done" and done["progress"] == 100
        assert c.get(f"/api/v1/systems/{done['system_slug']}").status_code == 200
        for repo, message in (("org/broken", "not found"), ("org/crash", "internal error")):
            r = c.post("/api/v1/submissions", json={"hf_repo_id": repo}, headers=h)
            failed = _wait(c, int(r.json()["id"]))
            assert failed["status"] == "failed" and message in str(failed["error"])
        r = c.post("/api/v1/submissions", json={"hf_repo_id": "../etc"}, headers=h)
        assert r.status_code == 422
        r = c.post("/api/v1/definitions/osaid-1.0/endorsements", headers=h)
        assert r.status_code == 422  # no stakeholder group yet
        assert c.post("/api/v1/systems/pythia/working-group", headers=h).status_code == 200
        assert c.get("/api/v1/working-groups").json()[0]["members"][0]["username"] == "rev"


def test_queued_submissions_survive_a_restart(
    sqlite_url: str, make_app: Callable[..., FastAPI]
) -> None:
    app = make_app(sqlite_url, background_worker=False)
    with app.state.registry.db.scope() as s:
        from osaid.registry import services

        user = add_user(s, "rev")
        sid = services.submit_hf(s, repo_id="allenai/OLMo-7B", user=user).id
        assert services.get_submission(s, sid).status == "queued"
    again = make_app(sqlite_url, hf_loader=fake_hub)
    with TestClient(again) as c:
        assert _wait(c, sid)["status"] == "done"


def test_the_api_and_the_listing_page_offer_every_sort_order_of_the_query() -> None:
    import inspect
    from typing import get_args, get_type_hints

    from osaid.registry import api, services
    from osaid.registry.pages.listing import SORT_LABELS

    sort = get_type_hints(api.listing_query, include_extras=True)["sort"]
    literal = get_args(sort)[0]
    assert get_args(literal) == services.SORTS
    assert set(SORT_LABELS) == set(services.SORTS)  # in the order the menu shows them
    assert inspect.signature(api.listing_query).parameters["sort"].default == "name"
