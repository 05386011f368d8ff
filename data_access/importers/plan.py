"""`python -m data_access import-plan FILE.xlsx` and the import page's plan workbook: a council's
own plan read from its sheets (data_access/importers/plan_sheets.py), checked whole
(plan_checks.py) and written in one transaction (plan_writing.py), or refused with every problem
by sheet, line, column and reason, and nothing written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.plan_checks import Known, PlanRows, SheetRow, check_plan
from data_access.importers.plan_sheets import ACTIONS, PLANS, SHEETS
from data_access.importers.plan_writing import PlanReport, write_plan
from data_access.importers.reading import XLSX_SUFFIXES, read_sheets
from data_access.importers.table_shape import check_header, fitted
from data_access.spreadsheet_text import restored

MAX_SHEET_ROWS = 20_000  # a plan has hundreds of actions and links, not tens of thousands
COMMAND_LINE = "command line"  # who imported a plan, in the change history, from a terminal


def is_plan_workbook(sheets: list[str]) -> bool:
    """Whether a workbook with these sheets is meant as a plan: it has a sheet called plans or
    actions (a workbook of figures has them in its first sheet, whatever it is called)."""
    return any(name.strip().lower() in (PLANS, ACTIONS) for name in sheets)


def _on_sheet(errors: list[RowError], sheet: str) -> list[RowError]:
    return [dataclasses.replace(error, sheet=sheet) for error in errors]


def read_plan_workbook(path: str | Path) -> PlanRows:
    """The rows of each sheet of a plan workbook, trimmed, with a cell the dashboard
    neutralised against formulas (dashboard/exports.py) given back as it was; or
    ImportRejected naming each missing sheet, bad header or row with too many cells."""
    if Path(path).suffix.lower() not in XLSX_SUFFIXES:
        reason = "a plan is imported from an Excel workbook (.xlsx) with a sheet for each part"
        raise ImportRejected([RowError(1, "", reason)])
    found = read_sheets(path, SHEETS, MAX_SHEET_ROWS)
    errors: list[RowError] = []
    rows: PlanRows = {}
    for name, sheet in SHEETS.items():
        if name not in found:
            reason = f"the workbook has no sheet called {name} (it needs {', '.join(SHEETS)})"
            errors.append(RowError(1, "", reason, name))
            continue
        header, cells_by_line = found[name]
        problems = check_header(header, sheet.required, sheet.optional, f"the {name} sheet")
        if problems:
            errors += _on_sheet(problems, name)
            continue
        rows[name] = []
        for line, cells in cells_by_line:
            cells = fitted(line, cells, len(header))
            if isinstance(cells, RowError):
                errors += _on_sheet([cells], name)
                continue
            values = dict.fromkeys(sheet.columns, "")
            values |= {column: restored(cell.strip()) for column, cell in zip(header, cells)}
            rows[name].append(SheetRow(name, line, values))
    if not errors and not any(rows.values()):
        errors.append(RowError(2, "", "the sheets have headers but no rows"))
    if errors:
        raise ImportRejected(errors)
    return rows


def import_plan(
    engine: Engine,
    path: str | Path,
    by: str = COMMAND_LINE,
    progress: Callable[[int, int], None] | None = None,
) -> PlanReport:
    """Import a plan workbook in a single transaction: all of it or nothing. `by` is who, for
    the change history; `progress`, if given, is told the rows checked of the rows there are,
    as the rows are read and once they are written."""
    rows = read_plan_workbook(path)
    count = sum(len(sheet_rows) for sheet_rows in rows.values())
    if progress:
        progress(0, count)
    with Session(engine) as session, session.begin():
        checked = check_plan(rows, Known.load(session))
        report = write_plan(session, checked, by)
    if progress:
        progress(count, count)
    return report
