"""`import-dfe DIR` on the real DfE files: each file recognised by its columns and loaded with
its catalogue settings, every cell it loads served back exactly, the neighbours found, unknown
files listed and skipped. Bad and renamed files are tested in test_import_dfe_files.py."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.db import init_db, make_engine
from data_access.importers.area_codes import current_codes
from data_access.importers.dfe import import_dfe_folder
from data_access.importers.dfe_catalogue import read_catalogue
from data_access.models import Area, Indicator, Observation
from data_access.seed import read_csv, seed_reference_data
from tests.conftest import database_url, make_app, user_client
from tests.test_import_ees import EES, ENGLAND, SYMBOLS, TAMESIDE, needs_ees, served, snapshot

BARNSLEY_BEFORE, BARNSLEY = "E08000016", "E08000038"


@pytest.fixture(scope="module")
def loaded(backend, tmp_path_factory):
    """Every real DfE file imported by `import-dfe`, into a database of its own."""
    if not EES.exists():
        pytest.skip(f"the DfE files are not beside the project ({EES})")
    url = database_url(backend, "dfe", tmp_path_factory.mktemp("dfe"))
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    report = import_dfe_folder(engine, EES)
    yield engine, url, report
    engine.dispose()


def file_rows(name: str) -> list[tuple[int, dict[str, str]]]:
    with open(EES / name, encoding="utf-8-sig", newline="") as handle:
        return list(enumerate(csv.DictReader(handle), start=2))


def picks(row: dict[str, str], filters) -> bool:
    return all(row[column] == value for column, value in filters)


def area_of(row: dict[str, str], codes: dict[str, str]) -> str | None:
    code = {"National": ENGLAND, "Regional": row["region_code"]}.get(
        row["geographic_level"], row["new_la_code"]
    )
    return None if "/" in code else codes.get(code, code)


def ends(row: dict[str, str], period_end: str | None) -> date:
    month, day = (int(part) for part in (period_end or "03-31").split("-"))
    return date(int(row["time_period"]), month, day)  # every real file is of reporting years


def stored(engine, ref: str) -> dict[tuple[str, date], tuple]:
    query = (
        select(
            Area.code, Observation.period_end, Observation.value, Observation.numerator,
            Observation.denominator, Observation.symbol, Observation.provenance,
            Observation.source,
        )
        .join(Area, Area.id == Observation.area_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(Indicator.ref == ref, Observation.team_id.is_(None))
    )  # fmt: skip
    with Session(engine) as session:
        return {(code, end): rest for code, end, *rest in session.execute(query)}


def number(cell: str) -> float | None:
    return None if cell in SYMBOLS or cell == "" else float(cell)


@needs_ees
def test_every_catalogue_file_is_found_and_every_measure_loaded(loaded):
    _engine, _url, report = loaded
    catalogue = read_catalogue()
    assert [file.path.name for file in report.files] == [known.name for known in catalogue]
    assert report.refused == []
    for file in report.files:
        assert [m.measure for m in file.measures] == [m.indicator_ref for m in file.known.measures]
        assert all(m.rows > 0 and m.authorities > 140 for m in file.measures), file.path.name
    assert report.unknown == [("README.md", "not a CSV or XLSX file")]
    assert {key: path.name for key, path in report.neighbours.items()} == {
        "2021": "New_Statistical_Neighbour_Groupings_April_2021.csv",
        "2025": "sn_model_2025_wide.csv",
    }
    assert report.all_loaded  # both neighbour sets too, by the neighbour importer
    assert [stored.neighbour_set for stored in report.neighbours_stored] == ["2021", "2025"]
    assert all(stored.authorities >= 150 for stored in report.neighbours_stored)
    table = report.table()
    assert table[0].split() == ["file", "measure", "rows", "authorities", "years"]
    assert len(table) == 1 + sum(len(known.measures) for known in catalogue)
    assert any(line.split()[:2] == ["la_cla_swcount.csv", "D12"] for line in table)


@needs_ees
def test_every_cell_loaded_comes_back_exactly(loaded):
    """Each measure's value cells, as the last file in the catalogue's order to give them left
    them; the numerator and denominator as the file gives them, or left out and listed."""
    engine, _url, report = loaded
    codes = current_codes()
    expected: dict[str, dict] = {}
    left_out: dict[str, set[tuple[str, date]]] = {}
    for file in report.files:
        rows = file_rows(file.path.name)
        for measure, measure_report in zip(file.known.measures, file.measures, strict=True):
            totals = {}
            if measure.denominator_filters:
                total = measure.denominator_measure()
                totals = {
                    (area_of(row, codes), ends(row, measure.period_end)): row[total.value_column]
                    for _line, row in rows
                    if picks(row, total.filters) and row["geographic_level"] != "Ward"
                }
            cells = expected.setdefault(measure.indicator_ref, {})
            skipped = left_out.setdefault(measure.indicator_ref, set())
            for line, row in rows:
                code = area_of(row, codes)
                if code is None or not picks(row, measure.filters):
                    continue
                key = (code, ends(row, measure.period_end))
                denominator = totals.get(key) if totals else row.get(measure.denominator_column)
                numerator = row.get(measure.numerator_column)
                cells[key] = (row[measure.value_column], numerator, denominator, file.path.name)
                if line in measure_report.parts_left_out:
                    skipped.add(key)
                else:
                    skipped.discard(key)
    compared = 0
    for ref, cells in expected.items():
        figures = stored(engine, ref)
        for key, (cell, numerator, denominator, name) in cells.items():
            value, top, bottom, symbol, provenance, source = figures[key]
            assert (value, symbol) == ((None, cell) if cell in SYMBOLS else (float(cell), None)), (
                ref,
                key,
            )
            assert provenance == "published" and source.startswith(f"DfE: {name}, column ")
            if key in left_out[ref]:
                assert (top, bottom) == (None, None), (ref, key)
            elif value is not None:
                assert top == (number(numerator) if numerator is not None else None), (ref, key)
                assert bottom == (number(denominator) if denominator is not None else None)
            compared += 1
    assert compared > 29_000
    with_parts = [key for key, figure in stored(engine, "20a").items() if figure[2] is not None]
    assert len(with_parts) > 700  # the denominators are found on the 'Total children' rows


@needs_ees
def test_a_barnsley_figure_under_its_former_code_is_stored_under_its_current_one(loaded):
    engine, _url, _report = loaded
    figures = stored(engine, "K5")
    [row] = [
        row
        for _line, row in file_rows("b1_children_in_need_2013_to_2025.csv")
        if row["new_la_code"] == BARNSLEY_BEFORE and row["time_period"] == "2020"
    ]
    assert figures[(BARNSLEY, date(2020, 3, 31))][0] == float(row["At31_episodes"])
    assert not [key for key in figures if key[0] == BARNSLEY_BEFORE]


@needs_ees
def test_the_api_serves_the_new_measures_for_the_home_authority(loaded):
    _engine, url, _report = loaded
    client = user_client(make_app(url).server)
    [row] = [
        row
        for _line, row in file_rows("la_cla_swcount.csv")
        if row["new_la_code"] == TAMESIDE and row["sw_stability"].startswith("3 or more")
    ]
    figure = served(client, "D12", TAMESIDE)[date(int(row["time_period"]), 3, 31)]
    assert (figure["value"], figure["numerator"]) == (float(row["percentage"]), 180.0)
    assert figure["denominator"] == 645.0  # on the 'Total children' row
    rate = served(client, "D4", ENGLAND)[date(2025, 3, 31)]
    assert (rate["value"], rate["numerator"], rate["denominator"]) == (67.0, 81770.0, 12183016.0)


@needs_ees
def test_importing_the_folder_again_changes_nothing(loaded):
    engine, _url, _report = loaded
    before = snapshot(engine)
    report = import_dfe_folder(engine, EES)
    assert report.refused == []
    assert all(
        (m.figures.added, m.figures.updated) == (0, 0) for f in report.files for m in f.measures
    )
    assert snapshot(engine) == before


def test_every_catalogue_measure_is_in_the_measure_catalogue():
    refs = {row["ref"]: row for row in read_csv("indicators.csv")}
    for known in read_catalogue():
        for measure in known.measures:
            assert measure.indicator_ref in refs, (known.name, measure.indicator_ref)
    new = [row for ref, row in refs.items() if ref.startswith("D")]
    assert len(new) >= 12
    for row in new:  # DfE's measures: defined, with no invented target
        assert row["definition"] and row["why_it_matters"] and row["source"].startswith("DfE")
        assert (row["target"], row["tolerance"], row["frequency"]) == ("", "", "annual")


@needs_ees
def test_every_catalogue_file_has_the_columns_the_catalogue_names():
    for known in read_catalogue():
        with open(EES / known.name, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        named = {
            column
            for measure in known.measures
            for column in (
                measure.value_column,
                measure.numerator_column,
                measure.denominator_column,
                *(column for column, _value in measure.filters),
            )
            if column
        }
        assert set(known.columns) | named <= set(header), known.name
