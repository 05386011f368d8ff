"""Series of figures for one measure, area and team, in period order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
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


def series(
    session: Session,
    ref: str,
    area_code: str,
    team_slug: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Figure]:
    query = (
        select(
            Observation.period_end,
            Observation.period_label,
            Observation.value,
            Observation.numerator,
            Observation.denominator,
            Observation.symbol,
            Observation.provenance,
            Observation.source,
        )
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
    return session.scalar(select(Area.id).where(Area.code == code)) is not None


def team_exists(session: Session, slug: str) -> bool:
    return session.scalar(select(Team.id).where(Team.slug == slug)) is not None
