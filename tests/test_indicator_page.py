"""The measure page: its chart, its tables, its links, and not found for an unknown ref."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

import plotly.graph_objects as go
import pytest
from dash import dcc, html
from dash.development.base_component import Component
from sqlalchemy import event

from dashboard.components.trend_chart import Line, _label_rows, event_label, trend_figure
from tests.conftest import as_role

# --- helpers -----------------------------------------------------------------------------


class Point(NamedTuple):
    date: date
    label: str
    value: float | None
    provenance: str = "illustrative"
    source: str = ""


class Happening(NamedTuple):
    date: date
    name: str
    kind: str
    description: str = ""


def walk(component) -> Iterator[Component]:
    """Every component in a layout, depth first."""
    if isinstance(component, list | tuple):
        for child in component:
            yield from walk(child)
    elif isinstance(component, Component):
        yield component
        yield from walk(getattr(component, "children", None))


def text_of(component) -> str:
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(text_of(c) for c in component)
    if isinstance(component, Component):
        return text_of(getattr(component, "children", None))
    return ""


def hrefs(layout) -> set[str]:
    return {c.href for c in walk(layout) if isinstance(c, html.A)}


MONTHS = [date(2022, m, 28) for m in range(1, 13)]
HOME = Line(
    "E08000008",
    "Tameside",
    [Point(d, f"{d:%b %Y}", 70.0 + i) for i, d in enumerate(MONTHS[:-1])]
    + [Point(MONTHS[-1], "Dec 2022", 82.0, "published", "Cabinet report, p. 3")],
)
ENGLAND = Line("E92000001", "England", [Point(date(2022, 3, 31), "2021/22", 80.0)])
EVENTS = [
    Happening(date(2022, 4, 30), "Ofsted focused visit (April 2022)", "visit"),
    Happening(date(2022, 7, 5), "DfE Improvement Notice issued", "governance"),
    Happening(date(2022, 8, 1), "Scrutiny panel <b>meets</b>", "governance"),
]


def rated_figure(polarity: str = "up", unit: str = "percent") -> dict:
    return trend_figure(
        title="8 Assessments",
        unit=unit,
        polarity=polarity,
        target=85.0,
        tolerance=5.0,
        home=HOME,
        comparators=[ENGLAND],
        events=EVENTS,
    )


def trace(figure: dict, name_start: str) -> dict:
    matches = [t for t in figure["data"] if t["name"].startswith(name_start)]
    assert len(matches) == 1, [t["name"] for t in figure["data"]]
    return matches[0]


# --- the figure builder ------------------------------------------------------------------


def test_the_figure_has_tameside_target_tolerance_comparators_published_and_events():
    figure = rated_figure()
    go.Figure(figure)  # Plotly accepts it: every property is valid
    names = [t["name"] for t in figure["data"]]
    assert {"Tameside", "England", "Published figure", "Target 85.0%"} <= set(names)
    tameside = trace(figure, "Tameside")
    assert tameside["mode"] == "lines+markers" and tameside["line"]["color"] == "#1d3557"
    assert trace(figure, "Target")["line"]["dash"] == "dash"
    assert trace(figure, "England")["line"]["dash"] not in ("solid", "dash")
    published = trace(figure, "Published figure")
    assert published["marker"]["symbol"] == "diamond" and published["y"] == [82.0]
    assert "Cabinet report, p. 3" in published["text"][0] and "Dec 2022" in published["text"][0]
    assert "Illustrative figure" in tameside["text"][0]
    layout = figure["layout"]
    assert layout["title"]["text"] and layout["xaxis"]["title"]["text"]
    assert layout["yaxis"]["title"]["text"] == "Percentage"
    assert layout["yaxis"]["range"] == [0, 100]


def test_the_tolerance_band_lies_on_the_worse_side_of_the_target():
    rising = trace(rated_figure("up"), "Tolerance")
    assert (min(rising["y"]), max(rising["y"])) == (80.0, 85.0)
    falling = trace(rated_figure("down"), "Tolerance")
    assert (min(falling["y"]), max(falling["y"])) == (85.0, 90.0)


def test_context_measures_have_no_target_and_counts_start_at_zero():
    figure = rated_figure("neutral", "count")
    names = [t["name"] for t in figure["data"]]
    assert not any(n.startswith(("Target", "Tolerance")) for n in names)
    assert figure["layout"]["yaxis"]["rangemode"] == "tozero"
    assert figure["layout"]["yaxis"]["title"]["text"] == "Number"


def test_events_are_named_lines_and_only_key_events_are_drawn():
    figure = rated_figure()
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == ["Ofsted visit", "Improvement Notice"]
    assert len(figure["layout"]["shapes"]) == 2
    assert all(s["line"]["dash"] == "dot" for s in figure["layout"]["shapes"])
    assert "DfE Improvement Notice issued" in figure["layout"]["annotations"][1]["hovertext"]
    assert event_label(EVENTS[2]) is None
    assert event_label(Happening(date(2020, 3, 23), "Covid-19 national lockdown", "external"))


def test_labels_of_events_close_together_take_different_rows():
    start, end = date(2015, 1, 1), date(2023, 1, 1)
    rows = _label_rows(
        [(date(2017, 1, 1), "Inspection"), (date(2017, 2, 1), "Ofsted visit")], start, end
    )
    assert rows[0] != rows[1]
    apart = _label_rows(
        [(date(2016, 1, 1), "Inspection"), (date(2021, 1, 1), "Lockdown")], start, end
    )
    assert apart == [0, 0]


def test_user_text_in_the_chart_is_escaped():
    figure = trend_figure(
        title="<script>x</script>",
        unit="count",
        polarity="neutral",
        target=None,
        tolerance=None,
        home=Line("E08000008", "Tameside", [Point(date(2022, 1, 31), "Jan <i>", 3.0)]),
        events=[Happening(date(2022, 1, 31), "Inspection <img src=x>", "inspection")],
    )
    assert "<script>" not in figure["layout"]["title"]["text"]
    assert "<i>" not in figure["data"][0]["text"][0]
    assert "<img" not in figure["layout"]["annotations"][0]["hovertext"]


def test_a_measure_without_figures_gives_an_empty_titled_figure():
    figure = trend_figure(
        title="X",
        unit="count",
        polarity="up",
        target=1.0,
        tolerance=None,
        home=Line("E08000008", "Tameside", []),
    )
    assert figure["data"] == [] and "no figures" in figure["layout"]["title"]["text"]


# --- the page ----------------------------------------------------------------------------


@pytest.fixture
def page(client):
    from dashboard.pages import indicator

    with as_role(client.application, "/"):
        yield indicator


def test_the_page_of_8_shows_rating_trend_definition_and_commentary(page):
    layout = page.layout("8")
    text = text_of(layout)
    assert "85.7% against a target of 85.0%: 0.7 points above" in text
    assert "over the last 3 periods" in text  # the trend sentence beside the rating
    assert "completed within 45 working days of the referral" in text  # definition
    # and what it counts when computed from the council's Annex A lists
    assert "When computed from the council's Annex A lists" in text
    assert "authorised within 45 working days of the assessment's start" in text
    assert "Assessments that drift leave children without a plan" in text  # why it matters
    assert "The fourth duty and safeguarding team has added capacity" in text  # commentary
    assert "Director of Children's Services" in text
    headings = [c for c in walk(layout) if isinstance(c, html.H1)]
    assert (
        len(headings) == 1 and "8" in text_of(headings) and "45 working days" in text_of(headings)
    )
    h2s = [text_of(c) for c in walk(layout) if isinstance(c, html.H2)]
    assert {"Trend", "Latest commentary", "Team breakdown", "Download the data"} <= set(h2s)


def test_a_measure_annex_a_does_not_give_says_nothing_of_it(page):
    assert "Annex A" not in text_of(page.layout("2a"))


def test_the_page_links_actions_recommendations_and_downloads(page):
    links = hrefs(page.layout("8"))
    assert {"/actions/D11", "/recommendations/2016-3"} <= links
    assert "/api/v1/indicators/8/observations?format=csv" in links
    assert "/api/v1/indicators/8/observations?format=xlsx" in links
    named = {text_of(c) for c in walk(page.layout("8")) if isinstance(c, html.A)}
    assert "Action D11" in named and "Recommendation 2016-3" in named


def test_the_chart_is_followed_by_its_data_and_every_table_is_captioned(page):
    layout = page.layout("12")
    parts = list(walk(layout))
    graphs = [c for c in parts if isinstance(c, dcc.Graph)]
    assert len(graphs) == 1 and graphs[0].config["displaylogo"] is False
    names = {t["name"] for t in graphs[0].figure["data"]}
    assert {"Tameside", "England", "North West", "Statistical neighbours (average)"} <= names
    button = next(c for c in parts if getattr(c, "id", None) == page.TABLES_BUTTON)
    assert getattr(button, "aria-expanded") == "false"
    assert getattr(button, "aria-controls") == page.TABLES
    shown, label, expanded = page.show_trend_tables(1, "12")
    assert (label, expanded) == (page.HIDE_TABLES, "true")
    assert page.show_trend_tables(2, "12") == ([], page.SHOW_TABLES, "false")
    chart_tables = [c for c in walk(shown) if c.__class__.__name__ == "Table"]
    assert len(chart_tables) == 2  # Tameside's figures; its comparators'
    assert "England" in text_of(chart_tables[1]) and "North West" in text_of(chart_tables[1])
    tables = [c for c in parts if c.__class__.__name__ == "Table"] + chart_tables
    assert len(tables) >= 5
    for table in tables:
        assert any(isinstance(c, html.Caption) for c in walk(table.children))
    column_headers = [c for c in parts if isinstance(c, html.Th) and c.scope != "row"]
    assert column_headers and all(c.scope == "col" for c in column_headers)


def test_team_breakdown_only_for_team_level_measures(page):
    assert "Team breakdown" not in text_of(page.layout("K1"))
    text = text_of(page.layout("8"))
    assert "Tameside (all teams)" in text and "Duty and assessment" in text


@pytest.mark.parametrize("ref", ["xyz", None, ""])
def test_an_unknown_ref_is_a_helpful_not_found(page, ref):
    layout = page.layout(ref)
    text = text_of(layout)
    assert "Measure not found" in text
    if ref:
        assert f"There is no measure '{ref}'" in text
    assert "/" in hrefs(layout)
    assert not any(isinstance(c, dcc.Graph) for c in walk(layout))


def test_the_page_runs_a_small_fixed_number_of_queries(page):
    from dashboard import database

    seen: list[str] = []

    def record(*_args):
        seen.append("statement")

    engine = database.engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        counts = {}
        for ref in ("8", "12", "K1", "C12"):
            seen.clear()
            page.layout(ref)
            counts[ref] = len(seen)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert max(counts.values()) <= 15, counts  # a team-level one: its teams' commentary


def test_the_title_names_the_measure(page, client):
    assert "Assessments completed within 45 working days" in page.page_title("8")
    assert page.page_title("nope") == "Measure not found"
    assert page.page_title() == "Measure"
    served = client.get("/indicator/8").data.decode()
    assert "Assessments completed within 45 working days" in served  # the page's meta title


def test_every_seeded_measure_page_builds(page, client):
    refs = [item["ref"] for item in client.get("/api/v1/indicators").get_json()]
    for ref in refs:
        layout = page.layout(ref)
        assert len([c for c in walk(layout) if isinstance(c, html.H1)]) == 1, ref
        assert "Measure not found" not in text_of(layout), ref


def test_team_breakdown_of_a_count_leaves_out_empty_and_unrated_columns(page):
    tables = [c for c in walk(page.layout("9a")) if c.__class__.__name__ == "Table"]
    teams = [t for t in tables if "Each team's figure" in text_of(t.children[0])]
    assert len(teams) == 1
    headers = [
        text_of(c) for c in walk(teams[0].children) if isinstance(c, html.Th) and c.scope == "col"
    ]
    assert headers == ["Team", "Figure"]
