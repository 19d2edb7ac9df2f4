"""The registry's HTML pages through FastAPI's TestClient (fast; no browser).

Every page answers 200, filters work, a POST without the CSRF token is rejected, a bad upload
is a 4xx with the message on the page, and badges and the heatmap are valid SVG.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from osaid.evaluation.system import System  # noqa: E402
from osaid.manifest.load import load_system_text  # noqa: E402
from osaid.registry import services  # noqa: E402
from osaid.registry.app import Settings, create_app  # noqa: E402
from osaid.registry.auth import RateLimits  # noqa: E402
from osaid.registry.pages import HeatRow, badge_svg, heatmap_svg  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OPEN_TINY = ROOT / "tests" / "fixtures" / "manifests" / "open-tiny.yaml"
PASSWORD = "correct horse battery"
HTML = {"accept": "text/html"}
SVG_NS = "{http://www.w3.org/2000/svg}"


def _fake_hf(repo_id: str) -> System:
    time.sleep(0.2)
    text = OPEN_TINY.read_text("utf-8").replace("name: Open-Tiny", f"name: {repo_id}")
    return load_system_text(text, name="hf.yaml")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    db = tmp_path_factory.mktemp("registry") / "registry.sqlite3"
    settings = replace(Settings(), rate_limits=RateLimits.off(), hf_loader=_fake_hf)
    application = create_app(f"sqlite:///{db}", settings=settings)
    with application.state.registry.db.scope() as session:
        for name, role, group in (
            ("alice", "reviewer", "system-creator"),
            ("bob", "reviewer", "licensee"),
            ("carol", "viewer", None),
            ("root", "admin", "regulator"),
        ):
            services.create_user(
                session, username=name, password=PASSWORD, role=role, stakeholder_group=group
            )
    with TestClient(application):  # runs the lifespan: the submission worker
        yield application


def _client(app: FastAPI) -> TestClient:
    return TestClient(app, headers=HTML, follow_redirects=False)


def _csrf(client: TestClient, url: str = "/login") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _login(app: FastAPI, username: str) -> TestClient:
    client = _client(app)
    token = _csrf(client)
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert r.status_code == 303, r.text
    return client


@pytest.fixture(scope="module")
def anon(app: FastAPI) -> TestClient:
    return _client(app)


@pytest.fixture(scope="module")
def alice(app: FastAPI) -> TestClient:
    return _login(app, "alice")


@pytest.fixture(scope="module")
def bob(app: FastAPI) -> TestClient:
    return _login(app, "bob")


@pytest.fixture(scope="module")
def root(app: FastAPI) -> TestClient:
    return _login(app, "root")


PAGES = [
    "/",
    "/?q=llama",
    "/?sort=-name",
    "/?definition=mof&status=pass",
    "/systems/pythia",
    "/systems/llama-2",
    "/compare",
    "/compare?s=pythia&s=llama-2",
    "/compare?s=pythia&s=llama-2&s=olmo&s=bloom",
    "/definitions",
    "/definitions/osaid-1.0",
    "/definitions/mof",
    "/definitions/diff?before=osaid-0.0.9&after=osaid-1.0",
    "/licenses",
    "/licenses?category=restricted",
    "/licenses/LicenseRef-Llama-2",
    "/licenses/Apache-2.0",
    "/licenses/CC-BY-4.0",
    "/submit",
    "/review",
    "/review?mu=9.5",
    "/review/pythia",
    "/login",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_200_with_landmarks(anon: TestClient, url: str) -> None:
    r = anon.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and '<nav class="main" aria-label="Main">' in html
    assert '<meta name="viewport"' in html
    # every table has header cells; every visible input has a label
    assert html.count("<table") == html.count("<thead")
    for tag, input_id in re.findall(r'(<(?:input|select|textarea)[^>]*\sid="([^"]+)"[^>]*>)', html):
        assert f'for="{input_id}"' in html or "aria-label=" in tag, input_id


@pytest.mark.parametrize(
    "url", ["/", "/systems/pythia", "/review/pythia", "/definitions/osaid-1.0", "/submit"]
)
def test_every_post_form_carries_a_csrf_token(root: TestClient, url: str) -> None:
    html = root.get(url).text
    forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
    assert forms or url == "/"
    for form in forms:
        assert 'name="csrf_token"' in form, form[:200]


def test_pages_of_unknown_things_are_404_pages(anon: TestClient) -> None:
    for url in (
        "/systems/no-such-system",
        "/review/no-such-system",
        "/definitions/osaid-9",
        "/licenses/No-Such-License",
        "/submissions/999999",
        "/submissions/abc",
        "/definitions/diff?before=x&after=osaid-1.0",
    ):
        r = anon.get(url)
        assert r.status_code == 404, url
        assert 'role="alert"' in r.text and "<main" in r.text


def test_every_license_the_api_lists_has_a_page(anon: TestClient) -> None:
    ids = [x["id"] for x in anon.get("/api/v1/licenses").json()]
    assert "LicenseRef-AI2-ImpACT-HR" in ids and "LicenseRef-TII-Falcon-LLM-1.0" in ids
    for license_id in ids:
        r = anon.get(f"/licenses/{license_id}")
        assert r.status_code == 200, license_id
    # A catalog entry whose terms are not verified says so on its page.
    page = anon.get("/licenses/LicenseRef-AI2-ImpACT-HR").text
    assert "AI2 ImpACT License for High Risk Artifacts" in page and "UNVERIFIED" in page
    # …and the look-up finds it by its common name.
    r = anon.get("/licenses", params={"lookup": "ImpACT HR"})
    assert r.status_code == 303
    assert r.headers["location"] == "/licenses/LicenseRef-AI2-ImpACT-HR"


# ---- listing filters ------------------------------------------------------------------------


def _slugs(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/systems/([^"]+)">', html)


def test_listing_filters_by_status(app: FastAPI, anon: TestClient) -> None:
    html = anon.get("/?status=pass").text
    slugs = _slugs(html)
    with app.state.registry.db.scope() as session:
        expected = [
            s.slug for s in services.list_systems(session, status="pass", per_page=500).items
        ]
    assert slugs == expected and "pythia" in slugs and "llama-2" not in slugs
    assert f"{len(slugs)} systems" in html


def test_listing_filters_by_the_ai_act_exemption(anon: TestClient) -> None:
    # From tests/frameworks/test_eu_ai_act_catalog.py: Granite 3.0 qualifies (Apache-2.0, below
    # 10^25 FLOP) and fails OSAID; Llama 3.1 qualifies for neither; Mistral 7B is undetermined.
    exempt = _slugs(anon.get("/?definition=eu-ai-act-2024&status=pass").text)
    assert "granite-3" in exempt and "pythia" in exempt and "llama-3.1" not in exempt
    assert "granite-3" not in _slugs(anon.get("/?status=pass").text)
    assert "mistral-7b" in _slugs(anon.get("/?definition=eu-ai-act-2024&status=unknown").text)
    listing = anon.get("/").text
    assert "EU AI Act exemption" in listing and "does not qualify" in listing


def test_a_system_page_shows_the_ai_act_verdict_and_compute(anon: TestClient) -> None:
    html = anon.get("/systems/llama-3.1").text
    assert "Does not qualify for the open-source exemption" in html
    assert "3.80 x 10^25 FLOP, as stated" in html
    assert "user-cap" in html
    badge = anon.get("/badge/granite-3/eu-ai-act-2024.svg")
    assert badge.status_code == 200 and "open-source exemption" in badge.text
    csv_text = anon.get("/api/v1/systems.csv").text
    header, *rows = csv_text.splitlines()
    assert "eu-ai-act-2024" in header.split(",")


def test_listing_search_producer_and_sort(anon: TestClient) -> None:
    assert _slugs(anon.get("/?q=llama").text)
    assert all("llama" in s for s in _slugs(anon.get("/?q=llama").text))
    meta = _slugs(anon.get("/?producer=Meta").text)
    assert meta and "llama-2" in meta and "pythia" not in meta
    ascending = _slugs(anon.get("/").text)
    descending = _slugs(anon.get("/?sort=-name").text)
    assert descending == list(reversed(ascending))
    assert _slugs(anon.get("/?license=Apache-2.0").text)
    assert not _slugs(anon.get("/?q=zzzz-nothing").text)


def test_an_unknown_sort_order_falls_back_to_the_default(anon: TestClient) -> None:
    r = anon.get("/?sort=bogus")
    assert r.status_code == 200
    assert _slugs(r.text) == _slugs(anon.get("/").text) and _slugs(r.text)
    assert "Unknown sort order &#39;bogus&#39;; sorted by name (A–Z)." in r.text
    assert "sort=bogus" not in r.text  # the page's own links use the order it shows
    assert "Unknown sort order" not in anon.get("/?sort=").text  # empty: the default
    filtered = anon.get("/?sort=bogus&producer=Meta")
    assert _slugs(filtered.text) == _slugs(anon.get("/?producer=Meta").text)
    # The API keeps answering 422: a client asked for something that does not exist.
    assert anon.get("/api/v1/systems?sort=bogus").status_code == 422


def test_listing_rejects_bad_parameters_with_a_message(anon: TestClient) -> None:
    r = anon.get("/?page=abc")
    assert r.status_code == 422 and "whole number" in r.text
    r = anon.get("/?definition=osaid-9")
    assert r.status_code == 422 and "osaid-9" in r.text


# ---- CSRF and roles ---------------------------------------------------------------------------


def test_posts_without_csrf_token_are_rejected(alice: TestClient) -> None:
    for url, data in (
        ("/submit/manifest", {"text": OPEN_TINY.read_text("utf-8")}),
        ("/submit/hf", {"repo_id": "org/name"}),
        ("/review/pythia/ballots", {"component": "datasets", "vote_study": "1"}),
        ("/review/pythia/join", {}),
        ("/definitions/osaid-1.0/endorse", {}),
        ("/logout", {}),
        ("/systems/pythia/hide", {}),
    ):
        r = alice.post(url, data=data)
        assert r.status_code == 403, url
        assert "CSRF" in r.text
        r = alice.post(url, data={**data, "csrf_token": "forged"})
        assert r.status_code == 403, url
    # nothing was written
    assert "No ballots yet" in alice.get("/review/pythia").text


def test_login_needs_csrf_and_the_right_password(app: FastAPI) -> None:
    client = _client(app)
    r = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert r.status_code == 403
    token = _csrf(client)
    r = client.post(
        "/login", data={"username": "alice", "password": "wrong password", "csrf_token": token}
    )
    assert r.status_code == 401 and "wrong username or password" in r.text
    r = client.post(
        "/login",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/?")
    assert "Signed in as <strong>alice</strong>" in client.get("/").text
    r = client.post("/logout", data={"csrf_token": _csrf(client, "/")})
    assert r.status_code == 303
    assert "Log in</a>" in client.get("/").text


def test_a_reviewer_cannot_act_as_admin(
    alice: TestClient, root: TestClient, anon: TestClient
) -> None:
    token = _csrf(alice, "/systems/pythia")
    r = alice.post("/systems/pythia/hide", data={"csrf_token": token})
    assert r.status_code == 403 and "only admins" in r.text
    token = _csrf(root, "/systems/bloom")
    r = root.post("/systems/bloom/hide", data={"csrf_token": token, "reason": "test"})
    assert r.status_code == 303
    assert "bloom" not in _slugs(anon.get("/").text)
    assert anon.get("/systems/bloom").status_code == 404
    assert "hidden</span>" in root.get("/?q=bloom").text  # admins still see it, marked
    hidden = root.get("/systems/bloom")
    assert hidden.status_code == 200
    # …without links that answer 404 while it is hidden: its badges and its review.
    assert "/badge/bloom/" not in hidden.text and 'href="/review/bloom"' not in hidden.text
    assert "takes no ballots" in hidden.text
    r = root.post("/systems/bloom/publish", data={"csrf_token": token})
    assert r.status_code == 303
    assert "bloom" in _slugs(anon.get("/").text)


# ---- submissions ----------------------------------------------------------------------------


def test_uploading_a_manifest_shows_the_verdict(alice: TestClient) -> None:
    token = _csrf(alice, "/submit")
    r = alice.post(
        "/submit/manifest",
        data={"csrf_token": token},
        files={"file": ("open-tiny.yaml", OPEN_TINY.read_bytes(), "application/yaml")},
    )
    assert r.status_code == 303
    assert r.headers["location"].startswith("/systems/open-tiny")
    html = alice.get(r.headers["location"]).text
    assert "Submitted and evaluated." in html
    assert "Open Source AI</span>" in html and "Component | link | license" in html
    assert "History of evaluations" in html


@pytest.mark.parametrize(
    ("files", "text", "message"),
    [
        (None, "osaid_manifest: 1\nsystem: [1, 2]\n", "not accepted"),
        (None, "", "choose a file or paste a manifest"),
        ({"file": ("x.yaml", b"\xff\xfe\x00garbage", "application/yaml")}, "", "UTF-8"),
        ({"file": ("big.yaml", b"a: 1\n" * 300_000, "application/yaml")}, "", "larger than"),
        ({"file": ("big.yaml", b"a: 1\n" * 210_000, "application/yaml")}, "", "larger than"),
        (None, "key: [unclosed\n", "pasted.yaml"),
    ],
)
def test_a_bad_upload_is_a_4xx_with_the_message_on_the_page(
    alice: TestClient, files: dict[str, tuple[str, bytes, str]] | None, text: str, message: str
) -> None:
    token = _csrf(alice, "/submit")
    r = alice.post("/submit/manifest", data={"csrf_token": token, "text": text}, files=files)
    assert 400 <= r.status_code < 500, r.status_code
    assert 'id="manifest-error"' in r.text
    assert message in r.text
    assert "<form" in r.text  # the form is shown again


def test_anonymous_upload_asks_to_sign_in(app: FastAPI) -> None:
    client = _client(app)
    token = _csrf(client, "/submit")
    r = client.post("/submit/manifest", data={"csrf_token": token, "text": "a: 1"})
    assert r.status_code == 401 and "sign in" in r.text


def test_hugging_face_submission_runs_in_the_background(app: FastAPI, bob: TestClient) -> None:
    token = _csrf(bob, "/submit")
    r = bob.post("/submit/hf", data={"csrf_token": token, "repo_id": "not a repo id"})
    assert r.status_code == 422 and 'id="hf-error"' in r.text
    r = bob.post("/submit/hf", data={"csrf_token": token, "repo_id": "example/bg-model"})
    assert r.status_code == 303
    page_url = r.headers["location"]
    assert re.fullmatch(r"/submissions/\d+", page_url)
    first = bob.get(page_url).text
    assert "<progress" in first
    deadline = time.monotonic() + 30
    while True:
        status = bob.get(page_url + "/status").json()
        if status["status"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert status["status"] == "done", status
    done = bob.get(page_url).text
    assert "See the verdict" in done and 'http-equiv="refresh"' not in done


# ---- review ---------------------------------------------------------------------------------


def _tally_row(html: str, component: str) -> list[str]:
    row = re.search(rf'<tr data-component="{component}">(.*?)</tr>', html, flags=re.S)
    assert row, f"no tally row for {component}"
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row.group(1))


def test_ballots_from_two_reviewers_change_the_tally(alice: TestClient, bob: TestClient) -> None:
    slug = "olmo"
    token = _csrf(alice, f"/review/{slug}")
    r = alice.post(
        f"/review/{slug}/ballots",
        data={
            "csrf_token": token,
            "component": "training-code",
            "vote_study": "1",
            "vote_use": "-1",
            "vote_modify": "1",
            "vote_share": "none",
            "comment": "needed to <b>study</b>",
        },
    )
    assert r.status_code == 303
    html = alice.get(f"/review/{slug}").text
    assert _tally_row(html, "training-code") == ["+1", "−1", "+1", "0", "+1"]
    assert "needed to &lt;b&gt;study&lt;/b&gt;" in html  # escaped
    token = _csrf(bob, f"/review/{slug}")
    r = bob.post(
        f"/review/{slug}/ballots",
        data={
            "csrf_token": token,
            "component": "Training, validation and testing code",  # OSI's name works too
            "vote_study": "1",
        },
    )
    assert r.status_code == 303
    html = bob.get(f"/review/{slug}").text
    assert _tally_row(html, "training-code") == ["+2", "−1", "+1", "0", "+2"]
    assert "4 ballots from 2 reviewers" in html
    # voting again changes the ballot instead of adding one
    bob.post(
        f"/review/{slug}/ballots",
        data={"csrf_token": token, "component": "training-code", "vote_study": "-1"},
    )
    html = bob.get(f"/review/{slug}?mu=0.5").text
    assert _tally_row(html, "training-code") == ["0", "−1", "+1", "0", "0"]
    assert "μ = 0.50" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    # across all systems
    assert "training" in bob.get("/review").text.casefold()


def test_bad_ballots_are_explained(alice: TestClient, app: FastAPI) -> None:
    token = _csrf(alice, "/review/pythia")
    r = alice.post("/review/pythia/ballots", data={"csrf_token": token, "component": "datasets"})
    assert r.status_code == 422 and "at least one freedom" in r.text
    r = alice.post(
        "/review/pythia/ballots",
        data={"csrf_token": token, "component": "no-such-thing", "vote_use": "1"},
    )
    assert r.status_code == 422 and "unknown component" in r.text
    viewer = _login(app, "carol")
    token = _csrf(viewer, "/review/pythia")
    r = viewer.post(
        "/review/pythia/ballots",
        data={"csrf_token": token, "component": "datasets", "vote_use": "1"},
    )
    assert r.status_code == 403


def test_working_group_join_and_leave(alice: TestClient) -> None:
    token = _csrf(alice, "/review/t5")
    assert alice.post("/review/t5/join", data={"csrf_token": token}).status_code == 303
    html = alice.get("/review/t5").text
    assert "<li>alice — System creators</li>" in html and "Leave the working group" in html
    assert "T5" in alice.get("/review").text
    assert alice.post("/review/t5/leave", data={"csrf_token": token}).status_code == 303
    assert "Join the working group" in alice.get("/review/t5").text


def test_endorsement_shows_the_criteria_per_group(alice: TestClient, bob: TestClient) -> None:
    for client in (alice, bob):
        token = _csrf(client, "/definitions/osaid-1.0-rc1")
        r = client.post("/definitions/osaid-1.0-rc1/endorse", data={"csrf_token": token})
        assert r.status_code == 303
    html = alice.get("/definitions/osaid-1.0-rc1").text
    row = re.search(r"<th scope=\"row\">System creators</th>(.*?)</tr>", html, flags=re.S)
    assert row and '<td class="num">1</td>' in row.group(1)
    assert "You (system-creator) endorsed this version." in html
    token = _csrf(alice, "/definitions/osaid-1.0-rc1")
    r = alice.post("/definitions/osaid-1.0-rc1/endorse", data={"csrf_token": token})
    assert r.status_code == 409 and "already endorsed" in r.text


# ---- SVG ------------------------------------------------------------------------------------


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    return root


def test_badges_are_valid_svg_at_a_stable_url(anon: TestClient) -> None:
    r = anon.get("/badge/pythia/osaid-1.0.svg")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    root = _svg(r.text)
    assert root.get("role") == "img"
    assert root.find(f"{SVG_NS}title") is not None
    assert "Open Source AI" in r.text
    assert "not met" in anon.get("/badge/llama-2/osaid-1.0.svg").text
    assert "MOF" in _svg(anon.get("/badge/olmo/mof.svg").text).get("aria-label", "")
    assert "not evaluated" in anon.get("/badge/pythia/osaid-1.0-rc1.svg").text
    missing = anon.get("/badge/no-such/osaid-1.0.svg")
    assert missing.status_code == 404
    _svg(missing.text)
    assert anon.get("/badge/pythia/osaid-9.svg").status_code == 404


def test_badge_text_is_escaped() -> None:
    root = _svg(badge_svg("a<b", "c&d", "pass"))
    assert root.get("aria-label") == "a<b: c&d"


def test_heatmap_is_an_accessible_svg_chart() -> None:
    chart = heatmap_svg(
        [HeatRow("Datasets", (21, -18, 8, -3)), HeatRow("Model <parameters>", (8, 7, 9, 5))],
        ["study", "use", "modify", "share"],
        title="OSI votes",
    )
    root = _svg(str(chart))
    assert root.get("role") == "img"
    labelled = (root.get("aria-labelledby") or "").split()
    assert {e.get("id") for e in root if e.get("id")} >= set(labelled)
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert "+21" in texts and "−18" in texts and "Net votes" in texts
    fills = {r.get("fill") for r in root.iter(f"{SVG_NS}rect")}
    assert len(fills) >= 8  # a colour scale, not one colour
    titles = [t.text for t in root.iter(f"{SVG_NS}title")]
    assert "Model <parameters>, use: +7 net votes" in titles


def test_heatmap_file(anon: TestClient) -> None:
    r = anon.get("/heatmap.svg?system=olmo")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    _svg(r.text)
    assert anon.get("/heatmap.svg?system=no-such").status_code == 404


def test_admin_merges_a_duplicate(root: TestClient, anon: TestClient) -> None:
    token = _csrf(root, "/systems/smollm")
    r = root.post("/systems/smollm/merge", data={"csrf_token": token, "into": "granite-3"})
    assert r.status_code == 303
    assert "smollm" not in _slugs(anon.get("/").text)
    assert 'href="/systems/granite-3">granite-3</a>' in anon.get("/systems/smollm").text
    r = root.post("/systems/granite-3/merge", data={"csrf_token": token, "into": "granite-3"})
    assert r.status_code == 422 and "cannot be merged into itself" in r.text
