"""The improvement plans: plans, priorities, actions and their progress updates, with
the links of actions to the measures and teams they concern."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base

indicator_action = Table(
    "indicator_action",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("basis", Text, nullable=False, default=""),
    Index("ix_indicator_action_action", "action_id"),
)


team_action = Table(
    "team_action",
    Base.metadata,
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_team_action_action", "action_id"),
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
    # The date it is now due when the plan's date has been moved (by the plan or an update).
    revised_due: Mapped[date | None] = mapped_column(Date)
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
    revised_due: Mapped[date | None] = mapped_column(Date)  # the due date it moved the action to
    note: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str] = mapped_column(String(12), default="illustrative")
    source: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    __table_args__ = (Index("ix_action_update_action_date", "action_id", "date"),)
