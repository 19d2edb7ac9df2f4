"""Systems and ballots as CSV (ballots in the layout `osaid votes tally` reads)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from sqlalchemy.orm import Session

from osaid.registry.services.ballots import list_ballots
from osaid.registry.services.query import SystemQuery
from osaid.registry.services.systems import list_systems

SYSTEM_CSV_COLUMNS = (
    "slug",
    "name",
    "producer",
    "producer_kind",
    "modality",
    "license",
    "osaid-1.0",
    "mof",
    "mof_class",
    "license_only_failure",
    "eu-ai-act-2024",
    "updated_at",
)
BALLOT_CSV_COLUMNS = ("system", "reviewer", "component", "freedom", "vote", "comment", "at")


def _csv_safe(value: Any) -> str:
    """Text for a CSV cell, defused against spreadsheet formula injection."""
    s = "" if value is None else str(value)
    if s[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?\d+", s):
        return "'" + s
    return s


def systems_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SYSTEM_CSV_COLUMNS)
    page = 1
    while True:
        batch = list_systems(session, SystemQuery(sort="slug", page=page, per_page=500))
        for s in batch.items:
            writer.writerow(
                _csv_safe(v)
                for v in (
                    s.slug,
                    s.name,
                    s.producer,
                    s.producer_kind,
                    s.modality,
                    s.license,
                    s.statuses.get("osaid-1.0"),
                    s.statuses.get("mof"),
                    s.mof_class,
                    str(s.license_only_failure).lower(),
                    s.statuses.get("eu-ai-act-2024"),
                    s.updated_at.isoformat(),
                )
            )
        if page >= batch.pages:
            return out.getvalue()
        page += 1


def ballots_csv(session: Session, system_slug: str | None = None) -> str:
    """Ballots in the `osaid votes tally` ballot layout (plus comment and time)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BALLOT_CSV_COLUMNS)
    for b in list_ballots(session, system_slug=system_slug):
        writer.writerow(
            _csv_safe(v)
            for v in (
                b.system_slug,
                b.reviewer,
                b.component,
                b.freedom,
                f"{b.vote:+d}" if b.vote else "0",
                b.comment,
                b.updated_at.isoformat(),
            )
        )
    return out.getvalue()
