"""The import page takes an Annex A workbook with its as-at date, in the background with its
progress, and the list of other names of teams as a CSV file."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from data_access.seed import seed_reference_data
from tests.annex_a_workbook import AS_AT, EXPECTED, LISTS, PRIVATE, write_workbook
from tests.conftest import as_role, make_app
from tests.test_import_page import upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app(empty_url, empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return make_app(empty_url)


def run(app, contents: str, filename: str, as_at: str | None, months: int | None = 2):
    from dashboard.pages import import_data

    told: list = []
    with as_role(app.server, "/admin/import", "analyst"):
        shown, report, _hidden, _emptied = import_data.import_upload(
            told.append, contents, filename, as_at, months
        )
    return str(shown), report, told


def test_an_annex_a_workbook_needs_its_as_at_date_then_is_imported(app, tmp_path):
    contents = upload(write_workbook(tmp_path / "annex.xlsx").read_bytes(), XLSX)
    shown, _report, _told = run(app, contents, "annex.xlsx", None)
    assert "annex.xlsx is an Annex A workbook: give its as-at date" in shown
    shown, report, told = run(app, contents, "annex.xlsx", AS_AT)
    figures = len(EXPECTED)
    assert f"Annex A as at {AS_AT}: {figures} figure(s) for Nov 2025, Dec 2025" in shown
    assert "Team &#x27;Locality 9&#x27;" in shown or "Team 'Locality 9'" in shown
    assert report is None
    rows = sum(len(rows) for _header, rows in LISTS.values())
    assert told[0][:2] == ("0", str(rows)) and told[-1][:2] == (str(rows), str(rows))
    assert not [secret for secret in PRIVATE if secret in shown + str(told)]


def test_a_bad_cell_is_listed_by_sheet_line_and_column(app, tmp_path):
    header, rows = LISTS["List 1"]
    bad = {**LISTS, "List 1": (header, [[*rows[0][:3], "soon", rows[0][4]], *rows[1:]])}
    contents = upload(write_workbook(tmp_path / "bad.xlsx", bad).read_bytes(), XLSX)
    shown, report, _told = run(app, contents, "bad.xlsx", AS_AT)
    assert "Nothing was imported" in shown
    assert report["columns"] == ["Sheet", "Line", "Column", "Reason"]
    assert report["rows"][0][:3] == ["List 1", 2, "Date of Contact"]
    assert not [secret for secret in PRIVATE if secret in shown + str(report)]


def test_the_other_names_of_teams_come_as_a_csv_file(app):
    contents = upload(b"team_slug,alias\nduty-and-assessment,Locality 9\n")
    shown, _report, _told = run(app, contents, "aliases.csv", None)
    assert "the other names of teams replaced: 1 alias(es)" in shown
    contents = upload(b"team_slug,alias\nnowhere,Locality 9\n")
    shown, report, _told = run(app, contents, "aliases.csv", None)
    assert "Nothing was imported" in shown and "not a known team" in str(report)
