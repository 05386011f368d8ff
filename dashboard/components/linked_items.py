"""Tables of linked measures and actions, and the small texts the action and recommendation
pages share (dates, inspection dates, a measure's latest figure and rating). No queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.badges import rag_badge, status_badge
from dashboard.rating import Rating, format_value, rate
from data_access.queries.actions import LinkedMeasure
from data_access.queries.recommendations import InspectionSummary, LinkedAction

PRE_LINE = {"whiteSpace": "pre-line"}  # the plans' texts keep their own line breaks and lists


def date_text(day: date | None) -> str:
    """30 September 2017, or 'no date' when there is none."""
    return f"{day.day} {day:%B %Y}" if day else "no date"


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


def captioned_table(
    caption: str,
    headers: Sequence[str],
    rows: list[html.Tr],
    numbers: Sequence[str] = (),
    className: str = "",
    table_id: str | None = None,
) -> dbc.Table:
    """A table with a visible caption above it and column headers a screen reader announces.

    The columns named in `numbers` are right-aligned in their header (and should be in cells).
    `table_id` names the table on its page, so that it can be downloaded.
    """
    extra = {"id": table_id} if table_id else {}
    return dbc.Table(
        [
            html.Caption(caption),
            html.Thead(
                html.Tr(
                    [
                        html.Th(
                            header, scope="col", className="text-end" if header in numbers else None
                        )
                        for header in headers
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        hover=True,
        responsive=True,
        className=f"caption-top align-middle {className}".strip(),
        **extra,
    )


def measure_rating(measure: LinkedMeasure) -> tuple[str, str, Rating]:
    """The latest figure as shown, its period label, and its rating with the sentence."""
    latest = measure.latest
    if latest is None:
        return "No figure yet", "", rate(None, None, None, "", "")
    if latest.value is None:
        return f"Suppressed ({latest.symbol})", latest.label, rate(None, None, None, "", "")
    rating = rate(latest.value, measure.target, measure.tolerance, measure.polarity, measure.unit)
    return format_value(latest.value, measure.unit), latest.label, rating


def measure_link(measure: LinkedMeasure) -> html.A:
    return html.A(f"{measure.ref}: {measure.title}", href=f"/indicator/{measure.ref}")


def linked_measures_table(
    caption: str, measures: list[LinkedMeasure], table_id: str | None = None
) -> dbc.Table:
    rows = []
    for measure in measures:
        figure, period, rating = measure_rating(measure)
        rows.append(
            html.Tr(
                [
                    html.Td(measure_link(measure)),
                    html.Td(figure),
                    html.Td(period, className="text-nowrap"),
                    html.Td(rag_badge(rating.rag, rating.explanation)),
                    html.Td(rating.explanation, className="small"),
                ]
            )
        )
    return captioned_table(
        caption, ["Measure", "Latest", "Period", "Rating", "Why"], rows, table_id=table_id
    )


def action_link(ref: str) -> html.A:
    return html.A(f"Action {ref}", href=f"/actions/{ref}")


def linked_actions_table(
    caption: str, actions: list[LinkedAction], table_id: str | None = None
) -> dbc.Table:
    rows = [
        html.Tr(
            [
                html.Td(action_link(action.ref), className="text-nowrap"),
                html.Td(action.plan_title),
                html.Td(action.text, style=PRE_LINE),
                html.Td(action.owner),
                html.Td(date_text(action.due), className="text-nowrap"),
                html.Td(status_badge(action.status, action.overdue)),
            ]
        )
        for action in actions
    ]
    return captioned_table(
        caption, ["Action", "Plan", "What", "Owner", "Due", "Status"], rows, table_id=table_id
    )
