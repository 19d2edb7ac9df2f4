"""The importer loads all 273 MOT records and the catalog; OSI's vote table of DOMAIN.md §3
entered as ballots gives the "Recommendations summary 2/21/24" tiers through the tally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from registry_helpers import SHARED, add_user
from sqlalchemy.orm import Session

from osaid.components import component_catalog
from osaid.freedoms import Freedom
from osaid.registry import services
from osaid.registry.db import Database
from osaid.votes.tally import Tier
from osaid_testkit import domain_vote_table, seed_summary

MOT = SHARED / "mot/models"


def test_all_273_mot_records_and_the_catalog_load(
    sqlite_url: str, make_app: Callable[..., FastAPI]
) -> None:
    db: Database = make_app(sqlite_url, background_worker=False).state.registry.db
    paths = sorted(MOT.glob("*.yml"))
    assert len(paths) == 273
    with db.scope() as session:
        result = services.import_mot_records(session, paths)
        assert (result.added, result.failed) == (273, ())
        assert services.list_systems(session, per_page=1).total == 273 + 22
        again = services.import_mot_records(session, paths[:3])
        assert (again.added, again.updated) == (0, 3)  # idempotent: re-evaluated, not copied
        amber = services.list_systems(session, q="amber", per_page=10).items
        assert {s.origin for s in amber} >= {"catalog:amber", "mot:Amber.yml"}
        assert services.import_catalog(session).added == 0


def test_mot_import_reports_bad_records(session: Session, tmp_path: Path) -> None:
    good = MOT / "Amber.yml"
    bad = tmp_path / "Bad.yml"
    bad.write_text("framework: {}\nrelease: [oops\n")
    result = services.import_mot_records(session, [good, bad])
    assert result.added == 1 and [n for n, _ in result.failed] == ["Bad.yml"]


def _cast_vote_table(session: Session) -> None:
    """One ballot per vote of the net table on Pythia, plus a cancelling pair on Llama 2."""
    table = domain_vote_table()
    width = max(abs(v) for votes in table.values() for v in votes.values())
    reviewers = [add_user(session, f"r{i}") for i in range(width)]
    x1, x2 = add_user(session, "x1"), add_user(session, "x2")
    for component, votes in table.items():
        for freedom, net in votes.items():
            for i in range(abs(net)):
                services.cast_ballot(
                    session,
                    user=reviewers[i],
                    system_slug="pythia",
                    component=component,
                    freedom=freedom.value,
                    vote=1 if net > 0 else -1,
                )
            for user, vote in ((x1, 1), (x2, -1)):
                services.cast_ballot(
                    session,
                    user=user,
                    system_slug="llama-2",
                    component=component,
                    freedom=freedom.value,
                    vote=vote,
                    comment="cancelling pair",
                )


def test_osi_vote_table_as_ballots_gives_the_2_21_24_tiers(session: Session) -> None:
    _cast_vote_table(session)
    expected = seed_summary()
    assert len(expected) == 18
    ids = {name: component_catalog().resolve(name)[0] for name in domain_vote_table()}
    for scope in ("pythia", None):
        view = services.tally(session, scope, mu=9.5)
        got = {row.component: Tier(row.tier) for row in view.rows}
        assert got == {ids[name]: tier for name, tier in expected.items()}
        table = domain_vote_table()
        assert {r.component: r.total for r in view.rows} == {
            ids[n]: sum(v.values()) for n, v in table.items()
        }
    llama = services.tally(session, "llama-2")
    assert all(r.total == 0 for r in llama.rows) and llama.reviewers == 2
    computed = services.tally(session, "pythia")
    assert computed.mu == pytest.approx(189 / 18)
    with pytest.raises(Exception, match="mu"):
        services.tally(session, None, mu=-1)


def test_the_vote_table_through_the_api(db_url: str, make_app: Callable[..., FastAPI]) -> None:
    app = make_app(db_url, background_worker=False)
    with app.state.registry.db.scope() as session:
        _cast_vote_table(session)
    expected = {k: v.value for k, v in seed_summary().items()}
    ids = {component_catalog().resolve(n)[0]: n for n in domain_vote_table()}
    with TestClient(app) as client:
        data = client.get("/api/v1/tally", params={"system": "pythia", "mu": 9.5}).json()
        assert {ids[r["component"]]: r["tier"] for r in data["rows"]} == expected
        assert data["max_abs"] == 21
        csv_text = client.get("/api/v1/ballots.csv").text
        assert csv_text.startswith("system,reviewer,component,freedom,vote")
    # the CSV export is the `osaid votes tally` ballot format
    from osaid.votes.tally import parse_votes

    net, n = parse_votes(csv_text, file="ballots.csv")
    assert n == len(csv_text.strip().splitlines()) - 1
    assert net["datasets"][Freedom.STUDY] == 21
