"""Authorities given a new ONS code (sample_data/area_code_changes.csv): DfE's files give their
figures under the old code in some years and the new one in others; each is stored under the
current code, so an authority's years are one series and benchmarking finds all of them."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.db import init_db, make_engine
from data_access.importers.area_codes import CODE_CHANGES, current_codes
from data_access.importers.ees import import_ees
from data_access.importers.template import import_template
from data_access.models import Area, Observation
from data_access.seed import seed_reference_data
from tests.conftest import database_url, make_app, user_client
from tests.test_import_ees import EES, NEIGHBOURS, SYMBOLS, needs_ees
from tests.test_import_ees_small_files import GOOD, write

BARNSLEY, BARNSLEY_BEFORE = "E08000038", "E08000016"
WORKFORCE = ("csww_indicators_2017_to_2025.csv", "25", "caseload_fte", "09-30")


def _authority_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        if "new_la_code" not in (rows.fieldnames or []):
            return []  # a neighbours file
        return [
            row
            for row in rows
            if row["geographic_level"] == "Local authority" and "/" not in row["new_la_code"]
        ]


def test_a_code_changed_twice_leads_to_the_newest(tmp_path):
    path = tmp_path / "changes.csv"
    path.write_text(
        "old_code,new_code,name,from_year,change\n"
        "E1,E2,Somewhere,2019,first\nE2,E3,Somewhere,2024,second\n",
        encoding="utf-8",
    )
    assert current_codes(path) == {"E1": "E3", "E2": "E3"}
    assert "E08000038" not in current_codes() and current_codes()["E08000016"] == "E08000038"


@needs_ees
def test_every_authority_the_dfe_files_give_two_codes_is_listed():
    """Found from the data: an LA number with more than one code across the files' years is one
    authority whose code changed, and the list takes its older codes to its newest."""
    # LA number → code → the first year the code is used (some files keep the old code after)
    codes_by_number: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(EES.glob("*.csv")):
        for row in _authority_rows(path):
            codes = codes_by_number[row["old_la_code"]]
            first = codes.get(row["new_la_code"], row["time_period"])
            codes[row["new_la_code"]] = min(first, row["time_period"])
    changed = {number: codes for number, codes in codes_by_number.items() if len(codes) > 1}
    assert {"370", "373"} <= set(changed)  # Barnsley and Sheffield, at least
    current = current_codes()
    for number, codes in changed.items():
        newest = max(codes, key=codes.get)
        assert newest not in current, (number, codes)
        assert {current.get(code, code) for code in codes} == {newest}, (number, codes)
    with open(CODE_CHANGES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["name"] and row["change"] and 2000 < int(row["from_year"]) <= 2030


@pytest.fixture(scope="module")
def workforce(backend, tmp_path_factory):
    """The DfE workforce file (Barnsley under E08000016 to 2024, E08000038 in 2025) imported
    with Tameside's 2021 statistical neighbours, Barnsley among them."""
    if not EES.exists():
        pytest.skip(f"the DfE files are not beside the project ({EES})")
    url = database_url(backend, "code_changes", tmp_path_factory.mktemp("code_changes"))
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    name, ref, column, end = WORKFORCE
    report = import_ees(engine, EES / name, ref, column, [], end, neighbours=NEIGHBOURS)
    yield user_client(make_app(url, STATISTICAL_NEIGHBOURS="2021").server, "analyst"), report
    engine.dispose()


def _barnsley_in_file() -> dict[date, dict[str, str]]:
    name, _ref, _column, _end = WORKFORCE
    rows = _authority_rows(EES / name)
    return {date(int(r["time_period"]), 9, 30): r for r in rows if r["old_la_code"] == "370"}


@needs_ees
def test_barnsleys_years_under_both_codes_are_one_series(workforce):
    client, report = workforce
    in_file = _barnsley_in_file()
    assert {row["new_la_code"] for row in in_file.values()} == {BARNSLEY_BEFORE, BARNSLEY}
    assert "under an authority's former ONS code stored under its current one" in str(report)
    response = client.get(f"/api/v1/indicators/25/observations?area={BARNSLEY}")
    served = {date.fromisoformat(o["date"]): o for o in response.get_json()["observations"]}
    assert set(served) == set(in_file)
    for when, row in in_file.items():
        cell = row["caseload_fte"]
        expected = (cell, None) if cell in SYMBOLS else (None, float(cell))
        assert (served[when]["symbol"], served[when]["value"]) == expected
    gone = client.get(f"/api/v1/indicators/25/observations?area={BARNSLEY_BEFORE}")
    assert gone.status_code == 404  # no area of its own any more


@needs_ees
@pytest.mark.parametrize("year", [2019, 2024, 2025])
def test_barnsley_is_benchmarked_and_among_tamesides_neighbours_before_and_after(workforce, year):
    client, _report = workforce
    when = date(year, 9, 30)
    value = float(_barnsley_in_file()[when]["caseload_fte"])
    asked = f"/api/v1/indicators/25/benchmark?date={when.isoformat()}"
    tameside = client.get(asked).get_json()
    [barnsley] = [n for n in tameside["neighbours"] if n["name"] == "Barnsley"]
    assert (barnsley["code"], barnsley["value"]) == (BARNSLEY, value)
    own = client.get(f"{asked}&area={BARNSLEY}").get_json()
    assert own["value"] == value and own["rank"] is not None
    numbers = {
        row["old_la_code"]
        for row in _authority_rows(EES / WORKFORCE[0])
        if row["time_period"] == str(year)
        and row["caseload_fte"] not in SYMBOLS
        and row["caseload_fte"]
    }
    assert own["of"] == len(numbers)  # every authority once, Barnsley and Sheffield included


def test_figures_stored_under_a_former_code_by_an_earlier_import_move_to_the_current_one(
    empty_engine, tmp_path
):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
        session.execute(insert(Area).values(code=BARNSLEY_BEFORE, name="Barnsley", kind="x"))
    earlier = tmp_path / "earlier.csv"
    earlier.write_text(
        "indicator_ref,area_code,team_slug,period_end,value,numerator,denominator,symbol,"
        f"provenance,source\n20a,{BARNSLEY_BEFORE},,2023-03-31,7,,,,published,DfE\n",
        encoding="utf-8",
    )
    import_template(empty_engine, earlier)
    barnsley = (
        "2023,Reporting year,Local authority,E92000001,England,E12000003,Yorkshire and The "
        f"Humber,370,Barnsley,{BARNSLEY_BEFORE},All,9,9.5"
    )
    report = import_ees(
        empty_engine,
        write(tmp_path, [*GOOD, barnsley]),
        "20a",
        "percent",
        [("population_type", "All")],
    )
    assert report.former_codes == 1
    with Session(empty_engine) as session:
        figures = session.execute(
            select(Area.code, Observation.value)
            .join(Area, Area.id == Observation.area_id)
            .where(Area.code.in_([BARNSLEY, BARNSLEY_BEFORE]))
        ).all()
    assert [tuple(figure) for figure in figures] == [(BARNSLEY, 9.5)]
