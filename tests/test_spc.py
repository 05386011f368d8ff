"""The XmR chart rules (dashboard/spc.py) on series built by hand, one rule at a time."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.components.measure_card import measure_card
from dashboard.rating import Rating, Trend
from dashboard.spc import (
    ASSURANCE_WORDS,
    PLAIN_ASSURANCE,
    PLAIN_VARIATION,
    VARIATION_WORDS,
    SpcVerdicts,
    _trends,
    assurance_words,
    plain_explanation,
    process_limits,
    spc,
    spc_verdicts,
    variation_words,
)
from data_access.queries.indicators import IndicatorSummary

# A steady series of 12 months, used as the baseline in most tests below.
#   values      24 22 20 22 24 22 20 22 24 22 20 22
#   mean        (24 + 22 + 20 + 22) × 3 / 12 = 264 / 12 = 22
#   moving ranges: eleven differences, each 2, so the mean moving range = 22 / 11 = 2
#   limits      22 ± 2.66 × 2 = 22 ± 5.32  →  lower 16.68, upper 27.32
#   2/3 of the way to a limit: 22 ± 5.32 × 2/3 = 22 ± 3.5467  →  18.4533 and 25.5467
# Its points alternate sides of the mean (22 is on it), so no rule fires inside it. It ends
# 20 (below), 22 (on the mean), so points added after it start fresh runs.
STEADY = [24, 22, 20, 22, 24, 22, 20, 22, 24, 22, 20, 22]


def monthly(values):
    """(date, value) pairs, one a month from April 2023."""
    return [(date(2023 + (3 + i) // 12, (3 + i) % 12 + 1, 1), v) for i, v in enumerate(values)]


def after_steady(added, polarity="up", target=None):
    """The chart of STEADY followed by `added`, with STEADY as the baseline (mean 22)."""
    return spc(monthly(STEADY + added), polarity, target, baseline=len(STEADY))


def flagged(chart):
    """Positions of the special cause points, counting from 0 (the added points start at 12)."""
    return [i for i, point in enumerate(chart.points) if point.special_cause]


def test_worked_example_limits_from_every_point():
    chart = spc(monthly(STEADY), "up")
    assert chart.mean == pytest.approx(22)
    assert chart.lower == pytest.approx(16.68)
    assert chart.upper == pytest.approx(27.32)
    assert flagged(chart) == []
    assert chart.variation == "common_cause"
    assert all(point.kind is None and point.side is None for point in chart.points)


def test_worked_example_a_point_above_the_upper_limit():
    # Every point is the baseline here: STEADY then 30.
    #   mean            (264 + 30) / 13 = 22.6154
    #   moving ranges   eleven of 2, then |30 - 22| = 8: (22 + 8) / 12 = 2.5
    #   limits          22.6154 ± 2.66 × 2.5 = 22.6154 ± 6.65  →  15.9654 to 29.2654
    # 30 is above 29.2654; nothing else fires (the points around it lie within 2/3 of the way).
    chart = spc(monthly([*STEADY, 30]), "up")
    assert chart.mean == pytest.approx(22.6154, abs=1e-4)
    assert chart.upper == pytest.approx(29.2654, abs=1e-4)
    assert chart.lower == pytest.approx(15.9654, abs=1e-4)
    assert flagged(chart) == [12]
    assert chart.points[12].kind == "improvement" and chart.points[12].side == "high"


def test_a_baseline_sets_the_limits_from_the_first_points_only():
    values = [*STEADY, 30, 31, 29]
    assert process_limits(values, baseline=12) == process_limits(STEADY)
    assert spc(monthly(values), "up", baseline=12).mean == pytest.approx(22)
    assert spc(monthly(values), "up").mean == pytest.approx(23.6)  # (264 + 90) / 15


def test_a_baseline_shorter_than_twelve_points_is_refused():
    with pytest.raises(ValueError):
        spc(monthly(STEADY), "up", baseline=11)


def test_fewer_than_twelve_points_give_no_chart():
    assert spc(monthly(STEADY[:11]), "up") is None
    assert spc(monthly(STEADY), "up") is not None


def test_points_are_put_in_date_order_first():
    shuffled = list(reversed(monthly([*STEADY, 30])))
    assert flagged(spc(shuffled, "up")) == [12]


def test_a_point_below_the_lower_limit_is_a_concern_when_higher_is_better():
    chart = after_steady([14])  # below 16.68
    assert flagged(chart) == [12]
    assert chart.points[12].kind == "concern" and chart.points[12].side == "low"
    assert chart.variation == "concern_low"


def test_seven_points_above_the_mean_are_all_flagged():
    # Seven points between 22 and 25.5467, going up and down, so only the shift rule fires.
    chart = after_steady([23, 23.5, 23, 23.5, 23, 23.5, 23])
    assert flagged(chart) == list(range(12, 19))
    assert {chart.points[i].kind for i in flagged(chart)} == {"improvement"}


def test_six_points_above_the_mean_are_not_flagged():
    assert flagged(after_steady([23, 23.5, 23, 23.5, 23, 23.5])) == []


def test_a_point_on_the_mean_neither_counts_towards_nor_breaks_a_run():
    # 22 is exactly the mean: seven points above with it in the middle still make a shift,
    # and the point on the mean itself is not flagged.
    chart = after_steady([23, 23.5, 23, 22, 23.5, 23, 23.5, 23])
    assert flagged(chart) == [12, 13, 14, 16, 17, 18, 19]
    # Six above and one on the mean are still only six.
    assert flagged(after_steady([23, 23.5, 23, 22, 23.5, 23, 23.5])) == []


def test_seven_points_each_higher_than_the_last_are_a_trend():
    # "7 points all increasing" is read as seven points with six rises, 19 to 25. They cross
    # the mean (three below, 22 on it, three above) and stay inside 18.4533 to 25.5467, so only
    # the trend rule fires.
    chart = after_steady([19, 20, 21, 22, 23, 24, 25])
    assert flagged(chart) == list(range(12, 19))
    assert {(chart.points[i].kind, chart.points[i].side) for i in flagged(chart)} == {
        ("improvement", "high")
    }


def test_six_points_each_higher_than_the_last_are_not_a_trend():
    assert flagged(after_steady([19, 20, 21, 22, 23, 24])) == []


def test_a_falling_trend_is_a_concern_when_higher_is_better_and_improvement_when_lower():
    falling = [25, 24, 23, 22, 21, 20, 19]
    rising_is_better = after_steady(falling, "up")
    falling_is_better = after_steady(falling, "down")
    assert flagged(rising_is_better) == flagged(falling_is_better) == list(range(12, 19))
    assert rising_is_better.variation == "concern_low"
    assert falling_is_better.variation == "improvement_low"


def test_a_repeated_value_neither_adds_to_nor_breaks_a_trend():
    # Seven points but only six different levels: five rises, not a trend.
    assert flagged(after_steady([19, 20, 21, 21, 22, 23, 24])) == []
    # Seven levels with a repeat inside: a trend, and the repeated point is flagged with it.
    assert flagged(after_steady([19, 20, 21, 21, 22, 23, 24, 25])) == list(range(12, 20))


def test_two_of_three_points_near_the_upper_limit_flags_those_two():
    # 26 is beyond 25.5467 (2/3 of the way to 27.32) but inside the limit; 23 is above the
    # mean, so all three are on one side. Only the two beyond are flagged.
    chart = after_steady([26, 23, 26])
    assert flagged(chart) == [12, 14]
    assert chart.variation == "improvement_high"


def test_two_of_three_counts_a_point_beyond_the_limit():
    # 28 is outside the limit (27.32) and also counts as beyond 2/3, so 26 is flagged too.
    assert flagged(after_steady([26, 23, 28])) == [12, 14]


def test_one_of_three_near_a_limit_is_not_flagged():
    assert flagged(after_steady([26, 23, 23])) == []


def test_two_of_three_on_opposite_sides_of_the_mean_is_not_flagged():
    # 26 is beyond 25.5467 and 18 beyond 18.4533, but on opposite sides of the mean.
    assert flagged(after_steady([26, 18, 26])) == []
    assert flagged(after_steady([26, 23, 18])) == []


def test_a_context_measure_gives_neutral_special_causes():
    chart = after_steady([30], polarity="neutral")
    assert chart.points[12].kind == "neutral"
    assert chart.variation == "neutral_high"
    assert after_steady([14], polarity="neutral").variation == "neutral_low"


def test_the_same_point_is_improvement_or_concern_by_polarity():
    assert after_steady([30], polarity="up").variation == "improvement_high"
    assert after_steady([30], polarity="down").variation == "concern_high"
    assert after_steady([14], polarity="down").variation == "improvement_low"


def test_a_point_flagged_both_ways_counts_as_improvement():
    # Seven points above the mean (a shift: higher) that also fall each month (a trend: lower).
    chart = after_steady([25, 24.5, 24, 23.5, 23, 22.5, 22.2], polarity="up")
    assert flagged(chart) == list(range(12, 19))
    assert chart.variation == "improvement_high"
    assert after_steady([25, 24.5, 24, 23.5, 23, 22.5, 22.2], "down").variation == (
        "improvement_low"
    )


def test_variation_is_read_from_the_latest_point():
    assert after_steady([30]).variation == "improvement_high"
    # The same signal followed by an ordinary month: the latest point is common cause.
    assert after_steady([30, 22]).variation == "common_cause"


def test_assurance_when_higher_is_better():
    # Limits 16.68 to 27.32.
    assert after_steady([], "up", target=15).assurance == "always_met"
    assert after_steady([], "up", target=30).assurance == "never_met"
    assert after_steady([], "up", target=22).assurance == "not_assured"


def test_assurance_when_lower_is_better():
    assert after_steady([], "down", target=30).assurance == "always_met"
    assert after_steady([], "down", target=15).assurance == "never_met"
    assert after_steady([], "down", target=22).assurance == "not_assured"


def test_no_assurance_without_a_target_or_for_a_context_measure():
    assert after_steady([], "up").assurance is None
    assert after_steady([], "neutral", target=22).assurance is None


def test_every_verdict_has_words_for_the_board():
    assert variation_words("improvement_high") == "Special cause variation: improvement (higher)"
    assert variation_words("concern_low") == "Special cause variation: concern (lower)"
    assert assurance_words("always_met").startswith("Target always met")
    assert assurance_words("not_assured").startswith("Not assured")
    assert "No target" in assurance_words(None)
    assert all(VARIATION_WORDS.values()) and all(ASSURANCE_WORDS.values())


# Properties over any series


def _walk(stretches) -> list[float]:
    """A series that rises, falls or stays level in stretches: trends, near-trends, repeats."""
    values = [0.0]
    for step, length in stretches:
        values += [values[-1] + step * (i + 1) for i in range(length)]
    return values[:40]


SERIES = (
    st.lists(
        st.tuples(st.sampled_from([-1.0, 0.0, 1.0]), st.integers(1, 8)), min_size=3, max_size=12
    )
    .map(_walk)
    .filter(lambda values: len(values) >= 12)
)


def _in_trends(values):
    """The points in a trend, found the slow way: a stretch of at least 7 levels (equal
    neighbours are one level), each higher (or each lower) than the one before."""
    levels = [[0]]
    for i in range(1, len(values)):
        if values[i] == values[i - 1]:
            levels[-1].append(i)
        else:
            levels.append([i])
    found = set()
    for first in range(len(levels)):
        for last in range(first + 6, len(levels)):
            steps = [
                values[levels[k][0]] - values[levels[k - 1][0]] for k in range(first + 1, last + 1)
            ]
            if all(step > 0 for step in steps) or all(step < 0 for step in steps):
                found.update(i for level in levels[first : last + 1] for i in level)
    return found


@given(values=SERIES)
def test_the_trend_rule_flags_exactly_the_points_in_a_long_enough_run(values):
    assert {i for i, _ in _trends(values)} == _in_trends(values)


@given(values=SERIES, polarity=st.sampled_from(["up", "down", "neutral"]),
       target=st.one_of(st.none(), st.integers(0, 6).map(float)))  # fmt: skip
def test_the_verdicts_alone_are_those_of_the_whole_chart(values, polarity, target):
    chart = spc(monthly(values), polarity, target)
    verdicts = spc_verdicts(monthly(values), polarity, target)
    assert (verdicts.variation, verdicts.assurance) == (chart.variation, chart.assurance)


@pytest.mark.parametrize("variation", sorted(VARIATION_WORDS))
@pytest.mark.parametrize("assurance_code", [None, *sorted(ASSURANCE_WORDS)])
@pytest.mark.parametrize("rag", [None, "green", "amber", "red"])
def test_every_pair_of_icons_has_plain_words(variation, assurance_code, rag):
    words = plain_explanation(SpcVerdicts(variation, assurance_code), rag)
    assert words.startswith(PLAIN_VARIATION[variation])
    if assurance_code:
        assert PLAIN_ASSURANCE[assurance_code] in words
    assert "special cause" not in words.lower() and "limit" not in words.lower()


def test_a_green_card_whose_target_is_never_met_says_why():
    words = plain_explanation(SpcVerdicts("improvement_high", "never_met"), "green")
    assert "unusually high, and higher is better" in words
    assert "every figure misses the target" in words
    assert "The card is green because the latest figure meets the target" in words
    red = plain_explanation(SpcVerdicts("concern_low", "always_met"), "red")
    assert "The card is red because the latest figure misses the target" in red


def test_a_card_opens_to_say_what_its_spc_icons_mean():
    summary = IndicatorSummary(
        "3a", "Contacts decided", "Contacts", "percent", "up", "monthly", 90.0, 5.0, None
    )
    card = measure_card(
        summary,
        [],
        Rating("green", "meets it"),
        Trend("stable", "→", ""),
        SpcVerdicts("improvement_high", "never_met"),
    )
    assert '<details class="small spc-meaning"><summary>What the SPC icons mean</summary>' in card
    assert "The card is green because" in card
    assert 'href="/glossary#spc-icons"' in card
    assert 'title="Special cause variation: improvement (higher). The latest figures' in card
