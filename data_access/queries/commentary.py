"""Commentary on a measure, for the whole authority or for one team: what the data tells us,
dated and signed by a role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from data_access.authority import home_code
from data_access.models import Area, Commentary, Indicator, Observation, Team, team_indicator


@dataclass(frozen=True)
class CommentaryRow:
    period_end: date
    text: str
    author: str
    provenance: str
    team: str | None  # the team's slug, or None for the whole authority


def latest_commentary(
    session: Session, ref: str, team_slug: str | None = None
) -> CommentaryRow | None:
    """The newest commentary on a measure for the whole authority, or for one team."""
    query = (
        select(
            Commentary.period_end,
            Commentary.text,
            Commentary.author,
            Commentary.provenance,
            Team.slug,
        )
        .join(Indicator, Indicator.id == Commentary.indicator_id)
        .outerjoin(Team, Team.id == Commentary.team_id)
        .where(Indicator.ref == ref)
        .order_by(Commentary.period_end.desc(), Commentary.recorded_at.desc(), Commentary.id.desc())
        .limit(1)
    )
    if team_slug is None:
        query = query.where(Commentary.team_id.is_(None))
    else:
        query = query.where(Team.slug == team_slug)
    row = session.execute(query).first()
    return CommentaryRow(*row) if row else None


@dataclass(frozen=True)
class CommentaryPeriod:
    """A period for which a measure has a figure for the authority, and the commentary written
    on it, if any."""

    period_end: date
    label: str
    version: int  # 0 when nothing has been written for the period yet
    text: str
    author: str


def commentary_periods(
    session: Session, ref: str, team_slug: str | None = None
) -> list[CommentaryPeriod]:
    """The periods with a whole-authority figure for the measure (or with the team's own
    figure, for a team's commentary), newest first, each with its commentary's text and
    version (what the commentary forms offer and edit)."""
    team_id = (
        select(Team.id).where(Team.slug == team_slug).scalar_subquery()
        if team_slug is not None
        else None
    )
    rows = session.execute(
        select(
            Observation.period_end,
            Observation.period_label,
            func.coalesce(Commentary.version, 0),
            func.coalesce(Commentary.text, ""),
            func.coalesce(Commentary.author, ""),
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .outerjoin(
            Commentary,
            and_(
                Commentary.indicator_id == Observation.indicator_id,
                Commentary.period_end == Observation.period_end,
                Commentary.team_id.is_(None) if team_id is None else Commentary.team_id == team_id,
            ),
        )
        .where(
            Indicator.ref == ref,
            Area.code == home_code(session),
            Observation.team_id.is_(None) if team_id is None else Observation.team_id == team_id,
        )
        .order_by(Observation.period_end.desc())
    )
    return [CommentaryPeriod(*row) for row in rows]


@dataclass(frozen=True)
class TeamCommentaryPeriod:
    """A measure a team has figures of its own for, its newest such period, and the team's
    commentary on that period if any: what the team's commentary form offers and edits."""

    ref: str
    title: str
    period_end: date
    label: str
    version: int  # 0 when nothing has been written for the period yet
    text: str


def team_commentary_periods(session: Session, slug: str) -> list[TeamCommentaryPeriod]:
    """The team's measures with figures of its own, in the scorecard's order, each with its
    newest period and the team's commentary on it. One query."""
    team_id = select(Team.id).where(Team.slug == slug).scalar_subquery()
    newest = (
        select(Observation.indicator_id, func.max(Observation.period_end).label("period_end"))
        .join(Area, Area.id == Observation.area_id)
        .join(
            team_indicator,
            and_(
                team_indicator.c.indicator_id == Observation.indicator_id,
                team_indicator.c.team_id == Observation.team_id,
            ),
        )
        .where(Observation.team_id == team_id, Area.code == home_code(session))
        .group_by(Observation.indicator_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Indicator.ref,
            Indicator.title,
            newest.c.period_end,
            func.max(Observation.period_label),
            func.coalesce(func.max(Commentary.version), 0),
            func.coalesce(func.max(Commentary.text), ""),
        )
        .join(newest, newest.c.indicator_id == Indicator.id)
        .join(
            Observation,
            and_(
                Observation.indicator_id == Indicator.id,
                Observation.period_end == newest.c.period_end,
                Observation.team_id == team_id,
            ),
        )
        .outerjoin(
            Commentary,
            and_(
                Commentary.indicator_id == Indicator.id,
                Commentary.period_end == newest.c.period_end,
                Commentary.team_id == team_id,
            ),
        )
        .group_by(Indicator.ref, Indicator.title, newest.c.period_end, Indicator.sort_order)
        .order_by(Indicator.sort_order)
    )
    return [TeamCommentaryPeriod(*row) for row in rows]


@dataclass(frozen=True)
class TeamNote:
    """A team's newest commentary on a measure, for the measure page."""

    team: str  # the team's slug
    name: str
    period_end: date
    text: str
    author: str
    provenance: str


def teams_commentary(session: Session, ref: str) -> list[TeamNote]:
    """Each team's newest commentary on a measure, by team name. One query."""
    newest_first = func.row_number().over(
        partition_by=Commentary.team_id,
        order_by=(Commentary.period_end.desc(), Commentary.recorded_at.desc()),
    )
    numbered = (
        select(
            Team.slug,
            Team.name,
            Commentary.period_end,
            Commentary.text,
            Commentary.author,
            Commentary.provenance,
            newest_first.label("position"),
        )
        .join(Team, Team.id == Commentary.team_id)
        .join(Indicator, Indicator.id == Commentary.indicator_id)
        .where(Indicator.ref == ref)
        .subquery()
    )
    rows = session.execute(
        select(*[column for column in numbered.c if column.name != "position"])
        .where(numbered.c.position == 1)
        .order_by(numbered.c.name)
    )
    return [TeamNote(*row) for row in rows]


@dataclass(frozen=True)
class WrittenCommentary:
    """Commentary on a measure for the whole authority, with its version (for editing)."""

    period_end: date
    text: str
    author: str
    provenance: str
    version: int


def measure_commentary(session: Session, ref: str) -> list[WrittenCommentary]:
    """Every whole-authority commentary on a measure, newest period first: the first is the
    latest commentary, and all of them are what the commentary form can edit."""
    rows = session.execute(
        select(
            Commentary.period_end,
            Commentary.text,
            Commentary.author,
            Commentary.provenance,
            Commentary.version,
        )
        .join(Indicator, Indicator.id == Commentary.indicator_id)
        .where(Indicator.ref == ref, Commentary.team_id.is_(None))
        .order_by(Commentary.period_end.desc(), Commentary.recorded_at.desc())
    )
    return [WrittenCommentary(*row) for row in rows]


def newest_commentary(
    session: Session, refs: list[str], until: date
) -> dict[str, WrittenCommentary]:
    """Each measure's newest whole-authority commentary on a period ending by `until`, keyed
    by the measure's ref (measures with none are left out). One query, however many refs."""
    if not refs:
        return {}
    newest_first = func.row_number().over(
        partition_by=Commentary.indicator_id,
        order_by=(
            Commentary.period_end.desc(),
            Commentary.recorded_at.desc(),
            Commentary.id.desc(),
        ),
    )
    numbered = (
        select(
            Indicator.ref,
            Commentary.period_end,
            Commentary.text,
            Commentary.author,
            Commentary.provenance,
            Commentary.version,
            newest_first.label("position"),
        )
        .join(Indicator, Indicator.id == Commentary.indicator_id)
        .where(
            Indicator.ref.in_(refs),
            Commentary.team_id.is_(None),
            Commentary.period_end <= until,
        )
        .subquery()
    )
    rows = session.execute(
        select(*(column for column in numbered.c if column.name != "position")).where(
            numbered.c.position == 1
        )
    )
    return {ref: WrittenCommentary(*rest) for ref, *rest in rows}
