"""Commentary on a measure: what the data tells us, dated and signed by a role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Commentary, Indicator, Team


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
