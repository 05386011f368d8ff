"""Actions of the improvement plans, the recommendations they answer, and the teams."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, and_, case, func, select
from sqlalchemy.orm import Session

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


def past_due(on: date):
    """SQL condition: past its due date on `on` and not complete (SPEC: overdue)."""
    return and_(Action.due < on, Action.status != "blue")


def is_overdue(on: date):
    """SQL: whether an action is overdue on `on`, as true or false."""
    return case((past_due(on), True), else_=False)


@dataclass(frozen=True)
class ListedAction:
    """An action as a list shows it: the columns of `action_columns`."""

    ref: str
    plan: str  # the plan's title
    text: str
    owner: str  # a role title
    due: date | None
    status: str
    overdue: bool


def action_columns(on: date) -> tuple:
    """What a list of actions shows: ref, plan title, text, owner, due, status and whether it
    is overdue on `on`. The query joins Plan."""
    return (
        Action.ref,
        Plan.title,
        Action.text,
        Action.owner,
        Action.due,
        Action.status,
        is_overdue(on).label("overdue"),
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
    status: str
    overdue: bool
    indicators: list[str]
    recommendations: list[str]
    teams: list[str]


def list_actions(session: Session, on: date | None = None) -> list[ActionRow]:
    """Every action, with whether it is overdue on the given date (default: as at)."""
    on = decision_date(session, on)
    overdue = is_overdue(on)
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
            Action.status,
            overdue,
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
            status=row[8],
            overdue=bool(row[9]),
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
