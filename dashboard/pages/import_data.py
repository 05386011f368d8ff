"""The analyst's import page: upload a file in the project's template (CSV or XLSX); it is
checked and loaded in one transaction, or refused with every bad row's line, column and reason
(SPEC sections 5 and 7). The same importer as `python -m data_access import FILE`.

The file is checked inside the upload's callback, while a progress bar shows that it is being
worked on: a background-callback manager would add a process and a dependency for files that
the page limits to MAX_BYTES (larger files go through the command line, which counts its rows
as it checks them).
"""

from __future__ import annotations

import base64
import binascii
import logging
from pathlib import PurePath
from typing import TypedDict

import dash
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate
from sqlalchemy.exc import SQLAlchemyError

from dashboard import database
from dashboard.auth import IMPORT
from dashboard.components.data_table import data_table
from dashboard.database_faults import BUSY, fault, words
from dashboard.exports import MEDIA_TYPES, to_csv
from data_access.importers.errors import ImportRejected
from data_access.importers.template import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ImportReport,
    import_template_file,
)

dash.register_page(
    __name__, path="/admin/import", right=IMPORT, title="Import figures", name="Import figures"
)
log = logging.getLogger(__name__)

UPLOAD, PROGRESS, RESULT = "import-upload", "import-progress", "import-result"
REPORT, REPORT_AREA, REPORT_BUTTON, REPORT_FILE = (
    "import-report",
    "import-report-area",
    "import-report-button",
    "import-report-file",
)
PROBLEMS_TABLE, WARNINGS_TABLE = "import-problems", "import-warnings"
SHOWN = 200  # bad rows shown on screen; the downloaded report has them all
MAX_BYTES = 20_000_000
SUFFIXES = (".csv", ".xlsx")
REPORT_COLUMNS = ["Line", "Column", "Reason"]


class ProblemsFile(TypedDict):
    """The problems of a refused import, kept in the page to download as a CSV."""

    filename: str
    rows: list[list[int | str | None]]


COLUMN_MEANINGS = {
    "indicator_ref": "the measure's reference, as on the scorecard (8, 9b, K1 ...)",
    "area_code": "the area's ONS code: E08000008 for Tameside, E92000001 for England",
    "team_slug": "the team, or empty for the whole area; a team's figures are for the authority "
    "it belongs to, on a measure that has team figures",
    "period_end": "the last day of the period, as YYYY-MM-DD: a month's last day for a monthly "
    "or quarterly measure; not in the future, nor before 2000",
    "value": "the figure, written plainly (1234.5: no thousands separators); empty when a "
    "symbol says why there is none, or when the numerator and denominator give it",
    "numerator": "optional: the count above the line of a percentage or rate, a whole number",
    "denominator": "optional: the count below the line, a whole number",
    "symbol": "empty, or one of c (suppressed), x (not available), z (not applicable), low, "
    "k, u or :; with a symbol, value, numerator and denominator are empty",
    "provenance": "published or illustrative",
    "source": "where the figure comes from; a published figure must name it",
    "period_label": "optional: the period's name (May 2020), which must agree with the date; "
    "made from the date if empty. For a figure as at one day, name the day (7 Jun 2023)",
}


def _columns() -> html.Dl:
    items = []
    for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
        items += [html.Dt(html.Code(column)), html.Dd(COLUMN_MEANINGS[column])]
    return html.Dl(items, className="import-columns")


def _progress_bar() -> html.Div:
    """Shown only while the callback works: the page cannot tell how far it has got."""
    return html.Div(
        [
            html.P("Checking and loading the file…", className="mb-1", id=f"{PROGRESS}-label"),
            html.Div(
                html.Div(
                    className="progress-bar progress-bar-striped progress-bar-animated",
                    style={"width": "100%"},
                ),
                className="progress",
                role="progressbar",
                **{"aria-labelledby": f"{PROGRESS}-label", "aria-valuetext": "Working"},
            ),
        ],
        id=PROGRESS,
        hidden=True,
        className="my-3",
    )


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1("Import figures"),
            html.P(
                "Once sign-in exists, only analysts will be able to use this page.",
                className="alert alert-info",
            ),
            html.P(
                "Upload figures in the dashboard's own template: a CSV file (UTF-8), or an "
                "Excel workbook (XLSX) with the same columns in its first sheet. Every row is "
                "checked first. If any row is wrong, nothing is imported and every problem is "
                "listed with its line and column; if all are right, they are all imported "
                "together. Importing the same file again changes nothing."
            ),
            html.H2("The template's columns", className="h4 mt-4"),
            html.P("The first line names the columns, in any order:"),
            _columns(),
            html.H2("Upload a file", className="h4 mt-4", id="import-upload-heading"),
            html.P(
                f"Files up to {MAX_BYTES // 1_000_000} MB. For larger files, use the command "
                "line: python -m data_access import FILE.",
                className="small",
                id="import-upload-hint",
            ),
            dcc.Upload(
                html.Div(
                    [
                        html.Button(
                            "Choose a CSV or XLSX file",
                            type="button",
                            className="btn btn-primary",
                            **{"aria-describedby": "import-upload-hint"},
                        ),
                        html.Span(" or drop it here.", className="ms-2"),
                    ]
                ),
                id=UPLOAD,
                className="border border-2 rounded p-4 text-center bg-light",
                style={"borderStyle": "dashed"},
            ),
            _progress_bar(),
            html.Div(id=RESULT, className="mt-3", **{"aria-live": "polite"}),
            html.Div(
                [
                    html.Button(
                        "Download the full report (CSV)",
                        id=REPORT_BUTTON,
                        type="button",
                        className="btn btn-outline-primary btn-sm",
                    ),
                    dcc.Download(id=REPORT_FILE),
                ],
                id=REPORT_AREA,
                hidden=True,
                className="mb-4",
            ),
            dcc.Store(id=REPORT),
            dcc.Store(id=f"{UPLOAD}-labelled"),
        ]
    )


# dcc.Upload's file input is invisible but can take the keyboard's focus, and has no label:
# name it, and leave the visible button as the one way in from the keyboard (its click opens
# the file dialog). The input is drawn after the page, so wait for it.
dash.clientside_callback(
    """
    function (id) {
        const label = () => {
            const input = document.querySelector(`#${id} input[type=file]`);
            if (!input) { return false; }
            input.setAttribute("aria-label", "Choose a CSV or XLSX file");
            input.tabIndex = -1;
            return true;
        };
        if (!label()) {
            const watch = new MutationObserver(() => { if (label()) { watch.disconnect(); } });
            watch.observe(document.body, {childList: true, subtree: true});
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output(f"{UPLOAD}-labelled", "data"),
    Input(UPLOAD, "id"),
)


def _imported(name: str, report: ImportReport) -> html.Div:
    return html.Div(
        [
            html.H2("✓ Imported", className="h5"),
            html.P(
                f"{name}: {report.rows:,} row(s) checked and imported. {report.added:,} added, "
                f"{report.updated:,} updated, {report.unchanged:,} unchanged.",
                className="mb-0",
            ),
        ],
        className="alert alert-success",
        role="status",
    )


def _lines_table(name: str, lines: list, kind: str, table_id: str):
    """The first SHOWN of a file's problems or warnings: each line, column and reason."""
    shown = lines[:SHOWN]
    caption = (
        f"The first {len(shown)} of {len(lines):,} {kind} in {name}"
        if len(lines) > len(shown)
        else f"The {kind} in {name}"
    )
    rows = [[line.line, line.column or "(whole row)", line.reason] for line in shown]
    return data_table(REPORT_COLUMNS, rows, caption, numbers={"Line"}, table_id=table_id)


def _warnings(name: str, report: ImportReport) -> list:
    """What was imported but may be wrong: each with its line, column and reason, to check."""
    return [
        html.Div(
            [
                html.H2(f"⚠ {len(report.warnings):,} warning(s)", className="h5"),
                html.P(
                    "These figures were imported all the same, as a real file may have them; "
                    "please check each one, correct the file if it is wrong and import it again.",
                    className="mb-0",
                ),
            ],
            className="alert alert-warning",
            role="status",
        ),
        _lines_table(name, report.warnings, "warnings", WARNINGS_TABLE),
    ]


def _refused(reason: str) -> html.Div:
    return html.Div(
        [html.H2("✗ Nothing was imported", className="h5"), html.P(reason, className="mb-0")],
        className="alert alert-danger",
        role="alert",
    )


def _problems(name: str, rejected: ImportRejected) -> list:
    return [
        _refused(f"{name}: {rejected.summary().removeprefix('Nothing was imported: ')}"),
        _lines_table(name, rejected.errors, "problems", PROBLEMS_TABLE),
    ]


def check_and_load(contents: str, name: str) -> tuple[list, dict | None]:
    """What the page shows for an uploaded file, and the full report to download if it was
    refused or has warnings."""
    if PurePath(name).suffix.lower() not in SUFFIXES:
        return [_refused(f"{name} is not a CSV or XLSX file.")], None
    try:
        data = base64.b64decode(contents.partition(",")[2], validate=True)
    except (binascii.Error, ValueError):
        return [_refused(f"{name} could not be read from the upload.")], None
    if len(data) > MAX_BYTES:
        too_big = (
            f"{name} is larger than {MAX_BYTES // 1_000_000} MB: import it with the command "
            "line, python -m data_access import FILE."
        )
        return [_refused(too_big)], None
    try:
        report = import_template_file(database.engine(), name, data)
    except ImportRejected as rejected:
        rows = [[error.line, error.column, error.reason] for error in rejected.errors]
        stem = PurePath(name).stem
        return _problems(name, rejected), {"filename": f"problems-in-{stem}.csv", "rows": rows}
    except SQLAlchemyError as error:
        log.exception("Import of %s failed in the database.", name)
        failed = (
            words(BUSY)  # another import is being written: only a moment's wait
            if fault(error) == BUSY
            else "The database could not store the figures, so none of them were kept. Please "
            "try again; if it goes on, tell the performance team."
        )
        return [_refused(failed)], None
    if not report.warnings:
        return [_imported(name, report)], None
    rows = [[warning.line, warning.column, warning.reason] for warning in report.warnings]
    stem = PurePath(name).stem
    download = {"filename": f"warnings-in-{stem}.csv", "rows": rows}
    return [_imported(name, report), *_warnings(name, report)], download


@callback(
    Output(RESULT, "children"),
    Output(REPORT, "data"),
    Output(REPORT_AREA, "hidden"),
    Output(UPLOAD, "contents"),  # emptied, so that choosing the same file again is a new upload
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    prevent_initial_call=True,
    running=[(Output(PROGRESS, "hidden"), False, True), (Output(UPLOAD, "disabled"), True, False)],
)
def import_upload(contents: str | None, filename: str | None):
    if not contents or not filename:
        raise PreventUpdate
    shown, report = check_and_load(contents, filename)
    return shown, report, report is None, None


@callback(
    Output(REPORT_FILE, "data"),
    Input(REPORT_BUTTON, "n_clicks"),
    State(REPORT, "data"),
    prevent_initial_call=True,
)
def download_report(_clicks: int | None, report: ProblemsFile | None):
    if not report:
        raise PreventUpdate
    rows = to_csv(REPORT_COLUMNS, report["rows"])
    return dcc.send_bytes(rows, report["filename"], type=MEDIA_TYPES["csv"])
