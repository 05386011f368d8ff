"""The views of a measure's chart (against target, SPC, forecast) and the one graph they are
drawn in. A view is its figure, its name and caption, and the words and tables before and after
it; the switch above the chart changes only these. Dash 4 mounts afresh every component a
callback returns (Dash issue #3846): a new dcc.Graph for each view made Plotly build a new plot
every time, where changing the figure of the graph already on the page redraws it in place; and
every view is drawn as tall as the first, since a graph that changes size is drawn again by
Plotly after a 100 ms wait. The words and tables reach the browser as plain HTML in one piece
(components/static_html.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from dash import Output, dcc, html, no_update

from dashboard.components.static_html import StaticHtml
from dashboard.components.trend_chart import GRAPH_CONFIG, HEIGHT, LEGEND_DROP_PX

ChartChoice = Literal["trend", "spc", "forecast"]  # what the switch may ask for; nothing else
VIEWS: dict[ChartChoice, str] = {
    "trend": "Against target and comparators",
    "spc": "Variation (SPC)",
    "forecast": "Demand forecast",
}

CHART_ID = "measure-chart"
FRAME, CAPTION = "chart-frame", "chart-caption"
BEFORE, AFTER = "chart-before", "chart-after"
TREND_EXTRAS = "trend-extras"  # the button for the trend view's figures as tables, and them


@dataclass(frozen=True)
class ChartView:
    """One view of the chart. Without a figure (too few figures for it), `before` says why and
    the graph is hidden."""

    name: str  # the chart's accessible name: which view of which measure
    caption: str
    figure: dict | None
    before: tuple = ()  # plain HTML components: words, verdicts
    after: tuple = ()  # plain HTML components: words, links, the chart's data table
    trend_extras: bool = False  # the trend view's own button and tables, kept on the page


def _height(figure: dict) -> int:
    return figure["layout"].get("height", HEIGHT)


def _graph_style(figure: dict) -> dict:
    """The graph's box, as tall as its figure (taller when event labels take rows)."""
    return {"height": f"{_height(figure)}px"}


def drawn_as_tall_as(view: ChartView, first: ChartView) -> ChartView:
    """`view` in the box of `first`, the view the page opens with: its plot taller, where it
    has fewer rows of event labels above it, and its legend as far below as before."""
    if view.figure is None or first.figure is None or _height(view.figure) >= _height(first.figure):
        return view
    layout = dict(view.figure["layout"])
    layout["height"] = _height(first.figure)
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    layout["legend"] = {**layout["legend"], "y": -LEGEND_DROP_PX / plot}
    return replace(view, figure={**view.figure, "layout": layout})


def _static(parts: tuple) -> StaticHtml | None:
    return StaticHtml(list(parts)) if parts else None


def _save_buttons() -> html.Div:
    """Buttons with words to save the chart as shown, as a PNG or an SVG file, for keyboard
    and touch as well as the toolbar's hover camera (assets/chart_images.js)."""
    return html.Div(
        [
            *(
                html.Button(
                    f"Save chart as image ({kind})",
                    type="button",
                    className="btn btn-sm btn-outline-secondary",
                    **{"data-chart-image": kind.lower()},
                )
                for kind in ("PNG", "SVG")
            ),
            html.Span(className="chart-image-status small", role="status"),
        ],
        className="chart-save",
    )


def chart_frame(view: ChartView, trend_extras: html.Div) -> list:
    """The view the page opens with, in the one graph the switch redraws and the places for
    its words; `trend_extras` (id TREND_EXTRAS) is shown with the trend view only."""
    trend_extras.hidden = not view.trend_extras
    graph = dcc.Graph(
        id=CHART_ID,
        figure=view.figure or {"data": [], "layout": {}},
        config=GRAPH_CONFIG,
        style=_graph_style(view.figure) if view.figure else None,
    )
    return [
        html.Div(_static(view.before), id=BEFORE),
        html.Figure(
            [
                graph,
                _save_buttons(),
                html.Figcaption(view.caption, id=CAPTION, className="small text-muted"),
            ],
            id=FRAME,
            className="trend-chart",
            hidden=view.figure is None,
            **{"aria-label": view.name, "aria-describedby": CAPTION},
        ),
        html.Div(_static(view.after), id=AFTER),
        trend_extras,
    ]


VIEW_OUTPUTS = (
    Output(CHART_ID, "figure"),
    Output(CHART_ID, "style"),
    Output(FRAME, "hidden"),
    Output(FRAME, "aria-label"),
    Output(CAPTION, "children"),
    Output(BEFORE, "children"),
    Output(AFTER, "children"),
    Output(TREND_EXTRAS, "hidden"),
)


def view_outputs(view: ChartView) -> tuple:
    """What the switch changes, in the order of VIEW_OUTPUTS. A view without a figure leaves
    the graph's figure as it was, hidden: Plotly would draw an empty one into a hidden box."""
    drawn = view.figure is not None
    return (
        view.figure if drawn else no_update,
        _graph_style(view.figure) if drawn else no_update,
        not drawn,
        view.name,
        view.caption,
        _static(view.before),
        _static(view.after),
        not view.trend_extras,
    )
