"""The registry's tables (SQLAlchemy 2 ORM). The Alembic revisions in `migrations/` match them.

Constraints the database itself enforces (not just the code): one ballot per reviewer per
(system, component, freedom); votes in {-1, 0, 1}; freedoms, roles, stakeholder groups and
submission states from fixed lists; one endorsement per user per definition; one working-group
membership per user per system; unique slugs, usernames and token hashes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

ROLES = ("viewer", "reviewer", "admin")
GROUPS = ("system-creator", "license-creator", "regulator", "licensee", "end-user", "subject")
FREEDOMS = ("use", "study", "modify", "share")
SUBMISSION_STATES = ("queued", "running", "done", "failed")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON()}


class System(Base):
    __tablename__ = "systems"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    producer: Mapped[str | None] = mapped_column(String(300))
    producer_kind: Mapped[str | None] = mapped_column(String(60))
    modality: Mapped[str | None] = mapped_column(String(120))
    license: Mapped[str | None] = mapped_column(String(500))
    origin: Mapped[str] = mapped_column(String(500), default="")
    source_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    """The manifest or MOT record the system was read from (for re-evaluation)."""
    source_name: Mapped[str | None] = mapped_column(String(300))
    hidden: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("systems.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    merged_into: Mapped[System | None] = relationship(remote_side=[id])
    evaluations: Mapped[list[Evaluation]] = relationship(
        back_populates="system", order_by="Evaluation.id", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_systems_name", "name"), Index("ix_systems_producer", "producer"))


class Evaluation(Base):
    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id", ondelete="CASCADE"))
    definition_id: Mapped[str] = mapped_column(String(60))
    definition_version: Mapped[str] = mapped_column(String(60))
    data_versions: Mapped[dict[str, Any]] = mapped_column()
    report: Mapped[dict[str, Any]] = mapped_column()
    """The whole JSON report (docs/report-format.md) of the evaluation run."""
    status: Mapped[str] = mapped_column(String(30))
    """The verdict for this definition: pass, fail, unknown…"""
    mof_class: Mapped[int | None] = mapped_column(Integer)
    license_only_failure: Mapped[bool] = mapped_column(default=False)
    latest: Mapped[bool] = mapped_column(default=True)
    """True on the newest evaluation of the system for this definition (older ones are kept)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    system: Mapped[System] = relationship(back_populates="evaluations")

    __table_args__ = (
        Index("ix_evaluations_system_definition", "system_id", "definition_id", "latest"),
    )


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    stakeholder_group: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint(
            "stakeholder_group IS NULL OR " + _in("stakeholder_group", GROUPS),
            name="stakeholder_group",
        ),
    )


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the token (tokens are 256-bit random, so a fast hash is enough)."""
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship()


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    """`manifest` (an uploaded manifest or MOT record) or `hf` (a Hugging Face repo id)."""
    filename: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    hf_repo_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    """Percent done, 0–100."""
    message: Mapped[str] = mapped_column(String(300), default="")
    error: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    system_id: Mapped[int | None] = mapped_column(ForeignKey("systems.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    system: Mapped[System | None] = relationship()
    user: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint(_in("status", SUBMISSION_STATES), name="status"),
        CheckConstraint(_in("kind", ("manifest", "hf")), name="kind"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
    )


class WorkingGroup(Base):
    __tablename__ = "working_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[int] = mapped_column(
        ForeignKey("systems.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    system: Mapped[System] = relationship()
    members: Mapped[list[WorkingGroupMember]] = relationship(
        back_populates="group", order_by="WorkingGroupMember.id", cascade="all, delete-orphan"
    )


class WorkingGroupMember(Base):
    __tablename__ = "working_group_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[WorkingGroup] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_wg_member"),)


class Ballot(Base):
    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id", ondelete="CASCADE"))
    component: Mapped[str] = mapped_column(String(80))
    """A canonical component id (`osaid components list`)."""
    freedom: Mapped[str] = mapped_column(String(10))
    vote: Mapped[int] = mapped_column(Integer)
    """+1 required, -1 not necessary, 0 abstain."""
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer: Mapped[User] = relationship()
    system: Mapped[System] = relationship()

    __table_args__ = (
        UniqueConstraint(
            "reviewer_id", "system_id", "component", "freedom", name="uq_ballot_per_reviewer"
        ),
        CheckConstraint("vote IN (-1, 0, 1)", name="vote"),
        CheckConstraint(_in("freedom", FREEDOMS), name="freedom"),
        Index("ix_ballots_system", "system_id"),
    )


class Endorsement(Base):
    __tablename__ = "endorsements"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    definition_id: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("user_id", "definition_id", name="uq_endorsement"),)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(80))
    """The actor's username at the time (kept if the account goes)."""
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Meta(Base):
    """Key/value facts about the database (e.g. whether the catalog was imported)."""

    __tablename__ = "registry_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
