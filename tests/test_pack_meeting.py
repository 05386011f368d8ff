"""The scrutiny pack as the meeting needs it (issue 21): the latest commentary beside each red
measure, red measures more than a year old listed as not current rather than given pages, the
actions overdue on the "as at" date, and the performance clinic's page for those who may open
the clinic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from dashboard.changes_since import default_since
from dashboard.pack.contents import build_pack
from dashboard.pack.rows import red_words
from dashboard.rating import JUDGED_FIGURES, current_since, is_current
from data_access.edits import write_commentary
from data_access.queries.clinic import judged_series
from data_access.queries.commentary import commentary_periods, newest_commentary
from data_access.queries.pack import overdue_as_at
from data_access.queries.since import action_changes
from tests.conftest import (
    as_role,
    counted_queries,
    fetch_pack,
    make_app,
    seeded_database,
    user_client,
)
from tests.test_pack import needs_poppler, pdf_text

ON = date(2023, 6, 7)
QUERY = f"as_at={ON.isoformat()}"
RED_MEASURE = "6"  # Re-referrals within 12 months: red on 7 June 2023, figure for 2022/23
WRITER = "analyst-who-writes"


@pytest.fixture(scope="module")
def packs(backend, tmp_path_factory):
    """A copy of the sample data with commentary on a red measure: one on a period ending by
    ON (by a user, so a viewer sees a role, not a username), and one on an earlier period."""
    url, engine = seeded_database(backend, "pack_meeting", tmp_path_factory)
    with Session(engine) as db:
        periods = [p.period_end for p in commentary_periods(db, RED_MEASURE) if p.period_end <= ON]
        write_commentary(db, RED_MEASURE, periods[1], "Older words on re-referrals.", "x", 0)
        write_commentary(db, RED_MEASURE, periods[0], "Newest words: audit under way.", WRITER, 0)
        db.commit()
    app = make_app(url)
    user_client(app.server, "analyst", username=WRITER)
    clients = {role: user_client(app.server, role) for role in ("director", "viewer")}
    texts: dict[str, str] = {}

    def text(role: str, tmp_path) -> str:
        if role not in texts:
            response = fetch_pack(clients[role], QUERY)
            assert response.status_code == 200, response.get_data(as_text=True)
            texts[role] = pdf_text(response.data, tmp_path)
        return texts[role]

    yield app, engine, text
    engine.dispose()


@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(min_value=-800, max_value=800))
def test_a_figure_is_current_for_a_year_before_the_reporting_date(on, days_before):
    try:
        period_end = on - timedelta(days=days_before)
    except OverflowError:
        return
    assert is_current(period_end, on) == (days_before <= 365)
    assert current_since(on) == on - timedelta(days=365)


def test_a_red_count_says_how_many_are_more_than_a_year_old():
    assert red_words(7, 2) == "7 red, of which 2 are more than a year old"
    assert red_words(3, 1) == "3 red, of which 1 is more than a year old"
    assert red_words(4, 0) == "4 red"


@needs_poppler
def test_red_measures_more_than_a_year_old_are_listed_not_given_pages(packs, tmp_path):
    app, engine, text = packs
    with Session(engine) as db:
        contents = build_pack(db, ON)
    old = [m.summary.ref for m in contents.not_current]
    assert old  # the sample has context figures last published years ago
    assert all(not is_current(m.summary.latest.date, ON) for m in contents.not_current)
    assert all(is_current(r.measure.summary.latest.date, ON) for r in contents.red)
    pdf = text("director", tmp_path)
    red = contents.counts["red"]
    assert f"{red} red, of which {len(old)} are more than a year old" in pdf
    assert "Not current: red measures more than a year old" in pdf
    listed = pdf[pdf.index("so they are history rather than news") :]
    for measure in contents.not_current:
        assert f"Red: {measure.summary.ref} " not in pdf  # no page of its own
        assert f"{measure.summary.ref} {measure.summary.title}" in listed[:2000]


@needs_poppler
def test_each_red_measure_has_its_latest_commentary_up_to_the_date(packs, tmp_path):
    app, engine, text = packs
    with as_role(app.server, "/pack", "viewer"), Session(engine) as db:
        contents = build_pack(db, ON)
    by_ref = {red.measure.summary.ref: red for red in contents.red}
    assert by_ref[RED_MEASURE].commentary.text == "Newest words: audit under way."
    assert by_ref[RED_MEASURE].commentary.author == "Analyst"  # a role, for a viewer
    assert sum(red.commentary is not None for red in contents.red) == 1
    for role, author in (("director", WRITER), ("viewer", "Analyst")):
        pdf = text(role, tmp_path)
        page = pdf[pdf.index(f"Red: {RED_MEASURE} ") :]
        page = page[: page.index("Linked actions")]
        assert "Latest commentary Newest words: audit under way." in page
        assert f"by {author}" in page
        assert "Older words" not in pdf
        assert "No commentary had been written on this measure by 7 June 2023." in pdf


def test_the_commentary_is_as_it_stood_on_the_date(packs):
    _app, engine, _text = packs
    with Session(engine) as db:
        periods = [p.period_end for p in commentary_periods(db, RED_MEASURE) if p.period_end <= ON]
        before = newest_commentary(db, [RED_MEASURE, "1"], periods[0] - timedelta(days=1))
        first = newest_commentary(db, [RED_MEASURE], periods[1] - timedelta(days=1))
    assert [(ref, c.text) for ref, c in before.items()] == [
        (RED_MEASURE, "Older words on re-referrals.")
    ]
    assert first == {}


@needs_poppler
def test_the_overdue_actions_are_those_overdue_on_the_date(packs, tmp_path):
    _app, engine, text = packs
    with Session(engine) as db:
        overdue = overdue_as_at(db, ON)
        early = overdue_as_at(db, date(2017, 10, 31))
    assert overdue and early
    assert all(a.overdue and (a.revised_due or a.due) < ON and a.status != "blue" for a in overdue)
    days = [a.days_overdue for a in overdue]
    assert days == sorted(days, reverse=True)  # longest overdue first
    assert not any(a.plan == "Improvement Plan 2022/23" for a in early)
    assert all(a.update_date is None or a.update_date <= date(2017, 10, 31) for a in early)
    pdf = text("viewer", tmp_path)
    section = pdf[pdf.index("Overdue actions Every action") :]
    assert "Actions overdue on 7 June 2023" in section
    first = overdue[0]
    days = (ON - (first.revised_due or first.due)).days
    assert first.days_overdue == days
    words = " ".join(section.split())
    opening = " ".join(f"{first.ref} {first.text}".split()[:12])  # its lines are set as a list
    assert opening in words and f"{days:,} days" in words


@needs_poppler
def test_the_clinic_page_is_in_a_directors_pack_and_not_a_viewers(packs, tmp_path):
    app, engine, text = packs
    with Session(engine) as db:
        series = judged_series(db, 24, JUDGED_FIGURES, ON)
    red_teams = [s for s in series if s.red and s.team and is_current(s.latest.date, ON)]
    assert red_teams
    director, viewer = text("director", tmp_path), text("viewer", tmp_path)
    assert "Performance clinic" not in viewer and "Teams compared" not in viewer
    clinic = director[director.index("Performance clinic As at 7 June 2023") :]
    assert "of which" in clinic[:200] and "more than a year old" in clinic[:200]
    assert "Measures to discuss" in clinic and "Actions to discuss" in clinic
    for one in red_teams:
        assert one.team.name in clinic
    compared = clinic[clinic.index("Teams compared") :]
    assert "Difference from Tameside" in compared
    discussed = {s.ref: s.title for s in red_teams}
    for ref, title in discussed.items():  # teams compared on each measure a team is red on
        assert f"{ref}. {title}: each team's latest figure, rated, beside Tameside's" in compared
    assert "8" not in discussed  # no team is an exception on 8: its teams are not compared
    assert "8. Assessments completed within 45 working days: each team's" not in compared


@pytest.mark.parametrize("role, bound", [("viewer", 22), ("director", 25)])
def test_a_pack_sends_the_same_statements_whatever_the_red_measures(packs, role, bound):
    app, engine, _text = packs
    counts, reds = {}, {}
    for on in (date(2017, 9, 30), ON):
        with (
            as_role(app.server, "/pack", role),
            Session(engine) as db,
            counted_queries(engine) as statements,
        ):
            reds[on] = len(build_pack(db, on).red)
        counts[on] = len(statements)
    assert reds[date(2017, 9, 30)] != reds[ON]
    # as test_pack.py's, and the commentary, the overdue actions; for a viewer the roles of
    # who wrote the commentary; for a director the clinic's series, compared teams, actions
    # and their teams; what changed since the previous period (4)
    assert counts[date(2017, 9, 30)] == counts[ON] <= bound, counts


@needs_poppler
def test_the_pack_says_what_changed_since_the_previous_period(packs, tmp_path):
    """The clinic's "what changed" section, every item listed, for the month before the
    pack's date; actions newly overdue named as the query finds them."""
    app, engine, text = packs
    with Session(engine) as db:
        actions = action_changes(db, default_since(ON), ON)
    words = " ".join(text("director", tmp_path).split())
    assert "What changed since May 2023" in words
    assert "Between the reporting periods of May 2023 and 7 June 2023:" in words
    for heading in ("Turned red", "Turned green", "New special causes (SPC)", "What moved most"):
        assert heading in words
    for action in actions:
        assert f"Action {action.ref} " in words
