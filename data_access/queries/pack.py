"""What the scrutiny pack reads beyond the shared queries: the linked actions and
recommendations of many measures at once, as they stood on an "as at" date.

Each function is one query, whatever the number of measures.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Date, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Area,
    Indicator,
    Plan,
    indicator_action,
)
from data_access.queries.links import LinkedAction, linked_action
from data_access.queries.plans import days_between, newest_updates, revised_due_on


def _as_they_stood(on: date):
    """The columns of `linked_action` for actions as they stood on `on`, the link's basis
    (an empty string) apart, and the conditions on them: only actions of plans published by
    then. An action's status is that of its newest update up to `on` (not started when there
    was none yet), and it is overdue when its due date (as revised by then) had passed on `on`
    and that status was not complete. The query joins Action, Plan and the newest updates
    (`update`); `days_overdue` sorts the overdue."""
    update = newest_updates(until=on)
    status = func.coalesce(update.c.status, "not_started")
    revised = revised_due_on(on)
    due = func.coalesce(revised, Action.due)
    overdue = and_(due < on, status != "blue")
    days_overdue = case((overdue, days_between(due, literal(on, Date))), else_=None)
    columns = (
        Action.ref,
        Plan.title,
        Action.text,
        Action.owner,
        Action.due,
        revised,
        status,
        days_overdue,
    )
    updates = (update.c.date, update.c.status, update.c.note)
    published = or_(Plan.published.is_(None), Plan.published <= on)
    return update, columns, updates, published, overdue, days_overdue


def actions_as_at(session: Session, refs: list[str], on: date) -> dict[str, list[LinkedAction]]:
    """Each measure's linked actions as they stood on `on` (see `_as_they_stood`), keyed by
    the measure's ref."""
    if not refs:
        return {}
    update, columns, updates, published, _overdue, _days = _as_they_stood(on)
    query = (
        select(Indicator.ref, *columns, indicator_action.c.basis, *updates)
        .select_from(indicator_action)
        .join(Indicator, Indicator.id == indicator_action.c.indicator_id)
        .join(Action, Action.id == indicator_action.c.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(update, update.c.action_id == Action.id)
        .where(Indicator.ref.in_(refs), published)
        .order_by(Indicator.ref, Plan.published, Action.sort_order, Action.ref)
    )
    linked: dict[str, list[LinkedAction]] = defaultdict(list)
    for measure, *row in session.execute(query):
        linked[measure].append(linked_action(row))
    return linked


def overdue_as_at(session: Session, on: date) -> list[LinkedAction]:
    """Every action overdue on `on`, as it stood then (see `_as_they_stood`): the longest
    overdue first, then by plan."""
    update, columns, updates, published, overdue, days = _as_they_stood(on)
    query = (
        select(*columns, literal(""), *updates)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(update, update.c.action_id == Action.id)
        .where(published, overdue)
        .order_by(days.desc(), Plan.published, Action.sort_order, Action.ref)
    )
    return [linked_action(row) for row in session.execute(query)]


def area_names(session: Session, codes: list[str]) -> dict[str, str]:
    """The names of the areas with these codes (England, North West ...)."""
    return dict(session.execute(select(Area.code, Area.name).where(Area.code.in_(codes))).all())


def measure_ids(session: Session, refs: list[str]) -> list[int]:
    """The ids of the measures with these refs, for the queries that take ids."""
    return list(session.scalars(select(Indicator.id).where(Indicator.ref.in_(refs))))
