"""What a theme page shows: the theme's measures with their recent figures, the actions of
every plan's priority that maps to the theme, and the recommendations those answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, select, union
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Indicator,
    Inspection,
    Plan,
    Priority,
    Recommendation,
    Theme,
    action_recommendation,
    indicator_recommendation,
    indicator_theme,
)
from data_access.queries.indicators import MeasureFigures, measures_with_figures
from data_access.queries.plans import (
    ListedAction,
    action_columns,
    decision_date,
    most_overdue_first,
)

RECENT_PERIODS = 6  # enough for the trend rule: the newest three against the three before


@dataclass(frozen=True)
class ThemeRecommendation:
    id: str
    inspection: str  # "2016 inspection", "2021 focused visit"
    text: str


def _theme_indicator_ids(slug: str):
    return (
        select(indicator_theme.c.indicator_id)
        .join(Theme, Theme.id == indicator_theme.c.theme_id)
        .where(Theme.slug == slug)
    )


def _theme_action_ids(slug: str):
    """Actions of any plan whose priority maps to the theme (the 2017 plan's own theme too)."""
    return (
        select(Action.id)
        .join(Priority, Priority.id == Action.priority_id)
        .join(Theme, Theme.id == Priority.theme_id)
        .where(Theme.slug == slug)
    )


def theme_measures(session: Session, slug: str) -> list[MeasureFigures]:
    """The theme's measures in the scorecard's order, each with the authority's recent
    figures."""
    return measures_with_figures(
        session, Indicator.id.in_(_theme_indicator_ids(slug)), RECENT_PERIODS
    )


# Overdue first, then off track, at risk, on track, not started, and complete last.
STATUS_ORDER = ("red", "amber", "green", "not_started", "blue")


def theme_actions(session: Session, slug: str, on: date | None = None) -> list[ListedAction]:
    """The theme's actions across plans, the most pressing first; overdue as at `on`."""
    on = decision_date(session, on)
    status_rank = case(
        {status: rank for rank, status in enumerate(STATUS_ORDER)},
        value=Action.status,
        else_=len(STATUS_ORDER),
    )
    rows = session.execute(
        select(*action_columns(on))
        .join(Plan, Plan.id == Action.plan_id)
        .where(Action.id.in_(_theme_action_ids(slug)))
        .order_by(most_overdue_first(on), status_rank, Plan.published, Action.sort_order)
    ).all()
    return [ListedAction(*row) for row in rows]


def theme_recommendations(session: Session, slug: str) -> list[ThemeRecommendation]:
    """Recommendations linked to any of the theme's actions or measures, by inspection."""
    answered = union(
        select(action_recommendation.c.recommendation_id).where(
            action_recommendation.c.action_id.in_(_theme_action_ids(slug))
        ),
        select(indicator_recommendation.c.recommendation_id).where(
            indicator_recommendation.c.indicator_id.in_(_theme_indicator_ids(slug))
        ),
    ).subquery()
    rows = session.execute(
        select(Recommendation.key, Inspection.key, Inspection.kind, Recommendation.text)
        .join(Inspection, Inspection.id == Recommendation.inspection_id)
        .where(Recommendation.id.in_(select(answered.c.recommendation_id)))
        .order_by(Inspection.key, Recommendation.number)  # inspection keys begin with the year
    ).all()
    return [
        ThemeRecommendation(key, f"{inspection.split('-')[0]} {kind}", text)
        for key, inspection, kind, text in rows
    ]
