"""Series of figures for one measure, area and team, in period order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import Area, Indicator, Observation, Team


@dataclass(frozen=True)
class Figure:
    date: date
    label: str
    value: float | None
    numerator: float | None
    denominator: float | None
    symbol: str | None
    provenance: str
    source: str


# The columns of a Figure, in its order.
FIGURE_COLUMNS = (
    Observation.period_end,
    Observation.period_label,
    Observation.value,
    Observation.numerator,
    Observation.denominator,
    Observation.symbol,
    Observation.provenance,
    Observation.source,
)


def series(
    session: Session,
    ref: str,
    area_code: str,
    team_slug: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Figure]:
    query = (
        select(*FIGURE_COLUMNS)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(Indicator.ref == ref, Area.code == area_code)
        .order_by(Observation.period_end)
    )
    if team_slug is None:
        query = query.where(Observation.team_id.is_(None))
    else:
        query = query.join(Team, Team.id == Observation.team_id).where(Team.slug == team_slug)
    if start is not None:
        query = query.where(Observation.period_end >= start)
    if end is not None:
        query = query.where(Observation.period_end <= end)
    return [Figure(*row) for row in session.execute(query)]


def area_exists(session: Session, code: str) -> bool:
    return area_kind(session, code) is not None


def area_kind(session: Session, code: str) -> str | None:
    """What kind of area the code names (a local authority, a region ...); None if none."""
    return session.scalar(select(Area.kind).where(Area.code == code))


def team_exists(session: Session, slug: str) -> bool:
    return session.scalar(select(Team.id).where(Team.slug == slug)) is not None


@dataclass(frozen=True)
class AreaSeries:
    code: str
    name: str
    figures: list[Figure]


def area_series(session: Session, ref: str, area_codes: list[str]) -> list[AreaSeries]:
    """Whole-area series of one measure for several areas in one query (the authority and its
    comparators), in the order the codes are given; areas with no figures are left out."""
    query = (
        select(
            Area.code,
            Area.name,
            *FIGURE_COLUMNS,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(
            Indicator.ref == ref,
            Area.code.in_(area_codes),
            Observation.team_id.is_(None),
        )
        .order_by(Area.code, Observation.period_end)
    )
    names: dict[str, str] = {}
    figures: dict[str, list[Figure]] = {}
    for code, name, *figure in session.execute(query):
        names[code] = name
        figures.setdefault(code, []).append(Figure(*figure))
    return [AreaSeries(code, names[code], figures[code]) for code in area_codes if code in figures]


@dataclass(frozen=True)
class TeamFigure:
    slug: str
    name: str
    service: str
    date: date
    label: str
    value: float | None
    numerator: float | None
    denominator: float | None
    symbol: str | None
    provenance: str


def team_breakdown(session: Session, ref: str, area_code: str) -> list[TeamFigure]:
    """Each team's figure for the newest period that has team figures, in one query."""
    newest = (
        select(func.max(Observation.period_end))
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(Indicator.ref == ref, Area.code == area_code, Observation.team_id.isnot(None))
        .scalar_subquery()
    )
    query = (
        select(
            Team.slug,
            Team.name,
            Team.service,
            *FIGURE_COLUMNS[:-1],  # a team's figure has no source of its own
        )
        .join(Team, Team.id == Observation.team_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(Indicator.ref == ref, Area.code == area_code, Observation.period_end == newest)
        .order_by(Team.service, Team.name)
    )
    return [TeamFigure(*row) for row in session.execute(query)]
