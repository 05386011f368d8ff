"""A small line of a measure's recent figures, drawn as an SVG image with a text alternative."""

from __future__ import annotations

from urllib.parse import quote

from dash import html

WIDTH, HEIGHT, PAD = 120, 32, 3


def sparkline_svg(values: list[float]) -> str:
    """The SVG markup of a line through the values, scaled to fill the box."""
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (v - low) / spread * (HEIGHT - 2 * PAD):.1f}"
        for i, v in enumerate(values)
    )
    last_x, last_y = points.split(" ")[-1].split(",")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<polyline fill="none" stroke="#1d3557" stroke-width="1.5" points="{points}"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2.5" fill="#1d3557"/></svg>'
    )


def sparkline(values: list[float | None], description: str) -> html.Img | html.Span:
    """The image, or a short note when there are too few figures to draw a line."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return html.Span("Too few figures for a trend line", className="small text-muted")
    source = "data:image/svg+xml;charset=utf-8," + quote(sparkline_svg(known))
    return html.Img(src=source, alt=description, width=WIDTH, height=HEIGHT, className="sparkline")
