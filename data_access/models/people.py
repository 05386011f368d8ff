"""The people who sign in: users, the teams a manager sees, their sessions, and the
append-only audit of sign-ins and changes to users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, String, Table, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_access.models.base import Base
from data_access.models.measures import Team

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
    # As looked up (trimmed, in lower case), for a refused sign-in too: the tries are counted
    username: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(64))  # the client's IP address
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_audit_event_username", "event", "username", "at"),
        Index("ix_audit_event_address", "event", "address", "at"),
        Index("ix_audit_event_at", "at"),
    )


class UserSession(Base):
    """A signed-in session (data_access/user_sessions.py): the session cookie carries a random
    id, and only its SHA-256 hash is kept here, so that reading this table does not let anyone
    sign in. Deleting the row ends the session, whoever holds a copy of the cookie: at sign-out,
    on a new password, on deactivation, and once it has been idle or open too long."""

    __tablename__ = "user_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex SHA-256
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime)  # server time, UTC
    last_seen: Mapped[datetime] = mapped_column(DateTime)  # UTC, to a few minutes

    __table_args__ = (Index("ix_user_session_user", "user_id"),)
