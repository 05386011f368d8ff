"""One action with its history and links, the measures linked to an action or a
recommendation, and the roll-up of a recommendation's actions.

Whether an action is overdue is decided in SQL against the "as at" date, never in the page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, case, func, select
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    ActionUpdate,
    Indicator,
    Inspection,
    Plan,
    Priority,
    Recommendation,
    Team,
    Theme,
    action_recommendation,
    indicator_action,
    team_action,
)
from data_access.queries.indicators import MEASURE_COLUMNS, LatestFigure, latest_figures
from data_access.queries.plans import days_overdue, decision_date, due_date
from data_access.queries.teams import TeamRow


def rollup_group(on: date):
    """SQL: the one group an action counts in for a roll-up: blue, overdue, or its status."""
    return case(
        (Action.status == "blue", "blue"),
        (due_date() < on, "overdue"),
        else_=Action.status,
    )


@dataclass(frozen=True)
class LinkedMeasure:
    ref: str
    title: str
    unit: str
    polarity: str
    target: float | None
    tolerance: float | None
    latest: LatestFigure | None


def linked_measures(
    session: Session, link: Table, owner_column, owner_id: int
) -> list[LinkedMeasure]:
    """The measures a link table ties to one action or recommendation, with their latest figure."""
    rows = session.execute(
        select(*MEASURE_COLUMNS)
        .join(link, link.c.indicator_id == Indicator.id)
        .where(owner_column == owner_id)
        .order_by(Indicator.sort_order)
    ).all()
    latest = latest_figures(session, indicator_ids=[row[0] for row in rows]) if rows else {}
    return [LinkedMeasure(*row[1:], latest=latest.get(row[0])) for row in rows]


@dataclass(frozen=True)
class ProgressUpdate:
    date: date
    status: str
    note: str
    provenance: str
    source: str
    revised_due: date | None  # the due date this update moved the action to, if it did


@dataclass(frozen=True)
class LinkedRecommendation:
    id: str
    inspection: str
    kind: str
    text: str


@dataclass(frozen=True)
class ActionDetail:
    ref: str
    plan_title: str
    priority_code: str
    priority_title: str
    theme_slug: str | None
    theme_name: str | None
    text: str
    owner: str
    due: date | None
    revised_due: date | None
    status: str
    days_overdue: int | None  # None: not overdue
    source: str
    updates: list[ProgressUpdate]
    measures: list[LinkedMeasure]
    recommendations: list[LinkedRecommendation]
    teams: list[TeamRow]

    @property
    def overdue(self) -> bool:
        return self.days_overdue is not None


def action_detail(session: Session, ref: str, on: date | None = None) -> ActionDetail | None:
    """One action with its history (newest first), measures, recommendations and teams."""
    on = decision_date(session, on)
    row = session.execute(
        select(
            Action.id,
            Action.ref,
            Plan.title,
            Priority.code,
            Priority.title,
            Theme.slug,
            Theme.name,
            Action.text,
            Action.owner,
            Action.due,
            Action.revised_due,
            Action.status,
            days_overdue(on),
            Action.source,
        )
        .join(Plan, Plan.id == Action.plan_id)
        .join(Priority, Priority.id == Action.priority_id)
        .outerjoin(Theme, Theme.id == Priority.theme_id)
        .where(Action.ref == ref)
    ).first()
    if row is None:
        return None
    action_id = row[0]
    updates = session.execute(
        select(
            ActionUpdate.date,
            ActionUpdate.status,
            ActionUpdate.note,
            ActionUpdate.provenance,
            ActionUpdate.source,
            ActionUpdate.revised_due,
        )
        .where(ActionUpdate.action_id == action_id)
        .order_by(ActionUpdate.date.desc(), ActionUpdate.id.desc())
    )
    recommendations = session.execute(
        select(Recommendation.key, Inspection.title, Recommendation.kind, Recommendation.text)
        .join(Inspection, Inspection.id == Recommendation.inspection_id)
        .join(action_recommendation, action_recommendation.c.recommendation_id == Recommendation.id)
        .where(action_recommendation.c.action_id == action_id)
        .order_by(Inspection.key, Recommendation.number)
    )
    teams = session.execute(
        select(Team.slug, Team.name, Team.service)
        .join(team_action, team_action.c.team_id == Team.id)
        .where(team_action.c.action_id == action_id)
        .order_by(Team.name)
    )
    return ActionDetail(
        *row[1:14],
        updates=[ProgressUpdate(*update) for update in updates],
        measures=linked_measures(
            session, indicator_action, indicator_action.c.action_id, action_id
        ),
        recommendations=[LinkedRecommendation(*rec) for rec in recommendations],
        teams=[TeamRow(*team) for team in teams],
    )


def action_team_slugs(session: Session, ref: str) -> list[str] | None:
    """The slugs of the teams named for an action (their managers record its progress), or
    None if there is no such action: one query, for the check before a save."""
    rows = session.execute(
        select(Action.id, Team.slug)
        .outerjoin(team_action, team_action.c.action_id == Action.id)
        .outerjoin(Team, Team.id == team_action.c.team_id)
        .where(Action.ref == ref)
    ).all()
    if not rows:
        return None
    return [slug for _action, slug in rows if slug is not None]


def rollups(
    session: Session, on: date, recommendation_ids: list[int] | None = None
) -> dict[int, dict[str, int]]:
    """Recommendation id -> how many of its actions are in each roll-up group, counted in SQL."""
    # Grouped in an outer query: PostgreSQL would not see a CASE with bound dates in the
    # select list and in GROUP BY as one expression.
    grouped = select(
        action_recommendation.c.recommendation_id, rollup_group(on).label("rollup_group")
    ).join(Action, Action.id == action_recommendation.c.action_id)
    if recommendation_ids is not None:
        grouped = grouped.where(action_recommendation.c.recommendation_id.in_(recommendation_ids))
    grouped = grouped.subquery()
    query = select(grouped.c.recommendation_id, grouped.c.rollup_group, func.count()).group_by(
        grouped.c.recommendation_id, grouped.c.rollup_group
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for recommendation_id, name, count in session.execute(query):
        counts[recommendation_id][name] = count
    return counts
