"""What a measure is linked to: the actions meant to move it and the recommendations it evidences.

Each function is one query, whatever the number of links (no query per action).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Indicator,
    Inspection,
    Plan,
    Recommendation,
    indicator_action,
    indicator_recommendation,
)
from data_access.queries.plans import action_columns, newest_updates


@dataclass(frozen=True)
class LinkedAction:
    ref: str
    plan: str  # the plan's title
    text: str
    owner: str  # a role title
    due: date | None
    status: str
    overdue: bool
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


def linked_actions(session: Session, ref: str, on: date) -> list[LinkedAction]:
    """A measure's actions, each with its newest progress update and whether it is overdue on
    the date given (past due and not complete)."""
    newest_update = newest_updates()
    query = (
        select(
            *action_columns(on),
            indicator_action.c.basis,
            newest_update.c.date,
            newest_update.c.status,
            newest_update.c.note,
        )
        .select_from(Indicator)
        .join(indicator_action, indicator_action.c.indicator_id == Indicator.id)
        .join(Action, Action.id == indicator_action.c.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(
            newest_update,
            newest_update.c.action_id == Action.id,
        )
        .where(Indicator.ref == ref)
        .order_by(Plan.published, Action.sort_order, Action.ref)
    )
    return [
        LinkedAction(
            ref=row[0],
            plan=row[1],
            text=row[2],
            owner=row[3],
            due=row[4],
            status=row[5],
            overdue=bool(row[6]),
            basis=row[7] or "",
            update_date=row[8],
            update_status=row[9],
            update_note=row[10],
        )
        for row in session.execute(query)
    ]


def linked_recommendations(session: Session, ref: str) -> list[LinkedRecommendation]:
    """The inspection recommendations a measure evidences, by inspection and number."""
    query = (
        select(
            Recommendation.key,
            Recommendation.number,
            Recommendation.kind,
            Recommendation.text,
            Inspection.key,
            Inspection.kind,
            Inspection.title,
            indicator_recommendation.c.basis,
        )
        .select_from(Indicator)
        .join(indicator_recommendation, indicator_recommendation.c.indicator_id == Indicator.id)
        .join(Recommendation, Recommendation.id == indicator_recommendation.c.recommendation_id)
        .join(Inspection, Inspection.id == Recommendation.inspection_id)
        .where(Indicator.ref == ref)
        .order_by(Inspection.key, Recommendation.number)  # inspection keys begin with the year
    )
    return [LinkedRecommendation(*row[:7], basis=row[7] or "") for row in session.execute(query)]
