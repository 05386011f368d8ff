"""The scorecard's cards and its filter callback, called directly."""

from __future__ import annotations

from dashboard.components.sparkline import sparkline_svg
from tests.conftest import as_role


def _rendered(client, *args):
    from dashboard.pages import scorecard

    with as_role(client.application, "/"):
        sections, showing, _address = scorecard.update_cards(*args)
    return str(sections), showing


def test_every_measure_has_a_card_by_default(client):
    text, showing = _rendered(client, "category", "all", ["red", "amber", "green", "none"])
    assert showing.startswith("Showing 83 of 83")
    assert "/indicator/8" in text and "Context figures published in the documents" in text


def test_rating_and_theme_filters_narrow_the_cards(client):
    _, red = _rendered(client, "category", "all", ["red"])
    _, red_demand = _rendered(client, "category", "demand-and-need", ["red"])
    red_count, demand_count = int(red.split()[1]), int(red_demand.split()[1])
    assert 0 < red_count < 83 and demand_count <= red_count
    text, _ = _rendered(client, "category", "all", ["red"])
    assert "rag-green" not in text and "rag-amber" not in text


def test_grouping_by_theme_puts_a_measure_under_each_of_its_themes(client):
    text, _ = _rendered(client, "theme", "all", ["red", "amber", "green", "none"])
    assert "A. Leadership and strategy" in text and "F. Sustainability" in text
    # K2 belongs to two themes: two cards, and one row in the table of the measures shown
    assert text.count("'/indicator/K2'") == 3


def test_no_match_says_so(client):
    text, showing = _rendered(client, "category", "all", [])
    assert "No measure matches" in text and showing.startswith("Showing 0")


def test_the_layout_takes_its_filters_from_the_address(client):
    from dashboard.pages import scorecard

    with as_role(client.application, "/"):
        page = str(scorecard.layout(rating="red", theme="nonsense", group="theme"))
    assert "Headline scorecard" in page and "rag-green" not in page


def test_sparkline_scales_to_its_box():
    svg = sparkline_svg([10, 20, 15])
    assert svg.startswith("<svg") and 'points="3.0,29.0 60.0,3.0 117.0,16.0"' in svg
    assert "nan" not in sparkline_svg([5, 5, 5])


def test_the_address_keeps_the_choices_that_differ_from_the_defaults(client):
    from dashboard.pages import scorecard

    assert scorecard.address_query("category", "all", ["red", "amber", "green", "none"]) == ""
    assert (
        scorecard.address_query("theme", "demand-and-need", ["amber", "red"])
        == "?group=theme&theme=demand-and-need&rating=red,amber"
    )
