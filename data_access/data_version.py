"""The data version: a number that every change to what the pages show replaces, in the same
transaction as the change, so that a page built at one number may be served again until it
changes (`dashboard.page_cache`). A new number is drawn at random rather than counted on, so
that a database made again from nothing, or restored, never repeats one its pages were kept
under. Beside it, when it was last replaced: the header's "Data last changed"."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from data_access.db import utc_now
from data_access.models import DataVersion


def bump(db: Connection | Session) -> None:
    """Call inside the transaction that changes the data, after the change."""
    db.execute(update(DataVersion).values(version=new_version(), changed_at=utc_now()))


def new_version() -> int:
    return secrets.randbits(62)


def current(db: Connection | Session) -> int:
    return db.scalar(select(DataVersion.version)) or 0


def changed_at(db: Connection | Session) -> datetime | None:
    """When the data last changed (UTC), or None if not since this was first recorded."""
    return db.scalar(select(DataVersion.changed_at))
