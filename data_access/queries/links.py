"""What a measure is linked to: the actions meant to move it and the recommendations it evidences.

Each function is one query, whatever the number of links (no query per action).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlalchemy import Table, func, or_, select
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Indicator,
    Inspection,
    Plan,
    Recommendation,
    Team,
    indicator_action,
    indicator_recommendation,
    team_action,
)
from data_access.queries.plans import (
    ACTION_COLUMN_COUNT,
    ListedAction,
    action_columns,
    newest_updates,
)


@dataclass(frozen=True)
class LinkedAction(ListedAction):
    basis: str  # why the action and the measure are linked
    update_date: date | None  # the newest progress update, if there is one
    update_status: str | None
    update_note: str | None


@dataclass(frozen=True)
class LinkedRecommendation:
    id: str  # `<year>-<n>`
    number: int
    kind: str  # recommendation, area for improvement, area for priority action
    text: str
    inspection: str  # the inspection's key, e.g. 2016, 2022
    inspection_kind: str
    inspection_title: str
    basis: str


def linked_action(row) -> LinkedAction:
    """A LinkedAction from a row of `action_columns`, the link's basis and the newest update's
    date, status and note."""
    return LinkedAction(
        *row[:ACTION_COLUMN_COUNT],
        basis=row[ACTION_COLUMN_COUNT] or "",
        update_date=row[ACTION_COLUMN_COUNT + 1],
        update_status=row[ACTION_COLUMN_COUNT + 2],
        update_note=row[ACTION_COLUMN_COUNT + 3],
    )


def linked_actions(session: Session, on: date, link: Table, condition) -> list[LinkedAction]:
    """The actions a link table ties to one measure or recommendation (`condition`, on the link
    table), each with its newest progress update and whether it is overdue on `on`."""
    newest_update = newest_updates()
    query = (
        select(
            *action_columns(on),
            link.c.basis,
            newest_update.c.date,
            newest_update.c.status,
            newest_update.c.note,
        )
        .select_from(link)
        .join(Action, Action.id == link.c.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(newest_update, newest_update.c.action_id == Action.id)
        .where(condition)
        .order_by(Plan.published, Action.sort_order, Action.ref)
    )
    return [linked_action(row) for row in session.execute(query)]


def measure_actions(session: Session, ref: str, on: date) -> list[LinkedAction]:
    """A measure's actions, with their newest progress update."""
    measure_id = select(Indicator.id).where(Indicator.ref == ref).scalar_subquery()
    return linked_actions(
        session, on, indicator_action, indicator_action.c.indicator_id == measure_id
    )


@dataclass(frozen=True)
class AimedAction:
    """An action linked to a measure: which, its status and the teams it is linked to."""

    ref: str
    status: str
    teams: tuple[str, ...]  # team slugs

    def for_team(self, slug: str | None) -> bool:
        """Whether it works on the team's figures (`slug`): the team's own action, or one
        linked to no team, which is the whole authority's. For the authority (None), any."""
        return slug is None or not self.teams or slug in self.teams


def actions_aimed_at(session: Session, refs: list[str]) -> dict[str, list[AimedAction]]:
    """Each measure's linked actions with their status and teams, by the measure's ref, in
    the plans' order: one query, whatever the number of measures."""
    if not refs:
        return {}
    rows = session.execute(
        select(Indicator.ref, Action.ref, Action.status, Team.slug)
        .select_from(indicator_action)
        .join(Indicator, Indicator.id == indicator_action.c.indicator_id)
        .join(Action, Action.id == indicator_action.c.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(team_action, team_action.c.action_id == Action.id)
        .outerjoin(Team, Team.id == team_action.c.team_id)
        .where(Indicator.ref.in_(refs))
        .order_by(Indicator.ref, Plan.published, Action.sort_order, Action.ref, Team.slug)
    )
    aimed: dict[str, list[AimedAction]] = defaultdict(list)
    for (measure, ref, status), group in groupby(rows, key=lambda row: tuple(row[:3])):
        aimed[measure].append(AimedAction(ref, status, tuple(r.slug for r in group if r.slug)))
    return dict(aimed)


def recommendations_by_measure(
    session: Session, refs: list[str], made_by: date | None = None
) -> dict[str, list[LinkedRecommendation]]:
    """Each measure's linked inspection recommendations, keyed by the measure's ref, by
    inspection and number; with `made_by`, only those made by then (an inspection with no date
    at all is kept). One query, whatever the number of measures."""
    if not refs:
        return {}
    query = (
        select(
            Indicator.ref,
            Recommendation.key,
            Recommendation.number,
            Recommendation.kind,
            Recommendation.text,
            Inspection.key,
            Inspection.kind,
            Inspection.title,
            indicator_recommendation.c.basis,
        )
        .select_from(indicator_recommendation)
        .join(Indicator, Indicator.id == indicator_recommendation.c.indicator_id)
        .join(Recommendation, Recommendation.id == indicator_recommendation.c.recommendation_id)
        .join(Inspection, Inspection.id == Recommendation.inspection_id)
        .where(Indicator.ref.in_(refs))
        .order_by(Indicator.ref, Inspection.key, Recommendation.number)  # keys begin with year
    )
    if made_by is not None:
        made = func.coalesce(Inspection.published, Inspection.end_date, Inspection.start_date)
        query = query.where(or_(made.is_(None), made <= made_by))
    linked: dict[str, list[LinkedRecommendation]] = defaultdict(list)
    for measure, *row in session.execute(query):
        linked[measure].append(LinkedRecommendation(*row[:7], basis=row[7] or ""))
    return linked


def linked_recommendations(session: Session, ref: str) -> list[LinkedRecommendation]:
    """The inspection recommendations a measure evidences, by inspection and number."""
    return recommendations_by_measure(session, [ref]).get(ref, [])
