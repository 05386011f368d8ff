"""Every chart's toolbar (the Plotly mode bar) offers the PNG download and nothing that would
send the chart's figures to a cloud service: each dcc.Graph of each page has the one shared
configuration, and switching a measure's chart view changes its figure, never its toolbar."""

from __future__ import annotations

from collections.abc import Iterator

import dash
from dash import dcc
from dash.development.base_component import Component

from dashboard.auth import find_page
from dashboard.components.chart_views import VIEW_OUTPUTS, VIEWS
from dashboard.components.measure_trend import chart_view
from dashboard.components.trend_chart import GRAPH_CONFIG
from tests.conftest import as_role
from tests.test_access import PAGES

# An address for each page (a demand measure, so that it has the forecast view as well).
DEMAND_MEASURE = "1a"
ADDRESSES = [
    *PAGES,
    f"/indicator/{DEMAND_MEASURE}",
    "/recommendations/2016-1",
]
CLOUD_OPTIONS = ("showSendToCloud", "showEditInChartStudio", "showLink", "sendData")


def components(node) -> Iterator[Component]:
    """Every component in a layout, in any property (not only children)."""
    if isinstance(node, list | tuple):
        for item in node:
            yield from components(item)
    elif isinstance(node, Component):
        yield node
        for name in node._prop_names:
            yield from components(getattr(node, name, None))


def _graphs(layout, **arguments) -> list[dcc.Graph]:
    drawn = layout(**arguments) if callable(layout) else layout
    return [c for c in components(drawn) if isinstance(c, dcc.Graph)]


def _drawn_graphs(app) -> list[dcc.Graph]:
    """The charts of every page, drawn for an administrator (who sees every part)."""
    graphs, drawn = [], set()
    for address in ADDRESSES:
        with as_role(app.server, address):
            page, arguments = find_page(address)
            drawn.add(page["module"])
            graphs += _graphs(page["layout"], **arguments)
    for page in dash.page_registry.values():
        if page["module"] not in drawn:
            assert not page.get("path_template"), f"no address for {page['module']} here"
            with as_role(app.server, page["path"]):
                graphs += _graphs(page["layout"])
    return graphs


def test_the_shared_toolbar_keeps_the_png_download_and_offers_no_cloud_service():
    assert all(GRAPH_CONFIG[option] is False for option in CLOUD_OPTIONS)
    assert not GRAPH_CONFIG["plotlyServerURL"]
    removed = GRAPH_CONFIG["modeBarButtonsToRemove"]
    assert {"sendDataToCloud", "editInChartStudio"} <= set(removed)
    assert "toImage" not in removed and GRAPH_CONFIG["toImageButtonOptions"]["format"] == "png"


def test_every_chart_of_every_page_has_the_shared_toolbar(app):
    graphs = _drawn_graphs(app)
    assert graphs  # the measure page's
    for graph in graphs:
        assert graph.config == GRAPH_CONFIG, graph.id


def test_switching_the_chart_view_keeps_the_graph_and_its_toolbar(app):
    assert "config" not in {output.component_property for output in VIEW_OUTPUTS}
    with as_role(app.server, f"/indicator/{DEMAND_MEASURE}"):
        for view in VIEWS:
            switched = chart_view(view, DEMAND_MEASURE)
            assert not any(isinstance(c, dcc.Graph) for c in components(list(switched))), view
