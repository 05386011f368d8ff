"""A measure's SPC view (SPEC section 11): its latest 36 figures on an XmR chart with the mean,
the process limits and the special causes marked, the variation and assurance verdicts as icons
with words, and the chart's figures as a table. Builds from plain values; queries nothing."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dash import html

from dashboard.components.badges import assurance_badge, variation_badge
from dashboard.components.chart_views import ChartView
from dashboard.components.data_table import data_table
from dashboard.components.trend_chart import (
    HOME_COLOUR,
    TARGET_COLOUR,
    Line,
    Milestone,
    framed_figure,
)
from dashboard.rating import RATED_POLARITIES, format_value
from dashboard.spc import (
    MINIMUM_POINTS,
    RECENT_POINTS,
    SpcChart,
    SpcPoint,
    assurance_words,
    recent_values,
    spc,
    variation_words,
)
from data_access.authority import possessive
from data_access.queries.indicators import IndicatorSummary

LIMIT_COLOUR = "#6b6b6b"
# Special causes differ by marker shape as well as colour (WCAG 1.4.1), in Making Data Count's
# colours: blue for improvement, orange for concern, purple where higher is neither better nor
# worse.
KIND_STYLES = {
    "improvement": ("improvement", "#1d70b8", "circle"),
    "concern": ("concern", "#a14a00", "square"),
    "neutral": ("not judged", "#5d3a8e", "diamond"),
}
ABOUT_SPC = (
    "A statistical process control (XmR) chart tells a real change from the usual ups and "
    "downs. The centre line is the mean of the figures shown. The process limits are where "
    "nearly every figure falls while nothing changes: the mean plus or minus 2.66 times the "
    "average move from one figure to the next. A marked point is a special cause: outside a "
    "limit, one of 7 or more in a row on one side of the mean, one of 7 or more rising or "
    "falling in a row, or 2 of 3 in a row near a limit. Points inside the limits and unmarked "
    "are common cause variation: noise, not a sign that anything has changed."
)


def _level(start, end, value: float, name: str, colour: str, dash: str) -> dict:
    """A level across the chart: the mean, a limit or the target, named with its value."""
    return {
        "type": "scatter",
        "x": [start, end],
        "y": [value, value],
        "name": name,
        "mode": "lines",
        "line": {"color": colour, "dash": dash, "width": 2},
        "hoverinfo": "skip",
    }


def _cause_text(point: SpcPoint) -> str:
    if not point.special_cause:
        return "No: common cause"
    direction = "higher" if point.side == "high" else "lower"
    return f"Yes: {direction}, {KIND_STYLES[point.kind][0]}"


def spc_figure(
    title: str,
    summary: IndicatorSummary,
    chart: SpcChart,
    events: Sequence[Milestone],
    home_name: str,
) -> dict:
    """The XmR chart as a Plotly figure: the figures (the authority's, `home_name`), mean,
    limits, target and special causes."""
    unit = summary.unit
    dates = [point.date for point in chart.points]
    start, end = dates[0], dates[-1]
    levels = [
        ("Upper process limit", chart.upper, LIMIT_COLOUR, "dash"),
        ("Mean", chart.mean, LIMIT_COLOUR, "solid"),
        ("Lower process limit", chart.lower, LIMIT_COLOUR, "dash"),
    ]
    if summary.polarity in RATED_POLARITIES and summary.target is not None:
        levels.append(("Target", summary.target, TARGET_COLOUR, "dashdot"))
    traces = [
        _level(start, end, value, f"{name} {format_value(value, unit)}", colour, dash)
        for name, value, colour, dash in levels
    ]
    traces.append(
        {
            "type": "scatter",
            "x": dates,
            "y": [point.value for point in chart.points],
            "name": home_name,
            "mode": "lines+markers",
            "line": {"color": HOME_COLOUR, "width": 2},
            "marker": {"size": 5, "color": HOME_COLOUR},
            "text": [
                f"<b>{escape(home_name)}</b>, {point.date:%b %Y}: "
                f"{format_value(point.value, unit)}"
                f"<br>Special cause? {escape(_cause_text(point))}"
                for point in chart.points
            ],
            "hovertemplate": "%{text}<extra></extra>",
        }
    )
    for kind, (name, colour, symbol) in KIND_STYLES.items():
        marked = [point for point in chart.points if point.kind == kind]
        if marked:
            traces.append(
                {
                    "type": "scatter",
                    "x": [point.date for point in marked],
                    "y": [point.value for point in marked],
                    "name": f"Special cause: {name}",
                    "mode": "markers",
                    "marker": {
                        "symbol": symbol,
                        "size": 11,
                        "color": colour,
                        "line": {"color": "#ffffff", "width": 1},
                    },
                    "hoverinfo": "skip",
                }
            )
    return framed_figure(
        traces, title=title, unit=unit, start=start, end=end, events=events, from_zero=False
    )


def _verdicts(chart: SpcChart) -> html.Dl:
    rows = [
        ("The latest figure", variation_badge(chart.variation), variation_words(chart.variation)),
        ("The target", assurance_badge(chart.assurance), assurance_words(chart.assurance)),
    ]
    items = []
    for term, badge, words in rows:
        items += [html.Dt(term), html.Dd([badge, " ", words] if badge else words)]
    return html.Dl(items, className="spc-verdicts")


def _table(chart: SpcChart, unit: str, caption: str):
    rows = [
        [f"{point.date:%b %Y}", format_value(point.value, unit), _cause_text(point)]
        for point in reversed(chart.points)
    ]
    return data_table(["Period end", "Figure", "Special cause"], rows, caption, numbers=("Figure",))


def spc_view(summary: IndicatorSummary, home: Line, events: Sequence[Milestone]) -> ChartView:
    """The SPC view of the authority's series: verdicts, chart, what it means, and its
    table."""
    known = recent_values(home.points)  # as the scorecard reads them: a card and page agree
    chart = spc(known, summary.polarity, summary.target)
    name = f"Variation (SPC) chart of measure {summary.ref}, {summary.title}"
    if chart is None:
        note = (
            f"An SPC chart needs at least {MINIMUM_POINTS} figures; {home.name} has "
            f"{len(known)} for this measure."
        )
        return ChartView(name, "", None, before=(html.P(note),))
    unit = summary.unit
    first, last = chart.points[0].date, chart.points[-1].date
    span = f"{first:%b %Y} to {last:%b %Y}"
    title = f"{summary.ref} {summary.title}: variation, {span}"
    figure = spc_figure(title, summary, chart, events, home.name)
    caption = (
        f"{possessive(home.name)} latest {len(chart.points)} figures ({span}; at most "
        f"{RECENT_POINTS}). "
        f"Mean {format_value(chart.mean, unit)}, process limits "
        f"{format_value(chart.lower, unit)} to {format_value(chart.upper, unit)}. Special causes "
        "are marked: blue circles improvement, orange squares concern, purple diamonds a change in "
        "a measure where higher is neither better nor worse. The table below gives every point."
    )
    api = f"/api/v1/indicators/{summary.ref}/spc?from={first.isoformat()}"
    return ChartView(
        name,
        caption,
        figure,
        before=(_verdicts(chart),),
        after=(
            html.P(ABOUT_SPC, className="small"),
            html.P(
                ["The same chart as data: ", html.A("its API address", href=api), "."],
                className="small",
            ),
            _table(chart, unit, f"The SPC chart's figures, newest first ({span})"),
        ),
    )
