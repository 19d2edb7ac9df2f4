"""The values the services return: frozen views of systems, evaluations, submissions,
ballots, tallies, working groups, users and the audit log (never ORM rows)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")
V = TypeVar("V", bound="DataclassInstance")


def view_of(cls: type[V], source: object, **given: Any) -> V:
    """A view of a row (or of a report's mapping): the fields not `given` are read from the
    source's attributes (a mapping's keys, None when missing) of the same names, since
    views keep the names of the columns and report fields they show."""
    values = dict(given)
    for f in fields(cls):
        if f.name not in values:
            if isinstance(source, Mapping):
                values[f.name] = source.get(f.name)
            else:
                values[f.name] = getattr(source, f.name)
    return cls(**values)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class SystemSummary:
    """A system as the listing shows it: who made it, its license and its latest verdicts."""

    slug: str
    """Its name in URLs (unique)."""
    name: str
    producer: str | None
    producer_kind: str | None
    """big-tech, company, startup, research-institute, academic, community…"""
    modality: str | None
    license: str | None
    """The license the system declares as a whole (an SPDX expression or catalog id)."""
    statuses: dict[str, str]
    """Latest verdict per definition id, e.g. {"osaid-1.0": "fail", "mof": "pass"}."""
    mof_class: int | None
    """MOF class (1–3; 0 = unclassified) from the latest `mof` evaluation."""
    license_only_failure: bool
    """OSAID 1.0 fails only because of licenses/legal terms."""
    updated_at: datetime
    hidden: bool = False
    """Hidden by an admin: out of the listing, and 404 to everyone but admins."""
    merged_into: str | None = None
    """The slug of the system this one is a duplicate of."""
    origin: str = ""
    """Where it came from: `catalog:SLUG`, `mot:FILE.yml`, `hf:ORG/NAME` or `upload:NAME`."""


@dataclass(frozen=True)
class ComponentRow:
    """A row of the seeds' component table."""

    component: str
    """Canonical component id (`osaid components list`)."""
    name: str
    link: str | None
    """Where it is published, if it is."""
    license: str | None
    legal_framework: str | None
    """What the definition asks of its terms (an OSI-approved license, open data terms…)."""
    status: str
    """released, not-released, not-used or unknown."""
    legal_status: str | None = None
    """Whether a released component's terms meet `legal_framework` (met, not-met…)."""


@dataclass(frozen=True)
class EvaluationInfo:
    """One stored evaluation of a system, without its report."""

    id: int
    definition_id: str
    definition_version: str
    status: str
    """pass, fail or unknown."""
    mof_class: int | None
    data_versions: dict[str, str]
    """The versions of the data it used (SPDX list, license catalog…), to reproduce it."""
    created_at: datetime
    latest: bool
    """The system's current evaluation under this definition."""


@dataclass(frozen=True)
class SystemDetail:
    summary: SystemSummary
    reports: dict[str, dict[str, Any]]
    """Latest JSON report (docs/report-format.md) per definition id."""
    components: tuple[ComponentRow, ...]
    freedoms: dict[str, dict[str, str]]
    """Per definition id: freedom -> status (empty for MOF, which has no freedoms)."""
    remediation: dict[str, list[str]]
    """Per definition id: what to change to pass."""
    reasons: dict[str, list[dict[str, Any]]]
    """Per definition id: the failing or unknown requirements with their reasons."""
    lineage: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    notes: list[str]
    urls: dict[str, str]
    evaluations: tuple[EvaluationInfo, ...]
    """Every evaluation ever made, newest first."""

    @property
    def slug(self) -> str:
        return self.summary.slug

    @property
    def name(self) -> str:
        return self.summary.name


@dataclass(frozen=True)
class SubmissionView:
    id: int
    kind: str
    """`manifest` or `hf`."""
    status: str
    """queued, running, done or failed."""
    progress: int
    message: str
    error: str | None
    filename: str | None
    hf_repo_id: str | None
    system_slug: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class BallotView:
    id: int
    reviewer: str
    system_slug: str
    component: str
    freedom: str
    vote: int
    comment: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class TallyRow:
    """One component's net votes and its tier under the μ rubric."""

    component: str
    """Canonical component id."""
    name: str
    votes: dict[str, int]
    """Net votes per freedom (use, study, modify, share)."""
    total: int
    tier: str
    """required, likely-required, maybe, likely-not-required, not-required."""


@dataclass(frozen=True)
class TallyView:
    """The ballots on one system (or all) summed per component × freedom."""

    system_slug: str | None
    """None: across all systems."""
    mu: float | None
    """The μ used (given, or the mean total per component); None without ballots."""
    mu_computed: float | None
    """The mean total per component, whatever μ was given."""
    ballots: int
    reviewers: int
    """How many reviewers cast the ballots."""
    rows: tuple[TallyRow, ...]
    """By the component catalog's order."""
    freedoms: tuple[str, ...] = ("study", "use", "modify", "share")
    """The columns, in the order of OSI's vote table."""

    @property
    def max_abs(self) -> int:
        """Largest |net vote| of a cell: the scale of a heatmap."""
        return max((abs(v) for r in self.rows for v in r.votes.values()), default=0)


@dataclass(frozen=True)
class MemberView:
    username: str
    stakeholder_group: str | None
    joined_at: datetime


@dataclass(frozen=True)
class WorkingGroupView:
    system_slug: str
    system_name: str
    members: tuple[MemberView, ...]
    ballots: int


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    role: str
    stakeholder_group: str | None
    created_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    failed: tuple[tuple[str, str], ...] = ()
    """(name, error) of records that could not be read."""
