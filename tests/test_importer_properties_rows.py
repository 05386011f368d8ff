"""Properties of the template importer's rows, tried on many random files (Hypothesis), with the
helpers of test_importer_properties.py.

2. Rows under the right header with random cells load whole or not at all: a refusal leaves
   every column of every figure as it was.
3. Good rows load, as CSV (any line ending, with or without a byte-order mark, columns in any
   order) or XLSX, and loading them again changes nothing.

Property 2 is also tried cell by cell where mistakes hide best: dates, numbers, free text."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from data_access.importers.template import REQUIRED_COLUMNS, SYMBOLS
from data_access.importers.uploaded import import_template_file
from data_access.models import Area, Indicator, Observation, Team
from data_access.periods import EARLIEST, label_contradicts, month_end, today
from data_access.seed import read_csv
from tests.test_importer_properties import (
    BAD_DATES,
    BAD_NUMBERS,
    BASELINE,
    COLUMNS,
    JUNK,
    ON_POSTGRESQL,
    PROPERTIES,
    Table,
    assert_fits_the_schema,
    import_or_refuse,
    line_count,
    module_engine,
    must_load,
    reset,
    state,
)

MEASURES = {"8", "9b", "K2", "25", "C8"}  # one of each unit, and a quarterly one; 9b is monthly
MEASURE_ROWS = [row for row in read_csv("indicators.csv") if row["ref"] in MEASURES]
UNITS = {row["ref"]: row["unit"] for row in MEASURE_ROWS}
TEAM_LEVEL = {row["ref"] for row in MEASURE_ROWS if row["team_level"] == "yes"}
SCALE = {"percent": 100.0, "rate_per_10k": 10_000.0}
HOME, AREAS = "E08000008", ["E08000008", "E92000001", "E12000002", "SN"]
TEAMS = ["", "cared-for-children", "fostering"]
MONTH_ENDS = [date(2023, month % 12 + 1, 1) - timedelta(days=1) for month in range(1, 13)]
# Any month's end from the earliest a figure may have to the last month that is over.
PAST_MONTH_ENDS = st.dates(EARLIEST, today().replace(day=1) - timedelta(days=1)).map(month_end)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = module_engine("sqlite", tmp_path_factory, "importer_properties", reset)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def pg_engine(tmp_path_factory):
    engine = module_engine("postgresql", tmp_path_factory, "importer_properties", reset)
    yield engine
    engine.dispose()


def figures(engine) -> dict[tuple, tuple]:
    """(ref, area, team or '', period end) → (value, symbol, provenance, source, label)."""
    query = (
        select(
            Indicator.ref,
            Area.code,
            Team.slug,
            Observation.period_end,
            Observation.value,
            Observation.symbol,
            Observation.provenance,
            Observation.source,
            Observation.period_label,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .outerjoin(Team, Team.id == Observation.team_id)
    )
    with engine.connect() as connection:
        return {
            (r, a, t or "", end): tuple(rest) for r, a, t, end, *rest in connection.execute(query)
        }


def assert_loading_again_changes_nothing(engine, load, rows: int) -> None:
    before = state(engine)
    again = must_load(load)
    assert (again.rows, again.added, again.updated, again.unchanged) == (rows, 0, 0, rows)
    assert state(engine) == before


# Rows: good ones, then spoiled ones.


@st.composite
def good_rows(draw) -> tuple[tuple, list[str], tuple]:
    """A key, the cells of a good row for it (in COLUMNS order), and the (value, symbol) stored."""
    ref = draw(st.sampled_from(sorted(UNITS)))
    unit = UNITS[ref]
    when = draw(st.sampled_from(MONTH_ENDS) | PAST_MONTH_ENDS)
    area = draw(st.sampled_from(AREAS))
    team = draw(st.sampled_from(TEAMS)) if ref in TEAM_LEVEL and area == HOME else ""
    key = (ref, area, team, when)
    value = numerator = denominator = symbol = ""
    kinds = ["value", "symbol"] if unit == "count" else ["value", "fraction", "symbol"]
    kind = draw(st.sampled_from(kinds))  # a count is the count itself, not a fraction
    if kind == "symbol":
        symbol = draw(st.sampled_from(sorted(SYMBOLS)))
        stored = (None, symbol)
    elif kind == "fraction":
        whole = draw(st.integers(1, 100_000))
        part = draw(st.integers(0, whole if unit == "percent" else 10**9))
        numerator, denominator = str(part), str(whole)
        stored = (round(part / whole * SCALE.get(unit, 1.0), 6), None)
        if draw(st.booleans()):
            value = f"{stored[0]:.2f}"
            stored = (float(value), None)
    else:
        number = draw(st.floats(0, 100 if unit == "percent" else 1e12))
        if unit == "count":  # a count is whole
            number = float(round(number))
        value = draw(st.sampled_from([repr(number), f"{number:.3f}", f" {number:.0f} "]))
        stored = (float(value), None)
    provenance = draw(st.sampled_from(["published", "illustrative"]))
    words = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=20)
    source = draw(words.filter(str.strip) if provenance == "published" else words)
    cells = [ref, key[1], key[2], when.isoformat(), value, numerator, denominator, symbol]
    label = draw(words.filter(lambda text: label_contradicts(text.strip(), when) is None))
    return key, [*cells, provenance, source, label], stored


BAD_CELLS = {
    "period_end": BAD_DATES | JUNK,
    "value": BAD_NUMBERS | JUNK,
    "numerator": BAD_NUMBERS | JUNK,
    "denominator": BAD_NUMBERS | JUNK,
}


@st.composite
def spoiled_tables(draw) -> Table:
    """Good rows under the template's header (in any order), some with cells spoiled."""
    header = list(draw(st.permutations(draw(st.sampled_from([REQUIRED_COLUMNS, COLUMNS])))))
    rows = []
    for _key, cells, _stored in draw(st.lists(good_rows(), max_size=6, unique_by=lambda r: r[0])):
        by_column = dict(zip(COLUMNS, cells))
        if draw(st.integers(0, 2)) == 0:  # a third of the rows have one or two cells spoiled
            for column in draw(st.sets(st.sampled_from(header), min_size=1, max_size=2)):
                by_column[column] = draw(BAD_CELLS.get(column, JUNK))
        row = [by_column[column] for column in header]
        if draw(st.integers(0, 9)) == 0:  # now and then a cell too many
            row.append(draw(JUNK))
        rows.append(row)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return Table(header, rows, ending, draw(st.booleans()))


def assert_loaded_whole(engine, table: Table, report, before) -> None:
    """Every row of the file is stored, as the template says, and loading it again is a no-op."""
    records = table.records()
    assert report.rows == report.added + report.updated + report.unchanged == len(records)
    assert state(engine)[0] == before[0] + report.added
    stored = figures(engine)
    for record in records:
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", record["period_end"]), record
        end = date.fromisoformat(record["period_end"])
        value, symbol, *_ = stored[
            record["indicator_ref"], record["area_code"], record["team_slug"], end
        ]
        assert (symbol or "") == record["symbol"], record
        unit = UNITS[record["indicator_ref"]]
        if value is not None:
            assert 0 <= value <= (100 if unit == "percent" else math.inf), record
    assert_fits_the_schema(engine)


def load_or_refuse_rows(engine, table: Table):
    data = table.csv_bytes()
    load = partial(import_template_file, engine, "rows.csv", data)
    before = state(engine)
    report = import_or_refuse(engine, load, COLUMNS, line_count(data))
    if report is None:
        return None
    try:
        assert_loaded_whole(engine, table, report, before)
        assert_loading_again_changes_nothing(engine, load, report.rows)
    except AssertionError:
        reset(engine)  # so that the next example, and the shrinking, start clean
        raise
    return report


# Property 2: rows with random cells, then the cells most often wrong on their own.


@PROPERTIES
@given(table=spoiled_tables())
def test_rows_with_random_cells_load_whole_or_not_at_all(engine, table):
    load_or_refuse_rows(engine, table)


def one_row(**cells: str) -> Table:
    """The first baseline row for another month, with some of its cells replaced."""
    row = dict(zip(COLUMNS, BASELINE[0]), period_end="2023-06-30", period_label="")
    row.update(cells)
    return Table(list(COLUMNS), [[row[column] for column in COLUMNS]])


@PROPERTIES
@given(cell=BAD_DATES | st.dates().map(date.isoformat))
def test_a_period_end_loads_only_as_yyyy_mm_dd(engine, cell):
    load_or_refuse_rows(engine, one_row(period_end=cell))


@PROPERTIES
@given(column=st.sampled_from(["source", "period_label"]), cell=JUNK | st.text(max_size=80))
def test_free_text_loads_as_it_is_or_is_refused(engine, column, cell):
    check_free_text(engine, column, cell)


def check_free_text(engine, column: str, cell: str) -> None:
    table = one_row(**{column: cell})
    if load_or_refuse_rows(engine, table):
        record = table.records()[0]
        stored = figures(engine)["9b", "E08000008", "", date(2023, 6, 30)]
        assert stored[3:] == (record["source"], record["period_label"] or "Jun 2023")


MAGNITUDES = st.integers(-330, 310).map("1e{}".format)  # from below the smallest to overflow
NUMBERS = st.one_of(MAGNITUDES, st.floats(min_value=0).map(repr), BAD_NUMBERS)


@settings(PROPERTIES, max_examples=150)  # one row each: cheap
@given(
    ref=st.sampled_from(sorted(UNITS)),
    cells=st.tuples(NUMBERS, MAGNITUDES | NUMBERS, MAGNITUDES | NUMBERS),
    worked_out=st.booleans(),
)
def test_numbers_load_only_when_finite_and_in_range(engine, ref, cells, worked_out):
    """A value is given, or worked out from the numerator and denominator."""
    row = dict(zip(COLUMNS, BASELINE[0]), indicator_ref=ref, period_end="2023-07-31")
    row.update(zip(("value", "numerator", "denominator"), cells))
    if worked_out:
        row["value"] = ""
    load_or_refuse_rows(engine, Table(list(REQUIRED_COLUMNS), [[row[c] for c in REQUIRED_COLUMNS]]))


# Property 3: good rows.


@st.composite
def good_tables(draw) -> Table:
    rows = draw(st.lists(good_rows(), min_size=1, max_size=8, unique_by=lambda row: row[0]))
    order = draw(st.permutations(range(len(COLUMNS))))
    table = Table(
        [COLUMNS[i] for i in order],
        [[cells[i] for i in order] for _key, cells, _stored in rows],
        draw(st.sampled_from(["\n", "\r\n", "\r"])),
        draw(st.booleans()),
    )
    table.expected = {key: stored for key, _cells, stored in rows}
    return table


@PROPERTIES
@given(table=good_tables(), as_xlsx=st.booleans())
def test_good_rows_load_and_loading_them_again_changes_nothing(engine, table, as_xlsx):
    check_good_rows(engine, table, as_xlsx)


def check_good_rows(engine, table: Table, as_xlsx: bool) -> None:
    reset(engine)
    name, data = ("good.xlsx", table.xlsx_bytes()) if as_xlsx else ("good.csv", table.csv_bytes())
    before = state(engine)
    report = must_load(partial(import_template_file, engine, name, data))
    assert_loaded_whole(engine, table, report, before)
    stored = figures(engine)
    for key, (value, symbol) in table.expected.items():
        assert stored[key][:2] == (value, symbol), key
    load = partial(import_template_file, engine, name, data)
    assert_loading_again_changes_nothing(engine, load, report.rows)


@ON_POSTGRESQL
@given(
    spoiled=spoiled_tables(),
    good=good_tables(),
    column=st.sampled_from(["source", "period_label"]),
    cell=JUNK | st.text(max_size=80),
)
def test_the_same_on_postgresql(pg_engine, spoiled, good, column, cell):
    load_or_refuse_rows(pg_engine, spoiled)
    check_free_text(pg_engine, column, cell)
    check_good_rows(pg_engine, good, as_xlsx=False)
