"""The performance clinic's team comparison: one team-level measure, every team's latest figure
rated, with its trend and sparkline, beside the authority's figure. No queries."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html

from dashboard.components.badges import rag_badge, trend_badge
from dashboard.components.clinic_exceptions import team_link
from dashboard.components.data_table import data_table
from dashboard.components.series_tables import latest_text
from dashboard.components.sparkline import sparkline
from dashboard.components.static_html import StaticHtml
from dashboard.rating import RATED_POLARITIES, amount_text, rate, trend
from data_access.authority import Authority
from data_access.queries.clinic import Series

COMPARISON_TABLE = "clinic-team-comparison"
COLUMNS = [
    "Team",
    "Service",
    "Latest",
    "Period",
    "Rating",
    "Trend",
    "Last 24 periods",
]  # and the difference from the authority, named in the table


def difference_text(
    team_value: float | None, authority_value: float | None, unit: str, polarity: str, name: str
) -> str:
    """'3.2 points above Stockport, better': the gap from the authority's figure (`name` is the
    authority's) in the measure's unit, and for a measure judged by its polarity whether the
    team is doing better or worse."""
    if team_value is None or authority_value is None:
        return "No figure to compare"
    difference = team_value - authority_value
    if abs(difference) < 1e-9:
        return f"Same as {name}"
    side = "above" if difference > 0 else "below"
    text = f"{amount_text(difference, unit)} {side} {name}"
    if polarity in RATED_POLARITIES:
        better = (difference > 0) == (polarity == "up")
        text += ", better" if better else ", worse"
    return text


def _row(series: Series, authority: Series | None, whole: Authority) -> list:
    latest = series.latest
    figure, period = latest_text(latest, series.unit)
    value = latest.value if latest else None
    rating = rate(value, series.target, series.tolerance, series.polarity, series.unit)
    who = series.team.name if series.team else whole.all_teams
    if series.team is None:
        difference = "–"
    else:
        # Against the authority's figure for the same period, not simply its newest.
        same_period = {f.date: f.value for f in authority.recent} if authority else {}
        authority_value = same_period.get(latest.date) if latest else None
        difference = difference_text(
            value, authority_value, series.unit, series.polarity, whole.name
        )
    first = series.recent[0].label if series.recent else ""
    return [
        team_link(series, whole) if series.team else html.Strong(whole.all_teams),
        series.team.service if series.team else "All services",
        figure,
        html.Span(period, className="text-nowrap"),
        rag_badge(rating.rag, rating.explanation),
        trend_badge(trend(series.values, series.polarity, series.unit)),
        sparkline(
            series.values,
            f"{who}, {series.title}: {len(series.recent)} figures from {first} to {period}",
        ),
        difference,
    ]


def comparison_table(
    series: Sequence[Series], whole: Authority, fallback_title: str = ""
) -> StaticHtml:
    """The authority (`whole`) first as the reference, then each team with its own figures, by
    service.

    `series` is one measure's, the authority's first (as `measure_series` returns them)."""
    authority = next((one for one in series if one.team is None), None)
    title = f"{series[0].ref}. {series[0].title}" if series else fallback_title
    return data_table(
        [*COLUMNS, f"Difference from {whole.name}"],
        [_row(one, authority, whole) for one in series],
        f"{title}: each team's latest figure, rated, beside {whole.possessive}; teams by service",
        numbers=["Latest"],
        row_headers=True,
        empty="No team has figures for this measure yet.",
        table_id=COMPARISON_TABLE,
        class_name="stacking-table clinic-comparison",
    )
