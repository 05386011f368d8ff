"""Days overdue and revised due dates: judged at the reporting date in SQL (SQLite, and
PostgreSQL when TEST_DATABASE_URL is set), the same in every list of actions, the most days
overdue first where a list puts the overdue first, carried by the downloads and the API; and
the sample's statuses agree with its dates (no action on track or complete and overdue)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Action, ActionUpdate
from data_access.queries.action_tracker import TrackerFilter, action_tracker
from data_access.queries.actions import action_detail
from data_access.queries.clinic import clinic_actions
from data_access.queries.links import measure_actions
from data_access.queries.pack import actions_as_at
from data_access.queries.plans import list_actions
from data_access.queries.teams import team_actions
from data_access.queries.theme_page import theme_actions
from tests.conftest import by_ref, csv_rows
from tests.test_action_pages import layout_text

AS_AT = date(2023, 6, 30)  # the sample's reporting date
FIRST_PLAN = date(2017, 3, 31)  # the 2017 Improvement Plan's publication
OVERDUE_AT_AS_AT = {"D9": 2007, "E7": 1917, "C5": 181, "B2": 91, "D11": 91}


def days_overdue(session: Session, on: date) -> dict[str, int | None]:
    return {row.ref: row.days_overdue for row in action_tracker(session, on)}


# Days overdue at the edges


def test_an_action_due_on_the_reporting_date_is_not_overdue_and_a_day_later_is(seeded_engine):
    with Session(seeded_engine) as session:
        due = days_overdue(session, date(2017, 12, 31))  # D9 (red) is due that day
        after = days_overdue(session, date(2018, 1, 1))
        on_time = days_overdue(session, AS_AT)
    assert due["D9"] is None and after["D9"] == 1
    # the 2022/23 plan's actions still in hand are due on the reporting date itself
    assert on_time["P1.6"] is None and on_time["P7.6"] is None


def test_a_revised_due_date_decides_whether_an_action_is_overdue(seeded_engine):
    # B2 was due 31 March 2018; an update moved it to 31 March 2023.
    with Session(seeded_engine) as session:
        assert days_overdue(session, date(2019, 1, 1))["B2"] is None
        assert days_overdue(session, date(2023, 3, 31))["B2"] is None
        assert days_overdue(session, date(2023, 4, 1))["B2"] == 1
        assert days_overdue(session, date(2024, 3, 31))["B2"] == 366  # through 29 February


def test_complete_actions_are_never_overdue(seeded_engine):
    with Session(seeded_engine) as session:
        late = days_overdue(session, date(2030, 1, 1))
        blue = set(session.scalars(select(Action.ref).where(Action.status == "blue")))
    assert blue and all(late[ref] is None for ref in blue)
    assert all(late[ref] is not None for ref in late.keys() - blue)  # all due by 2030


def test_every_list_gives_the_same_days_overdue_at_the_reporting_date(seeded_engine):
    with Session(seeded_engine) as session:
        tracked = {ref: days for ref, days in days_overdue(session, AS_AT).items() if days}
        listed = {row.ref: row.days_overdue for row in list_actions(session) if row.overdue}
        clinic = {row.ref: row.days_overdue for row in clinic_actions(session)}
        team = {row.ref: row.days_overdue for row in team_actions(session, "cared-for-children")}
        measure = {row.ref: row.days_overdue for row in measure_actions(session, "8", AS_AT)}
        theme = {
            row.ref: row.days_overdue
            for row in theme_actions(session, "quality-practice-and-compliance")
        }
        d11 = action_detail(session, "D11")
    assert tracked == listed == clinic == OVERDUE_AT_AS_AT  # no action is red and on time
    assert team["D9"] == 2007 and team["E7"] == 1917
    assert measure["D11"] == theme["D11"] == d11.days_overdue == 91
    assert (d11.due, d11.revised_due) == (date(2017, 9, 30), date(2023, 3, 31))
    assert [update.revised_due for update in d11.updates if update.revised_due] == [d11.revised_due]


def test_the_overdue_come_first_most_days_overdue_first(seeded_engine):
    with Session(seeded_engine) as session:
        clinic = [row.ref for row in clinic_actions(session)]
        tracker = action_tracker(session, AS_AT, TrackerFilter(overdue_only=True))
        team = team_actions(session, "cared-for-children")
    assert clinic[:3] == ["D9", "E7", "C5"] and set(clinic[3:]) == {"B2", "D11"}
    assert [row.ref for row in tracker] == clinic
    days = [row.days_overdue for row in team]
    overdue = [d for d in days if d is not None]
    assert overdue == sorted(overdue, reverse=True) and days[: len(overdue)] == overdue


def test_the_pack_judges_an_action_with_its_due_date_as_revised_by_then(seeded_engine):
    with Session(seeded_engine) as session:
        before = actions_as_at(session, ["8"], date(2019, 5, 31))["8"]
        after = actions_as_at(session, ["8"], AS_AT)["8"]
    [d11_before] = [row for row in before if row.ref == "D11"]
    [d11_after] = [row for row in after if row.ref == "D11"]
    assert d11_before.revised_due is None and d11_before.days_overdue == 608
    assert d11_after.revised_due == date(2023, 3, 31) and d11_after.days_overdue == 91


# The sample's statuses agree with its dates


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(on=st.dates(min_value=FIRST_PLAN, max_value=AS_AT))
def test_no_sample_action_is_on_track_or_complete_and_overdue(seeded_engine, on):
    with Session(seeded_engine) as session:
        both = [
            (row.ref, row.status, row.days_overdue)
            for row in action_tracker(session, on)
            if row.overdue and row.status in ("green", "blue")
        ]
    assert both == []


def test_no_illustrative_update_says_on_track_past_the_due_date_as_revised_by_then(
    seeded_engine,
):
    with Session(seeded_engine) as session:
        due = dict(session.execute(select(Action.id, Action.due)).all())
        refs = dict(session.execute(select(Action.id, Action.ref)).all())
        updates = session.execute(
            select(
                ActionUpdate.action_id,
                ActionUpdate.date,
                ActionUpdate.status,
                ActionUpdate.provenance,
                ActionUpdate.revised_due,
            ).order_by(ActionUpdate.action_id, ActionUpdate.date, ActionUpdate.id)
        ).all()
    late, revised = [], {}
    for action_id, when, status, provenance, moved_to in updates:
        revised[action_id] = moved_to or revised.get(action_id)
        due_then = revised[action_id] or due[action_id]
        if provenance == "illustrative" and status == "green" and due_then and when > due_then:
            late.append((refs[action_id], when))
    assert late == []


def test_each_sample_action_s_revised_date_is_the_one_its_newest_revising_update_gave(
    seeded_engine,
):
    with Session(seeded_engine) as session:
        actions = dict(session.execute(select(Action.ref, Action.revised_due)).all())
        moves = session.execute(
            select(Action.ref, ActionUpdate.revised_due)
            .join(Action, Action.id == ActionUpdate.action_id)
            .where(ActionUpdate.revised_due.is_not(None))
            .order_by(ActionUpdate.date)
        ).all()
    assert {ref: moved_to for ref, moved_to in moves} == {
        ref: revised for ref, revised in actions.items() if revised
    }


# What the pages, downloads and the API carry


@pytest.mark.parametrize(
    ("address", "ref_column"),
    [
        ("/download?page=/clinic&table=clinic-actions&format=csv", "Action"),
        ("/download?page=/actions&table=actions-plan-improvement-plan-2017&format=csv", "Action"),
        ("/download?page=/teams/cared-for-children&table=team-actions&format=csv", "Ref"),
        ("/download?page=/indicator/8&table=linked-actions&format=csv", "Action"),
    ],
)
def test_the_downloads_carry_the_revised_date_and_days_overdue(client, address, ref_column):
    rows = csv_rows(client.get(address))
    assert {"Due", "Revised due", "Days overdue"} <= set(rows[0])
    for row in rows:
        ref = row[ref_column].split("\n")[0].removeprefix("Action ")
        if ref == "D11":
            assert (row["Due"], row["Revised due"], row["Days overdue"]) == (
                "30 Sep 2017",
                "31 Mar 2023",
                "91",
            )
        elif ref in OVERDUE_AT_AS_AT:
            assert row["Days overdue"] == str(OVERDUE_AT_AS_AT[ref])
        else:
            assert row["Days overdue"] == ""


def test_the_clinic_download_lists_the_most_days_overdue_first(client):
    rows = csv_rows(client.get("/download?page=/clinic&table=clinic-actions&format=csv"))
    assert [row["Action"] for row in rows[:3]] == ["Action D9", "Action E7", "Action C5"]


def test_the_api_gives_each_action_s_revised_date_and_days_overdue(client):
    actions = by_ref(client.get("/api/v1/actions").get_json(), "ref")
    assert actions["C5"]["revised_due"] == "2022-12-31" and actions["C5"]["days_overdue"] == 181
    assert actions["C3"]["revised_due"] == "2023-09-30" and actions["C3"]["days_overdue"] is None
    table = csv_rows(client.get("/api/v1/actions?format=csv"))
    assert by_ref(table, "ref")["D9"]["days_overdue"] == "2007"


def test_the_action_page_says_the_revised_date_and_days_overdue(client):
    from dashboard.pages import action

    page = layout_text(client, action, ref="D11")
    assert "Revised due" in page and "31 March 2023" in page
    assert "91 at the reporting date" in page
    assert "Due date moved to" in page  # the progress update that moved it
    on_time = layout_text(client, action, ref="C3")  # moved to 30 September 2023
    assert "30 September 2023" in on_time and "Days overdue" not in on_time
