"""Live census input: page through the Hub's model listing, resumably, politely.

`HfApi.list_models(full=True, cardData=True)` pages by following the `Link: rel="next"`
header but does not expose where it is, so a long crawl could not resume. `fetch_hub` sends
the same request (`/api/models?full=True&cardData=True&limit=…`) through huggingface_hub's
HTTP client (its client factory, token and headers), writes each page as a canonical Parquet
part, and records the next page's URL in a checkpoint file after each page: run it again and
it continues. On 429 it waits for `Retry-After` (seconds or an HTTP date); on 5xx and
connection errors it backs off exponentially; after `max_retries` it gives up.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx2
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from huggingface_hub import constants
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._http import get_session

from osaid.census import CensusError
from osaid.census.records import SCHEMA, canonical_from_api

__all__ = ["fetch_hub"]


def _retry_after(response: httpx2.Response, default: float) -> float:
    value = response.headers.get("retry-after")
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return default


def _get(
    url: str,
    params: dict[str, Any] | None,
    headers: dict[str, str],
    sleep: Callable[[float], None],
    max_retries: int,
) -> httpx2.Response:
    delay = 1.0
    for attempt in range(max_retries + 1):
        try:
            response = get_session().get(url, params=params, headers=headers, timeout=60)
        except httpx2.TransportError as exc:
            if attempt == max_retries:
                raise CensusError(f"the Hub is unreachable ({exc})") from None
            sleep(delay)
            delay = min(delay * 2, 300)
            continue
        if response.status_code == 429 or response.status_code >= 500:
            if attempt == max_retries:
                raise CensusError(f"the Hub keeps answering {response.status_code} at {url}")
            sleep(_retry_after(response, delay) if response.status_code == 429 else delay)
            delay = min(delay * 2, 300)
            continue
        if response.status_code >= 400:
            raise CensusError(f"the Hub answered {response.status_code} at {url}")
        return response
    raise CensusError("unreachable")  # pragma: no cover


def _save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(state, indent=1))
    os.replace(tmp, path)


def fetch_hub(
    out_dir: Path,
    *,
    checkpoint: Path | None = None,
    endpoint: str | None = None,
    token: str | bool | None = None,
    page_size: int = 1000,
    max_models: int | None = None,
    search: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_retries: int = 8,
    on_rows: Callable[[int], None] | None = None,
) -> list[Path]:
    """Canonical Parquet parts of the Hub's model listing, in `out_dir` (resumable)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ckpt = checkpoint or out_dir / "checkpoint.json"
    state: dict[str, Any] = {"next": None, "pages": 0, "models": 0, "done": False}
    if ckpt.exists():
        state = json.loads(ckpt.read_text())
    base = (endpoint or constants.ENDPOINT).rstrip("/")
    headers = build_hf_headers(token=token)
    while not state["done"]:
        if max_models is not None and state["models"] >= max_models:
            break
        if state["next"]:
            response = _get(state["next"], None, headers, sleep, max_retries)
        else:
            params: dict[str, Any] = {"full": "True", "cardData": "True", "limit": page_size}
            if search:
                params["search"] = search
            response = _get(f"{base}/api/models", params, headers, sleep, max_retries)
        items = response.json()
        if not isinstance(items, list):
            raise CensusError("the Hub's model listing is not a list")
        rows = [canonical_from_api(item) for item in items if isinstance(item, dict)]
        if max_models is not None:
            rows = rows[: max(0, max_models - state["models"])]
        part = out_dir / f"part-{state['pages']:06d}.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), part)
        nxt = response.links.get("next", {}).get("url")
        state = {
            "next": nxt,
            "pages": state["pages"] + 1,
            "models": state["models"] + len(rows),
            "done": nxt is None,
        }
        _save_checkpoint(ckpt, state)
        if on_rows is not None:
            on_rows(len(rows))
    return sorted(out_dir.glob("part-*.parquet"))
