"""The import page's callbacks, called with base64 uploads as the browser sends them."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dashboard import uploads
from data_access.importers.template import REQUIRED_COLUMNS
from data_access.models import Observation
from data_access.seed import seed_reference_data
from tests.conftest import as_role, make_app

HEADER = ",".join(REQUIRED_COLUMNS)
GOOD = [
    "8,E08000008,,2023-04-30,81.0,81,100,,illustrative,test",
    "9b,E08000008,,2023-04-30,650,,,,illustrative,test",
]
BAD = [
    GOOD[0],
    "nope,E08000008,,2023-04-30,5,,,,illustrative,",
    "8,E08000008,,2023-05-31,101,,,,illustrative,",
]


@pytest.fixture
def app(empty_url, empty_engine):
    """An app of its own on a database with the measures, areas and teams but no figures."""
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return make_app(empty_url)


def upload(data: bytes, kind: str = "text/csv") -> str:
    return f"data:{kind};base64," + base64.b64encode(data).decode()


def csv_upload(lines: list[str]) -> str:
    return upload(("\n".join([HEADER, *lines]) + "\n").encode())


def figures(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Observation))


def run(app, contents: str, filename: str, told: list | None = None):
    """The upload's callback, as its background job runs it, for an analyst."""
    from dashboard.pages import import_data

    told = [] if told is None else told
    with as_role(app.server, "/admin/import", "analyst"):
        shown, report, report_hidden, emptied = import_data.import_upload(
            told.append, contents, filename
        )
    assert emptied is None  # so that the same file can be chosen again
    return str(shown), report, report_hidden


def test_the_page_has_an_upload_button_and_says_who_will_use_it(app):
    from dashboard.pages import import_data

    with as_role(app.server, "/admin/import"):
        page = str(import_data.layout())
    assert page.count("H1(") == 1 and "Import figures" in page
    assert "Button(children='Choose a CSV or XLSX file'" in page
    assert "Once sign-in exists, only analysts will be able to use this page." in page
    assert all(f"Code('{column}')" in page for column in REQUIRED_COLUMNS)


def test_a_good_file_is_imported_and_the_counts_shown(app, empty_engine):
    shown, report, report_hidden = run(app, csv_upload(GOOD), "figures.csv")
    assert "figures.csv: 2 row(s) checked and imported. 2 added, 0 updated, 0 unchanged." in shown
    assert "alert-success" in shown and report is None and report_hidden
    assert figures(empty_engine) == 2

    shown, _, _ = run(app, csv_upload(GOOD), "figures.csv")
    assert "0 added, 0 updated, 2 unchanged." in shown
    assert figures(empty_engine) == 2


def test_a_bad_file_changes_nothing_and_lists_every_problem(app, empty_engine):
    from dashboard.pages import import_data

    shown, report, report_hidden = run(app, csv_upload(BAD), "mistakes.csv")
    assert "Nothing was imported" in shown and "mistakes.csv: 2 problem(s) found." in shown
    assert "Caption('The problems in mistakes.csv')" in shown
    assert "'nope' is not a known indicator" in shown and "101 is a percentage above 100" in shown
    assert "id='import-problems'" in shown
    assert figures(empty_engine) == 0
    assert not report_hidden
    assert report["rows"] == [
        [3, "indicator_ref", "'nope' is not a known indicator"],
        [4, "value", "101 is a percentage above 100"],
    ]

    download = import_data.download_report(1, report)
    assert download["filename"] == "problems-in-mistakes.csv"
    text = base64.b64decode(download["content"]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[:2] == [
        ["Line", "Column", "Reason"],
        ["3", "indicator_ref", "'nope' is not a known indicator"],
    ]


def test_warnings_are_shown_beside_the_import_and_can_be_downloaded(app, empty_engine):
    from dashboard.pages import import_data

    team = "9b,E08000008,cared-for-children,2023-04-30,700,,,,illustrative,test"
    shown, report, report_hidden = run(app, csv_upload([*GOOD, team]), "teams.csv")
    assert "3 row(s) checked and imported. 3 added" in shown and "alert-success" in shown
    assert "1 warning(s)" in shown and "imported all the same" in shown
    assert "id='import-warnings'" in shown
    assert "the team's 700 is above the whole authority's 650" in shown
    assert figures(empty_engine) == 3
    assert not report_hidden
    [[line, column, reason]] = report["rows"]
    assert (line, column) == (4, "value") and "above the whole authority's" in reason
    assert import_data.download_report(1, report)["filename"] == "warnings-in-teams.csv"


def test_only_the_first_200_problems_are_shown_and_the_report_has_them_all(app):
    lines = [f"8,E99999999,,2023-03-31,{n % 100},,,,illustrative," for n in range(250)]
    shown, report, _ = run(app, csv_upload(lines), "many.csv")
    assert "The first 200 of 250 problems in many.csv" in shown
    assert shown.count("'E99999999' is not a known area") == 200
    assert len(report["rows"]) == 250


def test_an_xlsx_upload(app, empty_engine):
    workbook = Workbook()
    workbook.active.append(list(REQUIRED_COLUMNS))
    workbook.active.append(["9b", "E08000008", None, "2023-04-30", 650, None, None, None,
                            "illustrative", "test"])  # fmt: skip
    data = io.BytesIO()
    workbook.save(data)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    shown, _, _ = run(app, upload(data.getvalue(), kind), "figures.xlsx")
    assert "1 added" in shown
    assert figures(empty_engine) == 1


def test_a_file_not_utf8_or_of_another_kind_or_too_large_is_refused(app, monkeypatch):

    latin = (HEADER + "\n" + GOOD[0] + ",caf\xe9\n").encode("latin-1")
    shown, _, _ = run(app, upload(latin), "latin.csv")
    assert "not UTF-8" in shown and "Nothing was imported" in shown

    shown, report, _ = run(app, upload(b"hello"), "notes.txt")
    assert "notes.txt is not a CSV or XLSX file." in shown and report is None

    monkeypatch.setattr(uploads, "MAX_BYTES", 10)
    shown, _, _ = run(app, csv_upload(GOOD), "figures.csv")
    assert "is larger than" in shown and "python -m data_access import FILE" in shown


def test_a_database_failure_says_nothing_was_kept(app, empty_engine, monkeypatch):

    def broken(*_args, **_kwargs):
        raise OperationalError("INSERT", None, Exception("disk full"))

    monkeypatch.setattr(uploads, "import_uploaded_file", broken)
    shown, report, _ = run(app, csv_upload(GOOD), "figures.csv")
    assert "none of them were kept" in shown and report is None
    assert figures(empty_engine) == 0


def test_the_progress_bar_counts_the_rows_checked_of_the_rows_in_the_file(app):
    from tests.test_background import ROWS

    told: list = []
    shown, _, _ = run(app, csv_upload(ROWS), "months.csv", told)
    rows = f"{len(ROWS):,}"
    assert f"months.csv: {rows} row(s) checked and imported." in shown
    assert told[0] == ("0", str(len(ROWS)), f"0 of {rows} rows checked.")
    assert told[-1] == (
        str(len(ROWS)),
        str(len(ROWS)),
        f"All {rows} rows checked; saving the figures.",
    )
    checked = [int(done) for done, _rows, _words in told]
    assert checked == sorted(checked) and all(n % 500 == 0 for n in checked[:-1])
