"""Inspection history: the judgements of each graded inspection, and a timeline of every
inspection and visit with the Improvement Notice and DfE intervention events.

Three queries in all, whatever the number of inspections: judgements (one), inspections with
their recommendation counts (one), and the governance events (one), filtered in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access.models import Event, Inspection, Judgement, Recommendation
from data_access.queries.recommendations import INSPECTION_COLUMNS, InspectionSummary

# Events shown on the timeline beside the inspections: governance events with these in the name.
TIMELINE_EVENT_WORDS = ("Improvement Notice", "intervention")


@dataclass(frozen=True)
class JudgementRow:
    area: str
    grade: str


@dataclass(frozen=True)
class InspectionJudgements:
    inspection: InspectionSummary
    overall: str | None
    judgements: list[JudgementRow]


@dataclass(frozen=True)
class TimelineEntry:
    """One dated row: an inspection or visit (with `inspection`), or a governance event."""

    sort_date: date | None
    kind: str
    title: str
    overall: str | None = None
    recommendations: int | None = None
    inspection: InspectionSummary | None = None
    description: str = ""


def judgements_by_inspection(session: Session) -> list[InspectionJudgements]:
    """Each inspection that has judgements, oldest first, with its judgements in source order."""
    rows = session.execute(
        select(*INSPECTION_COLUMNS, Inspection.overall, Judgement.area, Judgement.grade)
        .join(Judgement, Judgement.inspection_id == Inspection.id)
        .order_by(Inspection.key, Judgement.sort_order, Judgement.id)
    ).all()
    grouped: dict[str, InspectionJudgements] = {}
    for row in rows:
        entry = grouped.get(row.key)
        if entry is None:
            entry = InspectionJudgements(InspectionSummary(*row[:6]), row.overall, [])
            grouped[row.key] = entry
        entry.judgements.append(JudgementRow(row.area, row.grade))
    return list(grouped.values())


def _inspection_date(inspection: InspectionSummary) -> date | None:
    return inspection.start_date or inspection.end_date or inspection.published


def inspection_timeline(session: Session) -> list[TimelineEntry]:
    """Every inspection and visit, and the Improvement Notice and intervention events, by date.

    An inspection with no date at all keeps its place after the one before it (inspection
    keys begin with the year, so key order is time order).
    """
    counts = (
        select(Recommendation.inspection_id, func.count(Recommendation.id).label("n"))
        .group_by(Recommendation.inspection_id)
        .subquery()
    )
    inspections = session.execute(
        select(*INSPECTION_COLUMNS, Inspection.overall, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.inspection_id == Inspection.id)
        .order_by(Inspection.key)
    ).all()
    events = session.execute(
        select(Event.date, Event.name, Event.description)
        .where(
            Event.kind == "governance",
            or_(*(Event.name.ilike(f"%{word}%") for word in TIMELINE_EVENT_WORDS)),
        )
        .order_by(Event.date, Event.id)
    ).all()

    entries: list[tuple[date, int, TimelineEntry]] = []
    previous = date.min
    for order, row in enumerate(inspections):
        summary = InspectionSummary(*row[:6])
        when = _inspection_date(summary)
        previous = when or previous
        entry = TimelineEntry(
            sort_date=when,
            kind=summary.kind,
            title=summary.title,
            overall=row[6],
            recommendations=row[7],
            inspection=summary,
        )
        entries.append((previous, order, entry))
    for order, row in enumerate(events, start=len(entries)):
        kind = "Improvement Notice" if "notice" in row.name.lower() else "DfE intervention"
        entry = TimelineEntry(
            sort_date=row.date, kind=kind, title=row.name, description=row.description
        )
        entries.append((row.date, order, entry))
    entries.sort(key=lambda item: (item[0], item[1]))
    return [entry for _, _, entry in entries]
