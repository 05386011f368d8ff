"""What a viewer and a team manager see of the figures (SPEC section 8) in the pages, and the
rules applied for whoever asks; test_viewer_view_api.py has the API, the downloads and the pack.

The sample data with three newest Tameside figures made small (`server`, in conftest.py):
measure 13 (a count) is 3, measure 8 (a percentage) is 2 of 4 (50.0%) and measure 12 (a
percentage) is 3 of 40 (7.5%). A viewer sees each as `c`, unrated; a director sees the real
numbers."""

from __future__ import annotations

import re

import pytest

from dashboard import visible_figures as visible
from dashboard.disclosure import NOT_RATED
from data_access.queries.observations import TeamFigure
from tests.conftest import (
    COUNT,
    FEW,
    HALF,
    NEWEST,
    SHOWN_TO_DIRECTOR,
    SMALL,
    TEAM,
    as_role,
    by_ref,
    csv_rows,
    user_client,
)

OTHER_TEAM, NORTH = "safeguarding-north", "Safeguarding and child in need – North"


def text_of(component) -> str:
    """The words of a layout, as a person reads them."""
    if component is None or isinstance(component, bool):
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    children = getattr(component, "children", None)
    if not isinstance(children, list | tuple):
        children = [children]
    return " ".join(text_of(child) for child in children)


def read_aloud(component) -> str:
    """A layout's text as the downloads read it: inline parts run together, as on screen."""
    from dashboard.downloads import cell_value

    return " ".join(str(cell_value(component)).split())


# The scorecard and the measure page


@pytest.mark.parametrize("ref", SMALL)
def test_the_scorecard_shows_a_viewer_c_unrated(server, ref):
    from dashboard.pages import scorecard

    with as_role(server, "/", "viewer"):
        page = scorecard.layout()
    table = by_ref(table_rows(page["scorecard-table"]))
    assert table[ref]["Latest"] == "c"
    assert table[ref]["Rating"] == "Not rated"
    assert table[ref]["Why"] == NOT_RATED
    assert "c: fewer than 6 children; hidden to protect their privacy." in read_aloud(page)


def table_rows(table) -> list[dict]:
    from dashboard.downloads import table_rows as rows_of

    columns, rows = rows_of(table)
    return [dict(zip(columns, [str(cell) for cell in row])) for row in rows]


def test_the_scorecard_shows_a_director_the_figures(server):
    from dashboard.pages import scorecard

    with as_role(server, "/", "director"):
        page = scorecard.layout()
    table = by_ref(table_rows(page["scorecard-table"]))
    for ref, figure in SHOWN_TO_DIRECTOR.items():
        assert table[ref]["Latest"] == figure
    assert table[COUNT]["Why"].startswith("3 against a target of 5")
    assert table[HALF]["Why"].startswith("50.0% against a target of 85.0%")
    # DfE's own `c` cells may be explained on the page; the three small figures are not hidden
    for ref in SHOWN_TO_DIRECTOR:
        assert "fewer than 6" not in " ".join(map(str, table[ref].values())), ref


@pytest.mark.parametrize("ref", SMALL)
def test_the_measure_page_shows_a_viewer_c_unrated_and_a_gap_in_the_chart(server, ref):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{ref}", "viewer"):
        page = indicator.layout(ref)
    words = " ".join(text_of(page).split())
    assert "c Mar 2023, illustrative figure" in words
    assert NOT_RATED in words
    assert "c: fewer than 6 children" in read_aloud(page)
    assert SHOWN_TO_DIRECTOR[ref] + " against" not in words
    if ref != COUNT:  # a percentage: not even in the tables under the chart
        assert not re.search(rf"(?<![\d.]){re.escape(SHOWN_TO_DIRECTOR[ref])}", words)
    assert "Team breakdown" not in words and "Duty and assessment" not in words
    chart = page["measure-chart"].figure
    [tameside] = [trace for trace in chart["data"] if trace.get("name") == "Tameside"]
    assert tameside["x"][-1] == NEWEST and tameside["y"][-1] is None


def test_the_measure_page_series_table_hides_the_numerator_and_denominator(server):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{FEW}", "viewer"):
        shown, _label, _expanded = indicator.show_trend_tables(1, FEW)  # the chart's tables
    tables = [c for part in shown for c in walk(part) if type(c).__name__ == "Table"]
    newest = next(
        row
        for table in tables
        for row in table_rows(table)
        if row.get("Period end") == "31 Mar 2023"
    )
    assert (newest["Figure"], newest["Numerator"], newest["Denominator"]) == ("c", "", "")


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float | bool):
            yield from walk(child)


def test_the_measure_page_shows_a_director_the_figure_and_every_team(server):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{HALF}", "director"):
        words = " ".join(text_of(indicator.layout(HALF)).split())
    assert "Latest figure and rating 50.0% Mar 2023" in words
    assert "50.0% against a target of 85.0%" in words
    assert "Team breakdown" in words
    assert "Duty and assessment" in words and f"{NORTH}" in words


def test_the_theme_page_shows_a_viewer_c(server):
    from dashboard.pages import theme

    with as_role(server, "/theme/quality-practice-and-compliance", "viewer"):
        page = theme.layout(slug="quality-practice-and-compliance")
    rows = by_ref(table_rows(page["theme-measures"]))
    shown = [ref for ref in SMALL if ref in rows]
    assert shown
    for ref in shown:
        assert rows[ref]["Latest"] == "c"
        assert NOT_RATED in rows[ref]["Rating and why"]


def test_a_recommendations_measures_show_a_viewer_c_unrated(server):
    from dashboard.pages import recommendation

    with as_role(server, "/recommendations/2016-3", "viewer"):
        page = recommendation.layout(rec_id="2016-3")
    rows = {
        row["Measure"].split(":")[0]: row for row in table_rows(page["recommendation-measures"])
    }
    assert rows[HALF]["Latest"] == "c" and rows[HALF]["Why"] == NOT_RATED
    with as_role(server, "/recommendations/2016-3", "director"):
        page = recommendation.layout(rec_id="2016-3")
    rows = {
        row["Measure"].split(":")[0]: row for row in table_rows(page["recommendation-measures"])
    }
    assert rows[HALF]["Latest"] == "50.0%" and rows[HALF]["Rating"].endswith("Red")


# Team managers


def test_a_team_manager_lists_only_their_own_teams(server):
    from dashboard.pages import teams

    with as_role(server, "/teams", "team_manager", (TEAM,)):
        words = text_of(teams.layout())
    assert "Duty and assessment" in words
    assert NORTH not in words and "Leaving care" not in words
    with as_role(server, "/teams", "director"):
        assert NORTH in text_of(teams.layout())


def test_a_team_manager_sees_their_own_teams_figure_and_the_total_unsuppressed(server):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{HALF}", "team_manager", (TEAM,)):
        page = indicator.layout(HALF)
    rows = table_rows(page["team-breakdown"])
    assert [row["Team"] for row in rows] == ["Duty and assessment", "Tameside (all teams)"]
    assert rows[-1]["Figure"] == "50.0%"  # the total, unsuppressed: they see small numbers
    words = " ".join(text_of(page).split())
    assert "Your team's figure" in words and NORTH not in words


def test_a_team_manager_downloads_only_their_own_teams_rows(server):
    client = user_client(server, "team_manager", (TEAM,))
    address = f"/download?page=/indicator/{HALF}&table=team-breakdown&format=csv"
    assert [row["Team"] for row in csv_rows(client.get(address))] == [
        "Duty and assessment",
        "Tameside (all teams)",
    ]
    assert client.get(f"/api/v1/indicators/{HALF}/observations?team={OTHER_TEAM}").status_code == (
        403
    )


# The rules applied for whoever asks


def team(slug: str, value: float) -> TeamFigure:
    return TeamFigure(slug, slug, "s", NEWEST, "Mar 2023", value, None, None, None, "illustrative")


def test_secondary_suppression_is_applied_before_teams_are_left_out(server):
    # A 3, B 12, C 40, total 55: were small numbers hidden from someone who sees teams, B
    # would be hidden too. A viewer sees no team at all, and the total stays.
    parts = [team("a", 3), team("b", 12), team("c", 40)]
    total = team("all", 55)
    with as_role(server, "/", "viewer"):
        shown_total, shown = visible.team_figures(parts, total, "count")
    assert shown == [] and shown_total.value == 55
    with as_role(server, "/", "director"):
        shown_total, shown = visible.team_figures(parts, total, "count")
    assert shown == parts and shown_total is total


def test_outside_a_request_small_numbers_are_hidden():
    assert visible.hides_small_numbers()
    assert visible.series([team("a", 3)], "count")[0].symbol == "c"
    assert visible.teams([team("a", 3)]) == []


def test_a_suppressed_figure_is_not_rated_but_a_missing_one_says_so():
    suppressed = TeamFigure("a", "a", "s", NEWEST, "Mar 2023", None, None, None, "c", "x")
    assert visible.rate_shown(suppressed, 85.0, 5.0, "up", "percent").explanation == NOT_RATED
    assert visible.rate_shown(None, 85.0, 5.0, "up", "percent").rag is None
    assert visible.rate_shown(team("a", 70), 85.0, 5.0, "up", "percent").rag == "red"


def test_the_glossary_and_about_page_say_what_c_means(server):
    from dashboard.pages import about, glossary

    with as_role(server, "/glossary", "viewer"):
        words = text_of(glossary.layout()) + text_of(about.layout())
    assert "c (suppressed figure)" in words
    assert "7.5%" in words and "numerator" in words
