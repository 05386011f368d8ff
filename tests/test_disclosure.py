"""Small-number suppression for viewers (SPEC section 8), with examples worked by hand."""

import copy
from typing import NamedTuple

import pytest

from dashboard.disclosure import (
    Figure,
    breakdown_suppression,
    needs_primary_suppression,
    viewer_breakdown,
    viewer_figures,
)


def count(value, symbol=None):
    return Figure(value, "count", symbol=symbol)


def percent(numerator, denominator):
    return Figure(round(100 * numerator / denominator, 1), "percent", numerator, denominator)


def shown(figures):
    """What a viewer reads in each cell: the symbol where there is one, else the value."""
    return [figure.symbol or figure.value for figure in figures]


# Primary suppression


def test_counts_from_one_to_five_are_suppressed_and_zero_and_six_are_not():
    figures = viewer_figures([count(0), count(1), count(5), count(6)])
    assert shown(figures) == [0, "c", "c", 6]
    assert figures[1] == Figure(None, "count", None, None, "c")


def test_a_percentage_is_judged_by_its_denominator():
    three_of_five, six_of_six, six_of_forty = viewer_figures(
        [percent(3, 5), percent(6, 6), percent(6, 40)]
    )
    assert three_of_five == Figure(None, "percent", None, None, "c")
    assert six_of_six == Figure(100.0, "percent", 6, 6, None)
    assert six_of_forty == Figure(15.0, "percent", 6, 40, None)


def test_a_percentage_is_judged_by_its_numerator_too():
    # 3 of 40 is 7.5%, and 7.5% of 40 gives the 3 children back: the numerator is a count.
    figures = viewer_figures([percent(1, 6), percent(3, 40), percent(5, 1000), percent(0, 40)])
    assert shown(figures) == ["c", "c", "c", 0.0]
    assert figures[1] == Figure(None, "percent", None, None, "c")


def test_a_percentage_of_nobody_is_not_suppressed():
    assert not needs_primary_suppression(Figure(None, "percent", 0, 0))


def test_a_published_percentage_without_its_counts_cannot_be_judged_and_is_shown():
    assert shown(viewer_figures([Figure(7.5, "percent")])) == [7.5]


def test_rates_and_averages_are_judged_by_their_denominator():
    figures = viewer_figures(
        [
            Figure(7692.3, "rate_per_10k", 4, 5),  # 4 of 5 children: 7,692.3 per 10,000
            Figure(85.2, "rate_per_10k", 443, 52_000),
            Figure(31.0, "days", 155, 5),  # average of 5 children's days
            Figure(30.0, "days", 180, 6),
        ]
    )
    assert shown(figures) == ["c", 85.2, "c", 30.0]


def test_a_rate_with_few_children_counted_is_suppressed_but_an_average_of_few_days_is_not():
    figures = viewer_figures(
        [
            Figure(0.8, "rate_per_10k", 4, 52_000),  # 4 children in 52,000
            Figure(1.2, "rate_per_10k", 6, 52_000),
            Figure(0.5, "days", 5, 10),  # 5 days in all over 10 children: days are not children
        ]
    )
    assert shown(figures) == ["c", 1.2, 0.5]


def test_a_count_of_three_with_a_denominator_is_still_judged_by_its_value():
    assert needs_primary_suppression(Figure(3, "count", None, 1000))
    assert not needs_primary_suppression(Figure(300, "count", None, 4))


def test_a_symbol_already_present_is_kept():
    figures = viewer_figures([count(None, "x"), count(None, "z"), count(None, "low")])
    assert shown(figures) == ["x", "z", "low"]
    assert figures[0] == Figure(None, "count", None, None, "x")


def test_a_published_c_has_any_stray_numbers_removed():
    (figure,) = viewer_figures([Figure(40.0, "percent", 2, 5, "c")])
    assert figure == Figure(None, "percent", None, None, "c")


@pytest.mark.parametrize("symbol", ["x", "z", "k", "low", "u", ":"])
def test_numbers_stored_beside_any_symbol_are_never_shown(symbol):
    (figure,) = viewer_figures([Figure(None, "percent", 3, 4, symbol)])
    assert figure == Figure(None, "percent", None, None, symbol)
    (figure,) = viewer_figures([Figure(7.0, "count", None, None, symbol)])
    assert figure == Figure(None, "count", None, None, symbol)


def test_dict_records_keep_their_other_keys_and_can_take_the_unit_from_the_caller():
    records = [
        {"date": "2023-05-31", "label": "May 2023", "value": 4, "symbol": None},
        {"date": "2023-04-30", "label": "Apr 2023", "value": 9, "symbol": None},
    ]
    may, april = viewer_figures(records, unit="count")
    assert may == {
        "date": "2023-05-31",
        "label": "May 2023",
        "value": None,
        "numerator": None,
        "denominator": None,
        "symbol": "c",
    }
    assert april == records[1]


def test_named_tuples_are_supported():
    class Row(NamedTuple):
        label: str
        value: float | None
        symbol: str | None

    (row,) = viewer_figures([Row("May 2023", 2, None)], unit="count")
    assert row == Row("May 2023", None, "c")


def test_an_unknown_kind_of_record_is_refused():
    with pytest.raises(TypeError):
        viewer_figures([(3, "count")])


# Secondary suppression across teams adding up to the authority figure


def test_one_small_team_hides_the_next_smallest_team_too():
    # A 3, B 12, C 40, authority 55: 55 - 12 - 40 would give A's 3 back, so B goes as well.
    total, teams = viewer_breakdown(count(55), [count(3), count(12), count(40)])
    assert shown(teams) == ["c", "c", 40]
    assert total == count(55)


def test_the_next_smallest_is_chosen_wherever_it_is_in_the_list():
    total, teams = viewer_breakdown(count(75), [count(40), count(20), count(2), count(13)])
    assert shown(teams) == [40, 20, "c", "c"]
    assert total.value == 75


def test_ties_go_to_the_earlier_team():
    assert breakdown_suppression(count(30), [count(4), count(13), count(13)]) == (
        False,
        [True, True, False],
    )


def test_two_small_teams_need_nothing_more():
    # A 2, B 4, C 30, authority 36: the total gives only A + B = 6, not either one.
    total, teams = viewer_breakdown(count(36), [count(2), count(4), count(30)])
    assert shown(teams) == ["c", "c", 30]
    assert total.value == 36


def test_no_small_teams_hide_nothing():
    total, teams = viewer_breakdown(count(60), [count(0), count(6), count(54)])
    assert shown(teams) == [0, 6, 54]
    assert total.value == 60


def test_percentages_hide_the_team_with_the_next_smallest_denominator():
    # A 2/4, B 10/20, C 30/60, authority 42/84 = 50.0%: A's denominator 4 is small.
    total, teams = viewer_breakdown(
        percent(42, 84), [percent(30, 60), percent(2, 4), percent(10, 20)]
    )
    assert shown(teams) == [50.0, "c", "c"]
    assert teams[2] == Figure(None, "percent", None, None, "c")
    assert total == Figure(50.0, "percent", 42, 84, None)


def test_a_team_hidden_by_its_numerator_hides_the_next_smallest_denominator_too():
    # A 3/40, B 20/50, C 60/100, authority 83/190: A's 3 children are hidden, and the total
    # less B and C would give them back, so B (the next smallest denominator) goes too.
    total, teams = viewer_breakdown(
        percent(83, 190), [percent(3, 40), percent(20, 50), percent(60, 100)]
    )
    assert shown(teams) == ["c", "c", 60.0]
    assert total.value == 43.7


def test_a_zero_team_is_never_the_one_hidden_beside_a_small_one():
    # A 3, B 0, C 12, authority 15: hiding B's 0 would leave 15 - 12 = A + 0 = 3 readable.
    total, teams = viewer_breakdown(count(15), [count(3), count(0), count(12)])
    assert shown(teams) == ["c", 0, "c"]
    assert total.value == 15


def test_one_team_and_its_total_are_both_hidden():
    total, teams = viewer_breakdown(count(3), [count(3)])
    assert shown(teams) == ["c"]
    assert total.symbol == "c"


def test_a_team_equal_to_a_small_total_hides_the_total():
    # A 4, B 0, C 0, authority 4: the authority figure is A itself.
    total, teams = viewer_breakdown(count(4), [count(4), count(0), count(0)])
    assert shown(teams) == ["c", 0, 0]
    assert total.symbol == "c"


def test_a_team_equal_to_a_large_total_hides_nothing():
    total, teams = viewer_breakdown(count(40), [count(40), count(0)])
    assert shown(teams) == [40, 0]
    assert total.value == 40


def test_the_total_is_hidden_when_no_other_team_can_be():
    # A 3, B not available, authority 20: nothing shown can be hidden beside A, so the total goes.
    total, teams = viewer_breakdown(count(20), [count(3), count(None, "x")])
    assert shown(teams) == ["c", "x"]
    assert total.symbol == "c"


def test_a_team_published_as_c_counts_as_the_one_hidden():
    total, teams = viewer_breakdown(count(58), [count(None, "c"), count(8), count(47)])
    assert shown(teams) == ["c", "c", 47]
    assert total.value == 58


def test_nothing_more_is_hidden_when_the_total_is_not_published():
    total, teams = viewer_breakdown(count(None, "x"), [count(3), count(12)])
    assert shown(teams) == ["c", 12]
    assert total.symbol == "x"


def test_rates_across_teams_use_their_denominators():
    # Rates per 10,000 children: A 2 of 5, B 120 of 9,000, C 300 of 20,000, authority 422 of 29,005.
    total, teams = viewer_breakdown(
        Figure(145.5, "rate_per_10k", 422, 29_005),
        [
            Figure(4000.0, "rate_per_10k", 2, 5),
            Figure(133.3, "rate_per_10k", 120, 9_000),
            Figure(150.0, "rate_per_10k", 300, 20_000),
        ],
    )
    assert shown(teams) == ["c", "c", 150.0]
    assert total.value == 145.5


# Inputs are never changed


def test_input_records_are_not_mutated_and_new_objects_come_back():
    total = {"value": 55, "unit": "count", "symbol": None}
    teams = [
        {"team": "a", "value": 3, "unit": "count", "symbol": None},
        {"team": "b", "value": 12, "unit": "count", "symbol": None},
        {"team": "c", "value": 40, "unit": "count", "symbol": None},
    ]
    before = copy.deepcopy((total, teams))
    new_total, new_teams = viewer_breakdown(total, teams)
    assert (total, teams) == before
    assert new_total is not total
    assert all(new is not old for new, old in zip(new_teams, teams))
    assert [team["symbol"] for team in new_teams] == ["c", "c", None]
    new_teams[2]["value"] = 99  # changing what came back does not reach the input
    assert teams[2]["value"] == 40


def test_figure_records_are_not_mutated():
    figures = [count(3), percent(3, 5)]
    before = list(figures)
    viewer_figures(figures)
    assert figures == before
    assert figures[0] == Figure(3, "count", None, None, None)


def test_a_record_without_a_symbol_field_is_refused_rather_than_shown_blank():
    class Row(NamedTuple):
        value: float | None

    with pytest.raises(TypeError):
        viewer_figures([Row(20)], unit="count")
