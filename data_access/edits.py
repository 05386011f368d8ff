"""Changes made in the app: a progress update on an action and commentary on a measure for a
period (a measure's target and tolerance: data_access/targets.py, by the same rules).

Each function checks what it is given, then in one transaction changes the record, raises its
version by one and adds a row to the append-only change history (who, when in UTC, the values
before and after). Nothing is written when it refuses: `EditRejected` names each bad field and
says why; `EditConflict` says the record changed since the person's form was opened (its
version is not the one they started from), and what was changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.db import utc_now
from data_access.models import (
    Action,
    ActionUpdate,
    Change,
    Commentary,
    Indicator,
    Plan,
    Team,
    team_indicator,
)
from data_access.periods import today
from data_access.queries.changes import ACTION, INDICATOR, ChangeRow, changes
from data_access.queries.commentary import commentary_periods

STATUSES = ("blue", "green", "amber", "red", "not_started")  # BRAG (SPEC section 3)
RECORDED = "recorded"  # the provenance of what is entered in the app
TEXT_LIMIT = 2000  # characters in a note or commentary
NAME_LIMIT = 120  # characters in "recorded by" or "written by"


class EditRejected(ValueError):
    """What a person entered cannot be saved: field name -> what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class EditConflict(Exception):
    """Someone else changed the record after the form was opened at `expected_version`."""

    def __init__(self, record: str, current_version: int, changes_since: list[ChangeRow]):
        super().__init__(
            f"The {record} was changed by someone else (now version {current_version})"
        )
        self.record = record
        self.current_version = current_version
        self.changes_since = changes_since  # newest first


class _Stale(Exception):
    """The record's version is no longer the one the form was opened with."""


@dataclass(frozen=True)
class ActionForm:
    """What the progress form needs of an action: its version and the earliest date allowed."""

    version: int
    status: str
    plan_published: date | None
    revised_due: date | None


def _date(value: date | str | None, field: str, errors: dict[str, str]) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        errors[field] = "Enter a real date, for example 7 June 2023 (2023-06-07)."
        return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _text(value: str | None, field: str, what: str, errors: dict[str, str]) -> str:
    text = (value or "").strip()
    if not text:
        errors[field] = f"Enter the {what}."
    elif len(text) > TEXT_LIMIT:
        errors[field] = (
            f"The {what} is {len(text):,} characters long; it can be at most {TEXT_LIMIT:,}."
        )
    return text


def editor_name(value: str | None, field: str, errors: dict[str, str]) -> str:
    name = " ".join((value or "").split())
    if not name:
        errors[field] = "Enter your role title or name."
    elif len(name) > NAME_LIMIT:
        errors[field] = f"This can be at most {NAME_LIMIT} characters long."
    return name


def record_change(
    session: Session,
    subject: str,
    ref: str,
    record: str,
    version: int,
    by: str,
    old: dict,
    new: dict,
    period_end: date | None = None,
    team: str | None = None,
) -> None:
    session.add(
        Change(
            team=team,
            changed_at=utc_now(),
            changed_by=by,
            subject=subject,
            subject_ref=ref,
            record=record,
            period_end=period_end,
            version=version,
            old_values=json.dumps(old),
            new_values=json.dumps(new),
        )
    )


def action_form(session: Session, ref: str) -> ActionForm | None:
    """The action's version and status, and when its plan was published, or None."""
    row = session.execute(
        select(Action.version, Action.status, Plan.published, Action.revised_due)
        .join(Plan, Plan.id == Action.plan_id)
        .where(Action.ref == ref)
    ).first()
    return ActionForm(*row) if row else None


def _status_after(session: Session, ref: str, when: date, status: str) -> str:
    """The action's status once an update dated `when` is added: the status of its newest
    update by date (the new one on a date it shares with others, as it is entered last). An
    update dated before the newest is history; it does not change the current status."""
    newest = session.execute(
        select(ActionUpdate.date, ActionUpdate.status)
        .join(Action, Action.id == ActionUpdate.action_id)
        .where(Action.ref == ref)
        .order_by(ActionUpdate.date.desc(), ActionUpdate.id.desc())
        .limit(1)
    ).first()
    return newest.status if newest is not None and newest.date > when else status


def add_action_update(
    session: Session,
    ref: str,
    *,
    on: date | str | None,
    status: str | None,
    note: str | None,
    by: str | None,
    expected_version: int,
    revised_due: date | str | None = None,
) -> int:
    """Add a dated progress update to action `ref`; the new version. The action's status
    becomes the update's unless a later-dated update is already recorded (_status_after).
    With `revised_due`, the update moves the action's due date to it."""
    form = action_form(session, ref)
    if form is None:
        raise EditRejected({"action": f"There is no action “{ref}”."})
    errors: dict[str, str] = {}
    when = _date(on, "date", errors)
    if when is not None and when > today():
        errors["date"] = "The date cannot be in the future."
    elif when is not None and form.plan_published and when < form.plan_published:
        errors["date"] = (
            f"The date cannot be before the action's plan was published "
            f"({form.plan_published:%-d %B %Y})."
        )
    if status not in STATUSES:
        errors["status"] = "Choose a status from the list."
    text = _text(note, "note", "note", errors)
    name = editor_name(by, "by", errors)
    moved_to = _date(revised_due, "revised_due", errors) if revised_due else None
    if errors:
        raise EditRejected(errors)
    current = _status_after(session, ref, when, status)
    revision = {"revised_due": moved_to} if moved_to else {}
    try:
        moved = session.execute(
            update(Action)
            .where(Action.ref == ref, Action.version == expected_version)
            .values(status=current, version=Action.version + 1, **revision)
        )
        if moved.rowcount != 1:
            session.rollback()
            version = session.scalar(select(Action.version).where(Action.ref == ref))
            raise conflict_since(session, "action", version, ACTION, ref, expected_version)
        action_id = session.scalar(select(Action.id).where(Action.ref == ref))
        session.execute(
            insert(ActionUpdate).values(
                action_id=action_id,
                date=when,
                status=status,
                revised_due=moved_to,
                note=text,
                provenance=RECORDED,
                source=name,  # who recorded it: until sign-in, the name they give
                recorded_at=utc_now(),
            )
        )
        record_change(
            session,
            ACTION,
            ref,
            "progress update",
            expected_version + 1,
            name,
            {"status": form.status} | ({"revised_due": _iso(form.revised_due)} if moved_to else {}),
            {"status": current, "date": when.isoformat(), "note": text}
            | ({"dated_status": status} if current != status else {})
            | ({"revised_due": moved_to.isoformat()} if moved_to else {}),
        )
        data_version.bump(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return expected_version + 1


def write_commentary(
    session: Session,
    ref: str,
    period_end: date | str | None,
    text: str | None,
    by: str | None,
    expected_version: int,
    team: str | None = None,
) -> int:
    """Write, or rewrite, the commentary on measure `ref` for a period; the new version.

    With `team` (a slug), the commentary is that team's, on one of its measures: the period
    must then be one the team has a figure of its own for; else the period must be one the
    measure has an authority figure for. `expected_version` is 0 when the form was opened
    with no commentary for the period yet.
    """
    indicator_id = session.scalar(select(Indicator.id).where(Indicator.ref == ref))
    if indicator_id is None:
        raise EditRejected({"measure": f"There is no measure “{ref}”."})
    team_id = _team_measure(session, team, indicator_id, ref)
    errors: dict[str, str] = {}
    period = _date(period_end, "period", errors)
    words = _text(text, "text", "commentary", errors)
    name = editor_name(by, "by", errors)
    periods = {p.period_end: p for p in commentary_periods(session, ref, team)}
    if period is not None and period not in periods:
        whose = "the team has a figure of its own" if team else "the measure has a figure"
        errors["period"] = f"Choose a period that {whose} for."
    if errors:
        raise EditRejected(errors)
    current = periods[period]
    same_period = and_(
        Commentary.indicator_id == indicator_id,
        Commentary.period_end == period,
        Commentary.team_id.is_(None) if team_id is None else Commentary.team_id == team_id,
    )
    values = {"text": words, "author": name, "provenance": RECORDED, "recorded_at": utc_now()}
    try:
        if expected_version == 0:
            session.execute(
                insert(Commentary).values(
                    indicator_id=indicator_id,
                    team_id=team_id,
                    period_end=period,
                    version=1,
                    **values,
                )
            )
        else:
            moved = session.execute(
                update(Commentary)
                .where(same_period, Commentary.version == expected_version)
                .values(version=Commentary.version + 1, **values)
            )
            if moved.rowcount != 1:
                raise _Stale
        old = {"text": current.text, "author": current.author} if current.version else {}
        record_change(
            session,
            INDICATOR,
            ref,
            "commentary",
            expected_version + 1,
            name,
            old,
            {"text": words, "author": name},
            period_end=period,
            team=team,
        )
        data_version.bump(session)
        session.commit()
    # IntegrityError: someone else wrote the period's first commentary meanwhile
    except (IntegrityError, _Stale):
        session.rollback()
        version = session.scalar(select(Commentary.version).where(same_period)) or 0
        raise conflict_since(
            session,
            "commentary",
            version,
            INDICATOR,
            ref,
            expected_version,
            "commentary",
            period,
            team,
        ) from None
    except BaseException:
        session.rollback()
        raise
    return expected_version + 1


def _team_measure(session: Session, team: str | None, indicator_id: int, ref: str) -> int | None:
    """The id of the team whose commentary it is, None for the authority's; refused unless
    the measure is one of the team's."""
    if team is None:
        return None
    team_id = session.scalar(select(Team.id).where(Team.slug == team))
    if team_id is None:
        raise EditRejected({"team": f"There is no team “{team}”."})
    linked = session.scalar(
        select(team_indicator.c.team_id).where(
            team_indicator.c.team_id == team_id, team_indicator.c.indicator_id == indicator_id
        )
    )
    if linked is None:
        raise EditRejected({"measure": f"Measure {ref} is not one of this team's measures."})
    return team_id


def conflict_since(
    session: Session,
    what: str,
    current_version: int,
    subject: str,
    ref: str,
    expected_version: int,
    record: str | None = None,
    period_end: date | None = None,
    team: str | None = None,
) -> EditConflict:
    """The conflict to raise, with the record's changes since the version the form had."""
    since = changes(
        session,
        subject,
        ref,
        after_version=expected_version,
        record=record,
        period_end=period_end,
        team=team,
    )
    return EditConflict(what, current_version, since)
