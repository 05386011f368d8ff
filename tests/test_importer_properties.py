"""Properties of the template importer, tried on many random files (Hypothesis).

1. Any bytes, as CSV or as a damaged workbook, are imported or refused with ImportRejected whose
   every problem names its line, its column (or says the whole line is wrong) and a reason.

Properties 2 (rows with random cells load whole or not at all) and 3 (good rows load, and
loading them again changes nothing) are in test_importer_properties_rows.py. The helpers here
serve it and test_importer_properties_ees.py too. One database serves each module (on each
backend): a refusal must not change it, and the tests that load reset it first."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache, partial

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.db import init_db, make_engine
from data_access.importers.errors import ImportRejected
from data_access.importers.template import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from data_access.importers.uploaded import import_template_file
from data_access.models import Area, Observation
from data_access.seed import seed_reference_data
from tests.conftest import BACKENDS, database_url

# Each example is one or two imports into a small database: a few milliseconds on SQLite. The
# deadline is far above that, to catch an importer that slows down on some input, not a busy CI.
PROPERTIES = settings(max_examples=60, deadline=timedelta(seconds=3), database=None)
# PostgreSQL commits cost more: it is tried on fewer examples, for what SQLite would let by
# (text too long for its column, NUL bytes) and for its own upsert.
ON_POSTGRESQL = settings(PROPERTIES, max_examples=15)

COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
BASELINE = [
    ["9b", "E08000008", "", "2023-03-31", "650", "", "", "", "illustrative", "baseline"],
    ["9b", "E08000008", "fostering", "2023-03-31", "40", "", "", "", "illustrative", ""],
    ["8", "E92000001", "", "2023-04-30", "", "81", "100", "", "published", "DfE"],
    ["25", "SN", "", "2023-05-31", "", "", "", "c", "published", "DfE"],
]

# Problems that are about a whole line or the whole file, so they name no column.
WHOLE_LINE_REASONS = (
    "the file is empty",
    "the first line is empty",
    "the file is not UTF-8",
    "the file is not a readable XLSX workbook",
    "the workbook",
    "the header cannot be read",
    "cannot be read",
    "contains a NUL byte",
    "has ",  # has N cells; the header has M
    "the file has a header but no rows",
    "the file has no National, Regional or Local authority rows",
    "no row matches all the filters together",
    "the file is not a DfE statistical-neighbour file",
    "the file has no authority's row",
)

# Cells a person or a spreadsheet might put where a figure, a date or a name should be.
ODD_CELLS = [
    *["=1+1", "+1", "-1", "@SUM(A1:A2)", '=HYPERLINK("x")', "\t=1", " ", "'5", "null", "TRUE"],
    *["-5", "-0", "101", "100.0000001", "1e400", "-1e400", "nan", "NaN", "inf", "-Infinity"],
    *["1e308", "1e-320", "0", "1_000", "0x10", "١٢", "²", "5%", "£5", "1,5", "1.2.3", "c", "q"],
    *["2023-02-30", "2023-13-01", "2023-W01-1", "2023-001", "30/04/2023", "20230430"],
    *["2023-4-30", "0000-01-01", "0001-01-01", "9999-12-31", "2023-04-30T00:00", "２０２３-04-30"],
    *["E99999999", "e08000008", "E08000008 / E08000009", "no-such-team", "ZZ9", "SN", "Ward"],
]
# Byte sequences that break text files: NUL, marks, bad UTF-8, line ends, quotes, a huge field.
ODD_BYTES = [
    *[b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80"],
    *[b"\r", b"\n", b"\r\n", b'"', b'""', b",", b",,,", b"=1+1", b"-5", b"c", b"9" * 140_000],
]
# Wrong dates, numbers and text for a cell, from those and at random.
ISO_WEEK = st.dates().map(lambda day: "{}-W{:02d}-{}".format(*day.isocalendar()))
BAD_DATES = st.one_of(
    st.sampled_from([cell for cell in ODD_CELLS if cell[:1].isdigit()]),
    ISO_WEEK,
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.from_regex(r"\A[0-9W-]{8,11}\Z"),
)
BAD_NUMBERS = st.one_of(
    st.sampled_from(ODD_CELLS),
    st.floats().map(repr),
    st.floats(-1e6, 1e6).map("{:,.2f}".format),
    st.integers(-(10**20), 10**20).map(str),
)
JUNK = st.one_of(st.sampled_from(ODD_CELLS), st.text(max_size=12), st.text(min_size=25))


def fresh_engine(backend: str, folder, name: str):
    """A database of its own with the schema and the reference data, but no figures."""
    engine = make_engine(database_url(backend, name, folder))
    init_db(engine)
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    return engine


def state(engine) -> tuple[int, int, str]:
    """How many figures and areas there are, and a checksum of every column of both tables."""
    with engine.connect() as connection:
        figures = connection.execute(select(Observation.__table__).order_by(Observation.id)).all()
        areas = connection.execute(select(Area.__table__).order_by(Area.id)).all()
    digest = hashlib.sha256(repr((figures, areas)).encode()).hexdigest()
    return len(figures), len(areas), digest


def line_count(data: bytes) -> int:
    return len(re.findall(rb"\r\n|\r|\n", data)) + 1


def assert_explained(rejected: ImportRejected, columns, lines: int | None) -> None:
    """Every problem names its line, its column (or is about the whole line), and why."""
    assert rejected.errors, "a refusal gives its reasons"
    for error in rejected.errors:
        text = str(error)
        assert error.reason.strip() and text.startswith(f"line {error.line}"), text
        assert error.line >= 1 and (lines is None or error.line <= lines + 1), text
        if error.column:
            assert f", column {error.column}: " in text
            assert error.line == 1 or error.column in columns, text  # a column of the file
        else:
            assert error.reason.startswith(WHOLE_LINE_REASONS), text


def import_or_refuse(engine, load, columns, lines: int | None):
    """The report of `load()`, or None after checking its refusal and that nothing changed."""
    before = state(engine)
    try:
        report = load()
    except ImportRejected as rejected:
        event("refused")  # how many of each, with --hypothesis-show-statistics
        assert_explained(rejected, columns, lines)
        assert state(engine) == before, "a refused file changed the database"
        return None
    event("loaded")
    return report


def must_load(load):
    """The report of `load()`; a refusal fails the test, with its reasons."""
    try:
        return load()
    except ImportRejected as rejected:
        pytest.fail(rejected.report(limit=10))


def assert_fits_the_schema(engine) -> None:
    """Every stored text fits its column and has no NUL, and every number is finite: what
    PostgreSQL insists on, checked on SQLite too, which would store anything."""
    with engine.connect() as connection:
        for table in (Observation.__table__, Area.__table__):
            for row in connection.execute(select(table)).mappings():
                for column in table.columns:
                    value = row[column.name]
                    if isinstance(value, str):
                        assert "\x00" not in value, (column.name, value)
                        length = getattr(column.type, "length", None)
                        assert length is None or len(value) <= length, (column.name, value)
                    elif isinstance(value, float):
                        assert math.isfinite(value), (column.name, value)


@st.composite
def mutated(draw, base: bytes) -> bytes:
    """`base` with a few slices replaced, inserted or cut, by random or troublesome bytes."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 8)))
        data[start:end] = draw(st.binary(max_size=8) | st.sampled_from(ODD_BYTES))
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    return bytes(data)


def any_bytes(base: bytes, columns):
    """Bytes of every kind: nothing, noise, noise after a byte-order mark, `base` damaged, or
    `base` under a header of names that may be missing, unknown, empty or repeated."""
    noise = st.binary(max_size=2_000)
    names = st.lists(st.sampled_from(["", " ", *columns]) | st.text(max_size=6), max_size=16)
    rows = base.partition(b"\n")[2]
    reheaded = names.map(lambda names: ",".join(names).encode() + b"\n" + rows)
    return st.one_of(noise, noise.map(b"\xef\xbb\xbf".__add__), mutated(base), reheaded)


@dataclass
class Table:
    """A header and rows of text, written as CSV (with a chosen line ending) or XLSX."""

    header: list[str]
    rows: list[list[str]]
    ending: str = "\n"
    bom: bool = False
    expected: dict = field(default_factory=dict)

    def csv_bytes(self) -> bytes:
        lines = []
        for cells in [self.header, *self.rows]:
            out = io.StringIO()
            csv.writer(out, lineterminator="\r\n").writerow(cells)  # quotes any \r or \n
            lines.append(out.getvalue().removesuffix("\r\n") + self.ending)
        return (b"\xef\xbb\xbf" if self.bom else b"") + "".join(lines).encode("utf-8")

    def xlsx_bytes(self) -> bytes:
        workbook = Workbook()
        for cells in [self.header, *self.rows]:
            workbook.active.append(cells)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    def records(self) -> list[dict[str, str]]:
        """The rows the importer reads: not blank, cells trimmed, by column."""
        return [
            dict(zip(self.header, (cell.strip() for cell in cells)))
            for cells in self.rows
            if any(cell.strip() for cell in cells)
        ]


def template_csv(rows: list[list[str]]) -> bytes:
    return Table(list(REQUIRED_COLUMNS), rows).csv_bytes()


SHEET = "xl/worksheets/sheet1.xml"


@cache
def workbook_members() -> dict[str, bytes]:
    data = Table(list(REQUIRED_COLUMNS), BASELINE).xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@st.composite
def damaged_workbooks(draw) -> bytes:
    """A good workbook with one of its parts (most often the sheet or its list) damaged."""
    members = dict(workbook_members())
    name = draw(st.sampled_from(["xl/workbook.xml", SHEET]) | st.sampled_from(sorted(members)))
    elements = list(re.finditer(rb"<[^<>]+/>", members[name]))
    if elements and draw(st.booleans()):  # one element left out: a sheet, a cell's style...
        element = draw(st.sampled_from(elements))
        members[name] = members[name][: element.start()] + members[name][element.end() :]
    else:
        members[name] = draw(mutated(members[name]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


def module_engine(backend: str, tmp_path_factory, name: str, reset):
    if backend not in BACKENDS:
        pytest.skip("TEST_DATABASE_URL is not set")
    engine = fresh_engine(backend, tmp_path_factory.mktemp(name), name)
    reset(engine)
    return engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = module_engine("sqlite", tmp_path_factory, "importer_properties", reset)
    yield engine
    engine.dispose()


def reset(engine) -> None:
    """Only the baseline figures, which random rows may update."""
    with engine.begin() as connection:
        connection.execute(delete(Observation))
    import_template_file(engine, "baseline.csv", template_csv(BASELINE))


# Property 1: any bytes.


@PROPERTIES
@given(data=any_bytes(template_csv(BASELINE), COLUMNS))
def test_any_bytes_as_csv_are_imported_or_refused_with_reasons(engine, data):
    load = partial(import_template_file, engine, "upload.csv", data)
    import_or_refuse(engine, load, COLUMNS, line_count(data))


@pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")  # it warns of what it skips
@settings(PROPERTIES, max_examples=100)  # no database work unless the workbook loads
@given(data=st.binary(max_size=500) | damaged_workbooks())
def test_any_bytes_as_a_workbook_are_imported_or_refused_with_reasons(engine, data):
    load = partial(import_template_file, engine, "upload.xlsx", data)
    import_or_refuse(engine, load, COLUMNS, None)
