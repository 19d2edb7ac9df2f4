"""--from-hub against a mocked Hub: paging, 429 back-off, resuming from the checkpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pyarrow.parquet as pq
import pytest
from huggingface_hub import constants, set_client_factory
from huggingface_hub.utils._http import default_client_factory

from osaid.census import CensusError
from osaid.census.hub import fetch_hub

ENDPOINT = "https://huggingface.co"


def _model(i: int) -> dict[str, object]:
    return {
        "id": f"org/m{i}",
        "tags": ["license:apache-2.0", f"base_model:finetune:org/m{i - 1}"]
        if i
        else ["license:llama2"],
        "siblings": [{"rfilename": "model.safetensors"}],
        "cardData": {"license": "apache-2.0" if i else "llama2"},
        "createdAt": "2025-01-02T00:00:00.000Z",
    }


class FakeHub:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.fail_page2 = False
        self.rate_limited_once = False

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.calls.append(str(request.url))
        assert request.url.path == "/api/models"
        cursor = request.url.params.get("cursor")
        if cursor is None:
            assert request.url.params.get("full") == "True"
            assert request.url.params.get("cardData") == "True"
            link = f'<{ENDPOINT}/api/models?full=True&cardData=True&limit=2&cursor=p2>; rel="next"'
            return httpx2.Response(200, json=[_model(0), _model(1)], headers={"Link": link})
        if not self.rate_limited_once:
            self.rate_limited_once = True
            return httpx2.Response(429, headers={"Retry-After": "7"})
        if self.fail_page2:
            return httpx2.Response(503)
        return httpx2.Response(200, json=[_model(2)])


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "token"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    fake = FakeHub()
    set_client_factory(lambda: httpx2.Client(transport=httpx2.MockTransport(fake.handler)))
    yield fake
    set_client_factory(default_client_factory)


def test_pages_backoff_and_resume(hub: FakeHub, tmp_path: Path) -> None:
    sleeps: list[float] = []
    hub.fail_page2 = True
    out = tmp_path / "hub"
    with pytest.raises(CensusError, match="503"):
        fetch_hub(
            out, endpoint=ENDPOINT, token=False, page_size=2, sleep=sleeps.append, max_retries=2
        )
    assert sleeps[0] == 7.0  # Retry-After honoured
    state = json.loads((out / "checkpoint.json").read_text())
    assert state["pages"] == 1 and state["models"] == 2 and "cursor=p2" in state["next"]
    first_calls = len(hub.calls)

    hub.fail_page2 = False
    parts = fetch_hub(out, endpoint=ENDPOINT, token=False, page_size=2, sleep=sleeps.append)
    assert all("cursor=p2" in url for url in hub.calls[first_calls:])  # page 1 not fetched again
    rows = [r for p in parts for r in pq.read_table(p).to_pylist()]
    assert [r["model_id"] for r in rows] == ["org/m0", "org/m1", "org/m2"]
    assert rows[1]["base_models"] == ["org/m0"] and rows[1]["base_relations"] == ["finetune"]
    assert json.loads((out / "checkpoint.json").read_text())["done"] is True
    # A finished crawl does nothing more.
    calls = len(hub.calls)
    fetch_hub(out, endpoint=ENDPOINT, token=False)
    assert len(hub.calls) == calls
