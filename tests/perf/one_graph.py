"""The yardstick for page load and interactions: a Dash page with one dcc.Graph and a
dcc.Dropdown whose change redraws the graph through a callback, as Dash's own examples do,
drawn with Dash's defaults. Served in the benchmark run with
`gunicorn tests.perf.one_graph:server`; the app's pages are held to 1.3 times its load time,
and its interactions to 3 times its redraw after a dropdown change (the "floor redraw").
"""

from __future__ import annotations

import math
from datetime import date

from dash import Dash, Input, Output, callback, dcc, html

MONTHS = 120  # ten years of monthly figures, as a measure's trend has
SERIES = {"first": "One measure", "second": "Another measure", "third": "A third measure"}
DROPDOWN, GRAPH = "measure", "graph"


def _month_end(n: int) -> str:
    year, month = 2015 + n // 12, n % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1).isoformat()


def figure(series: str = "first") -> dict:
    shift = list(SERIES).index(series) if series in SERIES else 0
    dates = [_month_end(n) for n in range(MONTHS)]
    values = [
        round(50 + 15 * math.sin(n / (9 + shift)) + (n % (7 + shift)), 1) for n in range(MONTHS)
    ]
    return {
        "data": [{"type": "scatter", "mode": "lines+markers", "x": dates, "y": values}],
        "layout": {"title": {"text": SERIES.get(series, SERIES["first"])}, "height": 420},
    }


@callback(Output(GRAPH, "figure"), Input(DROPDOWN, "value"), prevent_initial_call=True)
def redraw(series: str | None) -> dict:
    return figure(series or "first")


app = Dash(__name__, title="One graph")
app.layout = html.Main(
    [
        html.H1("One graph"),
        html.Label("Measure", htmlFor=DROPDOWN),
        dcc.Dropdown(
            id=DROPDOWN,
            options=[{"label": label, "value": value} for value, label in SERIES.items()],
            value="first",
            clearable=False,
        ),
        dcc.Graph(id=GRAPH, figure=figure()),
    ]
)
server = app.server
