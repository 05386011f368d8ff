"""Measures: their definitions, themes, links and latest figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from data_access.authority import home_code
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


# A figure as LatestFigure and RecentFigure hold it, in their order.
FIGURE_COLUMNS = (
    Observation.period_end,
    Observation.period_label,
    Observation.value,
    Observation.symbol,
    Observation.provenance,
    Observation.numerator,
    Observation.denominator,
)


def _one_series(observation, area_code: str, team_slug: str | None = None, until=None) -> list:
    """The conditions that pick one area's whole-area series (or one team's) out of
    `observation`, by id, so that the unique indexes that start with the measure are used."""
    area_id = select(Area.id).where(Area.code == area_code).scalar_subquery()
    conditions = [observation.area_id == area_id]
    if team_slug is None:
        conditions.append(observation.team_id.is_(None))
    else:
        team_id = select(Team.id).where(Team.slug == team_slug).scalar_subquery()
        conditions.append(observation.team_id == team_id)
    if until is not None:
        conditions.append(observation.period_end <= until)
    return conditions


def count_back(count: int, earlier, *conditions, name: str = "since"):
    """The period `count` places back from the newest among the figures of `earlier` (an
    alias of Observation) that meet `conditions`, correlated with the outer query; NULL when
    there are fewer. Reading from there on gives the newest `count` figures from the index."""
    return (
        select(earlier.period_end)
        .where(*conditions)
        .order_by(earlier.period_end.desc())
        .limit(1)
        .offset(count - 1)
        .scalar_subquery()
        .label(name)
    )


def from_period(since):
    """The condition on Observation: on or after `since`, or every period when it is NULL."""
    return Observation.period_end >= func.coalesce(since, date.min)


def _per_measure(indicator_ids: list[int] | None, *columns):
    """One row per measure (all, or those in `indicator_ids`) with the columns given, which
    may be subqueries correlated with the measure: a few index lookups each, whatever the
    number of figures."""
    query = select(Indicator.id.label("indicator_id"), Indicator.ref.label("ref"), *columns)
    if indicator_ids is not None:
        query = query.where(Indicator.id.in_(indicator_ids))
    # Materialised, so that the database starts from the measures and looks each one's
    # figures up in the index, rather than reading every figure and then its measure.
    return query.cte("measures").prefix_with("MATERIALIZED")


def latest_figures(
    session: Session,
    area_code: str | None = None,
    indicator_ids: list[int] | None = None,
    until: date | None = None,
) -> dict[int, LatestFigure]:
    """The newest whole-area figure of each indicator for one area (the configured
    authority's by default); with `until`, the newest whose period ended on or before that
    date."""
    area_code = area_code or home_code(session)
    earlier = aliased(Observation)
    newest = (
        select(func.max(earlier.period_end))
        .where(earlier.indicator_id == Indicator.id, *_one_series(earlier, area_code, None, until))
        .scalar_subquery()
        .label("period_end")
    )
    measures = _per_measure(indicator_ids, newest)
    query = select(Observation.indicator_id, *FIGURE_COLUMNS).join_from(
        measures,
        Observation,
        and_(
            Observation.indicator_id == measures.c.indicator_id,
            Observation.period_end == measures.c.period_end,
            *_one_series(Observation, area_code),
        ),
    )
    return {indicator_id: LatestFigure(*figure) for indicator_id, *figure in session.execute(query)}


def list_indicators(
    session: Session, area_code: str | None = None, until: date | None = None
) -> list[IndicatorSummary]:
    """Every measure with its themes and its latest figure (with `until`, as at that date)."""
    rows = session.execute(select(Indicator).order_by(Indicator.sort_order)).scalars().all()
    themes = _themes_by_indicator(session)
    latest = latest_figures(session, area_code, until=until)
    return [_summary(row, themes[row.id], latest.get(row.id)) for row in rows]


def summaries_of(
    session: Session, rows: Sequence[Indicator], area_code: str | None = None
) -> list[IndicatorSummary]:
    """These measures, in this order, with their themes and latest figures."""
    ids = [row.id for row in rows]
    if not ids:
        return []
    themes = _themes_by_indicator(session, ids)
    latest = latest_figures(session, area_code, indicator_ids=ids)
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
    session: Session, ref: str, area_code: str | None = None, *, link_refs: bool = True
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
    area_code: str | None = None,
    indicator_ids: list[int] | None = None,
    team_slug: str | None = None,
    until: date | None = None,
) -> dict[str, list[RecentFigure]]:
    """The newest `count` figures of each measure, oldest first, keyed by ref: the whole
    area's, or with `team_slug` that team's own; with `until`, only periods ending by then.

    One query: for each measure, the period `count` places from the newest is found in the
    index, and only the figures from then on are read. The area is the configured authority
    unless `area_code` names another.
    """
    area_code = area_code or home_code(session)
    earlier = aliased(Observation)
    since = count_back(
        count,
        earlier,
        earlier.indicator_id == Indicator.id,
        *_one_series(earlier, area_code, team_slug, until),
    )
    measures = _per_measure(indicator_ids, since)
    rows = session.execute(
        select(measures.c.ref, *FIGURE_COLUMNS)
        .join_from(
            measures,
            Observation,
            and_(
                Observation.indicator_id == measures.c.indicator_id,
                from_period(measures.c.since),
                *_one_series(Observation, area_code, team_slug, until),
            ),
        )
        .order_by(measures.c.ref, Observation.period_end)
    )
    figures: dict[str, list[RecentFigure]] = defaultdict(list)
    for ref, *figure in rows:
        figures[ref].append(RecentFigure(*figure))
    return figures


def indicator_title(session: Session, ref: str) -> str | None:
    """A measure's title alone (for the browser tab), or None for an unknown ref."""
    return session.scalar(select(Indicator.title).where(Indicator.ref == ref))


def indicator_unit(session: Session, ref: str) -> str | None:
    """A measure's unit alone (to hide small numbers in its figures), or None if unknown."""
    return session.scalar(select(Indicator.unit).where(Indicator.ref == ref))


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
