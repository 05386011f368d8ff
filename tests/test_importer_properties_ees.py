"""Properties of the DfE (Explore Education Statistics) importer, tried on many random files.

The same three as the template importer's (test_importer_properties.py, whose helpers these
are): any bytes are imported or refused with reasons that name line, column and why; rows with
random cells load whole or not at all, the areas they would have added included; good rows load
and loading them again changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, select

from data_access.importers.ees import import_ees
from data_access.importers.ees_rows import LEVELS
from data_access.importers.template import SYMBOLS
from data_access.models import Area, Indicator, Observation
from data_access.periods import today
from data_access.seed import read_csv
from tests.conftest import SHARED
from tests.test_importer_properties import (
    BAD_NUMBERS,
    JUNK,
    ON_POSTGRESQL,
    PROPERTIES,
    Table,
    any_bytes,
    assert_fits_the_schema,
    import_or_refuse,
    line_count,
    module_engine,
    must_load,
    state,
)

HEADER = [
    *["time_period", "time_identifier", "geographic_level", "country_code", "country_name"],
    *["region_code", "region_name", "old_la_code", "la_name", "new_la_code", "population_type"],
    *["children", "percent"],
]
ALL = [("population_type", "All")]
ENGLAND = ("E92000001", "England")
REGIONS = [("E12000001", "North East"), ("E12000002", "North West"), ("E12000007", "London")]
AUTHORITIES = [("E08000008", "Tameside", "357"), ("E08000009", "Trafford", "358")]
# time_identifier → how time_period is written for a year, and the day the period ends
PERIODS = {
    "Reporting year": (str, lambda year: date(year, 3, 31)),
    "Calendar year": (str, lambda year: date(year, 12, 31)),
    "Financial year": (lambda year: f"{year - 1}{year % 100:02d}", lambda year: date(year, 3, 31)),
    "Academic year": (lambda year: f"{year - 1}{year % 100:02d}", lambda year: date(year, 8, 31)),
}
LEFT_OUT = {  # rows the importer leaves out, and counts
    "ward": {"geographic_level": "Ward", "new_la_code": "E05000001"},
    "joint": {"geographic_level": "Local authority", "new_la_code": "E06000061 / E06000062"},
    "boys": {"population_type": "Boys"},
}


@dataclass(frozen=True)
class Base:
    """A file to damage, and how it is imported."""

    content: bytes
    indicator: str
    column: str
    filters: tuple = ()


def ees_row(level: str, area: tuple, year: int, identifier: str, cell: str) -> dict[str, str]:
    row = dict.fromkeys(HEADER, "")
    time_period = PERIODS[identifier][0](year)
    row.update(time_period=time_period, time_identifier=identifier, geographic_level=level)
    row.update(country_code=ENGLAND[0], country_name=ENGLAND[1], population_type="All")
    if level != "National":
        row.update(region_code=REGIONS[1][0], region_name=REGIONS[1][1])
    if level == "Regional":
        row.update(region_code=area[0], region_name=area[1])
    if level == "Local authority":
        row.update(new_la_code=area[0], la_name=area[1], old_la_code=area[2])
    return {**row, "children": "12", "percent": cell}


BASELINE = [
    ees_row("National", ENGLAND, 2023, "Reporting year", "50"),
    ees_row("Regional", REGIONS[1], 2023, "Reporting year", "40"),
    ees_row("Local authority", AUTHORITIES[0], 2023, "Reporting year", "c"),
    ees_row("Local authority", AUTHORITIES[1], 2023, "Reporting year", "12.5"),
]


def ees_table(rows: list[dict[str, str]], ending: str = "\n", bom: bool = True) -> Table:
    return Table(HEADER, [[row[column] for column in HEADER] for row in rows], ending, bom)


def bases() -> list[Base]:
    """The baseline file, and the head of a real DfE file when it is beside the project."""
    found = [Base(ees_table(BASELINE).csv_bytes(), "20a", "percent", tuple(ALL))]
    real = (
        SHARED / "data" / "ees" / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    )
    if real.exists():
        head = b"".join(real.open("rb").readlines()[:40])
        found.append(Base(head, "6", "rereferral_percent"))
    return found


SEEDED_AREAS = [row["code"] for row in read_csv("areas.csv")]
NAME = "importer_properties_ees"  # of the database file, or the PostgreSQL schema


def reset(engine, folder) -> None:
    """The seeded areas, and the baseline file's figures and areas."""
    with engine.begin() as connection:
        connection.execute(delete(Observation))
        connection.execute(delete(Area).where(Area.code.not_in(SEEDED_AREAS)))
    path = folder / "baseline.csv"
    path.write_bytes(ees_table(BASELINE).csv_bytes())
    import_ees(engine, path, "20a", "percent", ALL)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("ees_properties")


@pytest.fixture(scope="module")
def engine(tmp_path_factory, folder):
    engine = module_engine("sqlite", tmp_path_factory, NAME, lambda e: reset(e, folder))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def pg_engine(tmp_path_factory, folder):
    engine = module_engine("postgresql", tmp_path_factory, NAME, lambda e: reset(e, folder))
    yield engine
    engine.dispose()


def figures(engine, ref: str) -> dict[tuple[str, date], tuple]:
    """(area code, period end) → (value, symbol, provenance) of one measure."""
    query = (
        select(
            Area.code,
            Observation.period_end,
            Observation.value,
            Observation.symbol,
            Observation.provenance,
        )
        .join(Area, Area.id == Observation.area_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(Indicator.ref == ref)
    )
    with engine.connect() as connection:
        return {(code, end): tuple(rest) for code, end, *rest in connection.execute(query)}


# Property 1: any bytes.


@PROPERTIES
@given(
    case=st.sampled_from(bases()).flatmap(
        lambda b: st.tuples(st.just(b), any_bytes(b.content, HEADER))
    )
)
def test_any_bytes_are_imported_or_refused_with_reasons(engine, folder, case):
    base, content = case
    path = folder / "any.csv"
    path.write_bytes(content)
    load = partial(import_ees, engine, path, base.indicator, base.column, base.filters)
    header = content.splitlines()[0].decode("utf-8", "replace").split(",") if content else []
    import_or_refuse(engine, load, {*HEADER, *header}, line_count(content))


OTHERS = ["350", "351", "352", "353", "354", "355", "356", "359", "370"]  # real LA numbers
NEIGHBOURS = ["LA Name", *(f"SN{n}" for n in range(1, 11)), "LA num"]  # LA num last: it may be
GROUPINGS = Table(
    NEIGHBOURS,
    [
        ["Tameside", *OTHERS[:7], "358", *OTHERS[7:], "357"],
        ["Trafford", *OTHERS[:7], "357", *OTHERS[7:], "358"],
    ],
)


@PROPERTIES
@given(content=any_bytes(GROUPINGS.csv_bytes(), NEIGHBOURS))
def test_any_bytes_as_the_neighbours_file_are_used_or_refused_with_reasons(engine, folder, content):
    path = folder / "neighbours.csv"
    path.write_bytes(content)
    figures = folder / "figures.csv"
    figures.write_bytes(ees_table(BASELINE).csv_bytes())
    load = partial(import_ees, engine, figures, "20a", "percent", ALL, neighbours=path)
    import_or_refuse(engine, load, [*HEADER, *NEIGHBOURS], line_count(content))


# Good rows, then spoiled ones.


@st.composite
def good_ees_rows(draw) -> tuple[tuple, dict[str, str], tuple]:
    """A key (area code, period end), a good row for it, and the (value, symbol) it stores."""
    level = draw(st.sampled_from(sorted(LEVELS)))
    new_authorities = st.tuples(
        st.from_regex(r"\AE0[6-9][0-9]{6}\Z"),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
        st.from_regex(r"\A[0-9]{3}\Z"),
    )
    areas = {
        "National": st.just(ENGLAND),
        "Regional": st.sampled_from(REGIONS),
        "Local authority": st.sampled_from(AUTHORITIES) | new_authorities,
    }
    area = draw(areas[level])
    identifier = draw(st.sampled_from(sorted(PERIODS)))
    year = draw(st.integers(2001, today().year - 1))  # a period that is over
    if draw(st.booleans()):
        cell = draw(st.sampled_from(sorted(SYMBOLS)))
        stored = (None, cell)
    else:
        cell = draw(st.floats(0, 100).map("{:.1f}".format) | st.integers(0, 100).map(str))
        stored = (float(cell), None)
    key = (area[0], PERIODS[identifier][1](year))
    return key, ees_row(level, area, year, identifier, cell), stored


@st.composite
def good_ees_tables(draw) -> Table:
    rows = draw(st.lists(good_ees_rows(), min_size=1, max_size=8, unique_by=lambda row: row[0]))
    left_out = draw(st.lists(st.sampled_from(sorted(LEFT_OUT)), max_size=3))
    lines = [row for _key, row, _stored in rows]
    lines += [{**draw(st.sampled_from(lines)), **LEFT_OUT[kind]} for kind in left_out]
    table = ees_table(
        draw(st.permutations(lines)),
        draw(st.sampled_from(["\n", "\r\n", "\r"])),
        draw(st.booleans()),
    )
    table.expected = {key: stored for key, _row, stored in rows}
    return table


ODD_YEARS = ["0000", "999900", "²⁰²³", "٢٠٢٣", "202124", "2021-22", "21", "20212", " 2023", ""]
BAD_CELLS = {
    "time_period": st.sampled_from(ODD_YEARS)
    | st.from_regex(r"\A[0-9]{4,6}\Z")
    | st.text(st.characters(categories=["Nd", "No"]), min_size=4, max_size=6),
    "time_identifier": st.sampled_from(["Week 12", "FINANCIAL YEAR", "Reporting  year", ""]),
    "geographic_level": st.sampled_from(["", "Ward", "national", "Local Authority", "Regional"]),
    "percent": BAD_NUMBERS,
    "children": BAD_NUMBERS,
}
AREA_CELLS = st.sampled_from(["", "E92000002", "E06000061 / E06000062", "E" * 13, "SN", "357"])


@st.composite
def spoiled_ees_tables(draw) -> Table:
    """Good rows, a third of them with one or two cells spoiled."""
    good = draw(st.lists(good_ees_rows(), max_size=6, unique_by=lambda row: row[0]))
    rows = [row for _key, row, _stored in good]
    for row in rows:
        if draw(st.integers(0, 2)) == 0:
            for column in draw(st.sets(st.sampled_from(HEADER), min_size=1, max_size=2)):
                row[column] = draw(BAD_CELLS.get(column, AREA_CELLS) | JUNK)
    return ees_table(rows, draw(st.sampled_from(["\n", "\r\n", "\r"])), draw(st.booleans()))


def load_or_refuse_ees(engine, folder, table: Table, name: str, good: bool = False):
    """Refused with reasons and nothing changed (unless the rows are `good`), or loaded whole."""
    path = folder / name
    path.write_bytes(table.csv_bytes())
    load = partial(import_ees, engine, path, "20a", "percent", ALL)
    before = state(engine)
    if good:
        report = must_load(load)
    elif (report := import_or_refuse(engine, load, HEADER, line_count(path.read_bytes()))) is None:
        return None
    try:
        left_out = report.filtered_out + report.skipped_levels.total() + report.joint_rows.total()
        assert report.rows + left_out == len(table.records())
        assert (
            report.rows == report.figures.added + report.figures.updated + report.figures.unchanged
        )
        figures_after, areas_after, _ = state(engine)
        assert (figures_after, areas_after) == (
            before[0] + report.figures.added,
            before[1] + report.areas_added,
        )
        for record in table.records():  # a year as DfE writes it, for every row loaded
            _kind, code, _name = LEVELS.get(record["geographic_level"], ("", "", ""))
            if code and record["population_type"] == "All" and "/" not in record[code]:
                assert re.fullmatch("[0-9]{4}|[0-9]{6}", record["time_period"]), record
        assert_fits_the_schema(engine)
        settled = state(engine)
        again = must_load(load)
        assert (again.areas_added, again.figures.added, again.figures.updated) == (0, 0, 0)
        assert state(engine) == settled
    except AssertionError:
        reset(engine, folder)  # so that the next example, and the shrinking, start clean
        raise
    return report


# Property 2: rows with random cells.


@PROPERTIES
@given(table=spoiled_ees_tables())
def test_rows_with_random_cells_load_whole_or_not_at_all(engine, folder, table):
    load_or_refuse_ees(engine, folder, table, "spoiled.csv")


# Property 3: good rows.


@PROPERTIES
@given(table=good_ees_tables())
def test_good_rows_load_and_loading_them_again_changes_nothing(engine, folder, table):
    check_good_rows(engine, folder, table)


def check_good_rows(engine, folder, table: Table) -> None:
    reset(engine, folder)
    report = load_or_refuse_ees(engine, folder, table, "good.csv", good=True)
    assert report.rows == len(table.expected)
    stored = figures(engine, "20a")
    for key, (value, symbol) in table.expected.items():
        assert stored[key] == (value, symbol, "published"), key


@ON_POSTGRESQL
@given(spoiled=spoiled_ees_tables(), good=good_ees_tables())
def test_the_same_on_postgresql(pg_engine, folder, spoiled, good):
    load_or_refuse_ees(pg_engine, folder, spoiled, "spoiled.csv")
    check_good_rows(pg_engine, folder, good)
