"""Dated events (inspections, visits, milestones) drawn on trend charts and listed under them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Event


@dataclass(frozen=True)
class EventRow:
    date: date
    name: str
    kind: str
    description: str
    source: str


def events_between(
    session: Session, start: date | None = None, end: date | None = None
) -> list[EventRow]:
    """Events from `start` to `end` inclusive (either may be open), oldest first."""
    query = select(Event.date, Event.name, Event.kind, Event.description, Event.source).order_by(
        Event.date, Event.id
    )
    if start is not None:
        query = query.where(Event.date >= start)
    if end is not None:
        query = query.where(Event.date <= end)
    return [EventRow(*row) for row in session.execute(query)]
