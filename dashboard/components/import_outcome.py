"""What the import page shows of an import once it is over: the figures imported, with any
warnings; or why nothing was, with every bad row's line, column and reason (the first SHOWN of
them; the downloaded report has them all).

An outcome is a plain dict (kept as JSON with the import's record, so that someone who left the
page and came back sees it again): {"file", "imported": bool, then "rows", "added", "updated",
"unchanged" and "warnings" (and for one of DfE's files "dfe_file", "measures" and "notes"; for
a statistical-neighbour file "neighbours" and "warnings" alone; for an Annex A workbook
"summary", its first sentence, and "details"), or "reason" and "problems"};
lines are [line, column, reason]. A plan workbook's outcome also has "columns" (its lines start
with the sheet) and, once imported, "details": a sentence for each sheet.
"""

from __future__ import annotations

from pathlib import PurePath

from dash import html

from dashboard.components.data_table import data_table

PROBLEMS_TABLE, WARNINGS_TABLE = "import-problems", "import-warnings"
MEASURES_TABLE = "import-measures"
DFE_COLUMNS = ["Measure", "Rows", "Authorities", "Years"]
SHOWN = 200  # bad rows shown on screen; the downloaded report has them all
REPORT_COLUMNS = ["Line", "Column", "Reason"]


def _imported(outcome: dict) -> html.Div:
    details = outcome.get("details") or []
    if "neighbours" in outcome:  # a statistical-neighbour file: no figures, a set stored
        return html.Div(
            [
                html.H2("✓ Imported", className="h5"),
                html.P(f"{outcome['file']}: {outcome['neighbours']}", className="mb-0"),
            ],
            className="alert alert-success",
            role="status",
        )
    if "summary" in outcome:  # an Annex A workbook, or the other names of teams
        what = f"{outcome['file']}: {outcome['summary']}"
        return html.Div(
            [
                html.H2("✓ Imported", className="h5"),
                html.P(what, className="mb-0"),
                html.Ul([html.Li(line) for line in details], className="mb-0 mt-2"),
            ],
            className="alert alert-success",
            role="status",
        )
    if "measures" in outcome:
        what = (
            f"{outcome['file']}: DfE's {outcome['dfe_file']}, {len(outcome['measures'])} "
            f"measure(s): {outcome['rows']:,} figure(s) checked and imported."
        )
    else:
        what = f"{outcome['file']}: {outcome['rows']:,} row(s) checked and imported."
    return html.Div(
        [
            html.H2("✓ Imported", className="h5"),
            html.P(
                f"{what} {outcome['added']:,} added, {outcome['updated']:,} updated, "
                f"{outcome['unchanged']:,} unchanged.",
                className="mb-0",
            ),
            *(
                [html.Ul([html.Li(line) for line in details], className="mb-0 mt-2")]
                if details
                else []
            ),
        ],
        className="alert alert-success",
        role="status",
    )


def _dfe_measures(outcome: dict) -> list:
    """A DfE file's measures, as `import-dfe` prints them, and what to know of each."""
    table = data_table(
        DFE_COLUMNS,
        outcome["measures"],
        f"The measures imported from {outcome['file']}",
        numbers={"Rows", "Authorities"},
        table_id=MEASURES_TABLE,
    )
    notes = [html.Li(note) for note in outcome["notes"]]
    return [table, html.Ul(notes, className="small")] if notes else [table]


def _lines_table(outcome: dict, lines: list, kind: str, table_id: str):
    """The first SHOWN of a file's problems or warnings: each line, column and reason (and
    sheet, for a plan workbook)."""
    name, columns = outcome["file"], outcome.get("columns") or REPORT_COLUMNS
    shown = lines[:SHOWN]
    caption = (
        f"The first {len(shown)} of {len(lines):,} {kind} in {name}"
        if len(lines) > len(shown)
        else f"The {kind} in {name}"
    )
    where = columns.index("Column")
    rows = [[*line[:where], line[where] or "(whole row)", *line[where + 1 :]] for line in shown]
    return data_table(columns, rows, caption, numbers={"Line"}, table_id=table_id)


def _warnings(outcome: dict) -> list:
    """What was imported but may be wrong: each with its line, column and reason, to check."""
    return [
        html.Div(
            [
                html.H2(f"⚠ {len(outcome['warnings']):,} warning(s)", className="h5"),
                html.P(
                    "These figures were imported all the same, as a real file may have them; "
                    "please check each one, correct the file if it is wrong and import it again.",
                    className="mb-0",
                ),
            ],
            className="alert alert-warning",
            role="status",
        ),
        _lines_table(outcome, outcome["warnings"], "warnings", WARNINGS_TABLE),
    ]


def refused(reason: str) -> html.Div:
    return html.Div(
        [html.H2("✗ Nothing was imported", className="h5"), html.P(reason, className="mb-0")],
        className="alert alert-danger",
        role="alert",
    )


def shown(outcome: dict) -> list:
    """The components that say how the import ended."""
    if not outcome["imported"]:
        problems = outcome.get("problems") or []
        if not problems:
            return [refused(outcome["reason"])]
        return [
            refused(f"{outcome['file']}: {outcome['reason']}"),
            _lines_table(outcome, problems, "problems", PROBLEMS_TABLE),
        ]
    imported = [_imported(outcome)]
    if "measures" in outcome:
        imported += _dfe_measures(outcome)
    if not outcome["warnings"]:
        return imported
    return [*imported, *_warnings(outcome)]


def report_file(outcome: dict) -> dict | None:
    """The full report to download (dashboard/pages/import_data.py's ProblemsFile), if the
    import was refused for its rows or has warnings."""
    stem = PurePath(outcome["file"]).stem
    columns = {"columns": outcome["columns"]} if outcome.get("columns") else {}
    if outcome["imported"] and outcome["warnings"]:
        return {"filename": f"warnings-in-{stem}.csv", "rows": outcome["warnings"], **columns}
    if not outcome["imported"] and outcome.get("problems"):
        return {"filename": f"problems-in-{stem}.csv", "rows": outcome["problems"], **columns}
    return None
