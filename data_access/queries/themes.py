"""The improvement themes of the 2017 plan."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Theme


@dataclass(frozen=True)
class ThemeRow:
    slug: str
    letter: str
    name: str
    summary: str


def list_themes(session: Session) -> list[ThemeRow]:
    rows = session.execute(
        select(Theme.slug, Theme.letter, Theme.name, Theme.summary).order_by(Theme.letter)
    )
    return [ThemeRow(*row) for row in rows]


def find_theme(session: Session, slug: str) -> ThemeRow | None:
    row = session.execute(
        select(Theme.slug, Theme.letter, Theme.name, Theme.summary).where(Theme.slug == slug)
    ).first()
    return ThemeRow(*row) if row else None
