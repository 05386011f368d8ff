"""Reading CSV (UTF-8, optional byte-order mark) and XLSX files into numbered rows of text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from data_access.importers.errors import ImportRejected, RowError


def read_table(path: str | Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and an iterator of (line number, cells); line 1 is the header."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path.read_bytes())


def _read_csv(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected(
            [RowError(line, "", f"the file is not UTF-8 text (byte {error.start + 1})")]
        ) from None
    if not text.strip():
        raise ImportRejected([RowError(1, "", "the file is empty")])
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader)]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells):
                yield line, cells

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


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportRejected(
            [RowError(1, "", f"the file is not a readable XLSX workbook ({error})")]
        ) from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, None)
    if first is None or not any(cell is not None for cell in first):
        workbook.close()
        raise ImportRejected([RowError(1, "", "the file is empty")])
    header = [_cell_text(cell).strip() for cell in first]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, cells in enumerate(values, start=2):
                texts = [_cell_text(cell) for cell in cells]
                if any(text.strip() for text in texts):
                    yield line, texts
        finally:
            workbook.close()

    return header, rows()
