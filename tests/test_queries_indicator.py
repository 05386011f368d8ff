"""The read functions behind the measure page: links, events, commentary, areas and teams."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from data_access.authority import DEFAULT_AUTHORITY_CODE as HOME_AREA
from data_access.queries.commentary import latest_commentary
from data_access.queries.events import events_between
from data_access.queries.links import linked_recommendations, measure_actions
from data_access.queries.observations import area_series, series, team_breakdown

AS_AT = date(2023, 6, 7)


@pytest.fixture
def db(seeded_engine):
    with Session(seeded_engine) as session:
        yield session


@pytest.fixture
def statements(seeded_engine):
    """The SQL statements run while the test runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(seeded_engine, "before_cursor_execute", record)
    yield seen
    event.remove(seeded_engine, "before_cursor_execute", record)


def test_team_breakdown_of_8_adds_up_to_the_authority_figure(db):
    teams = team_breakdown(db, "8", HOME_AREA)
    assert len(teams) >= 2
    period = {team.date for team in teams}
    assert len(period) == 1, "one period: the newest with team figures"
    (when,) = period
    authority = [f for f in series(db, "8", HOME_AREA) if f.date == when]
    assert len(authority) == 1
    assert sum(t.numerator for t in teams) == authority[0].numerator
    assert sum(t.denominator for t in teams) == authority[0].denominator
    assert {"duty-and-assessment", "safeguarding-north"} <= {t.slug for t in teams}


def test_team_breakdown_is_empty_for_a_measure_without_team_figures(db):
    assert team_breakdown(db, "K1", HOME_AREA) == []
    assert team_breakdown(db, "no-such-ref", HOME_AREA) == []


def test_events_between_keeps_to_the_range_inclusive_and_in_date_order(db):
    events = events_between(db, date(2017, 1, 31), date(2017, 12, 31))
    names = [e.name for e in events]
    assert "Improvement Board established" in names  # on the first day of the range
    assert all(date(2017, 1, 31) <= e.date <= date(2017, 12, 31) for e in events)
    assert [e.date for e in events] == sorted(e.date for e in events)
    everything = events_between(db)
    assert len(everything) > len(events)
    assert any(e.kind == "inspection" for e in everything)
    assert events_between(db, start=date(2030, 1, 1)) == []


def test_linked_actions_of_8_have_status_owner_due_overdue_and_latest_update(db, statements):
    actions = {a.ref: a for a in measure_actions(db, "8", AS_AT)}
    assert len(statements) == 1, "one query, however many actions"
    assert "D11" in actions
    d11 = actions["D11"]
    assert d11.owner == "Head of Service, Quality Assurance"
    assert d11.due == date(2017, 9, 30)
    assert d11.status == "amber"
    assert d11.overdue is True
    assert d11.update_date == date(2023, 3, 31), "the newest of its updates"
    assert "Quality Assurance framework" in d11.update_note
    assert d11.plan.startswith("Children's Services Improvement Plan")
    complete = [a for a in actions.values() if a.status == "blue"]
    assert complete and not any(a.overdue for a in complete)


def test_overdue_depends_on_the_date_asked_about(db):
    before_due = {a.ref: a for a in measure_actions(db, "8", date(2017, 1, 1))}
    assert before_due["D11"].overdue is False


def test_linked_recommendations_of_8_include_2016_3_with_its_inspection(db):
    recommendations = linked_recommendations(db, "8")
    by_id = {r.id: r for r in recommendations}
    assert "2016-3" in by_id
    rec = by_id["2016-3"]
    assert rec.inspection == "2016"
    assert rec.inspection_kind == "inspection"
    assert "assessments" in rec.text
    assert rec.kind == "recommendation"
    assert [r.id for r in recommendations] == sorted(by_id, key=lambda key: tuple(key.split("-")))


def test_links_of_an_unknown_measure_are_empty(db):
    assert measure_actions(db, "nope", AS_AT) == []
    assert linked_recommendations(db, "nope") == []


def test_latest_commentary_for_the_authority_and_for_a_team(db):
    authority = latest_commentary(db, "8")
    assert authority is not None and authority.team is None
    assert authority.period_end == date(2017, 7, 31)
    team = latest_commentary(db, "8", "duty-and-assessment")
    assert team is not None and team.team == "duty-and-assessment"
    assert team.period_end == date(2022, 3, 31)
    assert latest_commentary(db, "8", "leaving-care") is None
    assert latest_commentary(db, "nope") is None


def test_area_series_returns_each_area_once_in_the_order_asked_in_one_query(db, statements):
    codes = [HOME_AREA, "E92000001", "E12000002", "SN"]
    lines = area_series(db, "12", codes)
    assert len(statements) == 1
    assert [line.code for line in lines] == codes
    assert lines[1].name == "England"
    home = lines[0].figures
    assert home == series(db, "12", HOME_AREA), "whole-area figures only, no team rows"
    assert any(f.provenance == "published" for line in lines for f in line.figures)
    assert area_series(db, "K1", ["E92000001"]) == []
