"""The performance clinic's queries: the series it judges, its actions and teams, and a
number of statements that does not grow with the teams."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

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
    clinic_actions,
    judged_series,
    measure_series,
    recent_series,
    team_level_measures,
)
from tests.conftest import counted_queries

SAMPLE = Authority("E08000008", "Tameside", "E12000002", "North West")  # the sample's authority

AS_AT = date(2023, 6, 30)  # the reporting date: the sample's newest month is June 2023
DEFAULT_PERIOD = {"asked": None, "heading": "Reporting period: June 2023"}  # as the page keeps it


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
