"""The scorecard's cards and its filter callback, called directly."""

from __future__ import annotations

from datetime import date

from dashboard.components.badges import ASSURANCE_STYLES, VARIATION_STYLES
from dashboard.components.sparkline import sparkline_svg
from data_access.seed import read_csv
from tests.conftest import as_role

DEFAULT_PERIOD = {"asked": None, "heading": "Reporting period: June 2023"}  # as the page keeps it


def _rendered(client, *args):
    from dashboard.pages import scorecard

    with as_role(client.application, "/"):
        sections, showing, _address = scorecard.update_cards(*args, DEFAULT_PERIOD)
    return str(sections), showing


def test_every_measure_has_a_card_by_default(client):
    text, showing = _rendered(client, "category", "all", ["red", "amber", "green", "none"])
    measures = len(list(read_csv("indicators.csv")))
    assert showing.startswith(f"Showing {measures} of {measures}")
    assert "/indicator/8" in text and "Context figures" in text


def test_rating_and_theme_filters_narrow_the_cards(client):
    _, red = _rendered(client, "category", "all", ["red"])
    _, red_demand = _rendered(client, "category", "demand-and-need", ["red"])
    red_count, demand_count = int(red.split()[1]), int(red_demand.split()[1])
    assert 0 < red_count < len(list(read_csv("indicators.csv"))) and demand_count <= red_count
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
        page = scorecard.layout(rating="red", theme="nonsense", group="theme")
    cards = next(part for part in page.children if getattr(part, "id", None) == scorecard.CARDS)
    assert "Headline scorecard" in str(page) and "rag-green" not in str(cards)


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


def _card_and_row(client, ref: str) -> tuple[str, str]:
    """The text of a measure's card and of its row in the table of the measures shown."""
    from dash import html

    from dashboard.pages import scorecard
    from tests.test_indicator_page import text_of, walk

    with as_role(client.application, "/"):
        sections, _ = scorecard.scorecard_cards("category", "all", scorecard.ALL_RATINGS, [])
    link = f"/indicator/{ref}"
    card = next(
        c
        for c in walk(sections)
        if isinstance(c, html.Li) and any(getattr(a, "href", None) == link for a in walk(c))
    )
    row = next(
        r
        for r in walk(sections)
        if isinstance(r, html.Tr) and any(getattr(a, "href", None) == link for a in walk(r))
    )
    return text_of(card), text_of(row)


def test_cards_and_table_carry_the_spc_verdicts_of_the_latest_36_figures(client):
    from dashboard.spc import assurance_words, spc, variation_words

    for ref in ("3a", "3c", "9b"):
        measure = client.get(f"/api/v1/indicators/{ref}").get_json()
        figures = client.get(f"/api/v1/indicators/{ref}/observations").get_json()
        known = [
            (date.fromisoformat(f["date"]), f["value"])
            for f in figures["observations"][-36:]  # the latest 36 periods
            if f["value"] is not None
        ]
        chart = spc(known, measure["polarity"], measure["target"])
        card, row = _card_and_row(client, ref)
        icon, variation, _ = VARIATION_STYLES[chart.variation]
        assert f"SPC: {icon} {variation}" in card and variation in row, ref
        if chart.assurance:
            icon, assurance, _ = ASSURANCE_STYLES[chart.assurance]
            assert f"{variation} {icon} {assurance}" in card and assurance in row, ref
        else:
            assert not any(words in card for _, words, _ in ASSURANCE_STYLES.values()), ref
            assert "No target" in row, ref
        assert variation_words(chart.variation) and assurance_words(chart.assurance)


def test_a_measure_with_too_few_figures_has_no_spc_icons(client):
    card, row = _card_and_row(client, "C1")
    assert "SPC" not in card and "Fewer than 12 figures" in row
