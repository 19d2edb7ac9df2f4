"""What the API and the pages share: responses kept until the next write of content, and
telling a browser (a page) from a client of the API (JSON)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from osaid.registry import services


@dataclass(frozen=True)
class _Kept:
    body: bytes
    status_code: int
    media_type: str | None
    headers: tuple[tuple[str, str], ...]


def cached_response(
    session: Session, key: tuple[Hashable, ...], make: Callable[[], Response]
) -> Response:
    """The response `make()` builds, built once per process until the next write to systems
    or evaluations (`services.cached`): for responses made from those alone, the same for
    every caller. `key` names the response (a route and its arguments); an exception in
    `make` is raised, and nothing is kept."""

    def keep() -> _Kept:
        response = make()
        headers = tuple(
            (k, v)
            for k, v in response.headers.items()
            if k not in ("content-length", "content-type")
        )
        return _Kept(bytes(response.body), response.status_code, response.media_type, headers)

    kept = services.cached(session, ("response", *key), keep)
    return Response(kept.body, kept.status_code, dict(kept.headers), kept.media_type)


def wants_html(request: Request) -> bool:
    """Whether the answer should be a page: a browser's request outside the API."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )
