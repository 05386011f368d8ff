"""Reading an Annex A workbook into plain rows, in memory only: one sheet per list, the columns
the measures need found by their headers (columns.py), each cell read and checked. A problem is
named by list, line and column, never by what the cell holds: a child's details reach no
message."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from data_access.annex_a.columns import (
    ACTIVITY,
    CHILD,
    COUNT,
    DATE,
    IN_TOUCH,
    LIST_COLUMNS,
    SUITABLE,
    TEAM,
    WORKER,
    Column,
    list_number,
    matches,
)
from data_access.importers.errors import ImportRejected, RowError

Row = dict[str, object]
MAX_ROWS = 500_000  # rows in one list: far more than any council's six months
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
_CODE_PREFIX = re.compile(r"^[a-z]{1,2}\)\s*", re.IGNORECASE)  # `a) Suitable`
_EXCEL_EPOCH = date(1899, 12, 30)
NO_TEAM = frozenset({"", "#n/a", "n/a", "na", "none", "unallocated", "not allocated"})


class BadCell(ValueError):
    """Why a cell cannot be read, in words that do not repeat it."""


@dataclass
class AnnexA:
    """The lists a workbook has (by number), each as rows of the columns found; the columns
    not found, by list; and how many rows each list has."""

    rows: dict[int, list[Row]] = field(default_factory=dict)
    missing: dict[int, list[Column]] = field(default_factory=dict)

    def has(self, number: int, keys: tuple[str, ...]) -> str | None:
        """None if list `number` has every column in `keys`; else what is missing."""
        if number not in self.rows:
            return f"the workbook has no List {number}"
        lost = [column.name for column in self.missing.get(number, ()) if column.key in keys]
        if lost:
            return f"List {number} has no column " + ", ".join(f"'{name}'" for name in lost)
        return None


def code_text(value: object) -> str:
    """A code's words without Annex A's letter before them: `a) Suitable` is `suitable`."""
    return _CODE_PREFIX.sub("", str(value).replace("\xa0", " ").strip()).strip().lower()


def read_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # an Excel serial day number not formatted as a date
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise BadCell("is a number that is not a date")
    text = str(value).strip()
    try:
        if found := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
        if found := _ISO.fullmatch(text):
            year, month, day = (int(part) for part in found.groups())
            return date(year, month, day)
    except ValueError:
        raise BadCell("is not a real date (DD/MM/YYYY)") from None
    raise BadCell("is not a date: give an Excel date or DD/MM/YYYY")


def read_count(value: object) -> int:
    if isinstance(value, bool):
        raise BadCell("is not a whole number")
    try:
        number = float(str(value).strip()) if not isinstance(value, int | float) else value
    except ValueError:
        raise BadCell("is not a whole number") from None
    if number != number or number < 0 or not float(number).is_integer():
        raise BadCell("is not a whole number of 0 or more")
    return int(number)


def read_in_touch(value: object) -> bool:
    text = code_text(value)
    if text in {"yes", "y"}:
        return True
    if text in {"no", "n", "refu", "refused", "nreq", "not required", "died"}:
        return False
    raise BadCell("is not Yes or No (or REFU, NREQ, DIED)")


def read_suitable(value: object) -> bool:
    text = code_text(value)
    if text in {"suitable", "1", "yes", "y"}:
        return True
    if text in {"unsuitable", "not suitable", "2", "no", "n"}:
        return False
    raise BadCell("is not Suitable or Unsuitable")


def read_activity(value: object) -> str:
    """`eet`, `neet` or `unknown`, from an SSDA903 activity code (`F1: Full time in higher
    education`, `G5: ...`, `0`) or its words."""
    text = code_text(value)
    code = text.partition(":")[0].strip().upper()
    if re.fullmatch(r"[FP]\d", code):
        return "eet"
    if re.fullmatch(r"G\d", code):
        return "neet"
    if code == "0" or "not known" in text or text == "unknown":
        return "unknown"
    if "not in education" in text or text == "neet":
        return "neet"
    if any(word in text for word in ("education", "employment", "training")):
        return "eet"
    raise BadCell("is not an activity code (F1, P2, G4, 0 ...)")


def read_name(value: object) -> str | None:
    """A team's or a worker's name, or None for no one (`#N/A`, blank)."""
    text = " ".join(str(value).replace("\xa0", " ").split())
    return None if text.lower() in NO_TEAM else text


def read_child(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


READERS: dict[str, Callable[[object], object]] = {
    DATE: read_date,
    COUNT: read_count,
    IN_TOUCH: read_in_touch,
    SUITABLE: read_suitable,
    ACTIVITY: read_activity,
    TEAM: read_name,
    WORKER: read_name,
    CHILD: read_child,
}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _found(header: list[str], columns: tuple[Column, ...]) -> dict[str, int]:
    """Each column's place in the header (the first header that is it)."""
    places: dict[str, int] = {}
    for column in columns:
        for place, text in enumerate(header):
            if text and matches(column, text):
                places[column.key] = place
                break
    return places


Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500  # rows read between two reports of progress


def _read_rows(
    sheet, number: int, annex: AnnexA, errors: list[RowError], told: Callable[[], None]
) -> None:
    values = sheet.iter_rows(values_only=True)
    first = next(values, None) or ()
    header = ["" if cell is None else str(cell) for cell in first]
    columns = LIST_COLUMNS.get(number, ())
    places = _found(header, columns)
    annex.missing[number] = [column for column in columns if column.key not in places]
    rows: list[Row] = []
    sheet_name = f"List {number}"
    for line, cells in enumerate(values, start=2):
        told()
        if not any(not _blank(cell) for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            reason = f"the list has more than {MAX_ROWS:,} rows"
            raise ImportRejected([RowError(line, "", reason, sheet_name)])
        row: Row = {}
        for column in columns:
            place = places.get(column.key)
            if place is None:
                continue
            value = cells[place] if place < len(cells) else None
            if _blank(value):
                row[column.key] = None
                if not column.may_be_blank:
                    errors.append(RowError(line, column.name, "is empty", sheet_name))
                continue
            try:
                row[column.key] = READERS.get(column.kind, str)(value)
            except BadCell as bad:
                errors.append(RowError(line, column.name, str(bad), sheet_name))
        rows.append(row)
    annex.rows[number] = rows


def read_annex_a(
    path: str | Path | BinaryIO, progress: Progress | None = None, max_errors: int = 1_000
) -> AnnexA:
    """The lists of the workbook at `path` (or in a stream of its bytes), or ImportRejected
    naming every cell that cannot be read (list, line, column) or a list given twice.
    `progress`, if given, is told the rows read of the rows in the lists, every PROGRESS_EVERY
    rows and at the end."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        reason = f"the file is not a readable XLSX workbook ({type(error).__name__})"
        raise ImportRejected([RowError(1, "", reason)]) from None
    annex = AnnexA()
    errors: list[RowError] = []
    read = 0

    def told() -> None:
        nonlocal read
        read += 1
        if progress and read % PROGRESS_EVERY == 0:
            progress(min(read, total), total)

    try:
        sheets = [(list_number(sheet.title), sheet) for sheet in workbook.worksheets]
        sheets = [(number, sheet) for number, sheet in sheets if number is not None]
        total = sum(max((sheet.max_row or 1) - 1, 0) for _number, sheet in sheets)
        if progress:
            progress(0, total)
        for number, sheet in sheets:
            if number in annex.rows:
                reason = f"two sheets are List {number}; keep one"
                raise ImportRejected([RowError(1, "", reason, f"List {number}")])
            _read_rows(sheet, number, annex, errors, told)
            if len(errors) >= max_errors:
                raise ImportRejected(errors, stopped_early=True)
    except ImportRejected:
        raise
    except Exception as error:  # a damaged sheet shows only as it is read
        reason = f"the workbook is damaged and cannot be read ({type(error).__name__})"
        raise ImportRejected([RowError(1, "", reason)]) from None
    finally:
        workbook.close()
    if errors:
        raise ImportRejected(errors)
    if progress:
        progress(total, total)
    if not annex.rows:
        raise ImportRejected([RowError(1, "", "the workbook has no sheet named List 1 to List 11")])
    return annex


def is_annex_a(sheet_titles: list[str]) -> bool:
    """Whether a workbook is Annex A: a sheet of it is one of the lists."""
    return any(list_number(title) is not None for title in sheet_titles)
