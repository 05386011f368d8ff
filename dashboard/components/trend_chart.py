"""The trend chart of a measure: the authority's figures against the target, the tolerance
band, the comparators (England, its region, statistical neighbours) and the events that explain
it.

`trend_figure` builds a Plotly figure from plain values; it reads nothing and queries nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from textwrap import wrap
from typing import Protocol

from dashboard.components.provenance import provenance_word
from dashboard.rating import RATED_POLARITIES, amount_text, format_value

HOME_COLOUR = "#1d3557"
TARGET_COLOUR = "#383f45"
TOLERANCE_FILL = "rgba(255, 221, 0, 0.28)"
EVENT_COLOUR = "#6b6b6b"
PUBLISHED_FILL = "#ffbf47"

# Comparators differ by dash style and marker shape as well as colour (WCAG 1.4.1): England,
# the neighbours' average, and any other (the authority's region).
COMPARATOR_STYLES = {
    "E92000001": ("#a14a00", "dot", "square"),
    "SN": ("#762a83", "longdash", "x"),
}
OTHER_COMPARATOR = ("#1b7837", "dashdot", "triangle-up")

AXIS_TITLES = {
    "percent": "Percentage",
    "count": "Number",
    "rate_per_10k": "Rate per 10,000 children",
    "days": "Days",
    "ratio": "Ratio",
    "average": "Average",
}

# Drawn on the chart: inspections and visits, and the milestones SPEC section 3 names. The
# rest of the events are listed in the table under the chart.
KIND_LABELS = {"inspection": "Inspection", "visit": "Ofsted visit"}
MILESTONE_LABELS = (
    ("Improvement Board established", "Improvement Board"),
    ("lockdown", "Lockdown"),
    ("intervention ends", "DfE intervention ends"),
    ("Improvement Notice", "Improvement Notice"),
)

HEIGHT = 470
LABEL_ROW_PX = 17
CHAR_PX = 6.2  # the width of one character of an 11px label, near enough to stack labels
PLOT_WIDTH_PX = 1000  # the plot's width on a desktop screen, to judge when labels would touch
MARGIN_TOP = 56
MARGIN_BOTTOM = 128
LEGEND_DROP_PX = 58  # below the x axis's title
# A title's line: about what fits a 400 px wide screen (WCAG's reflow) in the title's 15px
# font, where Plotly would cut a longer line off; each line more takes TITLE_LINE_PX.
TITLE_LINE_CHARS = 40
TITLE_LINE_PX = 20


class Point(Protocol):
    date: date
    label: str
    value: float | None  # None draws a gap: a missing or suppressed figure
    symbol: str | None
    provenance: str
    source: str


class Milestone(Protocol):
    date: date
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class Line:
    """One area's series: the authority's, or a comparator's."""

    code: str
    name: str
    points: Sequence[Point]


def event_label(event: Milestone) -> str | None:
    """The short label an event has on the chart, or None when it is only listed."""
    if event.kind in KIND_LABELS:
        return KIND_LABELS[event.kind]
    for words, label in MILESTONE_LABELS:
        if words.lower() in event.name.lower():
            return label
    return None


def _hover(line: Line, point: Point, unit: str) -> str:
    kind = f"{provenance_word(point.provenance)} figure"
    text = (
        f"<b>{escape(line.name)}</b>, {escape(point.label)}: "
        f"{format_value(point.value, unit)}<br>{kind}"
    )
    if point.source:
        text += f"<br>Source: {escape(point.source)}"
    return text


def _scatter(**props) -> dict:
    return {"type": "scatter", **props}


def _area_trace(line: Line, unit: str, home: bool) -> dict:
    colour, dash, symbol = (
        (HOME_COLOUR, "solid", "circle")
        if home
        else COMPARATOR_STYLES.get(line.code, OTHER_COMPARATOR)
    )
    return _scatter(
        x=[p.date for p in line.points],
        y=[p.value for p in line.points],
        name=line.name,
        mode="lines+markers",
        line={"color": colour, "dash": dash, "width": 3 if home else 2},
        marker={"symbol": symbol, "size": 6 if home else 8, "color": colour},
        text=[_hover(line, p, unit) if p.value is not None else "" for p in line.points],
        hovertemplate="%{text}<extra></extra>",
        cliponaxis=False,
        connectgaps=False,
    )


def _published_trace(lines: Sequence[Line], unit: str) -> dict | None:
    points = [
        (line, p)
        for line in lines
        for p in line.points
        if p.provenance == "published" and p.value is not None
    ]
    if not points:
        return None
    return _scatter(
        x=[p.date for _, p in points],
        y=[p.value for _, p in points],
        name="Published figure",
        mode="markers",
        marker={
            "symbol": "diamond",
            "size": 13,
            "color": PUBLISHED_FILL,
            "line": {"color": "#1b1b1b", "width": 1.5},
        },
        text=[_hover(line, p, unit) for line, p in points],
        hovertemplate="%{text}<extra></extra>",
        cliponaxis=False,
    )


def _target_traces(
    target: float, tolerance: float | None, polarity: str, unit: str, start: date, end: date
) -> list[dict]:
    """The target as a dashed line; the tolerance as a band on the side worse than target."""
    traces = []
    if tolerance:
        low, high = (
            (target - tolerance, target) if polarity == "up" else (target, target + tolerance)
        )
        traces.append(
            _scatter(
                x=[start, end, end, start, start],
                y=[low, low, high, high, low],
                name=f"Tolerance ({amount_text(tolerance, unit)}): amber",
                mode="lines",
                fill="toself",
                fillcolor=TOLERANCE_FILL,
                line={"width": 0},
                hoverinfo="skip",
            )
        )
    traces.append(
        _scatter(
            x=[start, end],
            y=[target, target],
            name=f"Target {format_value(target, unit)}",
            mode="lines",
            line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            hovertemplate=f"Target {format_value(target, unit)}<extra></extra>",
        )
    )
    return traces


def _label_rows(labelled: list[tuple[date, str]], start: date, end: date) -> list[int]:
    """The row above the plot for each label, so that no label covers another or a line.

    Labels start at their event's line and run right; placed newest first, each takes the row
    above every later label it would reach."""
    days_per_px = max((end - start).days, 1) / PLOT_WIDTH_PX
    placed: list[tuple[float, int]] = []  # (day, row) of the labels placed so far
    rows = [0] * len(labelled)
    for index in range(len(labelled) - 1, -1, -1):
        when, label = labelled[index]
        left = (when - start).days
        right = left + (len(label) * CHAR_PX + 10) * days_per_px
        reached = [row for day, row in placed if left <= day <= right]
        rows[index] = max(reached) + 1 if reached else 0
        placed.append((left, rows[index]))
    return rows


@dataclass(frozen=True)
class _EventMarks:
    shapes: list[dict]
    annotations: list[dict]
    rows: int  # label rows used above the plot


def _event_marks(events: Sequence[Milestone], start: date, end: date) -> _EventMarks:
    """Dotted lines with short labels above the plot; the full name on hover."""
    labelled = [(event, event_label(event)) for event in events if start <= event.date <= end]
    labelled = [(event, label) for event, label in labelled if label]
    if not labelled:
        return _EventMarks([], [], 0)
    rows = _label_rows([(event.date, label) for event, label in labelled], start, end)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    shapes, annotations = [], []
    for (event, label), row in zip(labelled, rows):
        lift = 4 + row * LABEL_ROW_PX
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": event.date,
                "x1": event.date,
                "y0": 0,
                "y1": 1 + (lift + LABEL_ROW_PX - 4) / plot_height,
                "line": {"color": EVENT_COLOUR, "dash": "dot", "width": 1.5},
            }
        )
        annotations.append(
            {
                "x": event.date,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yshift": lift,
                "xshift": 2,
                "text": escape(label),
                "hovertext": f"{escape(event.name)} ({event.date:%-d %B %Y})",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 11, "color": "#1b1b1b"},
            }
        )
    return _EventMarks(shapes, annotations, max(rows) + 1)


def trend_figure(
    *,
    title: str,
    unit: str,
    polarity: str,
    target: float | None,
    tolerance: float | None,
    home: Line,
    comparators: Sequence[Line] = (),
    events: Sequence[Milestone] = (),
) -> dict:
    """The measure's trend as a Plotly figure (a dict `dcc.Graph` takes as it is): the home
    area's line, published points, target and tolerance (rated measures only), comparator
    lines and event lines. Built as plain data: Plotly's objects validate every assignment,
    which costs more than the page's whole budget."""
    lines = [home, *[line for line in comparators if line.points]]
    dates = [p.date for line in lines for p in line.points]
    if not dates:
        return {"data": [], "layout": {"title": {"text": f"{escape(title)}: no figures yet"}}}
    start, end = min(dates), max(dates)
    traces = []
    if polarity in RATED_POLARITIES and target is not None:
        traces += _target_traces(target, tolerance, polarity, unit, start, end)
    traces += [_area_trace(line, unit, home=False) for line in lines[1:]]
    traces.append(_area_trace(home, unit, home=True))
    published = _published_trace(lines, unit)
    if published is not None:
        traces.append(published)
    return framed_figure(traces, title=title, unit=unit, start=start, end=end, events=events)


def framed_figure(
    traces: list[dict],
    *,
    title: str,
    unit: str,
    start: date,
    end: date,
    events: Sequence[Milestone] = (),
    from_zero: bool = True,
) -> dict:
    """`traces` in the frame every measure chart shares: its title, axes for the unit from
    `start` to `end`, the legend below, and the events of the period as dotted lines. The
    figure axis starts at 0 (percentages run to 100) unless `from_zero` is false, as on an SPC
    chart, whose limits are read against the figures' own range."""
    marks = _event_marks(events, start, end)
    if marks.rows:
        traces.append(
            _scatter(
                x=[None],
                y=[None],
                name="Event (dotted line, named in the events table)",
                mode="lines",
                line={"color": EVENT_COLOUR, "dash": "dot", "width": 1.5},
            )
        )
    pad = timedelta(days=max((end - start).days // 60, 10))
    y_axis = {
        "title": {"text": AXIS_TITLES.get(unit, "Value")},
        "gridcolor": "#e3e6ea",
        "zeroline": True,
        "zerolinecolor": "#6b6b6b",
    }
    if unit == "percent":
        y_axis.update(ticksuffix="%")
    if from_zero and unit == "percent":
        y_axis.update(range=[0, 100])
    elif from_zero:
        y_axis.update(rangemode="tozero")
    title_lines = wrap(title, TITLE_LINE_CHARS) or [""]
    above = marks.rows * LABEL_ROW_PX + (len(title_lines) - 1) * TITLE_LINE_PX
    layout = {
        "title": {
            "text": "<br>".join(escape(line) for line in title_lines),
            "font": {"size": 15},
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 10},  # Plotly would set a wrapped title's first line above the top
        },
        "height": HEIGHT + above,
        "margin": {
            "t": MARGIN_TOP + above,
            "b": MARGIN_BOTTOM,
            "l": 64,
            "r": 24,
        },
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "hovermode": "closest",
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": -LEGEND_DROP_PX / (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM),
            "yanchor": "top",
        },
        "font": {"size": 13, "color": "#1b1b1b"},
        "xaxis": {
            "title": {"text": "Period end"},
            "type": "date",
            "range": [start - pad, end + pad],
            "showgrid": False,
            "linecolor": "#6b6b6b",
            "ticks": "outside",
        },
        "yaxis": y_axis,
        "shapes": marks.shapes,
        "annotations": marks.annotations,
    }
    return {"data": traces, "layout": layout}


# The toolbar of every chart on the site (the measure page's one dcc.Graph, made in
# chart_views.py): download as a PNG and the zoom tools, and nothing that would send the chart's
# figures to a cloud service (Plotly's "Share chart" and "Edit in Chart Studio", whatever
# plotly.js defaults to).
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "sendData": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio"],
    "toImageButtonOptions": {"format": "png"},
}
