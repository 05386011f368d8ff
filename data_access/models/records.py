"""What is written about the data and the app's own records of it: commentary, the
append-only history of changes, the data version number and the work done in the background."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


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
    team: Mapped[str | None] = mapped_column(String(60))  # a team's commentary: its slug
    version: Mapped[int] = mapped_column(Integer)  # the record's version after the change
    old_values: Mapped[str] = mapped_column(Text)
    new_values: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_change_subject", "subject", "subject_ref", "changed_at"),)


class DataVersion(Base):
    """One row whose number is replaced with every change to what the pages show (an import,
    the seed, an edit), so a page built for one number can be kept until the number changes;
    and when that last happened, for the header's "Data last changed"."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    # Server time, UTC; None until the first change after migration 0010 (the time of earlier
    # changes was never recorded, and the migration's own time would be a false one).
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)


class BackgroundWork(Base):
    """A long piece of work done in the background (data_access/background_work.py): a
    scrutiny pack, kept until the data changes, or someone's latest import. Every web worker
    and background worker reads and writes it, on one machine or several, so a person who
    leaves the page and comes back sees the work running or its result."""

    __tablename__ = "background_work"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex SHA-256
    kind: Mapped[str] = mapped_column(String(12))  # "pack" or "import"
    status: Mapped[str] = mapped_column(String(12))  # "running", "done" or "failed"
    done: Mapped[int] = mapped_column(Integer)  # pages drawn, rows checked
    total: Mapped[int] = mapped_column(Integer)  # of pages, of rows; 0 until known
    # The data version the work was done at: a pack is kept only while it is current.
    data_version: Mapped[int] = mapped_column(BigInteger)
    result: Mapped[str] = mapped_column(Text)  # JSON: what the page shows of the outcome
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # the PDF; the import's report
    started_at: Mapped[datetime] = mapped_column(DateTime)  # server time, UTC
    updated_at: Mapped[datetime] = mapped_column(DateTime)  # UTC: the worker is still at it
