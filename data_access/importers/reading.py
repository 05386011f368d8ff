"""Reading CSV (UTF-8, optional byte-order mark) and XLSX files into numbered rows of text.

Both are streamed: a row is read when the importer asks for it, so a file of a million rows
never sits in memory whole. A workbook of several sheets (the plan workbook) is read whole, as
its sheets are checked against each other; it holds hundreds of rows, not millions.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from data_access.importers.errors import ImportRejected, RowError

Rows = Iterator[tuple[int, list[str]]]
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_table(path: str | Path) -> tuple[list[str], Rows]:
    """The header and an iterator of (line number, cells); line 1 is the header.

    Raises ImportRejected for an empty file, a file that is not UTF-8 (possibly while the
    rows are being read) or a workbook that cannot be opened.
    """
    path = Path(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _read_xlsx(path)
    return _read_csv(path.open("rb"))


def count_rows(path: str | Path) -> int:
    """How many rows below the header a file has, as its checking will count them, for a
    progress bar: a CSV file is read through once (a second or so for the largest upload);
    a workbook says how many rows its sheet has. 0 when the file cannot be read that far
    (its checking will say why)."""
    path = Path(path)
    try:
        if path.suffix.lower() in XLSX_SUFFIXES:
            return _sheet_rows(path)
        _header, rows = read_table(path)
        return sum(1 for _row in rows)
    except ImportRejected:
        return 0


def _sheet_rows(path: Path) -> int:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        return 0
    try:
        last = workbook.worksheets[0].max_row if workbook.worksheets else None
    finally:
        workbook.close()
    return max((last or 1) - 1, 0)


def _raw_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The file's lines, each ending in LF, CR LF or a lone CR (as older Mac spreadsheets save
    them): the csv module refuses a line that has a line end before its last one."""
    for raw in handle:
        if b"\r" in raw.removesuffix(b"\r\n"):
            yield from raw.splitlines(keepends=True)
        else:
            yield raw


def _text_lines(handle: BinaryIO) -> Iterator[str]:
    """The file's lines as text, stopping at the first line that is not UTF-8 text."""
    save_as = "save it as 'CSV UTF-8' and try again"
    try:
        for number, raw in enumerate(_raw_lines(handle), start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                reason = f"the file is not UTF-8 text (byte {error.start + 1} of the line "
                raise ImportRejected(
                    [RowError(number, "", reason + f"cannot be read); {save_as}")]
                ) from None
            if "\x00" in text:  # text files have none; a UTF-16 file has one in every other byte
                reason = f"contains a NUL byte (byte {text.index(chr(0)) + 1} of the line), so "
                raise ImportRejected(
                    [RowError(number, "", reason + f"the file is not plain text; {save_as}")]
                ) from None
            yield text.removeprefix("\ufeff") if number == 1 else text
    finally:
        handle.close()


def _read_csv(handle: BinaryIO) -> tuple[list[str], Rows]:
    lines = _text_lines(handle)
    reader = csv.reader(lines)
    try:
        first = next(reader, None)
    except csv.Error as error:
        lines.close()
        raise ImportRejected([RowError(1, "", f"the header cannot be read: {error}")]) from None
    if first is None or not any(cell.strip() for cell in first):
        rest = any(line.strip() for line in lines)
        lines.close()
        reason = "the first line is empty; it must name the columns" if rest else ""
        raise ImportRejected([RowError(1, "", reason or "the file is empty")])
    header = [cell.strip() for cell in first]

    def rows() -> Rows:
        start = reader.line_num + 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as error:
            raise ImportRejected([RowError(start, "", f"cannot be read: {error}")]) from None
        finally:
            lines.close()

    return header, rows()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _damaged(line: int, error: Exception) -> ImportRejected:
    return ImportRejected(
        [RowError(line, "", f"the workbook is damaged: this row cannot be read ({error})")]
    )


def _read_xlsx(path: Path) -> tuple[list[str], Rows]:
    workbook = _open_workbook(path)
    if not workbook.worksheets:
        workbook.close()
        raise ImportRejected([RowError(1, "", "the workbook has no worksheet")])
    values = workbook.worksheets[0].iter_rows(values_only=True)
    try:  # a sheet is read as its rows are asked for, so damage inside it shows only then
        first = next(values, None)
    except Exception as error:
        workbook.close()
        raise _damaged(1, error) from None
    if first is None or not any(cell is not None for cell in first):
        workbook.close()
        raise ImportRejected([RowError(1, "", "the file is empty")])
    header = [_cell_text(cell).strip() for cell in first]
    while header and not header[-1]:
        header.pop()

    def rows() -> Rows:
        line = 1
        try:
            for line, cells in enumerate(values, start=2):
                texts = [_cell_text(cell) for cell in cells]
                if any(text.strip() for text in texts):
                    yield line, texts
        except Exception as error:
            raise _damaged(line + 1, error) from None
        finally:
            workbook.close()

    return header, rows()


def sheet_names(source: str | Path | BinaryIO) -> list[str]:
    """The names of a workbook's sheets (a file's, or bytes'), as written; none when it
    cannot be read as a workbook (its checking says why)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        return []
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _open_workbook(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportRejected(
            [RowError(1, "", f"the file is not a readable XLSX workbook ({error})")]
        ) from error


def read_sheets(
    path: str | Path, wanted: Collection[str], max_rows: int
) -> dict[str, tuple[list[str], list[tuple[int, list[str]]]]]:
    """The sheets of a workbook named in `wanted` (in any case, spaces round them ignored),
    each by its wanted name: its header, and its rows below as (line number, cells), empty
    rows left out. Other sheets are not read. A wanted sheet that is empty, cannot be read,
    has more than `max_rows` rows or is named twice is refused."""
    workbook = _open_workbook(Path(path))
    sheets: dict[str, tuple[list[str], list[tuple[int, list[str]]]]] = {}
    try:
        for worksheet in workbook.worksheets:
            name = worksheet.title.strip().lower()
            if name not in wanted:
                continue
            if name in sheets:
                reason = f"two sheets are called {name}; keep one"
                raise ImportRejected([RowError(1, "", reason, name)])
            sheets[name] = _whole_sheet(worksheet, name, max_rows)
    finally:
        workbook.close()
    return sheets


def _whole_sheet(worksheet, name: str, max_rows: int) -> tuple[list[str], list]:
    line = 1
    try:
        values = worksheet.iter_rows(values_only=True)
        first = next(values, None)
        if first is None or not any(cell is not None for cell in first):
            raise ImportRejected([RowError(1, "", "the sheet is empty", name)])
        header = [_cell_text(cell).strip() for cell in first]
        while header and not header[-1]:
            header.pop()
        rows = []
        for line, cells in enumerate(values, start=2):
            texts = [_cell_text(cell) for cell in cells]
            if not any(text.strip() for text in texts):
                continue
            if len(rows) == max_rows:
                reason = f"the sheet has more than {max_rows:,} rows"
                raise ImportRejected([RowError(line, "", reason, name)])
            rows.append((line, texts))
    except ImportRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged sheet
        damaged = _damaged(line + 1, error).errors[0]
        raise ImportRejected([RowError(damaged.line, "", damaged.reason, name)]) from None
    return header, rows
