"""The template importer: every kind of bad row is reported with its line, and nothing changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
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
    "negative": ("9b,E08000008,,2023-04-30,-3,,,,illustrative,", "negative"),
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
