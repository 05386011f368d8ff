"""The action tracker's filters, its BRAG split by plan and theme, and "We said / We did": the
queries (on SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and the rules. The page
itself is tested in test_action_tracker_page.py."""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.action_progress import brag_split, split_sentence
from dashboard.components.tracker_filters import address_query, chosen_filter
from data_access.models import Action, ActionUpdate, Plan, Priority, Theme
from data_access.queries.action_tracker import (
    EVERY_ACTION,
    TrackerFilter,
    action_total,
    action_tracker,
    split_by_plan,
    split_by_theme,
    tracker_choices,
    we_said_we_did,
)
from data_access.queries.plans import list_actions, newest_updates
from tests.conftest import counted_queries
from tests.test_theme_page import SLUGS

PLAN_2022 = "improvement-plan-2022-23"
PLAN_2017 = "improvement-plan-2017"
AS_AT = date(2023, 6, 30)  # the reporting date: the sample's newest month is June 2023
THEMES = SLUGS  # the six improvement themes, in order


@pytest.fixture(scope="module")
def every_action(seeded_engine):
    """Every action as the API lists it: a second, independent way to count."""
    with Session(seeded_engine) as session:
        return list_actions(session)


def refs(session, **chosen) -> set[str]:
    return {row.ref for row in action_tracker(session, None, TrackerFilter(**chosen))}


# The filtered query


def test_no_filter_lists_every_action(seeded_engine, every_action):
    with Session(seeded_engine) as session:
        assert refs(session) == {action.ref for action in every_action}
        assert action_total(session) == len(every_action) == 101


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({"plan": PLAN_2022}, lambda a: a.plan == PLAN_2022),
        ({"theme": "demand-and-need"}, lambda a: a.theme == "demand-and-need"),
        ({"owner": "Chief Executive"}, lambda a: a.owner == "Chief Executive"),
        ({"statuses": ("red", "amber")}, lambda a: a.status in ("red", "amber")),
        ({"statuses": ("not_started",)}, lambda a: a.status == "not_started"),
        ({"statuses": ()}, lambda a: False),
        ({"overdue_only": True}, lambda a: a.overdue),
        ({"plan": PLAN_2022, "priority": "P4"}, lambda a: a.priority == "P4"),
        ({"priority": "P4"}, lambda a: True),  # a priority means nothing without its plan
    ],
)
def test_each_filter_alone_matches_a_direct_count(seeded_engine, every_action, chosen, expected):
    with Session(seeded_engine) as session:
        shown = refs(session, **chosen)
    assert shown == {action.ref for action in every_action if expected(action)}


def test_the_filters_combine(seeded_engine, every_action):
    with Session(seeded_engine) as session:
        shown = refs(
            session,
            plan=PLAN_2017,
            theme="quality-practice-and-compliance",
            statuses=("red", "amber", "green"),
            overdue_only=True,
        )
    expected = {
        a.ref
        for a in every_action
        if a.plan == PLAN_2017
        and a.theme == "quality-practice-and-compliance"
        and a.status != "blue"
        and a.overdue
    }
    assert shown == expected and shown  # some, and only those
    with Session(seeded_engine) as session:
        assert refs(session, plan=PLAN_2022, theme="demand-and-need", priority="P4") == set()


def test_overdue_is_decided_against_the_as_at_date(seeded_engine):
    with Session(seeded_engine) as session:
        as_at = action_tracker(session, None, TrackerFilter(overdue_only=True))
        on_the_day = action_tracker(session, AS_AT, TrackerFilter(overdue_only=True))
        later = action_tracker(session, date(2030, 1, 1), TrackerFilter(overdue_only=True))
    assert [row.ref for row in as_at] == [row.ref for row in on_the_day]
    assert all(row.due < AS_AT and row.status != "blue" and row.overdue for row in as_at)
    # the 2022/23 plan's unfinished actions are due on 30 June 2023: not yet overdue
    assert not any(row.plan_slug == PLAN_2022 for row in as_at)
    assert any(row.plan_slug == PLAN_2022 for row in later)


def test_the_choices_are_queried(seeded_engine, every_action):
    with Session(seeded_engine) as session:
        choices = tracker_choices(session, PLAN_2022)
        no_plan = tracker_choices(session)
        plan_2017 = tracker_choices(session, PLAN_2017)
    # the 12-week plan has no actions in the sample data, so it is not offered
    assert [choice.value for choice in choices.plans] == [PLAN_2017, PLAN_2022]
    assert [theme.letter for theme in choices.themes] == list("ABCDEF")
    assert [choice.value for choice in choices.priorities] == [f"P{n}" for n in range(1, 8)]
    assert sorted(choices.owners) == sorted({action.owner for action in every_action})
    assert no_plan.priorities == []
    assert plan_2017.priorities == []  # its priorities A-F are the themes, offered as themes


# Reading the filter from the address


@pytest.fixture(scope="module")
def choices(seeded_engine):
    with Session(seeded_engine) as session:
        return tracker_choices(session, PLAN_2022)


def test_the_address_gives_the_filter(choices):
    chosen = chosen_filter(
        choices, PLAN_2022, "P4", "Chief Executive", "red,amber,not-started", "1"
    )
    assert chosen == TrackerFilter(
        plan=PLAN_2022,
        priority="P4",
        owner="Chief Executive",
        statuses=("red", "amber", "not_started"),
        overdue_only=True,
    )
    assert chosen_filter(choices, theme="sustainability").theme == "sustainability"
    assert chosen_filter(choices, status="none").statuses == ()
    assert chosen_filter(choices, plan=["x", PLAN_2022]).plan == PLAN_2022  # repeated: the last


def test_unknown_values_in_the_address_are_ignored(choices):
    chosen = chosen_filter(choices, "no-such-plan", "P4", "Nobody", "purple,red", "maybe")
    assert chosen == TrackerFilter(statuses=("red",))  # P4 needs its plan; purple is unknown
    assert chosen_filter(choices, "x", "no-theme", "", "purple", "") == EVERY_ACTION
    assert chosen_filter(choices, status="red,amber,green,blue,not_started") == EVERY_ACTION


@pytest.mark.parametrize(
    "chosen",
    [
        EVERY_ACTION,
        TrackerFilter(plan=PLAN_2022, priority="P4", statuses=("red", "amber")),
        TrackerFilter(theme="demand-and-need", owner="Chief Executive", overdue_only=True),
        TrackerFilter(statuses=()),
    ],
)
def test_the_address_written_opens_the_same_view(choices, chosen):
    query = address_query(chosen)
    assert chosen_filter(choices, **dict(parse_qsl(query.removeprefix("?")))) == chosen


def test_the_address_reads_as_a_person_would_write_it():
    chosen = TrackerFilter(plan=PLAN_2022, statuses=("red", "amber"), overdue_only=True)
    assert address_query(chosen) == f"?plan={PLAN_2022}&status=red,amber&overdue=1"
    assert address_query(EVERY_ACTION) == ""


# The BRAG split by plan and by theme


def _direct_counts(session, *conditions) -> Counter:
    rows = session.execute(
        select(Action.status, func.count())
        .join(Priority, Priority.id == Action.priority_id)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(Theme, Theme.id == Priority.theme_id)
        .where(*conditions)
        .group_by(Action.status)
    )
    return Counter(dict(rows.all()))


@pytest.mark.parametrize(
    "chosen",
    [EVERY_ACTION, TrackerFilter(statuses=("green", "amber")), TrackerFilter(plan=PLAN_2022)],
)
def test_the_split_by_plan_and_theme_matches_a_direct_count(seeded_engine, every_action, chosen):
    with Session(seeded_engine) as session:
        plans = split_by_plan(session, None, chosen)
        themes = split_by_theme(session, None, chosen)
        shown = action_tracker(session, None, chosen)
        for row in plans:
            expected = _direct_counts(session, Plan.slug == row.slug)
            if chosen.statuses is not None:
                expected = Counter({s: n for s, n in expected.items() if s in chosen.statuses})
            assert Counter(row.counts.by_status) == expected
        for row in themes:
            wanted = [
                a for a in shown if a.ref in {x.ref for x in every_action if x.theme == row.slug}
            ]
            assert Counter(row.counts.by_status) == Counter(a.status for a in wanted)
            assert row.counts.overdue == sum(a.overdue for a in wanted)
    for rows in (plans, themes):
        assert sum(row.counts.total for row in rows) == len(shown)
        assert sum(row.counts.overdue for row in rows) == sum(a.overdue for a in shown)
        for row in rows:
            shares = brag_split(row.counts.by_status)
            assert sum(share.percent for share in shares) == 100
            assert sum(share.count for share in shares) == row.counts.total


def test_the_split_keeps_plans_oldest_first_and_themes_a_to_f(seeded_engine):
    with Session(seeded_engine) as session:
        plans = split_by_plan(session)
        themes = split_by_theme(session)
    assert [row.slug for row in plans] == [PLAN_2017, PLAN_2022]
    assert themes[0].name == "Leadership and strategy" and themes[-1].name == "Sustainability"
    assert plans[1].counts.by_status == {"blue": 27, "green": 9}


def test_the_split_in_words_reads_like_the_send_plan():
    counts = {"red": 3, "amber": 47, "green": 18, "blue": 32}
    assert split_sentence(counts) == (
        "Of 100 actions: 3% red, 47% amber, 18% green, 32% blue and 0% not started."
    )
    assert split_sentence({"red": 1}, "action shown", "actions shown").startswith(
        "Of 1 action shown: 100% red"
    )
    assert split_sentence({}) == "There are no actions to count."


def test_the_split_is_counted_in_a_fixed_number_of_queries(seeded_engine):
    with Session(seeded_engine) as session, counted_queries(seeded_engine) as statements:
        split_by_plan(session, AS_AT, TrackerFilter(plan=PLAN_2022))
        split_by_theme(session, AS_AT, TrackerFilter(plan=PLAN_2022))
        action_tracker(session, AS_AT, TrackerFilter(plan=PLAN_2022))
    assert len(statements) == 3


# We said / We did


def test_we_said_we_did_shows_every_2022_action_with_its_published_update(seeded_engine):
    with Session(seeded_engine) as session:
        rows = we_said_we_did(session)
    assert [row.ref for row in rows][:2] == ["P1.1", "P1.2"] and rows[-1].ref == "P7.6"
    assert len(rows) == 36
    assert list(dict.fromkeys(row.priority_code for row in rows)) == [f"P{n}" for n in range(1, 8)]
    first = rows[0]
    assert first.said.startswith("We'd agree leadership")
    assert first.did.startswith("DFE appointed the Improvement Advisor")
    assert first.did_on == date(2023, 3, 31) and first.did_provenance == "published"
    assert first.did_source.startswith("Scrutiny panel 7 Jun 2023")


def _action(session, plan, priority, ref, sort_order) -> Action:
    action = Action(
        ref=ref,
        plan_id=plan.id,
        priority_id=priority.id,
        text=f"We'd do {ref}.",
        owner="Chief Executive",
        due=date(2023, 6, 30),
        status="green",
        sort_order=sort_order,
    )
    session.add(action)
    session.flush()
    return action


def _update(session, action, day, provenance, note):
    session.add(
        ActionUpdate(
            action_id=action.id,
            date=day,
            status="green",
            note=note,
            provenance=provenance,
            source="A report" if provenance == "published" else "",
        )
    )


def test_a_published_update_wins_over_a_newer_illustrative_one(empty_engine):
    with Session(empty_engine) as session:
        plan = Plan(slug=PLAN_2022, title="Improvement Plan 2022/23")
        session.add(plan)
        session.flush()
        priority = Priority(plan_id=plan.id, code="P1", title="The first priority")
        session.add(priority)
        session.flush()
        both = _action(session, plan, priority, "P1.1", 1)
        _update(session, both, date(2023, 1, 31), "published", "What the report said")
        _update(session, both, date(2023, 5, 31), "illustrative", "A newer made-up update")
        illustrative = _action(session, plan, priority, "P1.2", 2)
        _update(session, illustrative, date(2023, 1, 31), "illustrative", "Older")
        _update(session, illustrative, date(2023, 2, 28), "illustrative", "Newest made-up")
        _action(session, plan, priority, "P1.3", 3)
        session.commit()
        rows = {row.ref: row for row in we_said_we_did(session, PLAN_2022, AS_AT)}
        # other pages still see the newest update, whatever its provenance
        newest = newest_updates()
        plain = session.execute(select(newest.c.note).where(newest.c.action_id == both.id))
        assert plain.scalar_one() == "A newer made-up update"
    assert (rows["P1.1"].did, rows["P1.1"].did_provenance) == ("What the report said", "published")
    assert rows["P1.1"].did_on == date(2023, 1, 31) and rows["P1.1"].did_source == "A report"
    assert (rows["P1.2"].did, rows["P1.2"].did_provenance) == ("Newest made-up", "illustrative")
    assert rows["P1.3"].did is None and rows["P1.3"].did_on is None


def test_the_empty_database_has_nothing_to_track(empty_engine):
    with Session(empty_engine) as session:
        assert action_tracker(session, None, TrackerFilter(plan=PLAN_2022)) == []
        assert split_by_plan(session) == [] and split_by_theme(session) == []
        assert we_said_we_did(session) == [] and action_total(session) == 0
        assert tracker_choices(session).plans == []
