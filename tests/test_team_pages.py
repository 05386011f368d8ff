"""The teams list and a team's plan on a page: their queries and their layouts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from dash import html
from sqlalchemy.orm import Session

from data_access.queries.indicators import recent_figures
from data_access.queries.teams import (
    find_team,
    list_teams,
    team_actions,
    team_commentary,
    team_measures,
)
from tests.conftest import as_role, counted_queries
from tests.test_theme_page import components, text_of

TEAM = "duty-and-assessment"


# The queries


def test_list_teams_counts_red_measures_and_overdue_actions_by_team(seeded_engine):
    with Session(seeded_engine) as session:
        teams = {team.slug: team for team in list_teams(session)}
        later = {team.slug: team for team in list_teams(session, on=date(2030, 1, 1))}
    assert len(teams) == 14
    duty = teams[TEAM]
    assert duty.name == "Duty and assessment" and duty.service == "Children's social care"
    assert (duty.measures, duty.own_measures, duty.actions) == (5, 5, 6)
    care_leavers, north = teams["leaving-care"], teams["safeguarding-north"]
    assert (care_leavers.measures, care_leavers.own_measures, care_leavers.red_measures) == (
        6,
        0,
        0,
    )
    assert (north.measures, north.own_measures) == (9, 7)  # 32 and 34 are authority-wide
    assert duty.red_measures == 0  # measure 25: 20.6 against 18, within the tolerance of 3
    assert teams["disabled-children"].red_measures == 3  # 25 (caseloads), 26 and K3 (visits)
    assert duty.overdue_actions == 1  # D11, amber and due in 2017
    assert all(0 <= team.red_measures <= team.measures for team in teams.values())
    assert later[TEAM].overdue_actions == 1  # the rest are complete


def test_team_measures_use_the_teams_own_figures(seeded_engine):
    with Session(seeded_engine) as session:
        measures = {measure.ref: measure for measure in team_measures(session, TEAM)}
        authority = recent_figures(session, 24)["8"]
    assert set(measures) == {"8", "9a", "9d", "12", "25"}
    assessments = measures["8"]
    assert assessments.target == 85 and len(assessments.recent) == 24
    dates = [figure.date for figure in assessments.recent]
    assert dates == sorted(dates) and dates[-1] == date(2023, 3, 31)
    assert [f.value for f in assessments.recent] != [f.value for f in authority]
    assert not any(measure.whole_authority for measure in measures.values())


def test_a_team_with_no_figures_of_its_own_gets_tamesides(seeded_engine):
    with Session(seeded_engine) as session:
        measures = team_measures(session, "leaving-care")
        authority = recent_figures(session, 24)
    assert [m.ref for m in measures] == ["21a", "21b", "21c", "22a", "22b", "23"]
    for measure in measures:
        assert measure.whole_authority, measure.ref
        assert measure.recent and measure.recent == authority[measure.ref], measure.ref


def test_a_team_keeps_its_own_figures_beside_authority_wide_ones(seeded_engine):
    with Session(seeded_engine) as session:
        measures = {m.ref: m for m in team_measures(session, "safeguarding-north")}
        own = recent_figures(session, 24, team_slug="safeguarding-north")
        authority = recent_figures(session, 24)
    wide = {ref for ref, measure in measures.items() if measure.whole_authority}
    assert wide == {"32", "34"} and set(measures) - wide == set(own)
    assert measures["32"].recent == authority["32"]
    assert measures["8"].recent == own["8"] != authority["8"]


@pytest.mark.parametrize(
    ("slug", "queries"),
    [
        (TEAM, 2),  # the measures, the team's own figures: none lacking
        ("safeguarding-north", 3),  # and the authority's figures of the two it lacks
        ("leaving-care", 3),
        ("nope", 1),
    ],
)
def test_team_measures_make_a_fixed_number_of_queries(seeded_engine, slug, queries):
    with Session(seeded_engine) as session, counted_queries(seeded_engine) as statements:
        team_measures(session, slug)
    assert len(statements) == queries


def test_recent_figures_for_a_team_is_one_query(seeded_engine):
    with Session(seeded_engine) as session, counted_queries(seeded_engine) as statements:
        figures = recent_figures(session, 24, team_slug=TEAM)
    assert len(statements) == 1
    assert set(figures) == {"8", "9a", "9d", "12", "25"}


def test_team_actions_are_overdue_first_with_their_latest_update(seeded_engine):
    with Session(seeded_engine) as session:
        actions = team_actions(session, TEAM)
    refs = [action.ref for action in actions]
    assert set(refs) == {"B3", "D10", "D11", "P3.1", "P4.1", "P4.2"}
    assert refs[0] == "D11" and actions[0].overdue
    assert all(action.update_date and action.update_note for action in actions)


def test_team_commentary_is_the_teams_own(seeded_engine):
    with Session(seeded_engine) as session:
        [comment] = team_commentary(session, TEAM)
        assert team_commentary(session, "fostering") == []
    assert comment.ref == "8" and comment.author == "Team Manager (Duty and Assessment)"


def test_unknown_team_has_nothing(seeded_engine):
    with Session(seeded_engine) as session:
        assert find_team(session, "nope") is None
        assert team_measures(session, "nope") == []
        assert team_actions(session, "nope") == []
        assert team_commentary(session, "nope") == []


# The pages


def _accessible_tables(layout) -> None:
    assert len(list(components(layout, html.H1))) == 1
    for table in components(layout, html.Table):
        assert list(components(table, html.Caption))
    headers = [th for th in components(layout, html.Th) if th.scope != "row"]
    assert headers and all(th.scope == "col" for th in headers)


def test_teams_layout_links_every_team_with_its_counts(client):
    from dashboard.pages import teams

    with as_role(client.application, "/"):
        layout = teams.layout()
    _accessible_tables(layout)
    hrefs = {link.href for link in components(layout, html.A)}
    assert f"/teams/{TEAM}" in hrefs and len([h for h in hrefs if h.startswith("/teams/")]) == 14
    assert [text_of(h2) for h2 in components(layout, html.H2)] == [
        "Front door",
        "Children's social care",
        "Early help",
    ]
    assert "0 of 5" in text_of(layout) and "3 of 10" in text_of(layout)


def test_team_layout_is_a_plan_on_a_page(client):
    from dashboard import database
    from dashboard.pages import team

    with (
        as_role(client.application, "/"),
        counted_queries(database.engine()) as statements,
    ):
        layout = team.layout(slug=TEAM)
    # team, measures, own figures, as at, actions, the actions aimed at its measures, its
    # commentary, the form's measures and the commentary's changes; the authority's name
    assert len(statements) == 10
    _accessible_tables(layout)
    assert text_of(next(components(layout, html.H1))) == "Duty and assessment"
    page = text_of(layout)
    assert "against a target of" in page and "Overdue" in page
    assert "Managers are reviewing every assessment" in page
    hrefs = {link.href for link in components(layout, html.A)}
    assert {"/indicator/8", "/actions/D11", "/teams"} <= hrefs
    assert list(components(layout, html.Img))  # sparklines
    assert [text_of(h2) for h2 in components(layout, html.H2)] == [
        "Measures with this team's own figures",
        "Team actions",
        "Latest commentary",
        "Write the team's commentary",
        "Changes to the team's commentary",
    ]
    assert "0 of 5 measures red on the team's own figures" in page
    assert "Tameside (all teams)" not in page


def test_team_page_labels_authority_figures_as_tameside_all_teams(client):
    from dashboard import database
    from dashboard.pages import team

    with (
        as_role(client.application, "/"),
        counted_queries(database.engine()) as statements,
    ):
        layout = team.layout(slug="safeguarding-north")
    assert len(statements) == 11  # as the team's own page, and the authority's figures and name
    _accessible_tables(layout)
    assert [text_of(h2) for h2 in components(layout, html.H2)] == [
        "Measures with this team's own figures",
        "Authority-wide measures this team contributes to",
        "Team actions",
        "Latest commentary",
        "Write the team's commentary",
        "Changes to the team's commentary",
    ]
    own_rows = next(components(layout["team-measures"], html.Tbody)).children
    wide_rows = next(components(layout["authority-measures"], html.Tbody)).children
    assert len(own_rows) == 7 and len(wide_rows) == 2
    for row in wide_rows:
        latest = text_of(row.children[1])
        assert re.fullmatch(r"[\d,.]+Tameside \(all teams\)", latest), latest
    assert all("Tameside (all teams)" not in text_of(row) for row in own_rows)
    images = list(components(layout["authority-measures"], html.Img))
    assert len(images) == 2
    assert all(img.alt.startswith("Tameside (all teams), ") for img in images)
    assert "2 authority-wide measures" in text_of(layout)


def test_team_page_with_no_own_figures_shows_only_authority_figures(client):
    from dashboard.pages import team

    with as_role(client.application, "/"):
        layout = team.layout(slug="leaving-care")
    page = text_of(layout)
    assert "No measures with the team's own figures; 6 authority-wide measures" in page
    assert "No measure linked to this team has figures for the team itself yet" in text_of(
        layout["team-measures"]
    )
    wide = text_of(layout["authority-measures"])
    assert wide.count("Tameside (all teams)") == 7  # the caption and each of six rows
    assert "No figure" not in wide and "against a target of" in wide


def test_unknown_or_missing_team_is_not_found(client):
    from dashboard.pages import team

    with as_role(client.application, "/"):
        for slug in ("nope", None):
            layout = team.layout(slug=slug)
            assert text_of(next(components(layout, html.H1))) == "Team not found"
            hrefs = {link.href for link in components(layout, html.A)}
            assert {"/teams", f"/teams/{TEAM}"} <= hrefs
        assert team.page_title(slug=TEAM) == "Duty and assessment: plan on a page"
        assert team.page_title(slug="nope") == "Team not found"


def test_team_breakdown_names_link_to_team_pages():
    from dashboard.components.series_tables import team_breakdown_table
    from data_access.queries.observations import TeamFigure

    figure = TeamFigure(
        TEAM,
        "Duty and assessment",
        "Children's social care",
        date(2023, 3, 31),
        "Mar 2023",
        80.0,
        80,
        100,
        None,
        "illustrative",
    )
    table = team_breakdown_table(
        [figure],
        None,
        unit="percent",
        polarity="up",
        target=85.0,
        tolerance=5.0,
        caption="x",
        whole="The authority (all teams)",
    )
    assert f"/teams/{TEAM}" in {link.href for link in components(table, html.A)}


def test_the_team_addresses_are_served(client):
    assert "Duty and assessment" in client.get(f"/teams/{TEAM}").data.decode()
    assert client.get("/teams").status_code == 200


def test_red_counts_in_sql_agree_with_the_rating_rule(seeded_engine):
    """list_teams counts red measures in SQL; it must agree with dashboard.rating.rate."""
    from dashboard.rating import rate

    with Session(seeded_engine) as session:
        for team in list_teams(session):
            own = [m for m in team_measures(session, team.slug) if not m.whole_authority]
            rated = [
                rate(m.latest.value, m.target, m.tolerance, m.polarity, m.unit).rag
                for m in own
                if m.latest is not None
            ]
            assert team.red_measures == rated.count("red"), team.slug
            assert team.own_measures == len(own), team.slug
