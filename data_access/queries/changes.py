"""The history of changes made in the app to an action, or to a measure's target and
commentary: who, when, which record, and its values before and after, newest first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Change

ACTION, INDICATOR = "action", "indicator"  # what a change is to


@dataclass(frozen=True)
class ChangeRow:
    changed_at: datetime  # UTC
    changed_by: str
    record: str  # "progress update", "target" or "commentary"
    period_end: date | None  # the commentary's period
    version: int  # the record's version after the change
    old_values: dict
    new_values: dict


def changes(
    session: Session,
    subject: str,
    ref: str,
    *,
    after_version: int | None = None,
    record: str | None = None,
    period_end: date | None = None,
) -> list[ChangeRow]:
    """Changes to one action or measure, newest first; optionally only one record's changes
    (a measure's target, or its commentary for a period) made after a version of it."""
    query = (
        select(
            Change.changed_at,
            Change.changed_by,
            Change.record,
            Change.period_end,
            Change.version,
            Change.old_values,
            Change.new_values,
        )
        .where(Change.subject == subject, Change.subject_ref == ref)
        .order_by(Change.changed_at.desc(), Change.id.desc())
    )
    if record is not None:
        query = query.where(Change.record == record)
    if period_end is not None:
        query = query.where(Change.period_end == period_end)
    if after_version is not None:
        query = query.where(Change.version > after_version)
    return [
        ChangeRow(*row[:5], old_values=json.loads(row[5]), new_values=json.loads(row[6]))
        for row in session.execute(query)
    ]
