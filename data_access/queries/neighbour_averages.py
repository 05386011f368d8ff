"""The statistical neighbours' mean, period by period: the `SN` comparator line beside an
authority's own (SPEC sections 11 and 12).

The mean is worked out when it is read, from the figures of the authority's neighbours in the
set asked for (`STATISTICAL_NEIGHBOURS`), so that it always agrees with the neighbours' figures
and changing the set changes it at once. It is `computed`, its source naming the set and the
figures it comes from, and there is none in a period in which fewer than half the neighbours
have a figure (data_access/benchmarking.py). The `SN` figures stored from documents stay where
they are: a published figure is what was reported at the time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TypeVar

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from data_access.authority import home_code
from data_access.benchmarking import COMPUTED, neighbour_mean, neighbours_source
from data_access.models import Area, Indicator, Observation, StatisticalNeighbour
from data_access.neighbour_sets import neighbour_set_name
from data_access.queries.indicators import RecentFigure
from data_access.queries.observations import AreaSeries, Figure, series

NEIGHBOURS_AREA = "SN"  # the area the neighbours' average is shown as, beside England's
PUBLISHED = "published"
Record = TypeVar("Record")


def neighbour_means(
    session: Session,
    refs: Sequence[str],
    neighbour_set: str,
    home: str | None = None,
    until: date | None = None,
) -> dict[str, list[Figure]]:
    """For each measure in `refs`, the mean of `home`'s neighbours' figures (the configured
    authority's by default) in each period in which at least half of them have one (until
    `until`), oldest first. One statement."""
    if not refs:
        return {}
    home_id = select(Area.id).where(Area.code == (home or home_code(session))).scalar_subquery()
    in_set = and_(
        StatisticalNeighbour.neighbour_set == neighbour_set,
        StatisticalNeighbour.home_area_id == home_id,
    )
    total = select(func.count()).select_from(StatisticalNeighbour).where(in_set)
    query = (
        select(
            Indicator.ref,
            Observation.period_end,
            Observation.period_label,
            Observation.value,
            Observation.source,
            total.scalar_subquery().label("neighbours"),
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(
            StatisticalNeighbour,
            and_(in_set, StatisticalNeighbour.neighbour_area_id == Observation.area_id),
        )
        .where(
            Indicator.ref.in_(refs),
            Observation.team_id.is_(None),
            Observation.value.is_not(None),
            Observation.symbol.is_(None),
        )
        .order_by(Indicator.ref, Observation.period_end)
    )
    if until is not None:
        query = query.where(Observation.period_end <= until)
    periods: dict[tuple[str, date], list] = defaultdict(list)
    for row in session.execute(query):
        periods[(row.ref, row.period_end)].append(row)
    means: dict[str, list[Figure]] = defaultdict(list)
    for (ref, period_end), rows in periods.items():
        figure = _mean(period_end, rows, neighbour_set)
        if figure is not None:
            means[ref].append(figure)
    return dict(means)


def neighbours_series(
    session: Session,
    ref: str,
    neighbour_set: str,
    start: date | None = None,
    end: date | None = None,
    home: str | None = None,
) -> list[Figure]:
    """The `SN` line of one measure between `start` and `end`: its stored figures with the
    neighbours' means (`with_neighbour_means`)."""
    means = neighbour_means(session, [ref], neighbour_set, home, until=end).get(ref, [])
    if start is not None:
        means = [mean for mean in means if mean.date >= start]
    return with_neighbour_means(series(session, ref, NEIGHBOURS_AREA, None, start, end), means)


def _mean(period_end: date, rows: list, neighbour_set: str) -> Figure | None:
    neighbours = rows[0].neighbours
    mean = neighbour_mean([row.value for row in rows], neighbours)
    if mean is None:
        return None
    sources = "; ".join(sorted({row.source for row in rows if row.source}))
    source = neighbours_source(
        "Mean", len(rows), neighbours, neighbour_set_name(neighbour_set), sources
    )
    return Figure(period_end, rows[0].period_label, mean, None, None, None, COMPUTED, source)


def with_neighbour_means(stored: Sequence[Record], means: Sequence[Figure]) -> list:
    """The `SN` line: the figures stored for it (from documents, or illustrative sample
    figures) and the neighbours' means, oldest first. A published figure keeps its period; once
    a measure has means, its illustrative figures go, so that no line mixes invented and
    worked-out figures."""
    if not means:
        return list(stored)
    kept = {figure.date: figure for figure in stored if figure.provenance == PUBLISHED}
    for mean in means:
        kept.setdefault(mean.date, mean)
    return [kept[period] for period in sorted(kept)]


def _as_recent(figure: Figure) -> RecentFigure:
    return RecentFigure(figure.date, figure.label, figure.value, None, figure.provenance)


def recent_with_neighbour_means(
    stored: Mapping[str, Sequence[RecentFigure]], means: Mapping[str, Sequence[Figure]], count: int
) -> dict[str, list[RecentFigure]]:
    """`recent_figures`' answer for the `SN` area with the neighbours' means in it: the newest
    `count` figures of each measure, oldest first."""
    merged = {}
    for ref in sorted(set(stored) | set(means)):
        line = with_neighbour_means(stored.get(ref, []), means.get(ref, []))
        merged[ref] = [
            figure if isinstance(figure, RecentFigure) else _as_recent(figure)
            for figure in line[-count:]
        ]
    return merged


def neighbours_line_name(neighbour_set: str) -> str:
    """The `SN` line's name once it holds neighbours' means: it names their set."""
    return f"Statistical neighbours' mean ({neighbour_set_name(neighbour_set)})"


def with_neighbour_line(
    lines: Sequence[AreaSeries], means: Sequence[Figure], neighbour_set: str
) -> list[AreaSeries]:
    """`area_series`' answer with the neighbours' means in the `SN` line (added at the end when
    no figure is stored for it), named after their set."""
    if not means:
        return list(lines)
    stored = next((line for line in lines if line.code == NEIGHBOURS_AREA), None)
    line = AreaSeries(
        NEIGHBOURS_AREA,
        neighbours_line_name(neighbour_set),
        with_neighbour_means(stored.figures if stored else [], means),
    )
    if stored is None:
        return [*lines, line]
    return [line if other is stored else other for other in lines]
