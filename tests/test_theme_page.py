"""The theme page: its queries, its red-first and overdue-first order, and its layout."""

from __future__ import annotations

from datetime import date

from dash import html
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Indicator
from data_access.queries.indicators import MeasureFigures, RecentFigure, recent_figures
from data_access.queries.theme_page import (
    STATUS_ORDER,
    theme_actions,
    theme_measures,
    theme_recommendations,
)
from tests.conftest import as_role, counted_queries

THEME = "quality-practice-and-compliance"
SLUGS = [
    "leadership-and-strategy",
    "demand-and-need",
    "resources-and-capacity",
    "quality-practice-and-compliance",
    "outcomes-for-children",
    "sustainability",
]


def components(tree, kind):
    """Every component of a kind in a layout, depth first."""
    if isinstance(tree, kind):
        yield tree
    children = getattr(tree, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from components(child, kind)
    elif children is not None:
        yield from components(children, kind)


def text_of(tree) -> str:
    if isinstance(tree, str | int | float):
        return str(tree)
    children = getattr(tree, "children", None)
    if isinstance(children, list | tuple):
        return "".join(text_of(child) for child in children)
    return "" if children is None else text_of(children)


# The queries


def test_the_theme_has_measure_8_action_d11_and_recommendation_2016_3(seeded_engine):
    with Session(seeded_engine) as session:
        measures = theme_measures(session, THEME)
        actions = theme_actions(session, THEME)
        recommendations = theme_recommendations(session, THEME)
    assert "8" in [measure.ref for measure in measures]
    assert "D11" in [action.ref for action in actions]
    assert "2016-3" in [item.id for item in recommendations]
    assessments = next(measure for measure in measures if measure.ref == "8")
    assert assessments.unit == "percent" and assessments.target == 85
    assert assessments.latest.date == date(2023, 3, 31)


def test_actions_come_from_every_plan_whose_priority_maps_to_the_theme(seeded_engine):
    with Session(seeded_engine) as session:
        refs = [action.ref for action in theme_actions(session, THEME)]
        leadership = [action.ref for action in theme_actions(session, "leadership-and-strategy")]
    assert {"D1", "D17", "P4.1", "P7.1"} <= set(refs)  # 2017 theme D, 2022/23 priorities 4, 7
    assert not any(ref.startswith(("A", "P1.")) for ref in refs)
    assert "A1" in leadership and "D1" not in leadership


def test_actions_are_overdue_first_then_by_status(seeded_engine):
    with Session(seeded_engine) as session:
        actions = theme_actions(session, THEME)
        later = theme_actions(session, THEME, on=date(2030, 1, 1))
    overdue = [action.overdue for action in actions]
    assert overdue[0] and overdue == sorted(overdue, reverse=True)
    rest = [STATUS_ORDER.index(action.status) for action in actions if not action.overdue]
    assert rest == sorted(rest)
    assert all(action.overdue == (action.status != "blue") for action in later)
    assert [action.ref for action in actions][:2] == ["D9", "D11"]  # red, then amber


def test_recommendations_are_linked_through_actions_or_measures_in_inspection_order(
    seeded_engine,
):
    with Session(seeded_engine) as session:
        recommendations = theme_recommendations(session, THEME)
    ids = [item.id for item in recommendations]
    assert len(ids) == len(set(ids))
    keys = [tuple(int(part) for part in key.split("-")) for key in ids]
    assert keys == sorted(keys)
    first = recommendations[0]
    assert first.inspection == "2016 inspection" and first.text


def test_recent_figures_are_the_newest_six_oldest_first_in_one_query(seeded_engine):
    with Session(seeded_engine) as session:
        ids = list(session.scalars(select(Indicator.id).where(Indicator.ref.in_(["8", "1a"]))))
        with counted_queries(seeded_engine) as statements:
            figures = recent_figures(session, 6, indicator_ids=ids)
        assert recent_figures(session, 6, indicator_ids=[]) == {}
    assert len(statements) == 1
    assert set(figures) == {"8", "1a"}
    for series in figures.values():
        assert len(series) == 6
        dates = [figure.date for figure in series]
        assert dates == sorted(dates) and dates[-1] == date(2023, 3, 31)


def test_unknown_theme_has_nothing(seeded_engine):
    with Session(seeded_engine) as session:
        assert theme_measures(session, "nope") == []
        assert theme_actions(session, "nope") == []
        assert theme_recommendations(session, "nope") == []


# The order of measures: a rule on plain values


def _measure(ref: str, value: float | None, polarity: str = "up") -> MeasureFigures:
    recent = [RecentFigure(date(2023, 3, 31), "Mar 2023", value, None, "illustrative")]
    target = 85.0 if polarity != "neutral" else None
    return MeasureFigures(ref, ref, "percent", polarity, target, 5.0, recent)


def test_measures_are_red_first_then_amber_green_and_not_rated():
    from dashboard.pages.theme import rated_measures

    measures = [
        _measure("green", 90.0),
        _measure("context", 50.0, "neutral"),
        _measure("amber", 82.0),
        _measure("red", 70.0),
        _measure("missing", None),
    ]
    ordered = [item.measure.ref for item in rated_measures(measures)]
    assert ordered == ["red", "amber", "green", "context", "missing"]


# The page


def test_theme_layout_has_one_h1_summary_sections_and_links(client):
    from dashboard.pages import theme

    with as_role(client.application, "/"):
        layout = theme.layout(slug=THEME)
    [h1] = list(components(layout, html.H1))
    assert text_of(h1) == "Theme D: Quality, practice and compliance"
    page = text_of(layout)
    assert "Ensuring that practice based decisions are made using consistent thresholds" in page
    assert "measures red, " in page and "actions overdue, " in page
    hrefs = {link.href for link in components(layout, html.A)}
    assert {"/indicator/8", "/actions/D11", "/recommendations/2016-3"} <= hrefs
    assert {"#measures", "#actions", "#recommendations"} <= hrefs
    headings = [text_of(h2) for h2 in components(layout, html.H2)]
    assert headings == [
        "What this theme is about",
        "Key measures",
        "Actions",
        "Recommendations it answers",
    ]
    for table in components(layout, html.Table):
        assert list(components(table, html.Caption))
    assert all(th.scope == "col" for th in components(layout, html.Th))


def test_theme_layout_puts_red_measures_and_overdue_actions_first(client):
    from dashboard.pages import theme

    with as_role(client.application, "/"):
        layout = theme.layout(slug=THEME)
    measures, actions, _ = components(layout, html.Tbody)
    first_measure = text_of(measures.children[0])
    assert "Red" in first_measure and "against a target of" in first_measure
    assert "Overdue" in text_of(actions.children[0])


def test_every_theme_page_renders_with_the_same_few_queries(client):
    from dashboard import database
    from dashboard.pages import theme

    counts = []
    for slug in SLUGS:  # each as its own request
        with as_role(client.application, "/"), counted_queries(database.engine()) as statements:
            layout = theme.layout(slug=slug)
        assert len(list(components(layout, html.H1))) == 1
        counts.append(len(statements))
    assert len(set(counts)) == 1 and counts[0] <= 8


def test_unknown_or_missing_slug_is_not_found_with_links_to_the_six_themes(client):
    from dashboard.pages import theme

    with as_role(client.application, "/"):
        for slug in ("nope", None):
            layout = theme.layout(slug=slug)
            assert text_of(next(components(layout, html.H1))) == "Theme not found"
            hrefs = {link.href for link in components(layout, html.A)}
            assert {f"/theme/{slug}" for slug in SLUGS} <= hrefs


def test_the_page_title_names_the_theme(client):
    from dashboard.pages import theme

    with as_role(client.application, "/"):
        assert theme.page_title(slug="sustainability") == "Theme F: Sustainability"
        assert theme.page_title(slug="nope") == "Theme not found"
        assert theme.page_title() == "Theme not found"


def test_the_theme_address_is_served(client):
    response = client.get(f"/theme/{THEME}")
    assert response.status_code == 200
    assert "Theme D: Quality, practice and compliance" in response.data.decode()
