"""The Annex A rules with plain values: working days at the bank-holiday edges and as a
property, headers matched whatever their case and spacing, cells read, and the measures' rules
over rows written by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_access.annex_a import rules
from data_access.annex_a.columns import LIST_COLUMNS, list_number, matches, plain
from data_access.annex_a.measures import BY_REF, MEASURES, annex_a_definition
from data_access.annex_a.reader import (
    BadCell,
    is_annex_a,
    read_activity,
    read_count,
    read_date,
    read_in_touch,
    read_name,
    read_suitable,
)
from data_access.annex_a.rules import Month, months_before
from data_access.annex_a.working_days import within_working_days, working_days_between


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2025, 12, 24), date(2025, 12, 29), 1),  # Christmas and Boxing Day: Thu, Fri
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # Good Friday and Easter Monday
        (date(2026, 1, 2), date(2026, 1, 5), 1),  # Friday to Monday
        (date(2026, 1, 5), date(2026, 1, 5), 0),
        (date(2026, 1, 6), date(2026, 1, 5), 0),  # ends before it starts
        (date(2025, 10, 23), date(2025, 12, 29), 45),
        (date(2025, 10, 22), date(2025, 12, 29), 46),
        (date(2025, 12, 8), date(2025, 12, 31), 15),
        (date(2025, 12, 5), date(2025, 12, 31), 16),
        (date(2023, 5, 5), date(2023, 5, 9), 1),  # the coronation's bank holiday (Mon 8 May)
    ],
)
def test_working_days_at_the_bank_holiday_edges(start, end, days):
    assert working_days_between(start, end) == days


def test_within_means_at_most():
    assert within_working_days(date(2025, 10, 23), date(2025, 12, 29), 45)
    assert not within_working_days(date(2025, 10, 22), date(2025, 12, 29), 45)
    assert within_working_days(date(2025, 12, 8), date(2025, 12, 31), 15)
    assert not within_working_days(date(2025, 12, 5), date(2025, 12, 31), 15)


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.integers(min_value=-30, max_value=400))
def test_working_days_count_every_weekday_after_the_start_that_is_not_a_bank_holiday(start, length):
    end = start + timedelta(days=length)
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 1))
    expected = sum(
        1
        for offset in range(1, length + 1)
        if (day := start + timedelta(days=offset)).weekday() < 5 and day not in bank
    )
    assert working_days_between(start, end) == expected


@given(days, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=100))
def test_a_later_end_is_never_fewer_working_days(start, length, more):
    end = start + timedelta(days=length)
    assert working_days_between(start, end) <= working_days_between(
        start, end + timedelta(days=more)
    )


COLUMNS = [column for columns in LIST_COLUMNS.values() for column in columns]


def _respelled(name: str, cases: list[bool], spaces: list[str]) -> str:
    words = name.split()
    words = [word.upper() if upper else word.lower() for word, upper in zip(words, cases)]
    return spaces[0] + "".join(word + gap for word, gap in zip(words, spaces[1:])).strip() + " "


@given(
    st.sampled_from(COLUMNS),
    st.lists(st.booleans(), min_size=30, max_size=30),
    st.lists(st.sampled_from([" ", "  ", "\t", " _ "]), min_size=31, max_size=31),
)
def test_a_header_in_any_case_and_spacing_is_its_column(column, cases, spaces):
    header = _respelled(column.name, cases, spaces)
    assert matches(column, header)


@given(st.sampled_from(COLUMNS), st.sampled_from(COLUMNS))
def test_one_columns_name_is_never_taken_for_another_column(column, other):
    assert matches(column, other.name) is (plain(column.name) == plain(other.name))


def test_the_headers_councils_write_are_recognised():
    referral = LIST_COLUMNS[3][0]
    assert matches(referral, "Date of Referral")
    assert matches(referral, "Date of the referral")
    missing = LIST_COLUMNS[8][-3]
    assert matches(
        missing,
        "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the "
        "last 12 months",
    )
    assert not matches(referral, "Referral Source")


@pytest.mark.parametrize(
    ("title", "number"),
    [("List 1", 1), ("list3", 3), (" LIST  11 ", 11), ("List_07", 7), ("List 12", None),
     ("Lists", None), ("Contacts", None)],
)  # fmt: skip
def test_sheets_are_lists_whatever_their_case_and_spacing(title, number):
    assert list_number(title) == number
    assert is_annex_a(["Notes", title]) is (number is not None)


def test_cells_are_read_as_annex_a_writes_them():
    assert read_date(datetime(2025, 3, 4, 0, 0)) == date(2025, 3, 4)
    assert read_date("04/03/2025") == date(2025, 3, 4)
    assert read_date("4/3/2025") == date(2025, 3, 4)
    assert read_date("2025-03-04") == date(2025, 3, 4)
    assert read_date(45720) == date(2025, 3, 4)  # an Excel day number
    for bad in ("31/02/2025", "03-2025", "soon", -1):
        with pytest.raises(BadCell):
            read_date(bad)
    assert read_count("3") == 3 and read_count(2.0) == 2
    for bad in ("two", -1, 1.5):
        with pytest.raises(BadCell):
            read_count(bad)
    assert read_suitable("a) Suitable") and not read_suitable("b) Unsuitable")
    assert read_in_touch("a) Yes") and not read_in_touch("REFU")
    assert read_activity("G5: Not in education, employment or training - other") == "neet"
    assert read_activity("F1: Full time in higher education") == "eet"
    assert read_activity("0") == "unknown"
    assert read_name("#N/A") is None and read_name("Team\xa0 One ") == "Team One"
    with pytest.raises(BadCell) as bad:
        read_suitable("QZ0001XK")
    assert "QZ0001XK" not in str(bad.value)


NOVEMBER = Month(date(2025, 11, 1), date(2025, 11, 30))


def _lac(start, ceased=None, team="t", **more):
    return {"child": more.pop("child", "c"), "lac_start": start, "lac_end": ceased,
            "team": team, **more}  # fmt: skip


def test_a_ceased_placement_leaves_the_snapshot_and_an_ended_plan_the_month_end_after_it():
    lists = {
        8: [_lac(date(2025, 1, 1), date(2025, 11, 30)), _lac(date(2025, 1, 1), date(2025, 12, 1))],
        7: [{"cp_start": date(2024, 5, 1), "cp_end": None, "team": "t"}],
    }
    assert rules.looked_after(lists, NOVEMBER)[None].numerator == 1
    assert rules.long_plans(lists, NOVEMBER)[None].numerator == 1  # 2024-05-01 < 2024-05-30
    lists[7][0]["cp_start"] = date(2024, 5, 30)  # exactly 18 months: not more
    assert rules.long_plans(lists, NOVEMBER)[None].numerator == 0


def test_team_tallies_add_up_to_the_authority_and_a_team_with_none_has_a_zero():
    lists = {3: [{"referral": date(2025, 11, 2), "team": "a"},
                 {"referral": date(2025, 10, 2), "team": "b"},
                 {"referral": date(2025, 11, 3), "team": None}]}  # fmt: skip
    tallies = rules.referrals(lists, NOVEMBER)
    assert {team: found.numerator for team, found in tallies.items()} == {None: 2, "a": 1, "b": 0}


def test_caseload_counts_a_worker_once_however_many_cases():
    lists = {
        6: [{"child": "1", "cin_start": None, "cin_end": None, "team": "a", "worker": "W"},
            {"child": "2", "cin_start": None, "cin_end": None, "team": "b", "worker": "w"},
            {"child": "3", "cin_start": None, "cin_end": None, "team": "b", "worker": None}],
        7: [], 8: [],
    }  # fmt: skip
    tallies = rules.caseload(lists, NOVEMBER)
    assert (tallies[None].numerator, tallies[None].denominator) == (2, 1)
    assert (tallies["b"].numerator, tallies["b"].denominator) == (1, 1)


def test_months_before_keeps_the_day_or_the_months_last():
    assert months_before(date(2026, 8, 31), 18) == date(2025, 2, 28)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)


def test_every_measure_has_a_definition_a_source_and_a_catalogue_ref():
    with open("sample_data/indicators.csv", encoding="utf-8") as handle:
        catalogue = {line.split(",")[0] for line in handle}
    for measure in MEASURES:
        assert measure.definition.endswith(".") and measure.source.startswith("DfE")
        assert measure.ref in catalogue
    wanted = [
        "1a",
        "4",
        "6",
        "8",
        "9a",
        "9b",
        "9c",
        "9d",
        "11",
        "12",
        "13",
        "19a",
        "19b",
        "20a",
        "21a",
        "21b",
        "21c",
        "25",
        "34",
        "K3",
        "K6",
    ]
    assert set(BY_REF) >= set(wanted)
    assert "45 working days" in annex_a_definition("8") and annex_a_definition("2a") is None
