"""Integrity on SQLite and PostgreSQL: the database enforces one ballot per reviewer per
(system, component, freedom); every write is one transaction; failures leave nothing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from registry_helpers import ROOT, add_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from osaid.errors import InputError, ManifestError
from osaid.registry import models as m
from osaid.registry import services
from osaid.registry.db import Database
from osaid.registry.errors import Conflict, NotFound, PermissionDenied
from osaid.registry.services import submissions

EXAMPLE = (ROOT / "src/osaid/examples/my-model.yaml").read_text()


def _counts(session: Session) -> dict[str, int]:
    session.rollback()
    return {
        t.__tablename__: int(session.scalar(select(func.count()).select_from(t)) or 0)
        for t in (m.System, m.Evaluation, m.Submission, m.Ballot, m.AuditLog)
    }


def test_catalog_is_the_initial_content(session: Session) -> None:
    from osaid.catalog import catalog_slugs

    page = services.list_systems(session, per_page=500)
    assert {s.slug for s in page.items} == set(catalog_slugs())
    pythia = services.get_system(session, "pythia")
    assert pythia.summary.statuses["osaid-1.0"] == "pass"
    assert {c.component for c in pythia.components} >= {"datasets", "model-parameters-final"}
    assert set(pythia.reports) == set(services.DEFINITIONS)
    assert pythia.evaluations[0].data_versions["osaid"]


def test_unique_ballot_is_enforced_by_the_database(session: Session) -> None:
    r = add_user(session, "rev1")
    system = session.scalars(select(m.System).where(m.System.slug == "pythia")).one()
    now = datetime.now(UTC)
    for _ in range(2):
        session.add(
            m.Ballot(
                reviewer_id=r.id,
                system_id=system.id,
                component="datasets",
                freedom="study",
                vote=1,
                comment="",
                created_at=now,
                updated_at=now,
            )
        )
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert _counts(session)["ballots"] == 0


def test_vote_and_freedom_are_checked_by_the_database(session: Session) -> None:
    r = add_user(session, "rev1")
    system = session.scalars(select(m.System).where(m.System.slug == "pythia")).one()
    now = datetime.now(UTC)
    for bad in ({"vote": 2, "freedom": "use"}, {"vote": 1, "freedom": "run"}):
        session.add(
            m.Ballot(
                reviewer_id=r.id,
                system_id=system.id,
                component="datasets",
                comment="",
                created_at=now,
                updated_at=now,
                **bad,
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()


def test_second_cast_conflicts_update_changes(session: Session) -> None:
    r = add_user(session, "rev1")
    b = services.cast_ballot(
        session, user=r, system_slug="pythia", component="Datasets", freedom="study", vote=1
    )
    assert (b.component, b.freedom, b.vote) == ("datasets", "study", 1)
    with pytest.raises(Conflict):
        services.cast_ballot(
            session, user=r, system_slug="pythia", component="datasets", freedom="study", vote=-1
        )
    services.update_ballot(
        session,
        user=r,
        system_slug="pythia",
        component="datasets",
        freedom="study",
        vote=-1,
        comment="changed my mind",
    )
    (only,) = services.list_ballots(session, system_slug="pythia")
    assert (only.vote, only.comment) == (-1, "changed my mind")
    with pytest.raises(NotFound):
        services.update_ballot(
            session, user=r, system_slug="pythia", component="datasets", freedom="use", vote=1
        )


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"component": "no such thing"}, "component"),
        ({"freedom": "run"}, "freedom"),
        ({"vote": 2}, "vote"),
        ({"vote": "yes"}, "vote"),
        ({"comment": "x" * 5000}, "comment"),
    ],
)
def test_bad_ballots(session: Session, kw: dict[str, Any], field: str) -> None:
    r = add_user(session, "rev1")
    args: dict[str, Any] = {"component": "datasets", "freedom": "use", "vote": 1, **kw}
    with pytest.raises(InputError) as err:
        services.cast_ballot(session, user=r, system_slug="pythia", **args)
    assert err.value.field == field
    assert _counts(session)["ballots"] == 0


def test_viewers_and_anonymous_cannot_vote(session: Session) -> None:
    v = add_user(session, "viewer1", role="viewer")
    for user in (v, None):
        with pytest.raises(PermissionDenied):
            services.cast_ballot(
                session,
                user=user,
                system_slug="pythia",
                component="datasets",
                freedom="use",
                vote=1,
            )


def test_concurrent_identical_ballots_one_wins(db: Database) -> None:
    with db.scope() as s:
        add_user(s, "racer")
    results: list[str] = []
    barrier = threading.Barrier(8)

    def cast() -> None:
        with db.scope() as s:
            user = services.get_user(s, "racer")
            barrier.wait()
            try:
                services.cast_ballot(
                    s, user=user, system_slug="olmo", component="datasets", freedom="use", vote=1
                )
                results.append("ok")
            except Conflict:
                results.append("conflict")

    threads = [threading.Thread(target=cast) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * 7 + ["ok"]
    with db.scope() as s:
        assert len(services.list_ballots(s, system_slug="olmo")) == 1


def test_bad_manifest_writes_nothing(session: Session) -> None:
    r = add_user(session, "rev1")
    before = _counts(session)
    bad = EXAMPLE.replace("kind: open", "kind: opn")
    with pytest.raises(ManifestError) as err:
        services.submit_manifest(session, text=bad, filename="bad.yaml", user=r)
    assert err.value.line is not None and err.value.field
    for text in ("", "a: [", "\x00", "x" * (services.MAX_UPLOAD_BYTES + 1)):
        with pytest.raises(InputError):
            services.submit_manifest(session, text=text, filename="bad.yaml", user=r)
    with pytest.raises(InputError):
        services.submit_manifest(session, text=b"\xff\xfe", filename="bad.yaml", user=r)
    assert _counts(session) == before


def test_failure_midway_through_a_submission_writes_nothing(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = add_user(session, "rev1")
    before = _counts(session)
    real = submissions.store_system

    def store_then_crash(*a: Any, **kw: Any) -> Any:
        real(*a, **kw)  # the system and its evaluations are flushed…
        raise RuntimeError("crash")  # …and the transaction dies

    monkeypatch.setattr(submissions, "store_system", store_then_crash)
    with pytest.raises(RuntimeError):
        services.submit_manifest(session, text=EXAMPLE, filename="my-model.yaml", user=r)
    assert _counts(session) == before


def test_submission_and_reevaluation_history(session: Session) -> None:
    r = add_user(session, "rev1")
    sub = services.submit_manifest(session, text=EXAMPLE, filename="../../my-model.yaml", user=r)
    assert sub.status == "done" and sub.progress == 100 and sub.filename == "my-model.yaml"
    assert sub.system_slug == "washed-chat"
    again = services.submit_manifest(session, text=EXAMPLE, filename="my-model.yaml", user=r)
    assert again.system_slug == "washed-chat"  # same system, evaluated again
    detail = services.reevaluate_system(session, r, "washed-chat")
    assert len(detail.evaluations) == 3 * len(services.DEFINITIONS)
    assert sum(e.latest for e in detail.evaluations) == len(services.DEFINITIONS)
    assert detail.lineage and detail.lineage[0]["ref"] == "catalog:llama-2"
    assert services.get_submission(session, sub.id).system_slug == "washed-chat"


def test_listing_filters_sorting_paging(session: Session) -> None:
    page = services.list_systems(session, status="pass", per_page=500)
    assert page.items and all(s.statuses["osaid-1.0"] == "pass" for s in page.items)
    assert {"pythia", "olmo"} <= {s.slug for s in page.items}
    fails = services.list_systems(session, status="fail", per_page=500)
    assert fails.total + page.total <= services.list_systems(session).total
    assert services.list_systems(session, q="LLAMA").total >= 2
    assert services.list_systems(session, q="%").total == 0
    meta = services.list_systems(session, producer="meta", per_page=500)
    assert meta.items and all(s.producer == "Meta" for s in meta.items)
    names = [s.name for s in services.list_systems(session, sort="-name", per_page=500).items]
    assert names == sorted(names, key=str.casefold, reverse=True)
    p2 = services.list_systems(session, per_page=5, page=2)
    assert len(p2.items) == 5 and p2.pages == 5
    mof = services.list_systems(session, definition="mof", status="pass", per_page=500)
    assert all(s.statuses["mof"] == "pass" for s in mof.items)
    for bad in ({"sort": "evil"}, {"page": 0}, {"per_page": 10_000}, {"definition": "nope"}):
        with pytest.raises(InputError):
            services.list_systems(session, **bad)  # type: ignore[arg-type]
    facets = services.facets(session)
    assert "Meta" in facets["producer"] and "pass" in facets["status"]


def test_compare(session: Session) -> None:
    got = services.compare_systems(session, ["pythia", "llama-2", "bloom"])
    assert [d.slug for d in got] == ["pythia", "llama-2", "bloom"]
    for bad in (["pythia"], ["pythia", "pythia"], ["a", "b", "c", "d", "e"]):
        with pytest.raises(InputError):
            services.compare_systems(session, bad)
    with pytest.raises(NotFound):
        services.compare_systems(session, ["pythia", "nope"])


def test_admin_actions_are_audited_and_reviewers_cannot(session: Session) -> None:
    admin = add_user(session, "boss", role="admin")
    rev = add_user(session, "rev1")
    for action in (
        lambda u: services.hide_system(session, u, "grok-1"),
        lambda u: services.publish_system(session, u, "grok-1"),
        lambda u: services.merge_systems(session, u, "olmo-2", "olmo"),
        lambda u: services.audit_log(session, u),
    ):
        with pytest.raises(PermissionDenied):
            action(rev)
    services.hide_system(session, admin, "grok-1", reason="duplicate listing")
    assert "grok-1" not in {s.slug for s in services.list_systems(session, per_page=500).items}
    with pytest.raises(NotFound):
        services.get_system(session, "grok-1")
    services.publish_system(session, admin, "grok-1")
    assert services.get_system(session, "grok-1").summary.hidden is False
    merged = services.merge_systems(session, admin, "olmo-2", "olmo")
    assert merged.merged_into == "olmo"
    assert "olmo-2" not in {s.slug for s in services.list_systems(session, per_page=500).items}
    actions = [a.action for a in services.audit_log(session, admin)]
    assert actions[:3] == ["system.merge", "system.publish", "system.hide"]
    assert services.audit_log(session, admin)[2].details == {"reason": "duplicate listing"}


def test_endorsements_and_the_seed_criteria(session: Session) -> None:
    status = services.endorsement_status(session, "osaid-1.0")
    assert status["rc_met"] is False and set(status["groups"]) == set(m.GROUPS)
    users = [add_user(session, f"u{g}{i}", group=g) for g in m.GROUPS for i in range(5)]
    for u in users:
        if u.username.endswith(("0", "1")):
            services.endorse(session, user=u, definition_id="osaid-1.0")
    status = services.endorsement_status(session, "osaid-1.0")
    assert status["rc_met"] is True and status["final_met"] is False
    assert status["final_missing"] == dict.fromkeys(m.GROUPS, 3)
    for u in users:
        if not u.username.endswith(("0", "1")):
            services.endorse(session, user=u, definition_id="osaid-1.0")
    assert services.endorsement_status(session, "osaid-1.0")["final_met"] is True
    with pytest.raises(Conflict):
        services.endorse(session, user=users[0], definition_id="osaid-1.0")
    nogroup = add_user(session, "nogroup")
    with pytest.raises(InputError):
        services.endorse(session, user=nogroup, definition_id="osaid-1.0")
    with pytest.raises(NotFound):
        services.endorse(session, user=users[0], definition_id="osaid-9")


def test_working_groups(session: Session) -> None:
    a = add_user(session, "alice", group="licensee")
    b = add_user(session, "bob", group="regulator")
    services.join_working_group(session, a, "llama-2")
    services.join_working_group(session, a, "llama-2")  # no-op
    group = services.join_working_group(session, b, "llama-2")
    assert [x.username for x in group.members] == ["alice", "bob"]
    assert [g.system_slug for g in services.list_working_groups(session)] == ["llama-2"]
    services.leave_working_group(session, a, "llama-2")
    (g,) = services.list_working_groups(session, "llama-2")
    assert [x.username for x in g.members] == ["bob"]


def test_users(session: Session) -> None:
    add_user(session, "alice")
    with pytest.raises(Conflict):
        add_user(session, "alice")
    for kw in ({"username": "x"}, {"password": "short"}, {"role": "god"}):
        args: dict[str, Any] = {"username": "carol", "password": "long enough pw", **kw}
        with pytest.raises(InputError):
            services.create_user(session, **args)
