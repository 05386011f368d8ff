"""Signed-in sessions, kept on the server so that they can be ended (SPEC section 8).

The session cookie carries a random id; the database keeps only its hash (`UserSession`). A
session ends when its row is deleted: at sign-out, when the user is given a new password or
deactivated (data_access/users.py), and when it has been idle for IDLE or open for LONGEST,
whatever the cookie says. When a session was last seen is written at most once every
SEEN_EVERY, so that a busy page does not write on each of its requests.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, joinedload

from data_access.db import utc_now
from data_access.models import User, UserSession

IDLE = timedelta(hours=8)  # a working day without a request, then sign in again
LONGEST = timedelta(hours=12)  # however busy: a stolen cookie is of use for no longer
SEEN_EVERY = timedelta(minutes=5)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def begin(session: Session, user_id: int, now: datetime | None = None) -> str:
    """A new session for the user, and commit; returns the id for their cookie. Sessions that
    have run out (anyone's) are deleted at the same time."""
    now = now or utc_now()
    _purge(session, now)
    session_id = secrets.token_urlsafe(32)
    session.add(
        UserSession(id_hash=_hash(session_id), user_id=user_id, created_at=now, last_seen=now)
    )
    session.commit()
    return session_id


def user_of(session: Session, session_id: str, now: datetime | None = None) -> User | None:
    """The active user whose session has this id, with their teams; None if the session has
    ended or run out. One query: the session, the user and their teams joined."""
    now = now or utc_now()
    row = (
        session.execute(
            select(User, UserSession.last_seen)
            .join(UserSession, UserSession.user_id == User.id)
            .where(
                UserSession.id_hash == _hash(session_id),
                UserSession.last_seen > now - IDLE,
                UserSession.created_at > now - LONGEST,
                User.active.is_(True),
            )
            .options(joinedload(User.teams))
        )
        .unique()
        .one_or_none()
    )
    if row is None:
        return None
    user, last_seen = row
    if now - last_seen >= SEEN_EVERY:
        try:
            session.execute(
                update(UserSession)
                .where(UserSession.id_hash == _hash(session_id))
                .values(last_seen=now)
            )
            session.commit()
        except OperationalError:
            # The database is busy writing (a long import holds SQLite's lock): the request
            # is only reading, so it goes on, and the session is marked seen next time.
            session.rollback()
    return user


def end(session: Session, session_id: str) -> None:
    """End one session (signing out), and commit."""
    session.execute(delete(UserSession).where(UserSession.id_hash == _hash(session_id)))
    session.commit()


def end_all(session: Session, user_id: int, keep: str | None = None) -> None:
    """End every session of the user but `keep` (the id of the asker's own session, when they
    change their own password), without committing: the change that ends them commits."""
    ending = delete(UserSession).where(UserSession.user_id == user_id)
    if keep:
        ending = ending.where(UserSession.id_hash != _hash(keep))
    session.execute(ending)


def _purge(session: Session, now: datetime) -> None:
    session.execute(
        delete(UserSession).where(
            or_(UserSession.last_seen <= now - IDLE, UserSession.created_at <= now - LONGEST)
        )
    )
