"""Helpers shared by the browser tests (kept out of conftest so tests can import them)."""

from __future__ import annotations

from typing import Any

PASSWORD = "correct horse battery"


def log_in(pg: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    pg.goto("/login")
    pg.get_by_label("Username").fill(username)
    pg.get_by_label("Password").fill(password)
    pg.get_by_role("button", name="Log in").click()
    pg.wait_for_url("**/?msg=logged-in")


def focused(pg: Any) -> dict[str, Any]:
    """What has the keyboard focus: tag, text, id, name, href and its outline."""
    return dict(
        pg.evaluate(
            """() => {
              const e = document.activeElement;
              const s = getComputedStyle(e);
              return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.value || '').trim(),
                      id: e.id, name: e.getAttribute('name'), href: e.getAttribute('href'),
                      type: e.getAttribute('type'),
                      outline: s.outlineStyle + ' ' + s.outlineWidth};
            }"""
        )
    )


def cast_osi_vote_table(database_url: str, system_slug: str) -> int:
    """Enter OSI's net vote table of 2024-02-21 (DOMAIN.md §3, the packaged example CSV) as
    ballots on one system: net N on a cell becomes |N| reviewers voting ±1. Returns the
    number of ballots."""
    from importlib import resources

    from osaid.registry import services
    from osaid.registry.db import Database
    from osaid.votes.tally import parse_votes

    text = resources.files("osaid.examples").joinpath("osi-net-votes-2024-02-21.csv")
    table, _ = parse_votes(text.read_text("utf-8"), file="osi-net-votes-2024-02-21.csv")
    width = max(abs(v) for votes in table.values() for v in votes.values())
    db = Database(database_url)
    count = 0
    try:
        with db.scope() as session:
            reviewers = []
            for i in range(width):
                name = f"wg-{system_slug}-{i}"
                services.create_user(session, username=name, password=PASSWORD)
                reviewers.append(services.get_user(session, name))
            for component, votes in table.items():
                for freedom, net in votes.items():
                    for i in range(abs(net)):
                        services.cast_ballot(
                            session,
                            user=reviewers[i],
                            system_slug=system_slug,
                            component=component,
                            freedom=freedom.value,
                            vote=1 if net > 0 else -1,
                        )
                        count += 1
    finally:
        db.dispose()
    return count
