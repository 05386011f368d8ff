"""A small line of a measure's recent figures, drawn as an SVG image with a text alternative."""

from __future__ import annotations

from urllib.parse import quote

from dash import html

from dashboard.components.markup import Markup, element
from dashboard.components.static_html import read_back

WIDTH, HEIGHT, PAD = 120, 32, 3


def sparkline_svg(values: list[float | None]) -> str:
    """The SVG markup of a line through the values, scaled to fill the box. A figure without a
    value (missing or suppressed) is a gap: the line stops before it and starts again after."""
    known = [v for v in values if v is not None]
    low, high = min(known), max(known)
    spread = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    runs: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
            continue
        runs[-1].append(
            f"{PAD + i * step:.1f},{HEIGHT - PAD - (v - low) / spread * (HEIGHT - 2 * PAD):.1f}"
        )
    lines = "".join(_run(run) for run in runs if run)
    last_x, last_y = next(run for run in reversed(runs) if run)[-1].split(",")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">{lines}'
        f'<circle cx="{last_x}" cy="{last_y}" r="2.5" fill="#1d3557"/></svg>'
    )


def _run(points: list[str]) -> str:
    """A stretch of the line; a figure alone between two gaps is a dot."""
    if len(points) == 1:
        x, y = points[0].split(",")
        return f'<circle cx="{x}" cy="{y}" r="1.5" fill="#1d3557"/>'
    line = " ".join(points)
    return f'<polyline fill="none" stroke="#1d3557" stroke-width="1.5" points="{line}"/>'


def sparkline_html(values: list[float | None], description: str) -> Markup:
    """The image, or a short note when there are too few figures to draw a line."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return element("span", "Too few figures for a trend line", class_="small text-muted")
    source = "data:image/svg+xml;charset=utf-8," + quote(sparkline_svg(values))
    return element(
        "img", src=source, alt=description, width=WIDTH, height=HEIGHT, class_="sparkline"
    )


def sparkline(values: list[float | None], description: str) -> html.Img | html.Span:
    return read_back(sparkline_html(values, description))
