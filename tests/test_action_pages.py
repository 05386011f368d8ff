"""The action tracker and the action page: their queries, the BRAG rules and the layouts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from dashboard.action_progress import brag_split, ratings_sentence, rollup_sentence
from data_access.queries.action_tracker import action_counts, action_tracker
from data_access.queries.actions import action_detail
from tests.conftest import as_role, counted_queries

# The rules


def test_brag_split_percentages_add_up_to_100_by_largest_remainder():
    shares = brag_split({"red": 1, "amber": 1, "green": 1})
    assert [share.percent for share in shares] == [34, 33, 33, 0, 0]
    assert sum(share.percent for share in brag_split({"blue": 83, "green": 13, "red": 1})) == 100


def test_brag_split_of_no_actions_is_all_zero():
    assert [share.percent for share in brag_split({})] == [0, 0, 0, 0, 0]


def test_rollup_sentence_counts_each_action_once():
    counts = {"blue": 2, "green": 1, "overdue": 1}
    assert rollup_sentence(counts) == "4 actions: 2 complete, 1 on track, 1 overdue"
    assert rollup_sentence({"red": 1}) == "1 action: 1 off track"
    assert rollup_sentence({}) == "No actions are linked yet."


def test_ratings_sentence():
    assert ratings_sentence(["green", "red", None]) == "3 measures: 1 green, 1 red, 1 not rated"
    assert ratings_sentence([]) == "No measures are linked yet."


# The queries


def test_d11_has_its_measure_recommendation_and_history_newest_first(seeded_engine):
    with Session(seeded_engine) as session:
        action = action_detail(session, "D11")
    assert action.plan_title == "Children's Services Improvement Plan 2017"
    assert action.priority_code == "D" and action.theme_slug == "quality-practice-and-compliance"
    assert action.owner == "Head of Service, Quality Assurance"
    assert "8" in [measure.ref for measure in action.measures]
    assessments = next(measure for measure in action.measures if measure.ref == "8")
    assert assessments.latest is not None and assessments.unit == "percent"
    assert "2016-3" in [rec.id for rec in action.recommendations]
    dates = [update.date for update in action.updates]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)
    assert action.updates[-1].provenance == "published" and action.updates[-1].source
    assert action.teams  # team names, never people


def test_overdue_is_decided_by_the_as_at_date(seeded_engine):
    with Session(seeded_engine) as session:
        as_at_data = action_detail(session, "D11")
        before_due = action_detail(session, "D11", on=date(2017, 9, 1))
    assert as_at_data.due == date(2017, 9, 30) and as_at_data.status != "blue"
    assert as_at_data.overdue is True
    assert before_due.overdue is False


def test_unknown_action_is_none(seeded_engine):
    with Session(seeded_engine) as session:
        assert action_detail(session, "ZZ") is None


def test_brag_counts_are_made_in_sql_and_add_up(seeded_engine):
    with Session(seeded_engine) as session:
        counts = action_counts(session)
        tracker = action_tracker(session)
    assert counts.total == len(tracker)
    assert counts.overdue == sum(action.overdue for action in tracker)
    shares = brag_split(counts.by_status)
    assert sum(share.percent for share in shares) == 100
    assert sum(share.count for share in shares) == counts.total


def test_tracker_keeps_plans_in_order_and_every_action(seeded_engine):
    with Session(seeded_engine) as session:
        tracker = action_tracker(session)
    plans = list(dict.fromkeys(action.plan_slug for action in tracker))
    assert plans[0] == "improvement-plan-2017"
    assert {"D11", "P4.1"} <= {action.ref for action in tracker}


def test_the_action_page_makes_a_fixed_number_of_queries(seeded_engine):
    with Session(seeded_engine) as session, counted_queries(seeded_engine) as statements:
        action_detail(session, "D11")
    assert len(statements) <= 7  # as at, action, history, measures, figures, recs, teams


def test_counts_on_an_empty_database(empty_engine):
    with Session(empty_engine) as session:
        counts = action_counts(session)
        assert action_tracker(session) == []
    assert counts.total == 0 and counts.overdue == 0


# The layouts


def layout_text(client, module, **path) -> str:
    with as_role(client.application, "/"):
        return str(module.layout(**path))


def test_action_page_shows_the_action_and_its_links(client):
    from dashboard.pages import action

    page = layout_text(client, action, ref="D11")
    assert page.count("H1(") == 1 and "Action D11" in page
    assert "Review the Child and Family assessment" in page
    assert "Head of Service, Quality Assurance" in page
    assert "href='/indicator/8'" in page
    assert "href='/recommendations/2016-3'" in page
    assert "Overdue" in page and "Published (Cabinet report 30 Aug 2017" in page
    assert "Caption(" in page and "scope='col'" in page


@pytest.mark.parametrize("ref", ["ZZ", None])
def test_unknown_action_is_not_found(client, ref):
    from dashboard.pages import action

    page = layout_text(client, action, ref=ref)
    assert "Action not found" in page and "href='/actions'" in page


def test_action_title_names_the_action():
    from dashboard.pages import action

    assert action.title(ref="D11") == "Action D11"


def test_tracker_page_has_the_split_and_every_plan(client):
    from dashboard.pages import actions

    page = layout_text(client, actions)
    assert page.count("H1(") == 1 and "Action tracker" in page
    assert "BRAG split" in page and "Of 101 actions: 1% red" in page
    assert "Children's Services Improvement Plan 2017" in page
    assert "Improvement Plan 2022/23" in page
    assert "href='/actions/D11'" in page and "Action D11" in page
