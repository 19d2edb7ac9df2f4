"""Rate limits: in-process token buckets per client IP and per account, on sign-in attempts
and on writes. Each server process keeps its own buckets (`RateLimiter`, one per app)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from osaid.errors import InputError
from osaid.registry.errors import RateLimited


@dataclass(frozen=True)
class Rate:
    """`burst` requests at once, refilled at `burst / per_seconds` per second."""

    burst: int
    per_seconds: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        try:
            burst, per = text.split("/")
            rate = cls(int(burst), float(per))
        except ValueError:
            raise InputError(f"a rate is N/SECONDS, got {text!r}") from None
        if rate.burst < 1 or rate.per_seconds <= 0:
            raise InputError(f"a rate is N/SECONDS with N ≥ 1, got {text!r}")
        return rate


@dataclass(frozen=True)
class RateLimits:
    login_per_ip: Rate | None = Rate(20, 60)
    login_per_account: Rate | None = Rate(5, 60)
    write_per_ip: Rate | None = Rate(600, 60)
    write_per_user: Rate | None = Rate(300, 60)

    @classmethod
    def off(cls) -> RateLimits:
        return cls(None, None, None, None)

    @classmethod
    def from_spec(cls, spec: str) -> RateLimits:
        """`off`, or `login_ip=20/60,login_account=5/60,write_ip=600/60,write_user=300/60`
        (any subset; `KEY=off` disables one)."""
        spec = spec.strip()
        if spec in ("off", "none", "0"):
            return cls.off()
        names = {
            "login_ip": "login_per_ip",
            "login_account": "login_per_account",
            "write_ip": "write_per_ip",
            "write_user": "write_per_user",
        }
        values: dict[str, Rate | None] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key, _, value = part.partition("=")
            if key.strip() not in names:
                raise InputError(f"unknown rate limit {key!r} (known: {', '.join(names)})")
            values[names[key.strip()]] = None if value.strip() == "off" else Rate.parse(value)
        return cls(**values)


class TokenBuckets:
    """Thread-safe token buckets keyed by any string."""

    def __init__(self, rate: Rate, max_keys: int = 100_000) -> None:
        self.rate = rate
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def take(self, key: str) -> float:
        """Take one token; 0 if allowed, else the seconds to wait."""
        refill = self.rate.burst / self.rate.per_seconds
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.rate.burst), now))
            tokens = min(float(self.rate.burst), tokens + (now - last) * refill)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > self._max_keys:
                self._buckets.clear()  # memory bound: forget everyone rather than grow
            return (1 - tokens) / refill


@dataclass
class RateLimiter:
    limits: RateLimits
    _buckets: dict[str, TokenBuckets] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("login_per_ip", "login_per_account", "write_per_ip", "write_per_user"):
            rate = getattr(self.limits, name)
            if rate is not None:
                self._buckets[name] = TokenBuckets(rate)

    def _check(self, name: str, key: str, what: str) -> None:
        buckets = self._buckets.get(name)
        if buckets is None:
            return
        wait = buckets.take(key)
        if wait > 0:
            raise RateLimited(f"too many {what}; try again in {wait:.0f} s", retry_after=wait)

    def login(self, ip: str, username: str) -> None:
        self._check("login_per_ip", ip, "sign-in attempts from your address")
        self._check("login_per_account", username.casefold(), "sign-in attempts for this account")

    def write(self, ip: str, user_id: int | None) -> None:
        self._check("write_per_ip", ip, "changes from your address")
        if user_id is not None:
            self._check("write_per_user", str(user_id), "changes from your account")
