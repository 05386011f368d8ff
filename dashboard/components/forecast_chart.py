"""A demand measure's forecast view (SPEC section 11): the authority's figures and the next 12
months with their 80% and 95% ranges, the back-test beside the seasonal-naive baseline's, plain
words on what a forecast can and cannot tell, and the forecast as a table. Queries nothing."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dash import html

from dashboard.components.chart_views import ChartView
from dashboard.components.data_table import data_table
from dashboard.components.trend_chart import HOME_COLOUR, Line, Milestone, framed_figure
from dashboard.forecast import (
    ABOUT_FORECASTS,
    MINIMUM_POINTS,
    Forecast,
    backtest_words,
    forecast,
    monthly_run,
)
from dashboard.rating import format_value
from data_access.authority import possessive

FORECAST_COLOUR = "#a14a00"
RANGE_FILLS = {80: "rgba(161, 74, 0, 0.30)", 95: "rgba(161, 74, 0, 0.14)"}


def _band(dates, lower, upper, level: int) -> dict:
    return {
        "type": "scatter",
        "x": [*dates, *reversed(dates)],
        "y": [*lower, *reversed(upper)],
        "name": f"{level}% range",
        "mode": "lines",
        "fill": "toself",
        "fillcolor": RANGE_FILLS[level],
        "line": {"width": 0},
        "hoverinfo": "skip",
    }


def forecast_figure(title: str, unit: str, home: Line, made: Forecast, events) -> dict:
    """The authority's figures, then the forecast as a dashed line inside its 95% and 80%
    ranges."""
    dates = [point.date for point in made.points]
    known = [point for point in home.points if point.value is not None]
    traces = [
        _band(dates, [p.lower95 for p in made.points], [p.upper95 for p in made.points], 95),
        _band(dates, [p.lower80 for p in made.points], [p.upper80 for p in made.points], 80),
        {
            "type": "scatter",
            "x": [point.date for point in known],
            "y": [point.value for point in known],
            "name": home.name,
            "mode": "lines+markers",
            "line": {"color": HOME_COLOUR, "width": 2},
            "marker": {"size": 5, "color": HOME_COLOUR},
            "hovertemplate": f"{escape(home.name)}, %{{x|%b %Y}}: %{{y:,.0f}}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": dates,
            "y": [point.value for point in made.points],
            "name": "Forecast",
            "mode": "lines+markers",
            "line": {"color": FORECAST_COLOUR, "dash": "dash", "width": 2},
            "marker": {"size": 7, "color": FORECAST_COLOUR, "symbol": "triangle-up"},
            "text": [
                f"Forecast for {p.date:%b %Y}: {format_value(round(p.value), unit)}<br>"
                f"80% range {p.lower80:,.0f} to {p.upper80:,.0f}<br>"
                f"95% range {p.lower95:,.0f} to {p.upper95:,.0f}"
                for p in made.points
            ],
            "hovertemplate": "%{text}<extra></extra>",
        },
    ]
    start = known[0].date if known else dates[0]
    return framed_figure(traces, title=title, unit=unit, start=start, end=dates[-1], events=events)


def _table(made: Forecast, unit: str):
    rows = [
        [
            f"{p.date:%b %Y}",
            format_value(round(p.value), unit),
            f"{p.lower80:,.0f} to {p.upper80:,.0f}",
            f"{p.lower95:,.0f} to {p.upper95:,.0f}",
        ]
        for p in made.points
    ]
    return data_table(
        ["Month", "Forecast", "80% range", "95% range"],
        rows,
        "The forecast for the next 12 months",
        numbers=("Forecast",),
    )


def forecast_view(
    ref: str, title: str, unit: str, home: Line, events: Sequence[Milestone]
) -> ChartView:
    """The forecast view of the authority's series: what it can tell, chart, back-test and
    table."""
    known = [(point.date, point.value) for point in home.points if point.value is not None]
    made = forecast(known)
    about = html.P(ABOUT_FORECASTS, className="small")
    name = f"Demand forecast chart of measure {ref}, {title}"
    if made is None:
        note = (
            f"A forecast needs at least {MINIMUM_POINTS} monthly figures in a row; "
            f"{home.name} has {len(monthly_run(known))} for this measure."
        )
        return ChartView(name, "", None, before=(html.P(note), about))
    first, last = made.points[0].date, made.points[-1].date
    figure = forecast_figure(f"{ref} {title}: forecast to {last:%b %Y}", unit, home, made, events)
    caption = (
        f"{possessive(home.name)} figures, then the forecast for {first:%b %Y} to {last:%b %Y} "
        "as a dashed "
        "line with triangles, inside its 80% range (darker) and 95% range (lighter). "
        f"Method: {made.method}. The table below gives the forecast."
    )
    return ChartView(
        name,
        caption,
        figure,
        before=(about,),
        after=(
            html.P(backtest_words(made.backtest)),
            html.P(
                [
                    "The same forecast as data: ",
                    html.A("its API address", href=f"/api/v1/indicators/{ref}/forecast"),
                    ".",
                ],
                className="small",
            ),
            _table(made, unit),
        ),
    )
