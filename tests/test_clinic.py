"""The performance clinic: the deterioration rule, its queries and its page."""

from __future__ import annotations

import re
from datetime import date

import dash_bootstrap_components as dbc
import pytest
from dash import html

from dashboard.components.clinic_exceptions import measure_exception_tables, measure_exceptions
from dashboard.components.open_actions import NO_OPEN_ACTION
from dashboard.components.static_html import StaticHtml
from dashboard.rating import deteriorating_for
from data_access.authority import Authority
from data_access.queries.clinic import (
    Series,
)
from data_access.queries.indicators import RecentFigure
from data_access.queries.links import AimedAction
from data_access.queries.teams import TeamRow
from tests.conftest import as_role, counted_queries
from tests.test_theme_page import components, text_of

SAMPLE = Authority("E08000008", "Tameside", "E12000002", "North West")  # the sample's authority

AS_AT = date(2023, 6, 30)  # the reporting date: the sample's newest month is June 2023
DEFAULT_PERIOD = {"asked": None, "heading": "Reporting period: June 2023"}  # as the page keeps it

# The rule: deteriorating for three periods


@pytest.mark.parametrize(
    ("values", "polarity", "unit", "expected"),
    [
        ([90.0, 88.0, 86.0, 84.0], "up", "percent", True),  # higher is better, falling
        ([10.0, 12.0, 14.0, 16.0], "down", "percent", True),  # lower is better, rising
        ([90.0, 92.0, 94.0, 96.0], "up", "percent", False),  # improving
        ([16.0, 14.0, 12.0, 10.0], "up", "percent", True),  # falling is worse for `up`
        ([10.0, 12.0, 14.0, 16.0], "neutral", "count", False),  # context: never judged
        ([88.0, 86.0, 84.0], "up", "percent", False),  # three figures: only two changes
        ([], "up", "percent", False),
        ([90.0, 88.0, 87.5, 85.0], "up", "percent", False),  # a 0.5-point fall is stable
        ([90.0, 88.0, 87.0, 85.0], "up", "percent", False),  # one point exactly: stable
        ([90.0, 88.0, 86.9, 85.0], "up", "percent", True),  # just over one point: worse
        ([90.0, 80.0, 82.0, 81.0, 79.0], "up", "percent", False),  # only the newest three count
        ([95.0, 90.0, 88.0, 86.0, 84.0], "up", "percent", True),  # a longer run is a run
        ([100.0, 101.0, 102.0, 103.0], "down", "count", False),  # 1% a period: stable
        ([100.0, 103.0, 106.0, 110.0], "down", "count", True),  # 3% a period: worse
        ([18.0, 19.0, 20.0, 21.5], "down", "average", True),  # caseloads rising
        ([90.0, None, 88.0, 86.0, None, 84.0], "up", "percent", True),  # gaps are skipped
        ([90.0, None, 88.0, None], "up", "percent", False),  # too few known figures
    ],
)
def test_deteriorating_for_three_periods(values, polarity, unit, expected):
    assert deteriorating_for(values, polarity, unit) is expected


def test_the_number_of_periods_can_be_chosen():
    assert deteriorating_for([90.0, 88.0, 86.0], "up", "percent", periods=2)
    assert not deteriorating_for([90.0, 88.0, 86.0], "up", "percent", periods=3)


# The page


def _series(values: list[float], team: TeamRow | None = None) -> Series:
    recent = [
        RecentFigure(date(2023, month, 28), f"Month {month}", value, None, "illustrative")
        for month, value in enumerate(values, start=1)
    ]
    red = values[-1] < 80.0  # as is_red decides it for a target of 85 and a tolerance of 5
    return Series("T1", "A measure", "percent", "up", 85.0, 5.0, recent, team=team, red=red)


def test_an_exception_says_why_it_is_one():
    team = TeamRow("team-1", "Team 1", "Service A")
    falling = _series([95.0, 92.0, 90.0, 88.0, 86.0])  # amber, but worse three periods running
    both = _series([90.0, 85.0, 80.0, 75.0], team)
    steady = _series([86.0, 86.0, 86.0, 86.0], team)
    exceptions = measure_exceptions([falling, both, steady], date(2023, 1, 1))
    assert [(e.red, e.deteriorating) for e in exceptions] == [(False, True), (True, True)]
    # A series whose newest figure is older than the date given is history, not an exception.
    assert measure_exceptions([falling, both], date(2023, 6, 1)) == []

    tameside, service = measure_exception_tables(exceptions, SAMPLE, {})
    [tameside_row] = _body_rows(tameside)
    why = text_of(tameside_row.children[-2])
    assert why == "Deteriorating for 3 periods92.0% → 90.0% → 88.0% → 86.0%"
    [service_row] = _body_rows(service)
    assert text_of(service).startswith("Service A")
    assert [link.href for link in components(service_row.children[0], html.A)] == ["/teams/team-1"]
    assert text_of(service_row.children[-2]).startswith(
        "Red⚠︎ No open action addresses this measureDeteriorating for 3 periods"
    )
    # The team's own open action is what is being done about it; another team's is not.
    aimed = {
        "T1": [AimedAction("A1", "blue", ("team-1",)), AimedAction("A2", "amber", ("team-1",))]
    }
    [service_row] = _body_rows(measure_exception_tables(exceptions, SAMPLE, aimed)[1])
    why = text_of(service_row.children[-2])
    assert why.startswith("RedActionsAction A1 (complete)Action A2 (at risk)"), why
    assert NO_OPEN_ACTION not in why
    others = {"T1": [AimedAction("A2", "amber", ("team-2",))]}
    [service_row] = _body_rows(measure_exception_tables(exceptions, SAMPLE, others)[1])
    assert NO_OPEN_ACTION in text_of(service_row.children[-2])
    nothing = measure_exception_tables([], SAMPLE, {})
    assert text_of(html.Div(nothing)) == "No measure is red or deteriorating."


def _tables(layout) -> dict:
    return {
        table.id: table
        for table in components(layout, StaticHtml)
        if table.id != "what-changed"  # a section of lists, not a table
    }


def _body_rows(table) -> list:
    [body] = list(components(table, html.Tbody))
    return list(body.children)


def test_layout_shows_the_exceptions_grouped_with_their_teams(client):
    from dashboard import database
    from dashboard.pages import clinic

    with (
        as_role(client.application, "/"),
        counted_queries(database.engine()) as statements,
    ):
        layout = clinic.layout()
    # as at, series, actions (2), the actions aimed at red measures, measures, comparison;
    # the authority's name; what changed since: ratings, actions, the figures and measures the
    # SPC rules read
    assert len(statements) <= 12
    assert [text_of(h1) for h1 in components(layout, html.H1)] == ["Performance clinic"]
    assert [text_of(h2) for h2 in components(layout, html.H2)] == [
        "What changed since May 2023",
        "Measures to discuss",
        "Actions to discuss",
        "Compare teams",
    ]
    tables = _tables(layout)
    assert {
        "clinic-measures-authority",
        "clinic-measures-children-s-social-care",
        "clinic-actions",
        "clinic-team-comparison",
    } <= set(tables)
    for table in tables.values():
        assert list(components(table, html.Caption))
        assert all(th.scope in ("col", "row") for th in components(table, html.Th))

    social_care = tables["clinic-measures-children-s-social-care"]
    caseload = next(
        row
        for row in _body_rows(social_care)
        if "Disabled children" in text_of(row) and "Average social work caseload" in text_of(row)
    )
    hrefs = {link.href for link in components(caseload, html.A)}
    # and the whole authority's actions on caseloads (linked to no team): what is being done
    actions = {"/actions/B2", "/actions/C3", "/actions/P2.5"}
    assert hrefs == {"/teams/disabled-children", "/indicator/25"} | actions
    assert "29.3" in text_of(caseload) and "Red" in text_of(caseload)
    assert "against a target of 18.0" in text_of(caseload)
    assert "Deteriorating for 3 periods21.3 → 23.7 → 26.4 → 29.3" in text_of(caseload)

    actions = text_of(tables["clinic-actions"])
    assert "Action D11" in actions and "Overdue" in actions
    d9 = _body_rows(tables["clinic-actions"])[0]
    assert "/teams/cared-for-children" in {link.href for link in components(d9, html.A)}


def test_the_summary_counts_what_the_tables_show(client):
    from dashboard.pages import clinic

    with as_role(client.application, "/"):
        layout = clinic.layout()
    summary = text_of(next(p for p in components(layout, html.P) if "As at" in text_of(p)))
    match = re.search(
        r"As at 30 June 2023: (\d+) red measures \((\d+) for Tameside, (\d+) for teams\), "
        r"(\d+) deteriorating for 3 periods, (\d+) red actions? and (\d+) overdue actions",
        summary,
    )
    assert match, summary
    red, tameside, teams, deteriorating, red_actions, overdue = map(int, match.groups())
    tables = _tables(layout)
    exception_rows = [
        row
        for table_id, table in tables.items()
        if table_id.startswith("clinic-measures-")
        for row in _body_rows(table)
    ]
    red_rows = [row for row in exception_rows if "Red" in text_of(row.children[-2])]
    assert red == len(red_rows) == tameside + teams
    assert tameside == len(_body_rows(tables["clinic-measures-authority"]))
    falling = [row for row in exception_rows if "Deteriorating" in text_of(row.children[-2])]
    assert deteriorating == len(falling) >= 1  # the disabled children team's caseloads
    action_rows = _body_rows(tables["clinic-actions"])
    assert red_actions == sum("Off track" in text_of(row) for row in action_rows) == 1
    assert overdue == sum("Overdue" in text_of(row) for row in action_rows)


def test_the_comparison_follows_the_measure_in_the_address(client):
    from dashboard.pages import clinic

    with as_role(client.application, "/"):
        default = clinic.layout()
        chosen = clinic.layout(measure="26")
        unknown = clinic.layout(measure="nope")

    def measure_choice(layout) -> list:
        return [s for s in components(layout, dbc.Select) if s.id == clinic.MEASURE]

    [select] = measure_choice(chosen)
    assert select.value == "26"
    assert any(option["label"].endswith("(6 teams red)") for option in select.options)
    assert [s.value for s in measure_choice(default)] == ["8"]
    assert [s.value for s in measure_choice(unknown)] == ["8"]
    labels = {label.htmlFor for label in components(chosen, html.Label)}
    assert select.id in labels

    table = _tables(chosen)["clinic-team-comparison"]
    assert text_of(table.children.children[0]).startswith("26. Children with 3 or more changes")
    rows = _body_rows(table)
    assert len(rows) == 7
    assert "Tameside (all teams)" in text_of(rows[0]) and "–" in text_of(rows[0])
    north = rows[1]
    assert north.children[0].scope == "row"
    assert [link.href for link in components(north, html.A)] == ["/teams/safeguarding-north"]
    assert "1.4 points above Tameside, worse" in text_of(north)
    assert list(components(north, html.Img))  # the sparkline, with its text alternative


def test_choosing_a_measure_redraws_the_comparison(client):
    from dashboard.pages import clinic

    with as_role(client.application, "/"):
        table, showing, address = clinic.show_comparison("12", DEFAULT_PERIOD)
        nothing, none_showing, _ = clinic.show_comparison("nope", DEFAULT_PERIOD)
    assert address == "?measure=12"
    assert table.id == "clinic-team-comparison"
    assert text_of(table.children.children[0]).startswith("12. Initial conferences")
    hrefs = [link.href for link in components(table, html.A)]
    assert "/teams/duty-and-assessment" in hrefs and len(hrefs) == 5
    assert showing == "Comparing 5 teams on 12. Initial conferences within 15 working days."
    assert "No team has figures for this measure yet." in text_of(nothing)
    assert none_showing == "No team has figures for this measure yet."


def test_the_chosen_comparison_downloads_as_shown(client):
    response = client.get(
        "/download?page=/clinic&table=clinic-team-comparison&format=csv&measure=26"
    )
    assert response.status_code == 200
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Team,Service,Latest,Period,Rating,Trend")
    assert lines[1].startswith("Tameside (all teams),All services,24.7%")
    assert len(lines) == 8


def test_the_clinic_is_in_the_navigation():
    from dashboard.shell import PAGES

    names = [name for name, _ in PAGES]
    assert names[names.index("Teams") + 1] == "Clinic" and ("Clinic", "/clinic") in PAGES
