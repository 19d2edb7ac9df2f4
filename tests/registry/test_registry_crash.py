"""Crash test: 20 reviewers vote against a uvicorn subprocess; SIGKILL mid-way; after a
restart every acknowledged ballot (2xx received) is present exactly once."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import Counter
from collections.abc import Callable

import httpx
from fastapi import FastAPI
from registry_helpers import Server, add_user

from osaid.catalog import catalog_slugs
from osaid.registry import services

REVIEWERS = 20
COMPONENTS = ("datasets", "training-code", "inference-code", "model-architecture", "model-card")
FREEDOMS = ("use", "study", "modify", "share")


def test_sigkill_loses_no_acknowledged_ballot(
    db_url: str, make_app: Callable[..., FastAPI]
) -> None:
    db = make_app(db_url, background_worker=False).state.registry.db
    tokens: dict[str, str] = {}
    with db.scope() as s:
        for i in range(REVIEWERS):
            user = add_user(s, f"crash{i}")
            tokens[user.username] = services.create_api_token(s, user, "crash test")
    db.dispose()
    combos = list(itertools.product(catalog_slugs(), COMPONENTS, FREEDOMS))
    server = Server(db_url, env={"OSAID_REGISTRY_RATE_LIMITS": "off"})
    server.start()
    acked: list[tuple[str, str, str, str]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def vote(username: str, token: str) -> None:
        mine = combos[:]
        random.Random(username).shuffle(mine)
        with httpx.Client(
            base_url=server.base, headers={"Authorization": f"Bearer {token}"}, timeout=10
        ) as client:
            for system, component, freedom in mine:
                if stop.is_set():
                    return
                body = {"system": system, "component": component, "freedom": freedom, "vote": 1}
                try:
                    r = client.post("/api/v1/ballots", json=body)
                except httpx.HTTPError:
                    return  # the server is gone
                if r.status_code == 201:
                    with lock:
                        acked.append((username, system, component, freedom))
                else:
                    assert r.status_code < 500, r.text

    threads = [threading.Thread(target=vote, args=kv) for kv in tokens.items()]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while len(acked) < 150 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # mid-way: requests are in flight
        stop.set()
        for t in threads:
            t.join(30)
        assert len(acked) >= 150
        server.start()
        with httpx.Client(base_url=server.base, timeout=30) as client:
            stored = [
                (b["reviewer"], b["system_slug"], b["component"], b["freedom"])
                for b in client.get("/api/v1/ballots").json()
            ]
            counts = Counter(stored)
            assert all(counts[a] == 1 for a in acked), "an acknowledged ballot is missing"
            assert max(counts.values()) == 1
            # unacknowledged in-flight ballots may or may not have landed; nothing else did
            assert len(stored) <= len(acked) + REVIEWERS
            # the restarted server keeps enforcing one ballot per reviewer
            user, system, component, freedom = acked[0]
            r = client.post(
                "/api/v1/ballots",
                json={"system": system, "component": component, "freedom": freedom, "vote": -1},
                headers={"Authorization": f"Bearer {tokens[user]}"},
            )
            assert r.status_code == 409
    finally:
        stop.set()
        server.stop()
