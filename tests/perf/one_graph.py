"""The yardstick for page load: a Dash page with one dcc.Graph and nothing else, drawn from
its layout with Dash's defaults. Served in the benchmark run with
`gunicorn tests.perf.one_graph:server`; the app's pages are held to 1.3 times its load time.
"""

from __future__ import annotations

import math
from datetime import date

from dash import Dash, dcc, html

MONTHS = 120  # ten years of monthly figures, as a measure's trend has


def _month_end(n: int) -> str:
    year, month = 2015 + n // 12, n % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1).isoformat()


def figure() -> dict:
    dates = [_month_end(n) for n in range(MONTHS)]
    values = [round(50 + 15 * math.sin(n / 9) + (n % 7), 1) for n in range(MONTHS)]
    return {
        "data": [{"type": "scatter", "mode": "lines+markers", "x": dates, "y": values}],
        "layout": {"title": {"text": "One measure"}, "height": 420},
    }


app = Dash(__name__, title="One graph")
app.layout = html.Main([html.H1("One graph"), dcc.Graph(id="graph", figure=figure())])
server = app.server
