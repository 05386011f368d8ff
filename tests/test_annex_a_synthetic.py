"""The synthetic Annex A (python -m data_access generate-annex-a): every list and column as
Ofsted's guidance names them, real Excel dates, codes as councils write them, made-up children,
the same workbook for the same seed, Tameside's volumes, and one team clearly worse."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, timedelta

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access.__main__ import main
from data_access.annex_a import synthetic_codes as codes
from data_access.annex_a.synthetic import (
    ORDER,
    AnnexAWritten,
    annex_a_lists,
    first_month,
    sample_team_names,
    write_annex_a,
)
from tests.conftest import SHARED

AS_AT = date(2025, 3, 31)
SPECIFICATION = SHARED / "data" / "annex_a" / "annex-a-merge.yml"
LAST_SIX_MONTHS = [date(2024, month, 1) for month in (10, 11, 12)] + [
    date(2025, month, 1) for month in (1, 2, 3)
]
DATE_OF_BIRTH = "Date of Birth"


def specification() -> dict[str, dict[str, tuple[str, bool]]]:
    """Each list's columns in liia-tools' annex-a-merge.yml: (type, may be blank) by name.
    Read by hand, as the project has no YAML library: a column is a key indented 8 spaces,
    given in full or as an alias (*name) of an anchor (&name) given before."""
    anchors: dict[str, tuple[str, bool]] = {}
    lists: dict[str, dict[str, tuple[str, bool]]] = {}
    column = anchor = None
    for line in SPECIFICATION.read_text(encoding="utf-8").splitlines():
        if found := re.fullmatch(r" {4}(List \d+):", line):
            current = lists[found.group(1)] = {}
            column = anchor = None
        elif found := re.fullmatch(r' {8}"?(\S.*?)"?:\s*(?:\*(\S+))?\s*', line):
            column, anchor = found.group(1), None
            current[column] = anchors[found.group(2)] if found.group(2) else ("text", True)
        elif found := re.fullmatch(r"\s+&(\S+)\s*", line):
            anchor = found.group(1)
        elif found := re.fullmatch(r"\s+type: (\w+)\s*", line):
            current[column] = (found.group(1), current[column][1])
        elif found := re.fullmatch(r"\s+canbeblank: (true|false)\s*", line):
            current[column] = (current[column][0], found.group(1) == "true")
        if anchor and column:
            anchors[anchor] = current[column]
    return lists


@pytest.fixture(scope="module")
def lists() -> dict[str, list[tuple]]:
    return annex_a_lists(AS_AT, seed=1)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("annex-a") / "annex_a.xlsx"
    write_annex_a(path, AS_AT, seed=5, scale=0.1)
    return openpyxl.load_workbook(path)


def column(lists, name: str, heading: str) -> list:
    at = codes.COLUMNS[name].index(heading)
    return [row[at] for row in lists[name]]


def rows_as_dicts(lists, name: str) -> list[dict]:
    return [dict(zip(codes.COLUMNS[name], row, strict=True)) for row in lists[name]]


def working_days(start: date, end: date) -> int:
    """Monday to Friday from the day after `start` up to and including `end`."""
    return int(np.busday_count(start + timedelta(days=1), end + timedelta(days=1)))


def test_the_workbook_has_every_list_and_column_of_the_specification(workbook):
    wanted = specification()
    assert workbook.sheetnames == [f"List {n}" for n in range(1, 12)] == list(wanted)
    for name, columns in wanted.items():
        header = [cell.value for cell in workbook[name][1]]
        assert header == list(columns), name
        assert tuple(header) == codes.COLUMNS[name]


def test_dates_are_excel_dates_and_other_columns_are_not(workbook):
    for name, columns in specification().items():
        kinds = list(columns.values())
        for cells in workbook[name].iter_rows(min_row=2):
            for cell, (kind, _) in zip(cells, kinds, strict=True):
                if cell.value is None:
                    continue
                assert isinstance(cell.value, datetime) is (kind == "date"), (name, cell)
                if kind == "date":
                    assert cell.is_date and cell.number_format == "dd/mm/yyyy"
                if kind == "integer":
                    assert isinstance(cell.value, int) and cell.value >= 0, (name, cell)


def test_columns_that_may_not_be_blank_never_are(lists):
    for name, columns in specification().items():
        for heading, (_, may_be_blank) in columns.items():
            if not may_be_blank:
                assert None not in column(lists, name, heading), (name, heading)


def test_every_date_is_on_or_before_the_as_at_date_and_after_birth(lists):
    first = first_month(AS_AT)
    for name, columns in codes.COLUMNS.items():
        dates = [n for n, heading in enumerate(columns) if "Date" in heading or "date" in heading]
        born = columns.index(DATE_OF_BIRTH) if DATE_OF_BIRTH in columns else None
        for row in lists[name]:
            for at in dates:
                if row[at] is not None:
                    assert row[at] <= AS_AT, (name, columns[at])
                    assert born is None or row[born] <= row[at], (name, columns[at])
    for name in ("List 1", "List 3", "List 4", "List 5"):
        assert min(column(lists, name, ORDER[name])) >= first
    assert min(column(lists, "List 1", "Date of Contact")) == first


def test_codes_are_written_as_councils_write_them(lists):
    names = set(sample_team_names().values())
    lettered = re.compile(r"[a-z]\) \S.*")
    for name, columns in codes.COLUMNS.items():
        if "Gender" in columns:
            assert set(column(lists, name, "Gender")) <= set(codes.GENDERS)
            assert set(column(lists, name, "Ethnicity")) <= set(codes.ETHNICITIES)
        if "Allocated Team" in columns:
            assert set(column(lists, name, "Allocated Team")) <= names
            workers = set(column(lists, name, "Allocated Worker"))
            assert all(re.fullmatch(r"SW\d{4}", worker) for worker in workers), name
        for heading in columns:
            if heading.endswith("(Y/N)") or heading == codes.DISABILITY:
                assert set(column(lists, name, heading)) <= {codes.A_YES, codes.B_NO, None}
    assert all(lettered.fullmatch(code) for code in column(lists, "List 1", "Contact Source"))
    suitability = set(column(lists, "List 9", "Suitability of Accommodation"))
    assert suitability == {"a) Suitable", "b) Unsuitable", None}
    activity = {code.split(":")[0] for code in column(lists, "List 9", "Activity Status") if code}
    assert activity <= {"F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6"}
    assert set(column(lists, "List 3", "Referral NFA?")) == {codes.YES, codes.NO}


def test_children_are_made_up_and_known_by_a_number_only(lists):
    ids = column(lists, "List 8", "Child Unique ID")
    assert all(isinstance(child, int) and 1_000_000 <= child <= 9_999_999 for child in ids)
    assert len(set(ids)) > 0.95 * len(ids)
    ages = column(lists, "List 1", "Age of Child (Years)")
    assert min(ages) >= 0 and max(ages) <= 19
    assert max(column(lists, "List 9", "Age of Child (Years)")) <= 22


def test_the_same_seed_writes_the_same_workbook_and_another_seed_another(tmp_path):
    paths = [tmp_path / f"{n}.xlsx" for n in range(3)]
    for path, seed in zip(paths, (7, 7, 8), strict=True):
        write_annex_a(path, AS_AT, seed=seed, scale=0.05)
    assert paths[0].read_bytes() == paths[1].read_bytes() != paths[2].read_bytes()
    assert not list(tmp_path.glob(".*partial"))


def monthly(lists, name: str, heading: str) -> list[int]:
    days = column(lists, name, heading)
    return [
        sum(1 for day in days if day and (day.year, day.month) == (m.year, m.month))
        for m in LAST_SIX_MONTHS
    ]


def open_on(lists, name: str, start: str, end: str, day: date) -> list[dict]:
    return [
        row
        for row in rows_as_dicts(lists, name)
        if row[start] <= day and (row[end] is None or row[end] > day)
    ]


def test_volumes_are_those_of_an_authority_of_tamesides_size(lists):
    assert all(900 <= count <= 1_250 for count in monthly(lists, "List 1", "Date of Contact"))
    assert all(200 <= count <= 320 for count in monthly(lists, "List 3", "Date of referral"))
    authorised = "Continuous Assessment Date of Authorisation"
    assert all(160 <= count <= 320 for count in monthly(lists, "List 4", authorised))
    conferences = "Date of Initial Child Protection Conference"
    assert all(20 <= count <= 70 for count in monthly(lists, "List 5", conferences))
    looked_after = open_on(
        lists, "List 8", "Date Started to be Looked After", "Date Ceased to be Looked After", AS_AT
    )
    assert 620 <= len(looked_after) <= 780
    plans = open_on(
        lists, "List 7", "Child Protection Plan Start Date", "Child Protection Plan End Date", AS_AT
    )
    assert 280 <= len(plans) <= 420
    in_need = open_on(lists, "List 6", "CIN Start Date", "CIN Closure Date", AS_AT)
    others = [row for row in in_need if row["Case Status"] == codes.CASE_STATUSES[2]]
    assert 950 <= len(others) <= 1_400
    assert 250 <= len(lists["List 9"]) <= 380
    assert sum(len(rows) for name, rows in lists.items() if name != "List 11") >= 40_000


def test_re_referrals_and_timeliness_are_plausible_beside_the_sample(lists):
    referrals = [
        row
        for row in rows_as_dicts(lists, "List 3")
        if row["Date of referral"] >= LAST_SIX_MONTHS[0]
    ]
    again = sum(row["Number of Referrals in Last 12 Months"] > 0 for row in referrals)
    assert 0.17 <= again / len(referrals) <= 0.32
    rates = {measure: shares[None] for measure, (shares, _) in timeliness(lists).items()}
    assert 0.78 <= rates["assessments"] <= 0.92
    assert 0.8 <= rates["conferences"] <= 0.97
    assert 0.88 <= rates["visits"] <= 0.98


def timeliness(lists) -> dict[str, tuple[dict[str | None, float], dict[str | None, int]]]:
    """Assessments within 45 working days and conferences within 15 over the last six months,
    and looked after children visited in the last six weeks on the as-at date: the share in
    time and the number, for the authority (None) and by team."""
    tallies: dict[str, dict[str | None, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )

    def add(measure: str, team: str, met: bool) -> None:
        for key in (None, team):
            tallies[measure][key][0] += met
            tallies[measure][key][1] += 1

    for row in rows_as_dicts(lists, "List 4"):
        done = row["Continuous Assessment Date of Authorisation"]
        if done and done >= LAST_SIX_MONTHS[0]:
            start = row["Continuous Assessment Start Date"]
            add("assessments", row["Allocated Team"], working_days(start, done) <= 45)
    for row in rows_as_dicts(lists, "List 5"):
        held = row["Date of Initial Child Protection Conference"]
        if held and held >= LAST_SIX_MONTHS[0]:
            began = row["Strategy discussion initiating Section 47 Enquiry Start Date"]
            add("conferences", row["Allocated Team"], working_days(began, held) <= 15)
    for row in open_on(
        lists, "List 8", "Date Started to be Looked After", "Date Ceased to be Looked After", AS_AT
    ):
        visit = row["Date of Last Social Work Visit"]
        add("visits", row["Allocated Team"], visit is not None and (AS_AT - visit).days <= 42)
    return {
        measure: (
            {team: met / count for team, (met, count) in teams.items()},
            {team: count for team, (_, count) in teams.items()},
        )
        for measure, teams in tallies.items()
    }


def test_one_team_struggles_clearly_behind_the_others(lists):
    """Behind the authority in every measure, and behind every other team in assessments and
    visits (its dozen or so conferences in six months are too few to say more of)."""
    struggling = sample_team_names()[codes.STRUGGLING_TEAM]
    for measure, (rates, counts) in timeliness(lists).items():
        assert counts[struggling] >= 5, measure
        assert rates[struggling] <= rates[None] - 0.15, measure
        if measure != "conferences":
            others = [rate for team, rate in rates.items() if team not in (None, struggling)]
            assert rates[struggling] <= min(others) - 0.1, measure


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(date(2012, 1, 1), date(2035, 12, 31)), st.integers(0, 2**32 - 1))
def test_any_as_at_date_makes_whole_lists_within_its_months(as_at, seed):
    made = annex_a_lists(as_at, seed=seed, scale=0.03)
    first = first_month(as_at)
    assert (
        first.day == 1 and (as_at.year * 12 + as_at.month) - (first.year * 12 + first.month) == 23
    )
    for name, rows in made.items():
        columns = codes.COLUMNS[name]
        assert all(len(row) == len(columns) for row in rows), name
        for row in rows:
            dates = [value for value in row if isinstance(value, date)]
            assert all(day <= as_at for day in dates), name
    contacts = column(made, "List 1", "Date of Contact")
    assert contacts and all(first <= day <= as_at for day in contacts)
    assert made == annex_a_lists(as_at, seed=seed, scale=0.03)


def test_the_command_writes_the_workbook_and_says_what_it_holds(tmp_path, capsys):
    out = tmp_path / "annex_a.xlsx"
    arguments = ["generate-annex-a", "--as-at", "2024-06-30", "--out", str(out), "--scale", "0.05"]
    assert main(arguments) == 0
    said = capsys.readouterr().out
    assert "as at 30/06/2024" in said and "child-level rows" in said and "List 11" in said
    contacts = openpyxl.load_workbook(out, read_only=True)["List 1"]
    # The size is written first, as Excel writes it, so readers need not parse the sheet twice.
    assert contacts.calculate_dimension() == f"A1:G{len(list(contacts.rows))}"


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (["--as-at", "2024-02-30", "--out", "x.xlsx"], "is not a date as YYYY-MM-DD"),
        (["--as-at", "2024-06-30", "--out", "x.xlsx", "--scale", "0"], "is not a number from"),
        (["--out", "x.xlsx"], "--as-at"),
    ],
)
def test_the_command_refuses_bad_arguments(arguments, complaint, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["generate-annex-a", *arguments])
    assert stopped.value.code == 2
    assert complaint in capsys.readouterr().err


def test_a_file_that_cannot_be_written_leaves_nothing_behind(tmp_path, capsys):
    folder = tmp_path / "missing"
    arguments = ["generate-annex-a", "--as-at", "2024-06-30", "--out", str(folder / "a.xlsx")]
    assert main([*arguments, "--scale", "0.05"]) == 1
    assert "Cannot write" in capsys.readouterr().err
    assert not folder.exists()


def test_the_report_counts_child_level_rows_without_the_adopters():
    written = AnnexAWritten(SPECIFICATION, AS_AT, {"List 1": 10, "List 9": 5, "List 11": 7})
    assert written.child_rows == 15
    assert "15 child-level rows" in str(written)
