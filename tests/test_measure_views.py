"""The measure page's chart views (SPEC section 11): against target, SPC and the demand
forecast, drawn by the switch above the chart in the page's one graph; and what they say on the
sample data, read against the documents (the 2020-21 rise in contacts, the 2020 peak of children
looked after)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple, get_args

import pytest
from dash import dcc, html, no_update
from plotly.io.json import to_json_plotly

from dashboard.components.chart_views import (
    AFTER,
    BEFORE,
    CAPTION,
    CHART_ID,
    FRAME,
    TREND_EXTRAS,
    VIEW_OUTPUTS,
    VIEWS,
    ChartChoice,
    ChartView,
    drawn_as_tall_as,
)
from dashboard.components.forecast_chart import forecast_view
from dashboard.components.spc_chart import spc_figure, spc_view
from dashboard.components.trend_chart import Line
from dashboard.forecast import forecast
from dashboard.spc import RECENT_POINTS, spc
from data_access.queries.indicators import IndicatorSummary
from tests.background_calls import callback_body
from tests.conftest import as_role
from tests.test_indicator_page import Point, text_of, walk


def summary(polarity="down", target=None, unit="count") -> IndicatorSummary:
    return IndicatorSummary(
        ref="T1",
        title="A test measure",
        category="Contacts",
        unit=unit,
        polarity=polarity,
        frequency="monthly",
        target=target,
        tolerance=None,
        scorecard_ref=None,
        themes=[],
        latest=None,
    )


def month_ends(count: int) -> list[date]:
    return [date(2020 + (m // 12), m % 12 + 1, 28) for m in range(count)]


def line(values) -> Line:
    return Line(
        "E08000008",
        "Tameside",
        [Point(d, f"{d:%b %Y}", v) for d, v in zip(month_ends(len(values)), values)],
    )


# --- the SPC view, from plain values ------------------------------------------------------


def words(view: ChartView) -> list:
    """What a view says around its chart, in reading order."""
    return [*view.before, view.caption, *view.after]


# 12 points worked by hand: mean 10, moving ranges 2 each (mean 2), limits 10 ± 5.32.
STEADY = [9, 11] * 6


def test_the_spc_figure_draws_mean_limits_target_and_each_kind_of_special_cause():
    values = STEADY + [20]  # outside the upper limit: with polarity "down", a concern
    chart = spc(list(zip(month_ends(13), values)), "down", 12.0)
    figure = spc_figure("T1", summary(target=12.0), chart, [], "The authority")
    names = [trace["name"] for trace in figure["data"]]
    assert names[:4] == [
        f"Upper process limit {chart.upper:,.1f}",
        f"Mean {chart.mean:,.1f}",
        f"Lower process limit {chart.lower:,.1f}",
        "Target 12",
    ]
    concern = next(t for t in figure["data"] if t["name"] == "Special cause: concern")
    assert concern["y"] == [20] and concern["marker"]["symbol"] == "square"
    assert "Special cause: improvement" not in names
    assert "rangemode" not in figure["layout"]["yaxis"]  # limits are read against the figures


def test_the_spc_view_gives_verdicts_in_words_the_chart_and_a_table_of_every_point():
    values = STEADY * 2 + [2]  # below the lower limit: lower is better, an improvement
    view = spc_view(summary(target=12.0), line(values), [])
    parts = words(view)
    text = text_of(parts)
    assert "Special cause variation: improvement (lower)" in text_of(view.before)  # above it
    assert "Target not assured" in text  # the target lies between the limits
    assert "a point is outside a limit" not in text and "2.66 times" in text
    assert view.figure["data"] and view.name.startswith("Variation (SPC) chart of measure T1")
    assert not any(isinstance(c, dcc.Graph) for c in walk(parts))  # drawn in the page's graph
    table = next(c for c in walk(parts) if c.__class__.__name__ == "Table")
    rows = [c for c in walk(table) if isinstance(c, html.Tr)][1:]
    assert len(rows) == len(values)
    assert text_of(rows[0]) == f"{month_ends(25)[-1]:%b %Y}2Yes: lower, improvement"
    assert text_of(rows[1]).endswith("No: common cause")


def test_the_spc_view_charts_the_figures_of_the_latest_36_periods():
    values = [1000.0] * 4 + STEADY * 3  # four wild early figures, then 36 steady ones
    view = spc_view(summary(), line(values), [])
    figure = view.figure
    assert len(figure["data"][-1]["x"]) == RECENT_POINTS  # no special cause: the last trace
    assert figure["data"][1]["name"] == "Mean 10"  # the early figures are not in the mean
    assert "Common cause variation" in text_of(words(view))
    # two gaps among the latest 36 periods leave 34 figures, as on the scorecard's card: the
    # early figures do not move up to fill them
    gapped = values[:-2] + [None, None]
    figure = spc_view(summary(), line(gapped), []).figure
    assert len(figure["data"][-1]["x"]) == RECENT_POINTS - 2


def test_a_short_series_has_no_spc_chart_and_says_why():
    view = spc_view(summary(), line([5.0] * 11), [])
    assert view.figure is None  # the page's graph is hidden; the words say why
    assert (
        text_of(words(view))
        == "An SPC chart needs at least 12 figures; Tameside has 11 for this measure."
    )


def test_a_short_series_has_no_forecast_and_says_why():
    view = forecast_view("T1", "A test measure", "count", line([5.0] * 23), [])
    assert view.figure is None  # the page's graph is hidden; the words say why
    assert text_of(view.before[0]) == (
        "A forecast needs at least 24 monthly figures in a row; Tameside has 23 for this measure."
    )
    # Under 36 there is a forecast, but its ranges are the model's own: nothing tested them.
    untested = forecast_view(
        "T1", "A test measure", "count", line([5.0 + i % 3 for i in range(30)]), []
    )
    assert untested.figure is not None
    assert "so its ranges are the model's own, untested" in text_of(words(untested))


def test_a_forecast_is_made_once_for_the_same_figures():
    points = list(zip(month_ends(30), [100.0 + i for i in range(30)]))
    assert forecast(points) is forecast(list(points))  # kept: fitting takes most of a second


# --- the switch on the measure page -------------------------------------------------------


@pytest.fixture
def page(client):
    from dashboard.pages import indicator

    with as_role(client.application, "/"):
        yield indicator


class Switched(NamedTuple):
    """The switch's outputs, in the order of VIEW_OUTPUTS."""

    figure: dict
    style: dict
    hidden: bool
    name: str
    caption: str
    before: object
    after: object
    trend_extras_hidden: bool


def switch(page, view: str, ref: str) -> Switched:
    return Switched(*page.show_chart_view(view, ref))


def test_the_switch_changes_only_the_graph_s_figure_and_the_words_around_it(page):
    targets = [(output.component_id, output.component_property) for output in VIEW_OUTPUTS]
    assert targets == [
        (CHART_ID, "figure"),
        (CHART_ID, "style"),
        (FRAME, "hidden"),
        (FRAME, "aria-label"),
        (CAPTION, "children"),
        (BEFORE, "children"),
        (AFTER, "children"),
        (TREND_EXTRAS, "hidden"),
    ]
    assert tuple(VIEWS) == get_args(ChartChoice)
    layout = page.layout("9b")
    [graph] = [c for c in walk(layout) if isinstance(c, dcc.Graph)]
    assert graph.id == CHART_ID
    for view in VIEWS:
        shown = switch(page, view, "9b")
        assert not any(isinstance(c, dcc.Graph) for c in walk(list(shown)))
        assert shown.hidden is False and shown.figure["data"]
        assert shown.style == {"height": f"{shown.figure['layout']['height']}px"}
        assert shown.style == graph.style  # as tall as the first: never resized, drawn again
        assert shown.trend_extras_hidden is (view != "trend")
    assert switch(page, "spc", "9b").name == "Variation (SPC) chart of measure 9b, " + (
        text_of([c for c in walk(layout) if isinstance(c, html.H1)][0].children[1])
    )


def test_a_shorter_view_is_drawn_in_the_first_view_s_box_with_its_legend_as_far_below():
    first = spc_view(summary(), line(STEADY * 3), [])
    short = spc_view(summary(), line(STEADY * 2), [])
    taller = {**first.figure, "layout": {**first.figure["layout"], "height": 600}}
    held = drawn_as_tall_as(short, replace(first, figure=taller))
    layout, before = held.figure["layout"], short.figure["layout"]
    assert layout["height"] == 600 and before["height"] < 600
    margins = layout["margin"]["t"] + layout["margin"]["b"]
    assert layout["legend"]["y"] * (600 - margins) == pytest.approx(
        before["legend"]["y"] * (before["height"] - margins)
    )
    assert held.figure["data"] is short.figure["data"] and held.after == short.after
    assert drawn_as_tall_as(first, short) is first  # never drawn shorter than it is


def test_a_view_with_too_few_figures_hides_the_graph_and_says_why(page, monkeypatch):
    from dashboard.components import measure_trend

    monkeypatch.setattr(measure_trend, "spc_view", lambda *_: spc_view(summary(), line([5.0]), []))
    shown = switch(page, "spc", "9b")
    assert shown.figure is no_update and shown.style is no_update and shown.hidden is True
    assert "An SPC chart needs at least 12 figures" in text_of(shown.before)


def test_a_measure_gone_since_the_page_opened_gets_a_plain_message(page):
    shown = switch(page, "spc", "no-such-measure")
    assert shown.hidden is True and shown.figure is no_update
    assert text_of(shown.before) == "This measure is no longer in the dashboard."
    assert shown.after is None and shown.trend_extras_hidden is True


def test_the_switch_answers_the_page_and_refuses_a_view_it_does_not_offer(app, client):
    client.get("/healthz")  # Dash gathers the pages' callbacks on the first request
    asked = callback_body(app, "show_chart_view", ["spc", "9b"])
    answer = client.post("/_dash-update-component", json=asked)
    assert answer.status_code == 200
    changed = answer.get_json()["response"]
    assert set(changed) == {CHART_ID, FRAME, CAPTION, BEFORE, AFTER, TREND_EXTRAS}
    assert changed[FRAME]["aria-label"].startswith("Variation (SPC) chart of measure 9b")
    assert changed[CHART_ID]["figure"]["data"] and changed[TREND_EXTRAS]["hidden"] is True
    forged = callback_body(app, "show_chart_view", ["<script>", "9b"])
    refused = client.post("/_dash-update-component", json=forged)
    assert refused.status_code == 400 and "not of the kind it takes" in refused.get_json()["error"]


def options(layout, page) -> list[str]:
    switch = next(c for c in walk(layout) if getattr(c, "id", None) == page.VIEW)
    return [option["value"] for option in switch.options]


def test_demand_measures_offer_a_forecast_and_others_do_not(page):
    assert options(page.layout("9b"), page) == ["trend", "spc", "forecast"]
    assert options(page.layout("8"), page) == ["trend", "spc"]  # a percentage is not demand
    shown = switch(page, "forecast", "8")  # asked for all the same: the trend view
    assert shown.trend_extras_hidden is False and shown.name.endswith(
        "against target and comparators"
    )


def test_switching_back_gives_the_chart_the_page_opened_with(page):
    parts = list(walk(page.layout("12")))
    opened = {c.id: c for c in parts if isinstance(getattr(c, "id", None), str)}
    [graph] = [c for c in parts if isinstance(c, dcc.Graph)]
    shown = switch(page, "trend", "12")
    assert to_json_plotly(shown.figure) == to_json_plotly(graph.figure)
    assert shown.style == graph.style
    assert shown.caption == opened[CAPTION].children
    assert shown.name == getattr(opened[FRAME], "aria-label")
    assert opened[FRAME].hidden is False and opened[TREND_EXTRAS].hidden is False
    assert shown.before is None and shown.after is None


def sample_spc(page, ref: str) -> dict[date, str]:
    table = next(c for c in walk(switch(page, "spc", ref).after) if c.__class__.__name__ == "Table")
    rows = [
        [text_of(cell) for cell in row.children] for row in walk(table) if isinstance(row, html.Tr)
    ]
    return {row[0]: row[2] for row in rows[1:]}


def test_the_spc_view_links_to_the_same_chart_in_the_api(page, client):
    parts = list(switch(page, "spc", "1a")[3:])
    link = next(c.href for c in walk(parts) if isinstance(c, html.A) and "/spc?" in c.href)
    answer = client.get(link).get_json()
    assert len(answer["points"]) == RECENT_POINTS
    assert f"Mean {answer['mean']:,.1f}, process limits {answer['lower']:,.1f}" in text_of(parts)


def test_the_spc_view_of_contacts_shows_the_lockdown_fall_and_the_2020_21_rise(page):
    causes = sample_spc(page, "1a")
    assert causes["Apr 2020"] == "Yes: lower, not judged"  # the first lockdown
    assert all(causes[month] == "Yes: higher, not judged" for month in ("Feb 2021", "Mar 2021"))
    assert causes["Mar 2023"] == "No: common cause"


def test_the_spc_view_of_children_looked_after_shows_the_2020_peak_then_the_fall(page):
    causes = sample_spc(page, "9b")
    assert all(causes[m] == "Yes: higher, not judged" for m in ("Aug 2020", "Sep 2020", "Oct 2020"))
    assert causes["Mar 2023"] == "Yes: lower, not judged"
    assert "Special cause variation: lower" in text_of(switch(page, "spc", "9b").before)


def test_the_forecast_view_matches_the_forecast_and_says_what_it_cannot_tell(page, client):
    shown = switch(page, "forecast", "1a")
    parts = [shown.before, shown.caption, shown.after]
    text = text_of(parts)
    assert "It cannot foresee what changes the pattern" in text
    assert "Tested on the last 12 months" in text
    answer = client.get("/api/v1/indicators/1a/forecast").get_json()
    table = next(c for c in walk(parts) if c.__class__.__name__ == "Table")
    rows = [
        [text_of(cell) for cell in row.children] for row in walk(table) if isinstance(row, html.Tr)
    ]
    assert len(rows) == 13
    first = answer["points"][0]
    assert rows[1] == [
        "Apr 2023",
        f"{round(first['value']):,}",
        f"{first['lower80']:,.0f} to {first['upper80']:,.0f}",
        f"{first['lower95']:,.0f} to {first['upper95']:,.0f}",
    ]
    assert f"out by {answer['backtest']['mape']:.1f}%" in text
    assert f"{answer['backtest']['inside95']} of 12 months fell inside the 95% range" in text
    assert answer["backtest_words"] in text
    assert [t["name"] for t in shown.figure["data"]][:4] == [
        "95% range",
        "80% range",
        "Tameside",
        "Forecast",
    ]
