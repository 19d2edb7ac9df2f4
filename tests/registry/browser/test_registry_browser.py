"""The registry in a real browser: Debian's Chromium driven by Playwright against uvicorn.

Each test uses its own browser context (its own cookies). Screenshots are saved under
`test-artifacts/registry/`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from browser_helpers import cast_osi_vote_table, focused, log_in

ROOT = Path(__file__).resolve().parents[3]
OPEN_TINY = ROOT / "tests" / "fixtures" / "manifests" / "open-tiny.yaml"


def _choice(pg: Any, freedom: str, label: str) -> Any:
    """The radio button `label` of the ballot form's group for `freedom`."""
    group = pg.get_by_role("group", name=re.compile(f"^To {freedom}:"))
    return group.get_by_label(label, exact=True)


def _tally_total(pg: Any, component: str) -> str:
    row = pg.locator(f"#tally-table tr[data-component='{component}']")
    return str(row.locator("[data-total]").inner_text()).strip()


def test_submit_a_manifest_and_see_the_verdict(page: Any, shots: Any) -> None:
    log_in(page, "alice")
    page.get_by_role("link", name="Submit").click()
    page.get_by_label("Manifest file").set_input_files(str(OPEN_TINY))
    shots(page, "01-submit-form")
    page.get_by_role("button", name="Submit and evaluate").click()
    page.wait_for_url(re.compile(r"/systems/open-tiny"))
    verdict = page.locator(".verdict[data-definition='osaid-1.0']")
    assert "Open Source AI" in verdict.inner_text()
    assert "Not Open Source AI" not in verdict.inner_text()
    assert "Submitted and evaluated" in page.get_by_role("status").first.inner_text()
    table = page.locator("#component-table")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert headers == ["Component", "Link", "License", "Legal framework", "Status"]
    assert table.get_by_role("row", name=re.compile("Model parameters")).count() >= 1
    assert page.get_by_role("heading", name="History of evaluations").is_visible()
    shots(page, "02-system-verdict")

    # The badge at its stable URL is an SVG image that names the verdict.
    response = page.request.get("/badge/open-tiny/osaid-1.0.svg")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "Open Source AI" in response.text()


def test_a_bad_upload_is_explained_on_the_page(page: Any, shots: Any) -> None:
    log_in(page, "bob")
    page.goto("/submit")
    page.get_by_label("… or paste it").fill("osaid_manifest: 1\nsystem: [not, a, mapping]\n")
    page.get_by_role("button", name="Submit and evaluate").click()
    alert = page.locator("#manifest-error")
    alert.wait_for()
    assert "not accepted" in alert.inner_text()
    assert page.url.endswith("/submit/manifest")
    shots(page, "03-submit-bad-manifest")


def test_hugging_face_submission_shows_progress(page: Any, shots: Any) -> None:
    log_in(page, "bob")
    page.goto("/submit")
    page.get_by_label("Repository id (ORG/NAME)").fill("example-org/tiny-hf-model")
    page.get_by_role("button", name="Evaluate in the background").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    assert page.locator("progress#progress").is_visible()
    shots(page, "04-hf-progress")
    link = page.get_by_role("link", name=re.compile("See the verdict"))
    link.wait_for(timeout=30_000)  # the page reloads itself when the worker is done
    assert "done" in page.locator("[data-message]").inner_text()
    link.click()
    assert "Open Source AI" in page.locator(".verdict").first.inner_text()


def test_two_reviewers_vote_and_the_tally_changes(browser: Any, server: Any, shots: Any) -> None:
    contexts = [browser.new_context(base_url=server.url) for _ in range(2)]
    try:
        alice, bob = (c.new_page() for c in contexts)
        log_in(alice, "alice")
        alice.goto("/review/pythia")
        assert "No ballots yet" in alice.locator("#tally-summary").inner_text()
        alice.get_by_role("button", name="Join the working group").click()
        alice.wait_for_url("**/review/pythia?msg=joined")
        alice.get_by_label("Component", exact=True).select_option("model-parameters-final")
        _choice(alice, "study", "required (+1)").check()
        _choice(alice, "use", "required (+1)").check()
        alice.get_by_label("Comment (optional)").fill("weights are the system")
        alice.get_by_role("button", name="Record my ballots").click()
        alice.wait_for_url("**/review/pythia?msg=ballots")
        assert _tally_total(alice, "model-parameters-final") == "+2"
        assert "2 ballots from 1 reviewer" in alice.locator("#tally-summary").inner_text()

        log_in(bob, "bob")
        bob.goto("/review/pythia")
        bob.get_by_label("Component", exact=True).select_option("model-parameters-final")
        _choice(bob, "share", "required (+1)").check()
        _choice(bob, "use", "not necessary (−1)").check()
        bob.get_by_role("button", name="Record my ballots").click()
        bob.wait_for_url("**/review/pythia?msg=ballots")
        assert _tally_total(bob, "model-parameters-final") == "+2"
        summary = bob.locator("#tally-summary").inner_text()
        assert "4 ballots from 2 reviewers" in summary
        row = bob.locator("#tally-table tr[data-component='model-parameters-final']")
        assert [c.strip() for c in row.locator("td.num").all_inner_texts()] == [
            "+1",
            "0",
            "0",
            "+1",
            "+2",
        ]

        # Alice changes her mind on "use": voting again replaces her ballot.
        alice.reload()
        alice.get_by_label("Component", exact=True).select_option("model-parameters-final")
        _choice(alice, "use", "not necessary (−1)").check()
        alice.get_by_role("button", name="Record my ballots").click()
        alice.wait_for_url("**/review/pythia?msg=ballots")
        assert _tally_total(alice, "model-parameters-final") == "0"

        heatmap = alice.locator("#heatmap svg[role=img]")
        assert heatmap.is_visible()
        assert "Net votes for" in heatmap.locator("title").first.text_content()
        assert alice.locator("#heatmap svg rect").count() >= 4 + 3  # cells and legend swatches
        shots(alice, "05-review-tally-heatmap")

        alice.goto("/review")
        assert alice.locator("#tally-table").is_visible()
        shots(alice, "06-review-all")
    finally:
        for c in contexts:
            c.close()


def test_compare_two_systems(page: Any, shots: Any) -> None:
    page.goto("/")
    page.get_by_label("Compare Pythia").check()
    page.get_by_label(re.compile(r"^Compare Llama 2")).check()
    page.get_by_role("button", name="Compare selected systems").click()
    page.wait_for_url(re.compile(r"/compare\?"))
    headers = page.locator("#compare-table thead th").all_inner_texts()
    assert any("Pythia" in h for h in headers) and any("Llama 2" in h for h in headers)
    row = page.get_by_role("row", name=re.compile(r"^OSAID 1\.0"))
    assert "pass" in row.inner_text() and "fail" in row.inner_text()
    shots(page, "07-compare")


def test_filters_and_sorting(page: Any, shots: Any) -> None:
    page.goto("/")
    page.get_by_label("Status").select_option("pass")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"status=pass"))
    statuses = page.locator("td[data-label='OSAID 1.0']").all_inner_texts()
    assert statuses and all("pass" in s for s in statuses)
    shots(page, "08-listing-filtered")


def test_keyboard_only_reaches_the_main_actions(page: Any, shots: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to main content"
    assert "none" not in first["outline"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # Tabbing from the top reaches every main navigation target and the search.
    page.goto("/")
    seen: list[dict[str, Any]] = []
    for _ in range(25):
        page.keyboard.press("Tab")
        seen.append(focused(page))
    hrefs = {s["href"] for s in seen}
    for target in ("/", "/compare", "/review", "/definitions", "/licenses", "/submit"):
        assert target in hrefs, f"{target} not reachable by Tab"
    assert any(s["id"] == "f-q" for s in seen), "search field not reachable"
    assert all("none" not in s["outline"] for s in seen if s["tag"] in ("a", "button"))

    # Sign in with the keyboard only.
    login = next(i for i, s in enumerate(seen) if (s["href"] or "").startswith("/login"))
    page.goto("/")
    for _ in range(login + 1):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login"))
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "username":
            break
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?msg=logged-in")

    # Cast a ballot with the keyboard only: component menu, radio groups, submit.
    page.goto("/review/olmo")
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "ballot-component":
            break
    else:
        raise AssertionError("the ballot form is not reachable by Tab")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#ballot-component").input_value()
    page.keyboard.press("Tab")  # into the "To study" radio group
    assert focused(page)["name"] == "vote_study"
    page.keyboard.press("Space")  # check the focused option
    study = page.locator("input[name=vote_study]:checked").get_attribute("value")
    assert study in ("1", "-1", "0", "none")
    if study == "none":  # the checked radio was "no vote": move to "required (+1)"
        page.keyboard.press("ArrowDown")
        study = page.locator("input[name=vote_study]:checked").get_attribute("value")
    shots(page, "09-keyboard-ballot")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url("**/review/olmo?msg=ballots")
    assert page.locator(f"#tally-table tr[data-component='{chosen}']").count() == 1


def test_endorsement_per_stakeholder_group(page: Any, shots: Any) -> None:
    log_in(page, "root")
    page.goto("/definitions/osaid-1.0")
    page.get_by_role("button", name=re.compile("Endorse")).click()
    page.wait_for_url(re.compile(r"/definitions/osaid-1\.0\?msg=endorsed"))
    row = page.get_by_role("row", name=re.compile("Regulators"))
    assert "1" in row.inner_text()
    assert "not met" in row.inner_text()
    shots(page, "10-definition-endorsement")


def test_readable_on_a_phone(browser: Any, server: Any, shots: Any) -> None:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    try:
        pg = context.new_page()
        for path, name in (("/", "11-phone-listing"), ("/systems/llama-2", "12-phone-system")):
            pg.goto(path)
            overflow = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
            shots(pg, name)
    finally:
        context.close()


def test_definitions_and_licenses_pages(page: Any, shots: Any) -> None:
    page.goto("/definitions")
    page.get_by_role("button", name="Show the differences").click()
    page.wait_for_url(re.compile(r"/definitions/diff\?"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("From")
    shots(page, "13-definition-diff")
    page.goto("/licenses")
    page.get_by_label("Look up a license id or name").fill("llama2")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/licenses/LicenseRef-Llama-2$"))
    assert page.get_by_role("heading", name="Restrictions").is_visible()
    shots(page, "14-license")


def test_the_osi_vote_table_as_a_heatmap(page: Any, server: Any, shots: Any) -> None:
    ballots = cast_osi_vote_table(server.database_url, "bloom")
    page.goto("/review/bloom?mu=9.5")
    assert (
        f"{ballots} ballots from 21 reviewers; μ = 9.50"
        in page.locator("#tally-summary").inner_text()
    )
    row = page.locator("#tally-table tr[data-component='supporting-libraries']")
    assert "Yes / Required" in row.inner_text()
    assert (
        page.locator("#heatmap svg g title").count()
        == 4 * page.locator("#tally-table tbody tr").count()
    )
    shots(page, "15-osi-vote-table-tally", "section:has(#tally)")
    shots(page, "16-osi-vote-table-heatmap", "#heatmap")
