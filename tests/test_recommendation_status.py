"""Is a recommendation being met? The verdict rule on plain counts and ratings."""

from __future__ import annotations

import pytest

from dashboard.recommendation_status import (
    HOW_WE_JUDGE,
    NO_EVIDENCE,
    NOT_MET,
    PARTLY,
    PROGRESS,
    Verdict,
    judge,
    verdicts_sentence,
)

# No evidence yet


def test_nothing_linked_is_no_evidence():
    verdict = judge({}, [])
    assert verdict == Verdict(NO_EVIDENCE, "No actions or measures are linked to it yet.")
    assert verdict.word == "No evidence yet"


def test_only_unrated_measures_and_no_actions_is_no_evidence():
    verdict = judge({}, [None, None])
    assert verdict.key == NO_EVIDENCE
    assert verdict.reason == "No actions are linked and none of its 2 measures is rated yet."


def test_one_unrated_measure_reads_naturally():
    assert judge({}, [None]).reason == "No actions are linked and its one measure is not rated yet."


def test_zero_counts_are_no_actions():
    assert judge({"blue": 0, "overdue": 0}, []).key == NO_EVIDENCE


# Not yet met


@pytest.mark.parametrize(
    ("actions", "measures", "reason"),
    [
        ({"blue": 3, "overdue": 1}, ["green"], "1 action is overdue."),
        ({"green": 2, "red": 2}, [], "2 actions are off track."),
        ({"blue": 2}, ["green", "red"], "1 measure is red."),
        ({}, ["red", "red", None], "2 measures are red."),
        (
            {"overdue": 2, "red": 1, "blue": 4},
            ["red", "green"],
            "2 actions are overdue, 1 action is off track and 1 measure is red.",
        ),
    ],
)
def test_anything_overdue_off_track_or_red_is_not_yet_met(actions, measures, reason):
    verdict = judge(actions, measures)
    assert verdict.key == NOT_MET and verdict.word == "Not yet met"
    assert verdict.reason == reason


def test_one_red_measure_outweighs_everything_complete():
    assert judge({"blue": 10}, ["green"] * 5 + ["red"]).key == NOT_MET


# Evidence of progress


@pytest.mark.parametrize(
    ("actions", "measures", "reason"),
    [
        (
            {"blue": 2, "green": 1},
            ["green", "amber", None],
            "All 3 actions are complete or on track and 1 of its 3 measures is green and "
            "none is red.",
        ),
        ({"blue": 1}, [], "Its one action is complete or on track and no measures are linked."),
        (
            {"green": 2},
            [None, None],
            "Both actions are complete or on track and none of its 2 measures is red.",
        ),
        (
            {"blue": 1},
            ["amber"],
            "Its one action is complete or on track and its one measure is not red.",
        ),
        ({}, ["green", "green"], "No actions are linked and both measures are green."),
        ({}, ["green"], "No actions are linked and its one measure is green."),
    ],
)
def test_all_actions_complete_or_on_track_and_nothing_red_is_progress(actions, measures, reason):
    verdict = judge(actions, measures)
    assert verdict.key == PROGRESS and verdict.word == "Evidence of progress"
    assert verdict.reason == reason


# Partly


@pytest.mark.parametrize(
    ("actions", "measures", "reason"),
    [
        (
            {"blue": 2, "amber": 1},
            ["green"],
            "Nothing is overdue, off track or red, but 1 action is at risk.",
        ),
        (
            {"amber": 2, "not_started": 1},
            [],
            "Nothing is overdue, off track or red, but 2 actions are at risk and 1 action is "
            "not started.",
        ),
        (
            {"not_started": 1},
            [None],
            "Nothing is overdue, off track or red, but 1 action is not started.",
        ),
        (
            {},
            ["amber", None],
            "Nothing is overdue, off track or red, but 1 measure is amber and none is green yet.",
        ),
    ],
)
def test_at_risk_not_started_or_only_amber_is_partly(actions, measures, reason):
    verdict = judge(actions, measures)
    assert verdict.key == PARTLY and verdict.word == "Partly"
    assert verdict.reason == reason


def test_a_not_started_action_that_is_overdue_counts_as_overdue():
    """The roll-up puts an action past its due date in `overdue`, whatever its status."""
    assert judge({"overdue": 1}, []).key == NOT_MET
    assert judge({"not_started": 1}, []).key == PARTLY


# The summary line and the explanation


def test_an_inspections_summary_counts_each_verdict():
    verdicts = [PROGRESS, PROGRESS, PARTLY, PARTLY, PARTLY, NOT_MET]
    assert verdicts_sentence(verdicts) == (
        "6 recommendations: 2 showing evidence of progress, 3 partly, 1 not yet met"
    )
    assert verdicts_sentence([NO_EVIDENCE]) == "1 recommendation: 1 with no evidence yet"
    assert verdicts_sentence([]) == "No recommendations."


def test_the_explanation_names_every_verdict():
    for word in ("not yet met", "evidence of progress", "partly", "no evidence yet"):
        assert f"“{word}”" in HOW_WE_JUDGE
