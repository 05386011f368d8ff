"""SQLAlchemy models of the improvement domain (SPEC section 3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


indicator_theme = Table(
    "indicator_theme",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)

indicator_action = Table(
    "indicator_action",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("basis", Text, nullable=False, default=""),
    Index("ix_indicator_action_action", "action_id"),
)

indicator_recommendation = Table(
    "indicator_recommendation",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "recommendation_id", ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("basis", Text, nullable=False, default=""),
    Index("ix_indicator_recommendation_recommendation", "recommendation_id"),
)

action_recommendation = Table(
    "action_recommendation",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "recommendation_id", ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("basis", Text, nullable=False, default=""),
    Index("ix_action_recommendation_recommendation", "recommendation_id"),
)

team_action = Table(
    "team_action",
    Base.metadata,
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_team_action_action", "action_id"),
)

team_indicator = Table(
    "team_indicator",
    Base.metadata,
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_team_indicator_indicator", "indicator_id"),
)


class Theme(Base):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    letter: Mapped[str] = mapped_column(String(1))
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(20))
    polarity: Mapped[str] = mapped_column(String(10))
    frequency: Mapped[str] = mapped_column(String(10))
    target: Mapped[float | None] = mapped_column(Float)
    tolerance: Mapped[float | None] = mapped_column(Float)
    definition: Mapped[str] = mapped_column(Text, default="")
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    scorecard_ref: Mapped[str | None] = mapped_column(String(8))
    team_level: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Goes up by one with each change to the target or tolerance, so that two people editing
    # them at once are told, not overwritten (data_access/edits.py).
    target_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    themes: Mapped[list[Theme]] = relationship(secondary=indicator_theme, lazy="raise")


class Area(Base):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    service: Mapped[str] = mapped_column(String(120))


class Observation(Base):
    """One figure: indicator x area (x team) x period, with where it came from."""

    __tablename__ = "observation"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    period_end: Mapped[date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(30))
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    symbol: Mapped[str | None] = mapped_column(String(4))
    provenance: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # One figure per indicator, area, team and period. A team of NULL is the whole area;
        # NULLs are never equal in a unique index, so the two cases have an index each.
        # These are also the indexes that every series query walks, in period order.
        Index(
            "uq_observation_area",
            "indicator_id",
            "area_id",
            "period_end",
            unique=True,
            sqlite_where=team_id.is_(None),
            postgresql_where=team_id.is_(None),
        ),
        Index(
            "uq_observation_team",
            "indicator_id",
            "area_id",
            "team_id",
            "period_end",
            unique=True,
            sqlite_where=team_id.isnot(None),
            postgresql_where=team_id.isnot(None),
        ),
        # Team figures by team; partial, so that a whole-area query never walks it.
        Index(
            "ix_observation_team_period",
            "team_id",
            "period_end",
            sqlite_where=team_id.isnot(None),
            postgresql_where=team_id.isnot(None),
        ),
        Index("ix_observation_period", "period_end"),  # the newest period, for "as at"
    )


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    published: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")


class Priority(Base):
    """A theme of the 2017 plan (A-F) or a priority of a later plan (P1-P7)."""

    __tablename__ = "priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"))

    __table_args__ = (Index("uq_priority_plan_code", "plan_id", "code", unique=True),)


class Action(Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(12), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(300))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Goes up by one with each progress update or status change (data_access/edits.py).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (
        Index("ix_action_priority", "priority_id"),
        Index("ix_action_status_due", "status", "due"),
    )


class ActionUpdate(Base):
    """A dated progress update; the history of an action, never rewritten."""

    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str] = mapped_column(String(12), default="illustrative")
    source: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    __table_args__ = (Index("ix_action_update_action_date", "action_id", "date"),)


class Inspection(Base):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date)
    overall: Mapped[str | None] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(Text, default="")


class Judgement(Base):
    __tablename__ = "judgement"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(Text)
    grade: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Recommendation(Base):
    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(12), unique=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")


class Commentary(Base):
    """What the data tells us: dated, authored text on a measure for a period."""

    __tablename__ = "commentary"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    period_end: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    provenance: Mapped[str] = mapped_column(String(12), default="illustrative")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Goes up by one each time the text for this measure and period is rewritten.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (
        Index("ix_commentary_indicator_period", "indicator_id", "period_end"),
        # One commentary per measure, team and period: rewriting it is an edit, with a history.
        Index(
            "uq_commentary_area",
            "indicator_id",
            "period_end",
            unique=True,
            sqlite_where=team_id.is_(None),
            postgresql_where=team_id.is_(None),
        ),
        Index(
            "uq_commentary_team",
            "indicator_id",
            "team_id",
            "period_end",
            unique=True,
            sqlite_where=team_id.isnot(None),
            postgresql_where=team_id.isnot(None),
        ),
    )


class Change(Base):
    """One change made in the app to an action, a target or commentary: who, when (UTC), which
    record, and its values before and after as JSON text. Append-only: the migration adds
    triggers that refuse to update or delete a row (SPEC section 8)."""

    __tablename__ = "change_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime)  # server time, UTC
    changed_by: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(12))  # "action" or "indicator"
    subject_ref: Mapped[str] = mapped_column(String(12))  # the action's or measure's ref
    record: Mapped[str] = mapped_column(String(20))  # "progress update", "target", "commentary"
    period_end: Mapped[date | None] = mapped_column(Date)  # commentary's period
    version: Mapped[int] = mapped_column(Integer)  # the record's version after the change
    old_values: Mapped[str] = mapped_column(Text)
    new_values: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_change_subject", "subject", "subject_ref", "changed_at"),)


user_team = Table(
    "user_team",
    Base.metadata,
    Column("user_id", ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_user_team_team", "team_id"),
)


class User(Base):
    """Someone who can sign in (SPEC section 8). The username is kept in lower case, so it is
    unique and looked up whatever case it is typed in; the password only as a scrypt hash
    (data_access/users.py). A team manager's teams are the ones they see the figures of."""

    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime)  # server time, UTC

    teams: Mapped[list[Team]] = relationship(secondary=user_team, lazy="raise")


class AuditEvent(Base):
    """A sign-in, a refused sign-in, a sign-out or a change to a user, with who, when (UTC) and
    from which address. Append-only, like `change_history`: the migration adds triggers that
    refuse to update or delete a row. Changes to actions, targets and commentary are in
    `change_history`; the admins' audit page reads both."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # server time, UTC
    event: Mapped[str] = mapped_column(String(30))
    username: Mapped[str] = mapped_column(String(120))  # as typed, for a refused sign-in
    address: Mapped[str] = mapped_column(String(64))  # the client's IP address
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_audit_event_username", "event", "username", "at"),
        Index("ix_audit_event_address", "event", "address", "at"),
        Index("ix_audit_event_at", "at"),
    )
