"""The benchmarking rules (data_access/benchmarking.py) on numbers worked by hand: LAIT's quartile
cut points (R's type 7), bands by polarity at and between the cut points, ranks in words, and the
neighbours' mean and median."""

from __future__ import annotations

import pytest

from data_access.benchmarking import (
    band_words,
    neighbour_mean,
    neighbour_median,
    order_positions,
    ordinal,
    quartile_band,
    quartile_cuts,
    rank_words,
)


def cuts_of(values: list[float]) -> tuple[float, ...]:
    """The cut points as the query finds them: the figures at `order_positions`, in order."""
    ordered = sorted(values)

    def at(position: int) -> float | None:
        return ordered[position - 1] if position <= len(ordered) else None

    between = [tuple(at(p) for p in order_positions(len(values), q)) for q in (1, 2, 3)]
    return quartile_cuts(len(values), between)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # 9 figures: (9 - 1) × 1/4 = 2, × 2/4 = 4, × 3/4 = 6 (from 0): no interpolation
        ([10, 12, 15, 20, 20, 25, 30, 35, 41], (15, 20, 30)),
        # 8 figures: 1.75 → 14 + 0.75 × (15 - 14); 3.5 → 16 + 0.5 × 6; 5.25 → 26 + 0.25 × 4
        ([34, 10, 14, 15, 16, 22, 26, 30], (14.75, 19, 27)),
        # 2 figures: 0.25 → 1 + 0.25 × 3; 0.5 → 2.5; 0.75 → 3.25
        ([1, 4], (1.75, 2.5, 3.25)),
        ([7], (7, 7, 7)),  # one figure: every cut point is it
    ],
)
def test_cut_points_are_r_type_7_quantiles(values, expected):
    assert cuts_of(values) == pytest.approx(expected)


def test_cut_points_agree_with_pandas_on_many_sizes():
    pandas = pytest.importorskip("pandas")
    for count in range(1, 40):
        values = [(n * 37) % 101 / 4 for n in range(count)]
        expected = pandas.Series(values).quantile([0.25, 0.5, 0.75]).tolist()
        assert cuts_of(values) == pytest.approx(expected), count


CUTS = (15, 20, 30)


@pytest.mark.parametrize(
    ("value", "down", "up"),
    [
        (10, "A", "D"),
        (15, "A", "D"),  # on the lower quartile: the range below it, as LAIT
        (15.01, "B", "C"),
        (20, "B", "C"),  # on the median
        (25, "C", "B"),
        (30, "C", "B"),  # on the upper quartile
        (30.01, "D", "A"),
        (41, "D", "A"),
    ],
)
def test_the_band_by_polarity_with_a_figure_on_a_cut_point_in_the_range_below(value, down, up):
    assert quartile_band(value, CUTS, "down") == down
    assert quartile_band(value, CUTS, "up") == up
    assert quartile_band(value, CUTS, "neutral") is None


def test_band_words_say_which_quarter():
    assert [band_words(band) for band in "ABCD"] == [
        "Band A: best quarter",
        "Band B: second best quarter",
        "Band C: second worst quarter",
        "Band D: worst quarter",
    ]
    assert band_words(None) is None


@pytest.mark.parametrize(
    ("number", "words"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th")]
    + [(21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"), (111, "111th"), (152, "152nd")],
)
def test_ordinals(number, words):
    assert ordinal(number) == words


def test_rank_words_say_where_1st_is_and_whether_it_is_shared():
    assert rank_words(37, 0, 152, "down") == ("37th of 152 local authorities, where 1st is best")
    assert rank_words(4, 1, 9, "up") == "joint 4th of 9 local authorities, where 1st is best"
    assert rank_words(5, 0, 9, "neutral") == (
        "5th of 9 local authorities, where 1st is the highest figure"
    )


def test_the_neighbours_mean_and_median_need_half_of_them_with_a_figure():
    numbers = [10, 12, 15, 20, 25, 30, 35, 41]
    assert neighbour_mean(numbers, 9) == 23.5  # 188 / 8
    assert neighbour_median(numbers, 9) == 22.5  # (20 + 25) / 2
    assert neighbour_median([3, 1, 2], 6) == 2
    assert neighbour_mean([1, 2], 3) == 1.5
    assert neighbour_mean([10, 14, 15, 16], 9) is None  # 4 of 9: fewer than half
    assert neighbour_median([10, 14, 15, 16], 9) is None
    assert neighbour_mean([], 0) is None
    assert neighbour_mean([1, 1, 2], 5) == 1.33  # to 2 decimal places, as the SN figure
