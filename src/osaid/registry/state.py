"""The process state of a registry server: its settings and what one app shares between
requests (the database, the rate limiter, the signing key, the background worker and the
response cache), held in `app.state.registry` and reached with `registry_state(request)`.

The read caches of `services.cache` and the workers of `services.worker` are kept per
process and per database, since several apps (and the CLI) may open the same database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.requests import HTTPConnection

from osaid.registry.db import Database
from osaid.registry.ratelimit import RateLimiter, RateLimits
from osaid.registry.services import HfLoader, SubmissionWorker


@dataclass(frozen=True)
class Settings:
    rate_limits: RateLimits = field(default_factory=RateLimits)
    secure_cookies: bool | None = None
    """None: Secure cookies when the request came over https."""
    secret_key: str | None = None
    """Signs session cookies and CSRF tokens; default: made once and kept in the database."""
    import_catalog: bool = True
    """Import the reference catalog into an empty registry on start."""
    migrate: bool = True
    """Run `alembic upgrade head` on start."""
    background_worker: bool = True
    """Evaluate Hugging Face submissions in a background thread."""
    hf_loader: HfLoader | None = None
    """Turns `ORG/NAME` into a System (default: osaid's Hugging Face scanner)."""

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from `OSAID_REGISTRY_RATE_LIMITS` (see `RateLimits.from_spec`),
        `OSAID_REGISTRY_SECRET`, `OSAID_REGISTRY_SECURE_COOKIES` (1/0)."""
        settings = cls()
        spec = os.environ.get("OSAID_REGISTRY_RATE_LIMITS")
        if spec:
            settings = replace(settings, rate_limits=RateLimits.from_spec(spec))
        secret = os.environ.get("OSAID_REGISTRY_SECRET")
        if secret:
            settings = replace(settings, secret_key=secret)
        secure = os.environ.get("OSAID_REGISTRY_SECURE_COOKIES")
        if secure:
            settings = replace(settings, secure_cookies=secure.strip() in ("1", "true", "yes"))
        return settings


@dataclass(slots=True)
class CachedResponse:
    """A whole response kept by `middleware.AnonymousReadCache`."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    """b"" when the body holds a CSRF slot (personalised per request: no ETag, no gzip)."""
    gzipped: tuple[list[tuple[bytes, bytes]], bytes, bytes] | None = None
    """Headers, body and ETag of the compressed variant, made on first demand."""


@dataclass
class ResponseStore:
    """The responses one app keeps, by request (content version included); emptied when
    full rather than grown past its bounds."""

    max_entries: int = 4096
    max_bytes: int = 64 * 1024 * 1024
    entries: dict[tuple[Any, ...], CachedResponse] = field(default_factory=dict)
    size: int = 0
    """Bytes of the bodies kept."""

    def get(self, key: tuple[Any, ...]) -> CachedResponse | None:
        return self.entries.get(key)

    def put(self, key: tuple[Any, ...], entry: CachedResponse) -> None:
        full = len(self.entries) >= self.max_entries
        if full or self.size + len(entry.body) > self.max_bytes:
            self.entries.clear()
            self.size = 0
        self.entries[key] = entry
        self.size += len(entry.body)


@dataclass
class RegistryState:
    """What one app shares between its requests."""

    db: Database
    settings: Settings
    limiter: RateLimiter
    secret_key: str
    worker: SubmissionWorker | None = None
    """The background worker while the app runs (with `Settings.background_worker`)."""
    responses: ResponseStore = field(default_factory=ResponseStore)
    """Whole responses to anonymous reads (`middleware.AnonymousReadCache`)."""


def registry_state(connection: HTTPConnection) -> RegistryState:
    """The state of the app that is serving the request."""
    state = connection.app.state.registry
    assert isinstance(state, RegistryState)
    return state
