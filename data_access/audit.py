"""The audit log (SPEC section 8): sign-ins, refused sign-ins, sign-outs and changes to users,
written as they happen and never changed; and the count of recent refusals that slows down
anyone guessing passwords."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access.db import utc_now
from data_access.models import AuditEvent

SIGNED_IN = "signed in"
SIGN_IN_REFUSED = "sign-in refused"
SIGNED_OUT = "signed out"
USER_CREATED = "user created"
USER_CHANGED = "user changed"

NAME_MAX = 120  # characters of a typed username kept, the column's length


def record(
    session: Session, event: str, username: str, address: str | None, detail: str = ""
) -> None:
    """Add one event to the log and commit it."""
    session.add(
        AuditEvent(
            at=utc_now(),
            event=event,
            username=(username or "")[:NAME_MAX],
            address=(address or "unknown")[:64],
            detail=detail,
        )
    )
    session.commit()


def refusals_since(session: Session, username: str, address: str | None, since: datetime):
    """How many sign-ins were refused since `since`: (for this username, from this address)."""
    by_name = func.count().filter(AuditEvent.username == (username or "")[:NAME_MAX])
    by_address = func.count().filter(AuditEvent.address == (address or "unknown")[:64])
    row = session.execute(
        select(by_name, by_address).where(
            AuditEvent.event == SIGN_IN_REFUSED,
            AuditEvent.at >= since,
            or_(
                AuditEvent.username == (username or "")[:NAME_MAX],
                AuditEvent.address == (address or "unknown")[:64],
            ),
        )
    ).one()
    return row[0], row[1]


def window_start(minutes: int) -> datetime:
    return utc_now() - timedelta(minutes=minutes)
