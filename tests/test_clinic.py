"""The performance clinic: the deterioration rule, its queries and its page."""

from __future__ import annotations

import re
from datetime import date

import dash_bootstrap_components as dbc
import pytest
from dash import html
from sqlalchemy import insert
from sqlalchemy.orm import Session

from dashboard.components.clinic_exceptions import measure_exception_tables, measure_exceptions
from dashboard.components.static_html import StaticHtml
from dashboard.rating import deteriorating_for
from data_access.authority import Authority
from data_access.models import (
    Action,
    Area,
    Indicator,
    Observation,
    Plan,
    Priority,
    Team,
    team_action,
    team_indicator,
)
from data_access.queries.clinic import (
    Series,
    clinic_actions,
    judged_series,
    measure_series,
    recent_series,
    team_level_measures,
)
from data_access.queries.indicators import RecentFigure
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


# The queries


def test_a_red_team_measure_is_under_its_team_and_service(seeded_engine):
    with Session(seeded_engine) as session:
        series = judged_series(session, 24, 6)
        whole = recent_series(session, 24, Indicator.polarity.in_(("up", "down")))
    by_key = {(one.ref, one.team.slug if one.team else None): one for one in series}
    caseload = by_key[("25", "disabled-children")]  # 29.3 against 18, tolerance 3
    assert caseload.red and caseload.latest.value == pytest.approx(29.3)
    assert caseload.team.name == "Disabled children"
    assert caseload.team.service == "Children's social care"
    # Only what the rules read: the newest figure, and the newest six values, oldest first.
    assert len(caseload.recent) == 1 and len(caseload.values) == 6
    in_full = {(one.ref, one.team.slug if one.team else None): one for one in whole}
    assert list(by_key) == list(in_full)  # the same series in the same order
    for key, one in by_key.items():
        known = [value for value in in_full[key].values if value is not None]
        assert one.values == known[-6:]
        assert one.latest == in_full[key].latest and one.red == in_full[key].red
    assert not by_key[("8", "duty-and-assessment")].red  # 84.3% against 85%: amber
    # Tameside's own series come first; context (`neutral`) measures are never candidates.
    assert series[0].team is None
    assert all(one.polarity in ("up", "down") for one in series)
    assert ("9a", None) not in by_key


def test_team_series_are_only_team_level_measures_linked_to_the_team(seeded_engine):
    with Session(seeded_engine) as session:
        series = judged_series(session, 6, 6)
        levels = {m.ref for m in team_level_measures(session)}
    team_refs = {one.ref for one in series if one.team is not None}
    assert team_refs and team_refs <= levels
    teams = [one.team.slug for one in series if one.team is not None]
    assert "front-door-mash" not in teams  # no team-level figures of its own
    assert all(len(one.values) <= 6 for one in series)


def test_an_overdue_action_appears_with_its_teams(seeded_engine):
    with Session(seeded_engine) as session:
        actions = clinic_actions(session, AS_AT)
        later = clinic_actions(session, date(2017, 1, 1))
    by_ref = {action.ref: action for action in actions}
    d11 = by_ref["D11"]  # amber, due 30 September 2017
    assert d11.overdue and d11.status == "amber"
    assert [team.slug for team in d11.teams][0] == "duty-and-assessment"
    assert actions[0].ref == "D9" and actions[0].status == "red"  # off track first
    assert all(action.overdue or action.status == "red" for action in actions)
    assert all(action.status != "blue" for action in actions)
    assert [action.ref for action in later] == ["D9"]  # before anything was due


def test_measure_series_is_tameside_then_each_team(seeded_engine):
    with Session(seeded_engine) as session:
        series = measure_series(session, "26", 24)
        assert measure_series(session, "3c", 24) == []  # not a team-level measure
        assert measure_series(session, "nope", 24) == []
    assert series[0].team is None
    assert [one.team.slug for one in series[1:]] == [
        "safeguarding-north",
        "safeguarding-south",
        "safeguarding-east",
        "safeguarding-west",
        "cared-for-children",
        "disabled-children",
    ]


def _add_teams(session: Session, first: int, count: int, indicator_id: int, area_id: int):
    """Teams with a linked action and three months of their own figures on the measure."""
    for number in range(first, first + count):
        team = Team(slug=f"team-{number}", name=f"Team {number}", service=f"Service {number % 2}")
        session.add(team)
        session.flush()
        session.execute(insert(team_indicator).values(team_id=team.id, indicator_id=indicator_id))
        session.execute(insert(team_action).values(team_id=team.id, action_id=1))
        for month, value in ((1, 80.0), (2, 70.0), (3, 60.0)):
            session.add(
                Observation(
                    indicator_id=indicator_id,
                    area_id=area_id,
                    team_id=team.id,
                    period_end=date(2023, month, 28),
                    period_label=f"Month {month}",
                    value=value,
                    provenance="illustrative",
                )
            )
    session.commit()


def _clinic_queries(session: Session) -> tuple:
    return (
        judged_series(session, 24, 6),
        team_level_measures(session),
        measure_series(session, "T1", 24),
        clinic_actions(session, AS_AT),
    )


def test_the_number_of_queries_does_not_grow_with_the_teams(empty_engine):
    with Session(empty_engine) as session:
        area = Area(code="E08000008", name="Tameside", kind="local_authority")
        measure = Indicator(
            ref="T1",
            title="A team measure",
            category="Other",
            unit="percent",
            polarity="up",
            frequency="monthly",
            target=85.0,
            tolerance=5.0,
            team_level=True,
        )
        plan = Plan(slug="plan", title="A plan")
        session.add_all([area, measure, plan])
        session.flush()
        priority = Priority(plan_id=plan.id, code="A", title="A priority")
        session.add(priority)
        session.flush()
        session.add(
            Action(
                id=1,
                ref="A1",
                plan_id=plan.id,
                priority_id=priority.id,
                text="Do it",
                owner="Head of Service",
                due=date(2020, 1, 1),
                status="amber",
            )
        )
        _add_teams(session, 1, 1, measure.id, area.id)
        with counted_queries(empty_engine) as few:
            series, _, compared, actions = _clinic_queries(session)
        assert len(series) == 1 and len(compared) == 1 and len(actions[0].teams) == 1
        _add_teams(session, 2, 9, measure.id, area.id)
        with counted_queries(empty_engine) as many:
            series, _, compared, actions = _clinic_queries(session)
        assert len(series) == 10 and len(compared) == 10 and len(actions[0].teams) == 10
    assert all(one.red for one in series)  # 60% against 85% with a 5-point tolerance
    assert len(many) == len(few) == 5


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

    tameside, service = measure_exception_tables(exceptions, SAMPLE)
    [tameside_row] = _body_rows(tameside)
    why = text_of(tameside_row.children[-2])
    assert why == "Deteriorating for 3 periods92.0% → 90.0% → 88.0% → 86.0%"
    [service_row] = _body_rows(service)
    assert text_of(service).startswith("Service A")
    assert [link.href for link in components(service_row.children[0], html.A)] == ["/teams/team-1"]
    assert text_of(service_row.children[-2]).startswith("RedDeteriorating for 3 periods")
    nothing = measure_exception_tables([], SAMPLE)
    assert text_of(html.Div(nothing)) == "No measure is red or deteriorating."


def _tables(layout) -> dict:
    return {table.id: table for table in components(layout, StaticHtml)}


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
    # as at, series, actions (2), measures, comparison; the authority's name
    assert len(statements) <= 7
    assert [text_of(h1) for h1 in components(layout, html.H1)] == ["Performance clinic"]
    assert [text_of(h2) for h2 in components(layout, html.H2)] == [
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
    assert hrefs == {"/teams/disabled-children", "/indicator/25"}
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
