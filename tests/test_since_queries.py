"""What changed between two reporting dates (data_access/queries/since.py and
dashboard/changes_since.py): on data that moves a month, the ratings, actions and special causes
that changed, in a few statements; and, for any two dates, exactly the measures whose rating
differs, rated in SQL as dashboard/rating.py rates them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Float, String, cast, literal, select
from sqlalchemy.orm import Session

from dashboard.changes_since import changes_since, default_since, moved_most, new_special_causes
from dashboard.rating import rate
from data_access.db import make_engine
from data_access.models import Indicator
from data_access.queries.clinic import JUDGED, recent_series
from data_access.queries.since import action_changes, measure_changes, rag
from tests.conftest import counted_queries
from tests.since_data import (
    AFTER,
    BEFORE,
    NEWLY_OVERDUE,
    OTHER_TEAM,
    SLIPPED,
    TEAM,
    moved_database,
)


@pytest.fixture(scope="module")
def moved(backend, tmp_path_factory):
    engine = make_engine(moved_database(backend, tmp_path_factory, "since_queries"))
    yield engine
    engine.dispose()


def _by_key(changes):
    return {(one.ref, one.team): one for one in changes}


def test_without_teams_the_changes_are_the_authoritys_own(moved):
    """The scorecard asks for the authority's series alone: the same rows, the teams' left out."""
    with Session(moved) as db:
        every = measure_changes(db, BEFORE, AFTER)
        own = measure_changes(db, BEFORE, AFTER, teams=False)
    assert own == [one for one in every if one.team is None]
    assert any(one.team for one in every)


def test_a_new_months_figures_change_ratings_for_the_authority_and_its_teams(moved):
    with Session(moved) as db:
        found = _by_key(one for one in measure_changes(db, BEFORE, AFTER) if one.rating_changed)
    assert set(found) == {("8", None), ("6", None), ("8", TEAM), ("8", OTHER_TEAM)}
    assessments = found[("8", None)]
    assert (assessments.from_rag, assessments.to_rag) == ("green", "red")
    assert assessments.before.value == pytest.approx(85.7) and assessments.after.value == 70.0
    assert assessments.before.date == date(2023, 3, 31) and assessments.after.date == AFTER
    assert (found[("8", TEAM)].from_rag, found[("8", TEAM)].to_rag) == ("amber", "green")
    assert found[("8", TEAM)].team_name == "Duty and assessment"
    assert (found[("6", None)].from_rag, found[("6", None)].to_rag) == ("red", "green")
    # The authority's rows first, then the teams'.
    assert [one.team is None for one in found.values()] == [True, True, False, False]


def test_an_action_update_and_a_due_date_passing_are_changes(moved):
    with Session(moved) as db:
        found = {one.ref: one for one in action_changes(db, BEFORE, AFTER)}
    slipped = found[SLIPPED]
    assert (slipped.from_status, slipped.to_status) == ("amber", "red")
    assert not slipped.newly_overdue  # overdue since 2017
    overdue = found[NEWLY_OVERDUE]
    assert overdue.from_status == overdue.to_status == "green" and overdue.newly_overdue
    assert not overdue.completed
    assert all(one.from_status != one.to_status or one.newly_overdue for one in found.values())


def test_the_reporting_date_does_not_move_with_an_update_typed_today(moved):
    """The update on C5 was typed today (recorded_at) but is dated 14 July 2023: asked about
    June against May, nothing about it has changed."""
    with Session(moved) as db:
        refs = [one.ref for one in action_changes(db, date(2023, 5, 31), BEFORE)]
    assert SLIPPED not in refs


def test_completed_actions_are_changes_to_blue(moved):
    with Session(moved) as db:
        found = {one.ref: one for one in action_changes(db, date(2022, 12, 31), BEFORE)}
    assert found["A6"].completed and found["A6"].to_status == "blue"
    assert not found["A6"].overdue and found["A6"].was_overdue


def test_everything_that_changed_is_read_in_a_few_statements(moved):
    with Session(moved) as db, counted_queries(moved) as statements:
        changes = changes_since(db, BEFORE, AFTER)
    assert len(statements) <= 5
    # Outside a request nobody is asking: no team is seen, and measure 6's July figure (3 of
    # 40) is hidden, so its change is not told (test_api_changes.py asks as each role).
    assert [(one.change.ref, one.change.team) for one in changes.measures] == [("8", None)]
    assert [one.ref for one in changes.special_causes if one.ref == "8"] == ["8"]
    assert changes.special_causes[0].date == AFTER
    assert changes.moved_most[0].change.ref == "8"


def test_default_since_is_the_month_before():
    assert default_since(date(2023, 7, 31)) == date(2023, 6, 30)
    assert default_since(date(2023, 3, 7)) == date(2023, 2, 28)
    assert default_since(date(2024, 1, 31)) == date(2023, 12, 31)


def test_only_special_causes_after_since_are_new():
    steady = [(date(2010, month, 28), 20.0 + (month % 2)) for month in range(1, 13)]
    jump = [*steady, (date(2011, 1, 28), 40.0)]
    assert new_special_causes(jump, "up", None, date(2010, 12, 31)) == [
        (date(2011, 1, 28), 40.0, "improvement", "high")
    ]
    assert new_special_causes(jump, "up", None, date(2011, 1, 31)) == []
    assert new_special_causes(jump[:11], "up", None, date(2000, 1, 1)) == []  # too short


def test_what_moved_most_is_judged_by_polarity_in_stable_changes(moved):
    with Session(moved) as db:
        moves = moved_most(measure_changes(db, BEFORE, AFTER))
    assert [(one.change.ref, one.direction) for one in moves[:2]] == [
        ("6", "better"),
        ("8", "worse"),
    ]
    assert moves[0].size == pytest.approx((27.3 - 7.5) / 1.0)


# For any two dates, the measures listed are exactly those whose rating differs.

SAMPLE_DATES = st.dates(date(2016, 1, 1), date(2023, 12, 31))


def _ratings(db: Session, on: date) -> dict:
    series = recent_series(db, 1, Indicator.polarity.in_(JUDGED), on)
    return {
        (one.ref, one.team.slug if one.team else None): rate(
            one.latest.value, one.target, one.tolerance, one.polarity, one.unit
        ).rag
        for one in series
    }


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(since=SAMPLE_DATES, as_at=SAMPLE_DATES)
def test_any_two_dates_list_exactly_the_measures_whose_rating_differs(moved, since, as_at):
    with Session(moved) as db:
        listed = [one for one in measure_changes(db, since, as_at) if one.rating_changed]
        then, now = _ratings(db, since), _ratings(db, as_at)
        reverse = [one for one in measure_changes(db, as_at, since) if one.rating_changed]
    expected = {key for key in then.keys() | now.keys() if then.get(key) != now.get(key)}
    assert {(one.ref, one.team) for one in listed} == expected
    for one in listed:
        assert (one.from_rag, one.to_rag) == (
            then.get((one.ref, one.team)),
            now.get((one.ref, one.team)),
        )
    # Swapping the dates lists the same measures, each change the other way round.
    assert {(one.ref, one.team, one.to_rag, one.from_rag) for one in reverse} == {
        (one.ref, one.team, one.from_rag, one.to_rag) for one in listed
    }


FIGURES = st.floats(-1e6, 1e6, allow_nan=False) | st.sampled_from([0.0, 85.0, 80.0, 79.999999999])


@settings(max_examples=60, deadline=None)
@given(
    value=FIGURES,
    target=FIGURES | st.none(),
    tolerance=st.floats(0, 1e4, allow_nan=False) | st.none(),
    polarity=st.sampled_from(["up", "down", "neutral"]),
)
def test_sql_rates_a_figure_as_the_rating_rules_do(
    seeded_engine, value, target, tolerance, polarity
):
    def bound(number):
        return cast(literal(number, Float), Float)  # typed, as PostgreSQL needs for NULL

    with seeded_engine.connect() as connection:
        rated = connection.scalar(
            select(rag(bound(value), bound(target), bound(tolerance), literal(polarity, String)))
        )
    assert rated == rate(value, target, tolerance, polarity, "percent").rag
