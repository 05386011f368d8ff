"""The history of changes made in the app to an action, or to a measure's target and
commentary: who, when, which record, and its values before and after, newest first."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
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
    measure: str = ""  # the measure's ref, in a list of a team's commentary changes


def _row(row) -> ChangeRow:
    return ChangeRow(*row[:5], old_values=json.loads(row[5]), new_values=json.loads(row[6]))


COLUMNS = (
    Change.changed_at,
    Change.changed_by,
    Change.record,
    Change.period_end,
    Change.version,
    Change.old_values,
    Change.new_values,
)


def changes(
    session: Session,
    subject: str,
    ref: str,
    *,
    after_version: int | None = None,
    record: str | None = None,
    period_end: date | None = None,
    team: str | None = None,
) -> list[ChangeRow]:
    """Changes to one action or measure, newest first; optionally only one record's changes
    (a measure's target, or its commentary for a period) made after a version of it. The
    changes to one team's commentary with `team` (a slug); without, the rest."""
    query = (
        select(*COLUMNS)
        .where(
            Change.subject == subject,
            Change.subject_ref == ref,
            Change.team.is_(None) if team is None else Change.team == team,
        )
        .order_by(Change.changed_at.desc(), Change.id.desc())
    )
    if record is not None:
        query = query.where(Change.record == record)
    if period_end is not None:
        query = query.where(Change.period_end == period_end)
    if after_version is not None:
        query = query.where(Change.version > after_version)
    return [_row(row) for row in session.execute(query)]


def team_commentary_changes(session: Session, slug: str) -> list[ChangeRow]:
    """The changes to a team's commentary on any of its measures, newest first."""
    query = (
        select(*COLUMNS, Change.subject_ref)
        .where(Change.subject == INDICATOR, Change.team == slug)
        .order_by(Change.changed_at.desc(), Change.id.desc())
    )
    return [replace(_row(row), measure=row.subject_ref) for row in session.execute(query)]
