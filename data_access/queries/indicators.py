"""Measures: their definitions, themes, links and latest figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Area,
    Indicator,
    Observation,
    Recommendation,
    Team,
    Theme,
    indicator_action,
    indicator_recommendation,
    indicator_theme,
)
from data_access.queries import HOME_AREA


@dataclass(frozen=True)
class LatestFigure:
    date: date
    label: str
    value: float | None
    symbol: str | None
    provenance: str
    # what a percentage or rate is worked out from: small-number suppression needs them
    numerator: float | None = None
    denominator: float | None = None


@dataclass
class IndicatorSummary:
    ref: str
    title: str
    category: str
    unit: str
    polarity: str
    frequency: str
    target: float | None
    tolerance: float | None
    scorecard_ref: str | None
    themes: list[str] = field(default_factory=list)
    latest: LatestFigure | None = None


def _themes_by_indicator(session: Session, indicator_ids: list[int] | None = None):
    query = (
        select(indicator_theme.c.indicator_id, Theme.slug)
        .join(Theme, Theme.id == indicator_theme.c.theme_id)
        .order_by(Theme.letter)
    )
    if indicator_ids is not None:
        query = query.where(indicator_theme.c.indicator_id.in_(indicator_ids))
    themes: dict[int, list[str]] = defaultdict(list)
    for indicator_id, slug in session.execute(query):
        themes[indicator_id].append(slug)
    return themes


def latest_figures(
    session: Session,
    area_code: str = HOME_AREA,
    indicator_ids: list[int] | None = None,
    until: date | None = None,
) -> dict[int, LatestFigure]:
    """The newest whole-area figure of each indicator for one area; with `until`, the newest
    whose period ended on or before that date."""
    newest = (
        select(Observation.indicator_id, func.max(Observation.period_end).label("period_end"))
        .join(Area, Area.id == Observation.area_id)
        .where(Area.code == area_code, Observation.team_id.is_(None))
        .group_by(Observation.indicator_id)
    )
    if indicator_ids is not None:
        newest = newest.where(Observation.indicator_id.in_(indicator_ids))
    if until is not None:
        newest = newest.where(Observation.period_end <= until)
    newest = newest.subquery()
    query = (
        select(
            Observation.indicator_id,
            Observation.period_end,
            Observation.period_label,
            Observation.value,
            Observation.symbol,
            Observation.provenance,
            Observation.numerator,
            Observation.denominator,
        )
        .join(Area, Area.id == Observation.area_id)
        .join(
            newest,
            (newest.c.indicator_id == Observation.indicator_id)
            & (newest.c.period_end == Observation.period_end),
        )
        .where(Area.code == area_code, Observation.team_id.is_(None))
    )
    return {
        row.indicator_id: LatestFigure(
            row.period_end,
            row.period_label,
            row.value,
            row.symbol,
            row.provenance,
            row.numerator,
            row.denominator,
        )
        for row in session.execute(query)
    }


def list_indicators(
    session: Session, area_code: str = HOME_AREA, until: date | None = None
) -> list[IndicatorSummary]:
    """Every measure with its themes and its latest figure (with `until`, as at that date)."""
    rows = session.execute(select(Indicator).order_by(Indicator.sort_order)).scalars().all()
    themes = _themes_by_indicator(session)
    latest = latest_figures(session, area_code, until=until)
    return [_summary(row, themes[row.id], latest.get(row.id)) for row in rows]


def _summary(row: Indicator, themes: list[str], latest: LatestFigure | None) -> IndicatorSummary:
    return IndicatorSummary(
        ref=row.ref,
        title=row.title,
        category=row.category,
        unit=row.unit,
        polarity=row.polarity,
        frequency=row.frequency,
        target=row.target,
        tolerance=row.tolerance,
        scorecard_ref=row.scorecard_ref,
        themes=themes,
        latest=latest,
    )


@dataclass
class IndicatorDetail:
    summary: IndicatorSummary
    definition: str
    why_it_matters: str
    source: str
    team_level: bool
    actions: list[str]
    recommendations: list[str]


def indicator_detail(
    session: Session, ref: str, area_code: str = HOME_AREA, *, link_refs: bool = True
) -> IndicatorDetail | None:
    """A measure, its themes, its latest figure and the refs of its actions and
    recommendations; without `link_refs` those two lists are left empty, for a page that reads
    the links in full itself (two queries fewer)."""
    row = session.scalar(select(Indicator).where(Indicator.ref == ref))
    if row is None:
        return None
    themes = _themes_by_indicator(session, [row.id])
    latest = latest_figures(session, area_code, [row.id])
    actions: Sequence[str] = []
    recommendations: Sequence[str] = []
    if link_refs:
        actions = session.scalars(
            select(Action.ref)
            .join(indicator_action, indicator_action.c.action_id == Action.id)
            .where(indicator_action.c.indicator_id == row.id)
            .order_by(Action.sort_order)
        ).all()
        recommendations = session.scalars(
            select(Recommendation.key)
            .join(
                indicator_recommendation,
                indicator_recommendation.c.recommendation_id == Recommendation.id,
            )
            .where(indicator_recommendation.c.indicator_id == row.id)
            .order_by(Recommendation.inspection_id, Recommendation.number)
        ).all()
    return IndicatorDetail(
        summary=_summary(row, themes[row.id], latest.get(row.id)),
        definition=row.definition,
        why_it_matters=row.why_it_matters,
        source=row.source,
        team_level=row.team_level,
        actions=list(actions),
        recommendations=list(recommendations),
    )


@dataclass(frozen=True)
class RecentFigure:
    date: date
    label: str
    value: float | None
    symbol: str | None
    provenance: str
    numerator: float | None = None  # as in LatestFigure
    denominator: float | None = None


def recent_figures(
    session: Session,
    count: int,
    area_code: str = HOME_AREA,
    indicator_ids: list[int] | None = None,
    team_slug: str | None = None,
    until: date | None = None,
) -> dict[str, list[RecentFigure]]:
    """The newest `count` figures of each measure, oldest first, keyed by ref: the whole
    area's, or with `team_slug` that team's own; with `until`, only periods ending by then.

    One query: the figures are numbered newest first within each measure and cut in SQL.
    """
    newest_first = (
        func.row_number()
        .over(partition_by=Observation.indicator_id, order_by=Observation.period_end.desc())
        .label("position")
    )
    numbered = (
        select(
            Indicator.ref,
            Observation.period_end,
            Observation.period_label,
            Observation.value,
            Observation.symbol,
            Observation.provenance,
            Observation.numerator,
            Observation.denominator,
            newest_first,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(Area.code == area_code)
    )
    if team_slug is None:
        numbered = numbered.where(Observation.team_id.is_(None))
    else:
        numbered = numbered.join(Team, Team.id == Observation.team_id).where(Team.slug == team_slug)
    if indicator_ids is not None:
        numbered = numbered.where(Observation.indicator_id.in_(indicator_ids))
    if until is not None:
        numbered = numbered.where(Observation.period_end <= until)
    numbered = numbered.subquery()
    rows = session.execute(
        select(
            numbered.c.ref,
            numbered.c.period_end,
            numbered.c.period_label,
            numbered.c.value,
            numbered.c.symbol,
            numbered.c.provenance,
            numbered.c.numerator,
            numbered.c.denominator,
        )
        .where(numbered.c.position <= count)
        .order_by(numbered.c.ref, numbered.c.period_end)
    )
    figures: dict[str, list[RecentFigure]] = defaultdict(list)
    for ref, *figure in rows:
        figures[ref].append(RecentFigure(*figure))
    return figures


def indicator_title(session: Session, ref: str) -> str | None:
    """A measure's title alone (for the browser tab), or None for an unknown ref."""
    return session.scalar(select(Indicator.title).where(Indicator.ref == ref))


# What a list of measures shows about each one; the id first, for the figures' lookup.
MEASURE_COLUMNS = (
    Indicator.id,
    Indicator.ref,
    Indicator.title,
    Indicator.unit,
    Indicator.polarity,
    Indicator.target,
    Indicator.tolerance,
)


@dataclass(frozen=True)
class MeasureFigures:
    """A measure with its newest figures, oldest first."""

    ref: str
    title: str
    unit: str
    polarity: str
    target: float | None
    tolerance: float | None
    recent: list[RecentFigure] = field(default_factory=list)

    @property
    def latest(self) -> RecentFigure | None:
        return self.recent[-1] if self.recent else None


def measures_with_figures(
    session: Session, which, periods: int, team_slug: str | None = None
) -> list[MeasureFigures]:
    """The measures `which` selects (a condition on Indicator), in the scorecard's order, each
    with its newest `periods` figures: the authority's, or with `team_slug` that team's own.
    Two queries: the measures, then every measure's figures at once."""
    rows = session.execute(select(*MEASURE_COLUMNS).where(which).order_by(Indicator.sort_order))
    rows = rows.all()
    if not rows:
        return []
    recent = recent_figures(
        session, periods, indicator_ids=[row.id for row in rows], team_slug=team_slug
    )
    return [MeasureFigures(*row[1:], recent=recent.get(row.ref, [])) for row in rows]
