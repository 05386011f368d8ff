"""The tables behind a measure's chart: its series, the comparators, the events and the teams."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html

from dashboard.components.badges import rag_badge
from dashboard.components.data_table import data_table
from dashboard.components.provenance import provenance_word
from dashboard.components.static_html import StaticHtml
from dashboard.components.trend_chart import Line, event_label
from dashboard.disclosure import SUPPRESSED
from dashboard.rating import RATED_POLARITIES, format_value
from dashboard.visible_figures import rate_shown
from data_access.queries.events import EventRow
from data_access.queries.observations import Figure, TeamFigure


def figure_text(value: float | None, symbol: str | None, unit: str) -> str:
    """A figure as shown in a table: the value, `c` when it is suppressed (the page says once
    what `c` means), or its missing symbol."""
    if value is None:
        if symbol == SUPPRESSED:
            return SUPPRESSED
        return f"Not shown ({symbol})" if symbol else "No figure"
    return format_value(value, unit)


def latest_text(latest, unit: str) -> tuple[str, str]:
    """A measure's newest figure (anything with value, symbol and label) and its period."""
    if latest is None:
        return "No figure", ""
    return figure_text(latest.value, latest.symbol, unit), latest.label


def _whole(number: float | None) -> str:
    return "" if number is None else f"{number:,.0f}"


def series_table(figures: Sequence[Figure], unit: str, caption: str) -> StaticHtml:
    """Every figure of one area's series, newest first."""
    rows = [
        [
            figure.label,
            f"{figure.date:%-d %b %Y}",
            figure_text(figure.value, figure.symbol, unit),
            _whole(figure.numerator),
            _whole(figure.denominator),
            provenance_word(figure.provenance),
            figure.source,
        ]
        for figure in reversed(figures)
    ]
    return data_table(
        ["Period", "Period end", "Figure", "Numerator", "Denominator", "Provenance", "Source"],
        rows,
        caption,
        numbers=("Figure", "Numerator", "Denominator"),
        row_headers=True,
        empty="No figures yet.",
        compact=True,
    )


def comparators_table(lines: Sequence[Line], unit: str, caption: str) -> StaticHtml:
    """The comparator areas' figures, area by area, oldest first."""
    rows = [
        [
            line.name,
            point.label,
            figure_text(point.value, point.symbol, unit),
            provenance_word(point.provenance),
            point.source,
        ]
        for line in lines
        for point in line.points
    ]
    return data_table(
        ["Area", "Period", "Figure", "Provenance", "Source"],
        rows,
        caption,
        numbers=("Figure",),
        empty="No comparator figures for this measure.",
        compact=True,
    )


def events_table(events: Sequence[EventRow], caption: str, *, charted: bool) -> StaticHtml:
    """Events in the chart's period: those drawn on it with their label there, or the rest."""
    columns = ["Date", "On the chart", "Event"] if charted else ["Date", "Event"]
    rows = [
        [f"{event.date:%-d %b %Y}", *([event_label(event)] if charted else []), event.name]
        for event in events
    ]
    return data_table(
        columns,
        rows,
        caption,
        empty="No events in this period.",
        class_name="events-table",
        compact=True,
    )


def team_breakdown_table(
    teams: Sequence[TeamFigure],
    authority: Figure | None,
    *,
    unit: str,
    polarity: str,
    target: float | None,
    tolerance: float | None,
    caption: str,
    whole: str,
) -> StaticHtml:
    """Each team's figure for one period, rated, with the authority's figure as the total,
    named `whole` ("Stockport (all teams)")."""

    def row(name, figure) -> list:
        rating = rate_shown(figure, target, tolerance, polarity, unit)
        return [
            name,
            figure_text(figure.value, figure.symbol, unit),
            _whole(figure.numerator),
            _whole(figure.denominator),
            rag_badge(rating.rag, rating.explanation),
            html.Span(rating.explanation, className="small"),
        ]

    rows = [row(html.A(team.name, href=f"/teams/{team.slug}"), team) for team in teams]
    if authority is not None:
        total = row(html.Strong(whole), authority)
        rows.append([html.Strong(cell) if isinstance(cell, str) else cell for cell in total])
    columns = ["Team", "Figure", "Numerator", "Denominator", "Rating", "Why"]
    # Leave out what says nothing: counts have no numerator or denominator, and a context
    # measure or one without a target has no rating.
    shown = [
        index
        for index in range(len(columns))
        if not (index in (2, 3) and all(t.numerator is None for t in teams))
        and not (index in (4, 5) and (polarity not in RATED_POLARITIES or target is None))
    ]
    return data_table(
        [columns[index] for index in shown],
        [[row[index] for index in shown] for row in rows],
        caption,
        numbers=("Figure", "Numerator", "Denominator"),
        row_headers=True,
        empty="No team figures for this measure.",
        table_id="team-breakdown",
        compact=True,
    )
