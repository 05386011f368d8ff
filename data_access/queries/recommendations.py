"""Ofsted recommendations by inspection, and one recommendation with what shows it is met.

Roll-ups of the actions' statuses are counted in SQL (see `actions.rollups`). The measures of
every recommendation come with the authority's latest figures in two queries, whatever the
number of recommendations: the links, then the figures of the distinct measures at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import (
    Indicator,
    Inspection,
    Recommendation,
    action_recommendation,
    indicator_recommendation,
)
from data_access.queries.actions import LinkedMeasure, rollups
from data_access.queries.indicators import MEASURE_COLUMNS, latest_figures
from data_access.queries.links import LinkedAction, linked_actions
from data_access.queries.plans import decision_date


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
    rollup: dict[str, int]  # the actions' roll-up: count by group of actions.rollup_group
    measures: list[LinkedMeasure] = field(default_factory=list)  # each with its latest figure


INSPECTION_COLUMNS = (  # what an InspectionSummary is made from, in its order
    Inspection.key,
    Inspection.kind,
    Inspection.title,
    Inspection.start_date,
    Inspection.end_date,
    Inspection.published,
)


def measures_by_recommendation(
    session: Session, recommendation_ids: list[int] | None = None
) -> dict[int, list[LinkedMeasure]]:
    """Recommendation id -> its linked measures in the scorecard's order, each with its latest
    figure for the authority. Two queries: the links with the measures, then the distinct
    measures' latest figures."""
    query = (
        select(indicator_recommendation.c.recommendation_id, *MEASURE_COLUMNS)
        .join(Indicator, Indicator.id == indicator_recommendation.c.indicator_id)
        .order_by(Indicator.sort_order)
    )
    if recommendation_ids is not None:
        query = query.where(indicator_recommendation.c.recommendation_id.in_(recommendation_ids))
    rows = session.execute(query).all()
    if not rows:
        return {}
    latest = latest_figures(session, indicator_ids=sorted({row.id for row in rows}))
    measures: dict[int, list[LinkedMeasure]] = defaultdict(list)
    for recommendation_id, indicator_id, *columns in rows:
        measures[recommendation_id].append(LinkedMeasure(*columns, latest=latest.get(indicator_id)))
    return measures


def _recommendations():
    """A select of recommendations with their inspection: id, then the summary's columns."""
    return select(
        Recommendation.id,
        Recommendation.key,
        Recommendation.number,
        Recommendation.kind,
        Recommendation.text,
        *INSPECTION_COLUMNS,
    ).join(Inspection, Inspection.id == Recommendation.inspection_id)


def recommendations_by_inspection(
    session: Session, on: date | None = None
) -> list[RecommendationSummary]:
    """Every recommendation, oldest inspection first, with its actions' roll-up and its
    measures' latest figures: a fixed number of queries, none per recommendation."""
    on = decision_date(session, on)
    # Inspection keys begin with the year, so this is oldest first.
    rows = session.execute(_recommendations().order_by(Inspection.key, Recommendation.number)).all()
    counts = rollups(session, on)
    measures = measures_by_recommendation(session)
    return [
        RecommendationSummary(
            *row[1:5],
            inspection=InspectionSummary(*row[5:]),
            rollup=counts.get(row[0], {}),
            measures=measures.get(row[0], []),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class RecommendationDetail:
    summary: RecommendationSummary
    actions: list[LinkedAction]

    @property
    def measures(self) -> list[LinkedMeasure]:
        return self.summary.measures


def recommendation_detail(
    session: Session, key: str, on: date | None = None
) -> RecommendationDetail | None:
    """One recommendation: its inspection, its actions and their roll-up, its measures."""
    on = decision_date(session, on)
    row = session.execute(_recommendations().where(Recommendation.key == key)).first()
    if row is None:
        return None
    recommendation_id = row[0]
    actions = linked_actions(
        session,
        on,
        action_recommendation,
        action_recommendation.c.recommendation_id == recommendation_id,
    )
    counts = rollups(session, on, [recommendation_id])
    measures = measures_by_recommendation(session, [recommendation_id])
    return RecommendationDetail(
        summary=RecommendationSummary(
            *row[1:5],
            inspection=InspectionSummary(*row[5:]),
            rollup=counts.get(recommendation_id, {}),
            measures=measures.get(recommendation_id, []),
        ),
        actions=actions,
    )
