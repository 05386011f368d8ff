"""Tables as CSV and XLSX downloads, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

from data_access.spreadsheet_text import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The media type of each download. Flask adds "; charset=utf-8" to text types itself, so none
# is written here (giving one made the header say it twice).
MEDIA_TYPES = {"csv": "text/csv", "xlsx": XLSX}


def _cells(rows: Iterable[Sequence[object]]) -> Iterable[list[object]]:
    for row in rows:
        yield ["" if cell is None else neutralise(cell) for cell in row]


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(column) for column in columns])
    writer.writerows(_cells(rows))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(columns: Sequence[str], rows: Iterable[Sequence[object]], sheet: str = "data") -> bytes:
    return to_workbook({sheet: (columns, rows)})


def to_workbook(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """An XLSX workbook of several tables, a sheet each (by name, in order): columns, rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet, (columns, rows) in sheets.items():
        worksheet = workbook.create_sheet(sheet[:31])
        worksheet.append([neutralise(column) for column in columns])
        for row in _cells(rows):
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_download(
    columns: Sequence[str], rows: list[list], name: str, wanted: str, sheet: str = ""
) -> Response:
    """A table as a file to save, `name.csv` or `name.xlsx` (`wanted` is a key of MEDIA_TYPES);
    every CSV and XLSX answer of the site is made here."""
    body = to_csv(columns, rows) if wanted == "csv" else to_xlsx(columns, rows, sheet or name)
    return Response(
        body,
        mimetype=MEDIA_TYPES[wanted],
        headers={"Content-Disposition": f'attachment; filename="{name}.{wanted}"'},
    )
