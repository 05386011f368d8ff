"""Actions of the improvement plans, the recommendations they answer, and the teams."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, Integer, Table, and_, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from data_access.models import (
    Action,
    ActionUpdate,
    Indicator,
    Inspection,
    Observation,
    Plan,
    Priority,
    Recommendation,
    Team,
    Theme,
    action_recommendation,
    indicator_action,
    indicator_recommendation,
    team_action,
)
from data_access.periods import today
from data_access.queries.reporting_period import reporting_date


def data_span(session: Session) -> tuple[date, date] | None:
    """The earliest and the newest date of the figures, progress updates and plans' publication
    (one query); None when there are none."""
    dates = session.execute(
        select(
            *(
                select(aggregate(column)).scalar_subquery()
                for aggregate in (func.min, func.max)
                for column in (Observation.period_end, ActionUpdate.date, Plan.published)
            )
        )
    ).one()
    earliest = [d for d in dates[:3] if d is not None]
    newest = [d for d in dates[3:] if d is not None]
    return (min(earliest), max(newest)) if earliest else None


def decision_date(session: Session, on: date | None = None) -> date:
    """The date that decides what is overdue: the one given, else the reporting date (never
    the newest progress update: see data_access/queries/reporting_period.py)."""
    return on or reporting_date(session) or today()


def due_date():
    """SQL: the date an action is due now: its revised due date if it has one, else its plan's."""
    return func.coalesce(Action.revised_due, Action.due)


def revised_due_on(on: date):
    """SQL: an action's revised due date as it stood on `on`: the newest date a progress update
    up to `on` moved it to; for an action no update ever moved, the revised date it has (set by
    a plan import, which has no date of its own)."""
    revising = ActionUpdate.action_id == Action.id, ActionUpdate.revised_due.is_not(None)
    by_then = (
        select(ActionUpdate.revised_due)
        .where(*revising, ActionUpdate.date <= on)
        .order_by(ActionUpdate.date.desc(), ActionUpdate.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    never_moved = ~select(ActionUpdate.id).where(*revising).exists()
    return func.coalesce(by_then, case((never_moved, Action.revised_due), else_=None))


def past_due(on: date):
    """SQL condition: past its due date (as revised) on `on` and not complete (SPEC: overdue).
    Due on `on` itself is not yet overdue."""
    return and_(due_date() < on, Action.status != "blue")


def is_overdue(on: date):
    """SQL: whether an action is overdue on `on`, as true or false."""
    return case((past_due(on), True), else_=False)


class days_between(FunctionElement):
    """SQL: the whole days from one date to a later one (`days_between(start, end)`)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({end} - {start})"  # PostgreSQL: a date minus a date is a number of days


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def days_overdue(on: date):
    """SQL: how many days an action is overdue on `on`; NULL when it is not overdue."""
    return case((past_due(on), days_between(due_date(), literal(on, Date))), else_=None)


def most_overdue_first(on: date):
    """SQL order: overdue actions first, the most days overdue first."""
    return days_overdue(on).desc().nulls_last()


@dataclass(frozen=True)
class ListedAction:
    """An action as a list shows it: the columns of `action_columns`."""

    ref: str
    plan: str  # the plan's title
    text: str
    owner: str  # a role title
    due: date | None  # as the plan set it
    revised_due: date | None  # the date it was moved to, if it was
    status: str
    days_overdue: int | None  # None: not overdue

    @property
    def overdue(self) -> bool:
        return self.days_overdue is not None


ACTION_COLUMN_COUNT = 8  # how many columns `action_columns` gives


def action_columns(on: date) -> tuple:
    """What a list of actions shows: ref, plan title, text, owner, due, revised due date,
    status and how many days it is overdue on `on` (NULL: not overdue). The query joins Plan."""
    return (
        Action.ref,
        Plan.title,
        Action.text,
        Action.owner,
        Action.due,
        Action.revised_due,
        Action.status,
        days_overdue(on).label("days_overdue"),
    )


def newest_updates(*, published_first: bool = False, until: date | None = None):
    """A subquery of each action's newest progress update: join it on action_id alone.

    With `published_first`, the newest update taken from a published document wins over any
    newer illustrative one ("We did" reports what the council said it did). With `until`, only
    updates dated on or before it count (the actions as they stood then).
    """
    newest = (ActionUpdate.date.desc(), ActionUpdate.id.desc())
    if published_first:
        newest = (case((ActionUpdate.provenance == "published", 0), else_=1), *newest)
    newest_first = func.row_number().over(partition_by=ActionUpdate.action_id, order_by=newest)
    numbered = select(
        ActionUpdate.action_id,
        ActionUpdate.date,
        ActionUpdate.status,
        ActionUpdate.note,
        ActionUpdate.provenance,
        ActionUpdate.source,
        newest_first.label("position"),
    )
    if until is not None:
        numbered = numbered.where(ActionUpdate.date <= until)
    numbered = numbered.subquery()
    return (
        select(
            numbered.c.action_id,
            numbered.c.date,
            numbered.c.status,
            numbered.c.note,
            numbered.c.provenance,
            numbered.c.source,
        )
        .where(numbered.c.position == 1)
        .subquery()
    )


def _refs_by(session: Session, table: Table, owner_column, ref_column, order_by) -> dict:
    """For a link table: owner id -> list of the linked things' refs."""
    linked: dict[int, list[str]] = defaultdict(list)
    for owner_id, ref in session.execute(
        select(owner_column, ref_column).join_from(table, ref_column.class_).order_by(*order_by)
    ):
        linked[owner_id].append(ref)
    return linked


@dataclass(frozen=True)
class ActionRow:
    ref: str
    plan: str
    theme: str | None
    priority: str
    text: str
    owner: str
    due: date | None
    revised_due: date | None
    status: str
    overdue: bool
    days_overdue: int | None
    indicators: list[str]
    recommendations: list[str]
    teams: list[str]


def list_actions(session: Session, on: date | None = None) -> list[ActionRow]:
    """Every action, with whether it is overdue on the given date (default: as at), and by how
    many days."""
    on = decision_date(session, on)
    rows = session.execute(
        select(
            Action.id,
            Action.ref,
            Plan.slug,
            Theme.slug,
            Priority.code,
            Action.text,
            Action.owner,
            Action.due,
            Action.revised_due,
            Action.status,
            days_overdue(on),
        )
        .join(Plan, Plan.id == Action.plan_id)
        .join(Priority, Priority.id == Action.priority_id)
        .outerjoin(Theme, Theme.id == Priority.theme_id)
        .order_by(Plan.published, Action.sort_order)
    ).all()
    indicators = _refs_by(
        session,
        indicator_action,
        indicator_action.c.action_id,
        Indicator.ref,
        [Indicator.sort_order],
    )
    recommendations = _refs_by(
        session,
        action_recommendation,
        action_recommendation.c.action_id,
        Recommendation.key,
        [Recommendation.inspection_id, Recommendation.number],
    )
    teams = _refs_by(session, team_action, team_action.c.action_id, Team.slug, [Team.slug])
    return [
        ActionRow(
            ref=row[1],
            plan=row[2],
            theme=row[3],
            priority=row[4],
            text=row[5],
            owner=row[6],
            due=row[7],
            revised_due=row[8],
            status=row[9],
            overdue=row[10] is not None,
            days_overdue=row[10],
            indicators=indicators[row[0]],
            recommendations=recommendations[row[0]],
            teams=teams[row[0]],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class RecommendationRow:
    id: str
    inspection: str
    kind: str
    number: int
    text: str
    actions: list[str]
    indicators: list[str]


def list_recommendations(session: Session) -> list[RecommendationRow]:
    rows = session.execute(
        select(
            Recommendation.id,
            Recommendation.key,
            Inspection.key,
            Recommendation.kind,
            Recommendation.number,
            Recommendation.text,
        )
        .join(Inspection, Inspection.id == Recommendation.inspection_id)
        .order_by(Inspection.key, Recommendation.number)  # keys begin with the year
    ).all()
    actions = _refs_by(
        session,
        action_recommendation,
        action_recommendation.c.recommendation_id,
        Action.ref,
        [Action.sort_order],
    )
    indicators = _refs_by(
        session,
        indicator_recommendation,
        indicator_recommendation.c.recommendation_id,
        Indicator.ref,
        [Indicator.sort_order],
    )
    return [
        RecommendationRow(
            id=key,
            inspection=inspection,
            kind=kind,
            number=number,
            text=text,
            actions=actions[id_],
            indicators=indicators[id_],
        )
        for id_, key, inspection, kind, number, text in rows
    ]


def list_teams(session: Session) -> list[Team]:
    return list(session.scalars(select(Team).order_by(Team.service, Team.name)))
