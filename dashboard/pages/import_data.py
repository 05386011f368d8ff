"""The analyst's import page: upload a file in the project's template (CSV or XLSX), one of
DfE's files that the DfE catalogue knows by its columns, or the council's plan workbook (SPEC
section 12); it is checked and loaded in one transaction, or refused with every bad row's line,
column and reason (SPEC sections 5, 7 and 12). The same importers as `python -m data_access
import FILE`, `import-dfe DIR` and `import-plan FILE.xlsx`.

The file is checked and loaded by a background callback (dashboard/background.py), never in a
web worker's request, with a progress bar of the rows checked of the rows in the file, and a
button that stops it (nothing is imported then). Each person's latest import is recorded
(data_access/background_work.py), so that someone who leaves the page and comes back sees it
still running, followed once a second, or how it ended.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NotRequired, TypedDict

import dash
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import configured, database, uploads
from dashboard.auth import IMPORT
from dashboard.components.annex_a_help import annex_a_help
from dashboard.components.import_outcome import REPORT_COLUMNS, refused, report_file, shown
from dashboard.components.plan_workbook_help import plan_workbook_help
from dashboard.components.progress import (
    progress_area,
    progress_ids,
    progress_outputs,
    progress_values,
    rows_words,
)
from dashboard.exports import MEDIA_TYPES, to_csv
from dashboard.shell import reads_database
from data_access import background_work
from data_access.importers.dfe_catalogue import read_catalogue
from data_access.importers.template import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
)

dash.register_page(
    __name__, path="/admin/import", right=IMPORT, title="Import figures", name="Import figures"
)
log = logging.getLogger(__name__)

UPLOAD, PROGRESS, RESULT = "import-upload", "import-progress", "import-result"
STOP, FOLLOW = "import-stop", "import-follow"
AS_AT, MONTHS = "import-annex-a-as-at", "import-annex-a-months"
REPORT, REPORT_AREA, REPORT_BUTTON, REPORT_FILE = (
    "import-report",
    "import-report-area",
    "import-report-button",
    "import-report-file",
)
BARS = progress_ids(PROGRESS)


class ProblemsFile(TypedDict):
    """The problems of a refused import, kept in the page to download as a CSV."""

    filename: str
    rows: list[list[int | str | None]]
    columns: NotRequired[list[str]]  # a plan's, whose lines name the sheet first


COLUMN_MEANINGS = {
    "indicator_ref": "the measure's reference, as on the scorecard (8, 9b, K1 ...)",
    "area_code": "the area's ONS code: {home} for {name}, E92000001 for England",
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
    authority = configured.authority()
    items = []
    for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
        meaning = COLUMN_MEANINGS[column].format(home=authority.code, name=authority.name)
        items += [html.Dt(html.Code(column)), html.Dd(meaning)]
    return html.Dl(items, className="import-columns")


def _dfe_files() -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Code(known.name),
                    ": measures " + ", ".join(measure.indicator_ref for measure in known.measures),
                ]
            )
            for known in read_catalogue()
        ],
        className="small",
    )


def _seen(work: background_work.Work | None) -> tuple[list, dict | None, tuple[int, int] | None]:
    """What the page shows of an import, as its record says: the outcome, the report to
    download, and the rows checked of the rows in the file while it is still running."""
    if work is None:
        return [], None, None
    running = uploads.progress_of(work)
    if running is not None:
        return [], None, running
    if work.status == background_work.DONE:
        outcome = work.result["outcome"]
        return shown(outcome), report_file(outcome), None
    reason = work.result.get("reason") or (
        "The import stopped before it finished, so nothing from the file was imported. "
        "Please upload it again."
    )
    return [refused(reason)], None, None


@reads_database
def layout(**_query) -> html.Div:
    outcome, report, running = _seen(uploads.latest())
    done, total = running or (0, 0)
    return html.Div(
        [
            html.H1("Import figures and plans"),
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
            html.P(
                [
                    "Or upload one of DfE's own statistics files (a CSV from Explore "
                    "Education Statistics, as DfE publishes it): it is recognised by its "
                    "columns and each measure the DfE catalogue (",
                    html.Code("sample_data/dfe_catalogue.csv"),
                    ") gives it is loaded, for every authority, region and England, all "
                    "together or none. A figure a council document published is kept, and "
                    "the import lists where DfE's differs.",
                ]
            ),
            html.Details(
                [html.Summary("The DfE files the catalogue knows"), _dfe_files()],
                className="mb-3",
            ),
            html.H2("The template's columns", className="h4 mt-4"),
            html.P("The first line names the columns, in any order:"),
            _columns(),
            plan_workbook_help(),
            annex_a_help(AS_AT, MONTHS),
            html.H2("Upload a file", className="h4 mt-4", id="import-upload-heading"),
            html.P(
                f"Files up to {uploads.MAX_BYTES // 1_000_000} MB. For larger files, use the "
                "command line: python -m data_access import FILE (figures) or import-plan "
                "FILE.xlsx (a plan).",
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
            progress_area(
                PROGRESS,
                "Checking and loading the file",
                done,
                total,
                rows_words(done, total) if running else "",
            ),
            html.Button(
                "Stop the import",
                id=STOP,
                type="button",
                className="btn btn-outline-danger btn-sm",
                hidden=True,
            ),
            html.Div(outcome, id=RESULT, className="mt-3", **{"aria-live": "polite"}),
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
                hidden=report is None,
                className="mb-4",
            ),
            dcc.Interval(id=FOLLOW, interval=1000, disabled=running is None),
            dcc.Store(id=REPORT, data=report),
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


@callback(
    Output(RESULT, "children"),
    Output(REPORT, "data"),
    Output(REPORT_AREA, "hidden"),
    Output(UPLOAD, "contents"),  # emptied, so that choosing the same file again is a new upload
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    State(AS_AT, "value"),
    State(MONTHS, "value"),
    prevent_initial_call=True,
    background=True,
    progress=progress_outputs(PROGRESS),
    running=[
        (Output(BARS["area"], "hidden"), False, True),
        (Output(UPLOAD, "disabled"), True, False),
        (Output(STOP, "hidden"), False, True),
        (Output(FOLLOW, "disabled"), True, True),
    ],
    cancel=[Input(STOP, "n_clicks")],
    interval=500,
)
def import_upload(
    set_progress: Callable,
    contents: str | None,
    filename: str | None,
    as_at: str | None = None,
    months: int | None = None,
):
    """Run in the background: check and load the file (figures, a plan workbook, or Annex A as
    at `as_at` for `months` months), telling the page and the import's record how many rows
    are checked."""
    if not contents or not filename:
        raise PreventUpdate
    outcome = uploads.run(contents, filename, set_progress, as_at, months or 0)
    report = report_file(outcome)
    return shown(outcome), report, report is None, None


@callback(
    Output(RESULT, "children", allow_duplicate=True),
    Input(STOP, "n_clicks"),
    prevent_initial_call=True,
)
def stop_import(_clicks: int | None):
    """Dash ends the import's process; say so, and record it, unless it had ended."""
    with database.session() as db:
        stopped = background_work.stop(db, uploads.import_key(), uploads.STOPPED)
    return [refused(uploads.STOPPED)] if stopped else dash.no_update


@callback(
    Output(RESULT, "children", allow_duplicate=True),
    Output(REPORT, "data", allow_duplicate=True),
    Output(REPORT_AREA, "hidden", allow_duplicate=True),
    *progress_outputs(PROGRESS),
    Output(BARS["area"], "hidden", allow_duplicate=True),
    Output(FOLLOW, "disabled", allow_duplicate=True),
    Input(FOLLOW, "n_intervals"),
    prevent_initial_call=True,
)
def follow_import(_ticks: int | None):
    """The asker's import as its record says, once a second while it runs (after they left
    the page and came back)."""
    outcome, report, running = _seen(uploads.latest())
    done, total = running or (0, 0)
    return (
        outcome,
        report,
        report is None,
        *progress_values(done, total, rows_words(done, total)),
        running is None,
        running is None,
    )


@callback(
    Output(REPORT_FILE, "data"),
    Input(REPORT_BUTTON, "n_clicks"),
    State(REPORT, "data"),
    prevent_initial_call=True,
)
def download_report(_clicks: int | None, report: ProblemsFile | None):
    if not report:
        raise PreventUpdate
    rows = to_csv(report.get("columns") or REPORT_COLUMNS, report["rows"])
    return dcc.send_bytes(rows, report["filename"], type=MEDIA_TYPES["csv"])
