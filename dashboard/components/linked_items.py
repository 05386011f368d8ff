"""Tables of linked measures, actions and recommendations, and the small texts the pages
share (dates, inspection dates, a measure's latest figure and rating). No queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from dash import html

from dashboard import visible_figures as visible
from dashboard.components.badges import rag_badge, status_badge
from dashboard.components.data_table import data_table
from dashboard.components.series_tables import latest_text
from dashboard.components.static_html import StaticHtml
from dashboard.disclosure import MEANING, NOT_RATED
from dashboard.rating import Rating
from data_access.queries.actions import LinkedMeasure
from data_access.queries.links import LinkedAction, LinkedRecommendation
from data_access.queries.recommendations import InspectionSummary

PRE_LINE = {"whiteSpace": "pre-line"}  # the plans' texts keep their own line breaks and lists


def date_text(day: date | None) -> str:
    """30 September 2017, or 'no date' when there is none."""
    return f"{day.day} {day:%B %Y}" if day else "no date"


DAYS_OVERDUE = "Days overdue"  # a number column: aligned right
DUE_HEADERS = ["Due", "Revised due", DAYS_OVERDUE]  # every list of actions shows these


class DatedAction(Protocol):
    due: date | None
    revised_due: date | None
    days_overdue: int | None


def due_cells(action: DatedAction) -> list:
    """An action's cells under DUE_HEADERS: when its plan said it was due, the date it was moved
    to and how many days it is overdue at the reporting date. A revised date or days overdue it
    does not have is an empty cell (hidden on a narrow screen, empty in a download)."""
    revised = action.revised_due
    return [
        short_date(action.due),
        short_date(revised) if revised else None,
        f"{action.days_overdue:,}" if action.days_overdue is not None else None,
    ]


def short_date(day: date | None) -> html.Span:
    """'30 Sep 2017' on one line, for a column of dates in a wide table ('no date' if none)."""
    return html.Span(f"{day:%-d %b %Y}" if day else "no date", className="text-nowrap")


def first_upper(text: str) -> str:
    """The text with its first letter a capital, the rest as written (DfE stays DfE)."""
    return text[:1].upper() + text[1:]


def inspection_when(inspection: InspectionSummary) -> str:
    """When an inspection happened: its dates, else when its report was published."""
    start, end = inspection.start_date, inspection.end_date
    if start and end and start != end:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{date_text(end)}"
        return f"{date_text(start)} – {date_text(end)}"
    if start or end:
        return date_text(start or end)
    if inspection.published:
        return f"report published {date_text(inspection.published)}"
    return "date not given"


def measure_rating(measure: LinkedMeasure) -> tuple[str, str, Rating]:
    """The latest figure as the asker may see it, its period label, and its rating with the
    sentence. The action and recommendation pages get their linked measures' figures only
    through here (and `linked_measures_table`), so suppression is applied here for them all."""
    latest = visible.latest(measure.latest, measure.unit)
    figure, period = latest_text(latest, measure.unit)
    rating = visible.rate_shown(
        latest, measure.target, measure.tolerance, measure.polarity, measure.unit
    )
    return figure, period, rating


def measure_link(measure: LinkedMeasure) -> html.A:
    return html.A(f"{measure.ref}: {measure.title}", href=f"/indicator/{measure.ref}")


def linked_measures_table(
    measures: Sequence[LinkedMeasure],
    caption: str,
    *,
    table_id: str,
    empty: str = "No measures are linked yet.",
) -> StaticHtml:
    rows = []
    suppressed = False
    for measure in measures:
        figure, period, rating = measure_rating(measure)
        suppressed = suppressed or rating.explanation == NOT_RATED
        rows.append(
            [
                measure_link(measure),
                figure,
                html.Td(period, className="text-nowrap"),
                rag_badge(rating.rag, rating.explanation),
                html.Td(rating.explanation, className="small"),
            ]
        )
    if suppressed:  # the first `c` on the page says what it means
        caption += f" (c: {MEANING})"
    return data_table(
        ["Measure", "Latest", "Period", "Rating", "Why"],
        rows,
        caption,
        numbers=("Latest",),
        empty=empty,
        table_id=table_id,
    )


def action_link(ref: str) -> html.A:
    return html.A(f"Action {ref}", href=f"/actions/{ref}")


def _action_cell(action: LinkedAction) -> list:
    return [
        html.A(f"Action {action.ref}", href=f"/actions/{action.ref}", className="fw-semibold"),
        html.Div(action.text, className="small", style=PRE_LINE),
        html.Div(action.plan, className="small text-muted"),
    ]


def _update_cell(action: LinkedAction) -> list | str:
    if action.update_date is None:
        return "No update recorded"
    return [
        html.Div(date_text(action.update_date), className="fw-semibold small"),
        html.Div(action.update_note or "", className="small", style=PRE_LINE),
    ]


def linked_actions_table(
    actions: Sequence[LinkedAction],
    caption: str,
    *,
    table_id: str,
    empty: str = "No actions are linked yet.",
) -> StaticHtml:
    """Actions with their status, owner, due date and newest progress update."""
    rows = [
        [
            _action_cell(action),
            status_badge(action.status, action.overdue),
            action.owner,
            *due_cells(action),
            _update_cell(action),
        ]
        for action in actions
    ]
    return data_table(
        ["Action", "Status", "Owner", *DUE_HEADERS, "Latest update"],
        rows,
        caption,
        numbers=(DAYS_OVERDUE,),
        empty=empty,
        table_id=table_id,
        class_name="linked-actions align-top",
    )


def _inspection(recommendation: LinkedRecommendation) -> html.Span:
    year = recommendation.inspection[:4]  # inspection keys begin with their year
    return html.Span(
        f"{recommendation.inspection_kind.capitalize()} {year}",
        title=recommendation.inspection_title,
    )


def linked_recommendations_table(
    recommendations: Sequence[LinkedRecommendation],
    caption: str,
    *,
    table_id: str,
    empty: str = "No inspection recommendations are linked yet.",
) -> StaticHtml:
    rows = [
        [
            html.A(
                f"Recommendation {item.id}",
                href=f"/recommendations/{item.id}",
                className="fw-semibold text-nowrap",
            ),
            _inspection(item),
            item.kind.capitalize(),
            html.Span(item.text, className="small"),
        ]
        for item in recommendations
    ]
    return data_table(
        ["Recommendation", "Inspection", "Kind", "What it asks"],
        rows,
        caption,
        empty=empty,
        table_id=table_id,
        class_name="linked-recommendations align-top",
    )
