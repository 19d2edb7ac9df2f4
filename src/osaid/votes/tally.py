"""The working groups' vote tally (OSI's co-design process, February 2024).

Reviewers vote, per component and per freedom, +1 ("required to exercise this freedom") or
-1 ("not necessary"). The tally sums net votes per component; with μ the mean total per
component, the tiers are: required ≥ 2μ, likely required ≥ μ, maybe ≥ μ/2, likely not
required > 0, not required ≤ 0.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from osaid._yaml import read_text_file
from osaid.errors import InputError
from osaid.freedoms import Freedom

NET_COLUMNS = ("component", "study", "use", "modify", "share")
BALLOT_COLUMNS = ("system", "reviewer", "component", "freedom", "vote")
_VOTES = {"+1": 1, "1": 1, "-1": -1, "0": 0}


class Tier(StrEnum):
    REQUIRED = "required"
    LIKELY_REQUIRED = "likely-required"
    MAYBE = "maybe"
    LIKELY_NOT_REQUIRED = "likely-not-required"
    NOT_REQUIRED = "not-required"
    UNDETERMINED = "undetermined"
    """The rubric needs a positive μ; with no net support overall it decides nothing."""


@dataclass(frozen=True)
class ComponentTally:
    component: str
    votes: dict[Freedom, int]
    total: int
    tier: Tier


@dataclass(frozen=True)
class Tally:
    mu: float
    mu_computed: float
    components: tuple[ComponentTally, ...]
    ballots: int = 0
    """Number of ballots read (0 for net-count input)."""


def tier_for(total: float, mu: float) -> Tier:
    if mu <= 0:
        return Tier.UNDETERMINED
    if total >= 2 * mu:
        return Tier.REQUIRED
    if total >= mu:
        return Tier.LIKELY_REQUIRED
    if total >= mu / 2:
        return Tier.MAYBE
    if total > 0:
        return Tier.LIKELY_NOT_REQUIRED
    return Tier.NOT_REQUIRED


def _int(value: str, *, file: str, line: int, field: str) -> int:
    try:
        return int(value.strip().replace("−", "-"))
    except ValueError:
        raise InputError(
            f"expected a whole number, got {value!r}", file=file, line=line, field=field
        ) from None


def read_votes(path: Path) -> tuple[dict[str, dict[Freedom, int]], int]:
    """Read net counts or ballots; return net votes per component and the ballot count."""
    return parse_votes(read_text_file(path), file=str(path))


def parse_votes(text: str, *, file: str) -> tuple[dict[str, dict[Freedom, int]], int]:
    reader = csv.reader(io.StringIO(text))
    rows = [(i + 1, r) for i, r in enumerate(reader) if r and any(c.strip() for c in r)]
    if not rows:
        raise InputError("no rows", file=file)
    header = tuple(c.strip().casefold() for c in rows[0][1])
    if set(header) >= set(NET_COLUMNS):
        return _net(rows[1:], header, file), 0
    if set(header) >= set(BALLOT_COLUMNS):
        return _ballots(rows[1:], header, file)
    raise InputError(
        f"header must have the columns {','.join(NET_COLUMNS)} (net counts) or "
        f"{','.join(BALLOT_COLUMNS)} (ballots)",
        file=file,
        line=rows[0][0],
    )


def _cell(row: list[str], header: tuple[str, ...], name: str, file: str, line: int) -> str:
    i = header.index(name)
    if i >= len(row) or not row[i].strip():
        raise InputError("empty value", file=file, line=line, field=name)
    return row[i].strip()


def _net(
    rows: list[tuple[int, list[str]]], header: tuple[str, ...], file: str
) -> dict[str, dict[Freedom, int]]:
    out: dict[str, dict[Freedom, int]] = {}
    for line, row in rows:
        component = _cell(row, header, "component", file, line)
        if component in out:
            raise InputError(
                f"component {component!r} appears twice", file=file, line=line, field="component"
            )
        out[component] = {
            f: _int(_cell(row, header, f.value, file, line), file=file, line=line, field=f.value)
            for f in Freedom
        }
    return out


def _ballots(
    rows: list[tuple[int, list[str]]], header: tuple[str, ...], file: str
) -> tuple[dict[str, dict[Freedom, int]], int]:
    out: dict[str, dict[Freedom, int]] = {}
    seen: dict[tuple[str, str, str, Freedom], int] = {}
    for line, row in rows:
        system = _cell(row, header, "system", file, line)
        reviewer = _cell(row, header, "reviewer", file, line)
        component = _cell(row, header, "component", file, line)
        raw_freedom = _cell(row, header, "freedom", file, line).casefold()
        try:
            freedom = Freedom(raw_freedom)
        except ValueError:
            raise InputError(
                f"freedom must be one of use, study, modify, share; got {raw_freedom!r}",
                file=file,
                line=line,
                field="freedom",
            ) from None
        raw_vote = _cell(row, header, "vote", file, line).replace("−", "-")
        if raw_vote not in _VOTES:
            raise InputError(
                f"vote must be +1, -1 or 0; got {raw_vote!r}", file=file, line=line, field="vote"
            )
        key = (system, reviewer, component, freedom)
        if key in seen:
            raise InputError(
                f"second ballot by {reviewer!r} on {component}/{freedom.value} for "
                f"{system!r} (first on line {seen[key]})",
                file=file,
                line=line,
                field="vote",
            )
        seen[key] = line
        votes = out.setdefault(component, dict.fromkeys(Freedom, 0))
        votes[freedom] += _VOTES[raw_vote]
    return out, len(seen)


def tally(
    votes: dict[str, dict[Freedom, int]], *, mu: float | None = None, ballots: int = 0
) -> Tally:
    if not votes:
        raise InputError("no votes to tally")
    totals = {c: sum(v.values()) for c, v in votes.items()}
    computed = sum(totals.values()) / len(totals)
    used = computed if mu is None else mu
    return Tally(
        mu=used,
        mu_computed=computed,
        components=tuple(
            ComponentTally(c, dict(votes[c]), totals[c], tier_for(totals[c], used)) for c in votes
        ),
        ballots=ballots,
    )
