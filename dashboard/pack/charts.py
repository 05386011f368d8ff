"""The pack's pictures as SVG: a measure's sparkline, and its trend chart with the target, the
tolerance band and the comparators. Plain values in, SVG text out; each picture goes into the
PDF as an image with a text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from urllib.parse import quote

from dashboard.components.sparkline import sparkline_svg
from dashboard.components.trend_chart import (
    COMPARATOR_STYLES,
    HOME_COLOUR,
    OTHER_COMPARATOR,
    PUBLISHED_FILL,
    TARGET_COLOUR,
    TOLERANCE_FILL,
)
from dashboard.rating import amount_text, format_value

WIDTH, HEIGHT = 680, 320
LEFT, RIGHT, TOP, BOTTOM = 92, 16, 14, 92  # room for the axis labels and the legend
DASHES = {"solid": "none", "dot": "2 3", "dashdot": "7 3 2 3", "longdash": "11 4", "dash": "6 4"}
# comparator figures shown from a year before the authority's
COMPARATOR_REACH = timedelta(days=366)


def image_source(svg: str) -> str:
    """An SVG as a data address for an <img>."""
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


def sparkline_image(values: Sequence[float | None]) -> str | None:
    """The scorecard's sparkline as a data address, or None with fewer than two figures; a
    missing or suppressed figure is a gap in the line."""
    known = [v for v in values if v is not None]
    return image_source(sparkline_svg(list(values))) if len(known) >= 2 else None


@dataclass(frozen=True)
class Series:
    """One area's figures: (period end, value or None, published or not), oldest first."""

    code: str
    name: str
    points: Sequence[tuple[date, float | None, bool]]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers spanning low..high for the value axis."""
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [math.floor(low / step) * step]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(tick, 10) for tick in ticks]


def _marker(symbol: str, x: float, y: float, colour: str) -> str:
    if symbol == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if symbol == "triangle-up":
        return (
            f'<polygon points="{x:.1f},{y - 4.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f} '
            f'{x + 4.5:.1f},{y + 3.5:.1f}" fill="{colour}"/>'
        )
    if symbol == "x":
        return (
            f'<path d="M{x - 3.5:.1f} {y - 3.5:.1f}L{x + 3.5:.1f} {y + 3.5:.1f}'
            f'M{x - 3.5:.1f} {y + 3.5:.1f}L{x + 3.5:.1f} {y - 3.5:.1f}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    if symbol == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} '
            f'{x - 6:.1f},{y:.1f}" fill="{PUBLISHED_FILL}" stroke="#1b1b1b" stroke-width="1.2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def _segments(points: list[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """The runs of points with a value: a missing figure breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _legend(entries: list[tuple[str, str, str, str]]) -> str:
    """Rows of (swatch colour, dash, marker, name) under the plot."""
    parts = []
    x, y = LEFT, HEIGHT - 38
    for colour, dash, symbol, name in entries:
        width = 34 + len(name) * 6.3
        if x + width > WIDTH - RIGHT:
            x, y = LEFT, y + 18
        if colour == "band":
            parts.append(
                f'<rect x="{x}" y="{y - 6}" width="22" height="10" fill="{TOLERANCE_FILL}"/>'
            )
        else:
            parts.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 22}" y2="{y}" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="{DASHES.get(dash, "none")}"/>'
            )
        if symbol:
            parts.append(_marker(symbol, x + 11, y, colour))
        parts.append(f'<text x="{x + 28}" y="{y + 4}">{escape(name)}</text>')
        x += width + 14
    return "".join(parts)


def trend_chart_svg(
    home: Series,
    comparators: Sequence[Series],
    target: float | None,
    tolerance: float | None,
    polarity: str,
    unit: str,
) -> str:
    """A line chart of the home area's figures, the target and its tolerance band on the side
    worse than target, and the comparators, each told apart by dash and marker as well as
    colour. The caller makes sure `home` has at least one figure."""
    start, end = home.points[0][0], home.points[-1][0]
    shown = [
        Series(s.code, s.name, [p for p in s.points if start - COMPARATOR_REACH <= p[0] <= end])
        for s in comparators
    ]
    shown = [s for s in shown if any(p[1] is not None for p in s.points)]
    start = min([start, *(s.points[0][0] for s in shown)])
    values = [p[1] for s in (home, *shown) for p in s.points if p[1] is not None]
    band: tuple[float, float] | None = None
    if target is not None:
        values.append(target)
        if tolerance:
            band = (
                (target - tolerance, target) if polarity == "up" else (target, target + tolerance)
            )
            values.extend(band)
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max((end - start).days, 1)

    def x_of(day: date) -> float:
        return LEFT + (day - start).days / span * plot_w if end > start else LEFT + plot_w / 2

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, sans-serif" font-size="10.5" '
        f'fill="#1b1b1b">'
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d0d0d0"/>'
            f'<text x="{LEFT - 6}" y="{y + 3.5:.1f}" text-anchor="end">'
            f"{escape(format_value(tick, unit))}</text>"
        )
    labelled = home.points[:: max(1, math.ceil(len(home.points) / 6))]
    for day, _value, _published in labelled:
        x = x_of(day)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 4}" '
            f'stroke="#1b1b1b"/><text x="{x:.1f}" y="{TOP + plot_h + 16}" '
            f'text-anchor="middle">{day:%b %Y}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="#1b1b1b"/>'
    )
    legend = [(HOME_COLOUR, "solid", "circle", home.name)]
    if band:
        top, bottom = y_of(band[1]), y_of(band[0])
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{bottom - top:.1f}" '
            f'fill="{TOLERANCE_FILL}"/>'
        )
        legend.append(("band", "", "", f"Tolerance ({amount_text(tolerance or 0, unit)}): amber"))
    if target is not None:
        y = y_of(target)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        legend.append((TARGET_COLOUR, "dash", "", f"Target {format_value(target, unit)}"))
    for series in shown:
        colour, dash, symbol = COMPARATOR_STYLES.get(series.code, OTHER_COMPARATOR)
        parts.append(_line(series, x_of, y_of, colour, dash, symbol, 2))
        legend.append((colour, dash, symbol, series.name))
    parts.append(_line(home, x_of, y_of, HOME_COLOUR, "solid", "circle", 2.5))
    published = [(d, v) for d, v, p in home.points if p and v is not None]
    parts.extend(_marker("diamond", x_of(d), y_of(v), PUBLISHED_FILL) for d, v in published)
    if published:
        legend.append((PUBLISHED_FILL, "", "diamond", "Published figure"))
    parts.append(_legend(legend))
    parts.append("</svg>")
    return "".join(parts)


def _line(series: Series, x_of, y_of, colour: str, dash: str, symbol: str, width: float) -> str:
    points = [(x_of(d), None if v is None else y_of(v)) for d, v, _ in series.points]
    parts = []
    for run in _segments(points):
        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-dasharray="{DASHES.get(dash, "none")}" points="{coordinates}"/>'
        )
        parts.extend(_marker(symbol, x, y, colour) for x, y in run)
    return "".join(parts)


def chart_description(home: Series, unit: str, target: float | None) -> str:
    """The text alternative of a trend chart: what a sighted reader takes from it."""
    known = [(d, v) for d, v, _ in home.points if v is not None]
    if not known:
        return f"Chart of {home.name}'s figures: none to show."
    (first_day, first), (last_day, last) = known[0], known[-1]
    text = (
        f"Line chart of {home.name}'s figures from {first_day:%B %Y} to {last_day:%B %Y}: "
        f"{format_value(first, unit)} at first, {format_value(last, unit)} at last, "
        f"lowest {format_value(min(v for _, v in known), unit)}, "
        f"highest {format_value(max(v for _, v in known), unit)}"
    )
    if target is not None:
        text += f"; target {format_value(target, unit)}"
    return text + "."
