"""Ofsted recommendations by inspection, and one recommendation with what shows it is met.

Roll-ups of the actions' statuses are counted in SQL (see `actions.rollups`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Inspection,
    Plan,
    Recommendation,
    action_recommendation,
    indicator_recommendation,
)
from data_access.queries.actions import (
    LinkedMeasure,
    linked_measures,
    rollups,
)
from data_access.queries.plans import action_columns, decision_date


@dataclass(frozen=True)
class InspectionSummary:
    key: str
    kind: str
    title: str
    start_date: date | None
    end_date: date | None
    published: date | None


@dataclass(frozen=True)
class RecommendationSummary:
    id: str
    number: int
    kind: str
    text: str
    inspection: InspectionSummary
    rollup: dict[str, int]


_INSPECTION_COLUMNS = (
    Inspection.key,
    Inspection.kind,
    Inspection.title,
    Inspection.start_date,
    Inspection.end_date,
    Inspection.published,
)


def recommendations_by_inspection(
    session: Session, on: date | None = None
) -> list[RecommendationSummary]:
    """Every recommendation, oldest inspection first, with its actions' roll-up."""
    on = decision_date(session, on)
    rows = session.execute(
        select(
            Recommendation.id,
            Recommendation.key,
            Recommendation.number,
            Recommendation.kind,
            Recommendation.text,
            *_INSPECTION_COLUMNS,
        )
        .join(Inspection, Inspection.id == Recommendation.inspection_id)
        .order_by(Inspection.key, Recommendation.number)  # inspection keys begin with the year
    ).all()
    counts = rollups(session, on)
    return [
        RecommendationSummary(
            *row[1:5], inspection=InspectionSummary(*row[5:]), rollup=counts.get(row[0], {})
        )
        for row in rows
    ]


@dataclass(frozen=True)
class LinkedAction:
    ref: str
    plan_title: str
    text: str
    owner: str
    due: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class RecommendationDetail:
    summary: RecommendationSummary
    actions: list[LinkedAction]
    measures: list[LinkedMeasure]


def recommendation_detail(
    session: Session, key: str, on: date | None = None
) -> RecommendationDetail | None:
    """One recommendation: its inspection, its actions and their roll-up, its measures."""
    on = decision_date(session, on)
    row = session.execute(
        select(
            Recommendation.id,
            Recommendation.key,
            Recommendation.number,
            Recommendation.kind,
            Recommendation.text,
            *_INSPECTION_COLUMNS,
        )
        .join(Inspection, Inspection.id == Recommendation.inspection_id)
        .where(Recommendation.key == key)
    ).first()
    if row is None:
        return None
    recommendation_id = row[0]
    actions = session.execute(
        select(*action_columns(on))
        .join(Plan, Plan.id == Action.plan_id)
        .join(action_recommendation, action_recommendation.c.action_id == Action.id)
        .where(action_recommendation.c.recommendation_id == recommendation_id)
        .order_by(Plan.published, Action.sort_order)
    )
    counts = rollups(session, on, [recommendation_id])
    return RecommendationDetail(
        summary=RecommendationSummary(
            *row[1:5],
            inspection=InspectionSummary(*row[5:]),
            rollup=counts.get(recommendation_id, {}),
        ),
        actions=[LinkedAction(*action[:-1], overdue=bool(action[-1])) for action in actions],
        measures=linked_measures(
            session,
            indicator_recommendation,
            indicator_recommendation.c.recommendation_id,
            recommendation_id,
        ),
    )
