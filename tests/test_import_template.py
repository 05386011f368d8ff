"""The template importer: every kind of bad row is reported with its line, and nothing changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from data_access.importers.errors import ImportRejected
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.models import Observation
from data_access.seed import seed_reference_data

HEADER = ",".join(REQUIRED_COLUMNS)
GOOD = [
    "8,E08000008,,2023-04-30,81.0,81,100,,illustrative,test",
    "9b,E08000008,,2023-04-30,650,,,,illustrative,test",
    "9b,E08000008,cared-for-children,2023-04-30,585,,,,illustrative,test",
    "8,E92000001,,2023-03-31,,,,x,published,DfE test file",
]


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


def write(tmp_path: Path, lines: list[str], name: str = "figures.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    text = "\n".join([HEADER, *lines]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def snapshot(engine) -> list[tuple]:
    with Session(engine) as session:
        return session.execute(
            select(
                Observation.indicator_id,
                Observation.area_id,
                Observation.team_id,
                Observation.period_end,
                Observation.value,
                Observation.symbol,
                Observation.provenance,
            ).order_by(Observation.id)
        ).all()


def test_a_good_file_loads_and_importing_it_again_changes_nothing(engine, tmp_path):
    path = write(tmp_path, GOOD, bom=True)
    assert import_template(engine, path).rows == 4
    first = snapshot(engine)
    assert len(first) == 4
    import_template(engine, path)
    assert snapshot(engine) == first


def test_symbols_are_kept_and_value_left_empty(engine, tmp_path):
    import_template(engine, write(tmp_path, GOOD))
    with Session(engine) as session:
        row = session.execute(
            select(Observation.value, Observation.symbol).where(Observation.symbol.isnot(None))
        ).one()
    assert row == (None, "x")


def test_a_value_is_derived_from_numerator_and_denominator(engine, tmp_path):
    import_template(engine, write(tmp_path, ["8,E08000008,,2023-05-31,,77,100,,illustrative,"]))
    with Session(engine) as session:
        assert session.scalar(select(Observation.value)) == pytest.approx(77.0)


BAD_ROWS = {
    "indicator_ref": ("nope,E08000008,,2023-04-30,5,,,,illustrative,", "not a known indicator"),
    "area_code": ("8,E99999999,,2023-04-30,5,,,,illustrative,", "not a known area"),
    "team_slug": ("9b,E08000008,no-such-team,2023-04-30,5,,,,illustrative,", "not a known team"),
    "period_end": ("8,E08000008,,31/04/2023,5,,,,illustrative,", "not a date"),
    "value": ("8,E08000008,,2023-04-30,five,,,,illustrative,", "not a number"),
    "percent": ("8,E08000008,,2023-04-30,101,,,,illustrative,", "percentage above 100"),
    "negative": ("9b,E08000008,,2023-04-30,-3,,,,illustrative,", "negative; a count cannot"),
    "percent below 0": ("8,E08000008,,2023-04-30,-5,,,,illustrative,", "a percentage (0 to 100)"),
    "numerator text": ("8,E08000008,,2023-04-30,,eighty,100,,illustrative,", "not a number"),
    "denominator negative": ("8,E08000008,,2023-04-30,,5,-100,,illustrative,", "a denominator"),
    "no such day": ("8,E08000008,,2023-02-30,5,,,,illustrative,", "not a date"),
    "short date": ("8,E08000008,,2023-4-30,5,,,,illustrative,", "not a date"),
    "too many cells": (
        "8,E08000008,,2023-04-30,5,,,,illustrative,,extra",
        "has 11 cells; the header has 10",
    ),
    "numerator": ("8,E08000008,,2023-04-30,,120,100,,illustrative,", "above its denominator"),
    "symbol": ("8,E08000008,,2023-04-30,,,,q,illustrative,", "is not one of"),
    "provenance": ("8,E08000008,,2023-04-30,5,,,,guessed,", "published' or 'illustrative"),
    "source": ("8,E08000008,,2023-04-30,5,,,,published,", "must name its source"),
    "empty value": ("8,E08000008,,2023-04-30,,,,,illustrative,", "no symbol says why"),
    "mismatch": ("8,E08000008,,2023-04-30,50,77,100,,illustrative,", "does not match"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_with_line_and_column_and_nothing_changes(
    kind, engine, tmp_path
):
    import_template(engine, write(tmp_path, GOOD[:1], name="before.csv"))
    before = snapshot(engine)
    bad, reason = BAD_ROWS[kind]
    path = write(tmp_path, [*GOOD, bad])
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, path)
    errors = rejected.value.errors
    assert len(errors) == 1, errors
    assert errors[0].line == 6  # header is line 1, then four good rows
    assert reason in errors[0].reason
    assert snapshot(engine) == before


def test_every_bad_row_is_reported_not_just_the_first(engine, tmp_path):
    rows = [row for row, _ in BAD_ROWS.values()]
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, write(tmp_path, rows))
    assert sorted({error.line for error in rejected.value.errors}) == list(range(2, 2 + len(rows)))


def test_a_duplicate_key_names_the_first_line(engine, tmp_path):
    path = write(tmp_path, [GOOD[0], GOOD[1], GOOD[0].replace("81.0,81,100", "80.0,80,100")])
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, path)
    [error] = rejected.value.errors
    assert (error.line, error.reason) == (4, "duplicates the figure on line 2")
    assert snapshot(engine) == []


def test_missing_and_unknown_columns(engine, tmp_path):
    path = tmp_path / "columns.csv"
    path.write_text("indicator_ref,area_code,period_end,valeu\n8,E08000008,2023-04-30,5\n")
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, path)
    messages = {(e.column, e.reason) for e in rejected.value.errors}
    assert ("team_slug", "required column is missing") in messages
    assert ("valeu", "is not a column of the template") in messages


def test_any_column_order_is_accepted(engine, tmp_path):
    columns = list(reversed(REQUIRED_COLUMNS))
    path = tmp_path / "reversed.csv"
    path.write_text(",".join(columns) + "\n" + ",".join(reversed(GOOD[1].split(","))) + "\n")
    assert import_template(engine, path).rows == 1


def test_an_empty_file_and_a_file_that_is_not_utf8(engine, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportRejected, match="1 problem") as rejected:
        import_template(engine, empty)
    assert rejected.value.errors[0].reason == "the file is empty"

    latin = tmp_path / "latin1.csv"
    latin.write_bytes((HEADER + "\n" + GOOD[0] + "\n" + GOOD[1] + ",caf\xe9\n").encode("latin-1"))
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, latin)
    assert rejected.value.errors[0].line == 3
    assert "not UTF-8" in rejected.value.errors[0].reason


def test_header_only(engine, tmp_path):
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, write(tmp_path, []))
    assert "no rows" in rejected.value.errors[0].reason


def test_xlsx_with_the_same_columns(engine, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(REQUIRED_COLUMNS))
    sheet.append(
        ["9b", "E08000008", None, "2023-04-30", 650, None, None, None, "illustrative", "x"]
    )
    sheet.append(["8", "E08000008", None, "2023-04-30", None, 120, 100, None, "illustrative", None])
    path = tmp_path / "figures.xlsx"
    workbook.save(path)
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, path)
    assert [(e.line, e.column) for e in rejected.value.errors] == [(3, "numerator")]
    sheet.delete_rows(3)
    workbook.save(path)
    assert import_template(engine, path).rows == 1


def test_rows_written_before_a_late_bad_row_are_rolled_back(engine, tmp_path):
    from data_access.importers import template

    good = [
        f"9b,E08000008,,{year}-03-31,{year - 1600},,,,illustrative," for year in range(2000, 2020)
    ]
    original = template.CHUNK
    template.CHUNK = 5  # several chunks are written before the bad row is read
    try:
        with pytest.raises(ImportRejected):
            import_template(engine, write(tmp_path, [*good, BAD_ROWS["negative"][0]]))
    finally:
        template.CHUNK = original
    assert snapshot(engine) == []


def test_the_command_line_reports_bad_rows_and_exits_non_zero(empty_url, engine, tmp_path):
    path = write(tmp_path, [*GOOD, BAD_ROWS["percent"][0]])
    done = subprocess.run(
        [sys.executable, "-m", "data_access", "--database-url", empty_url, "import", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 1
    assert "line 6, column value: 101 is a percentage above 100" in done.stderr
    assert snapshot(engine) == []


def test_the_report_counts_rows_added_updated_and_unchanged(engine, tmp_path):
    first = import_template(engine, write(tmp_path, GOOD))
    assert (first.rows, first.added, first.updated, first.unchanged) == (4, 4, 0, 0)
    again = import_template(engine, write(tmp_path, GOOD))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    changed = [GOOD[0].replace("81.0,81,100", "82.0,82,100"), *GOOD[1:]]
    changed.append("9b,E08000008,,2023-05-31,640,,,,illustrative,test")
    report = import_template(engine, write(tmp_path, changed))
    assert (report.rows, report.added, report.updated, report.unchanged) == (5, 1, 1, 3)
    assert str(report) == "Imported 5 row(s): 1 added, 1 updated, 3 unchanged."


def test_a_database_error_on_the_third_chunk_leaves_nothing_behind(engine, tmp_path, monkeypatch):
    from data_access.importers import template

    import_template(engine, write(tmp_path, GOOD[:1], name="before.csv"))
    before = snapshot(engine)
    monkeypatch.setattr(template, "CHUNK", 5)
    inserts: list[str] = []

    def fail_on_third_chunk(_conn, _cursor, statement, *_args):
        if statement.startswith("INSERT INTO observation"):
            inserts.append(statement)
            if len(inserts) == 3:
                raise OperationalError(statement, None, Exception("injected: disk full"))

    rows = [
        f"9b,E08000008,,{year}-03-31,{year - 1900},,,,illustrative," for year in range(2001, 2021)
    ]
    event.listen(engine, "before_cursor_execute", fail_on_third_chunk)
    try:
        with pytest.raises(OperationalError, match="disk full"):
            import_template(engine, write(tmp_path, rows))
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_third_chunk)
    assert len(inserts) == 3  # two chunks of five were written before the failure
    assert snapshot(engine) == before


def test_progress_reports_the_rows_checked(engine, tmp_path):
    seen: list[int] = []
    rows = [f"9b,E08000008,,{year}-03-31,5,,,,illustrative," for year in range(2001, 2006)]
    import_template(engine, write(tmp_path, rows), progress=seen.append, every=2)
    assert seen == [2, 4, 5]


def test_checking_stops_at_the_limit_of_problems_and_says_so(engine, tmp_path):
    from data_access.importers.reading import read_table
    from data_access.importers.template import load_rows

    bad = BAD_ROWS["area_code"][0]
    header, rows = read_table(write(tmp_path, [bad] * 30))
    with pytest.raises(ImportRejected) as rejected, engine.begin() as connection:
        load_rows(connection, header, rows, max_errors=10)
    assert len(rejected.value.errors) == 10
    assert rejected.value.stopped_early
    assert "there may be more" in rejected.value.report(limit=5)
    assert rejected.value.report(limit=5).endswith("... and 5 more")


def test_a_blank_first_line_or_a_file_of_spaces(engine, tmp_path):
    blank_first = tmp_path / "blank.csv"
    blank_first.write_text("\n" + HEADER + "\n" + GOOD[0] + "\n")
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, blank_first)
    assert [(e.line, e.reason) for e in rejected.value.errors] == [
        (1, "the first line is empty; it must name the columns")
    ]
    spaces = tmp_path / "spaces.csv"
    spaces.write_text("  \n\n")
    with pytest.raises(ImportRejected, match="1 problem") as rejected:
        import_template(engine, spaces)
    assert rejected.value.errors[0].reason == "the file is empty"


def test_line_numbers_count_the_lines_of_a_quoted_cell(engine, tmp_path):
    note = '8,E08000008,,2023-03-31,5,,,,published,"Scrutiny pack\nslide 4"'
    path = write(tmp_path, [note, "", BAD_ROWS["area_code"][0]])
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, path)
    assert [(e.line, e.column) for e in rejected.value.errors] == [(5, "area_code")]


def test_xlsx_dates_and_numbers_as_excel_keeps_them(engine, tmp_path):
    from datetime import date, datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(REQUIRED_COLUMNS))
    sheet.append(["8", "E08000008", None, datetime(2023, 4, 30), 81.0, 81, 100, None,
                  "illustrative", None])  # fmt: skip
    sheet.append(["9b", "E08000008", None, date(2023, 4, 30), 650, None, None, None,
                  "illustrative", None])  # fmt: skip
    path = tmp_path / "dates.xlsx"
    workbook.save(path)
    assert import_template(engine, path).added == 2
    with Session(engine) as session:
        dates = set(session.scalars(select(Observation.period_end)))
    assert dates == {date(2023, 4, 30)}


def test_a_damaged_workbook_is_refused(engine, tmp_path):
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, path)
    assert "not a readable XLSX workbook" in rejected.value.errors[0].reason


def test_the_command_line_prints_progress_and_the_counts(empty_url, engine, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "data_access", "--database-url", empty_url, "import",
         str(write(tmp_path, GOOD))],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "4 rows checked" in done.stderr
    assert done.stdout.strip() == "Imported 4 row(s): 4 added, 0 updated, 0 unchanged."


def test_the_command_line_says_nothing_was_imported_when_the_database_fails(
    empty_url, tmp_path, monkeypatch, capsys
):
    import data_access.__main__ as command_line

    def failing_import(*_args, **_kwargs):
        raise OperationalError("INSERT", None, Exception("disk full"))

    monkeypatch.setattr(command_line, "import_template", failing_import)
    path = write(tmp_path, GOOD)
    assert command_line.main(["--database-url", empty_url, "import", str(path)]) == 1
    assert "nothing was imported" in capsys.readouterr().err


@pytest.mark.parametrize("threshold", [4, 5])
def test_after_a_large_import_postgresql_renews_its_statistics(
    engine, tmp_path, monkeypatch, threshold
):
    """A large import ends with VACUUM ANALYZE on PostgreSQL (the planner's statistics and the
    index-only reads); a smaller one, or SQLite, needs nothing."""
    from data_access import db

    monkeypatch.setattr(db, "BULK_ROWS", threshold)
    sent = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    assert import_template(engine, write(tmp_path, GOOD)).added == 4
    renewed = engine.dialect.name == "postgresql" and threshold <= 4
    assert ("VACUUM (ANALYZE)" in sent) is renewed
