"""A plain XLSX writer for the synthetic Annex A: one sheet per list, strings shared, dates as
real Excel dates shown DD/MM/YYYY. It streams each sheet's rows straight into the zip, which
writes 100,000 rows in a second or two where openpyxl's write-only mode takes ten times as long.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

Cell = str | int | float | date | None
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system, past its leap-year slip
DATE_STYLE = 1  # the index, in styles.xml's cellXfs, of the DD/MM/YYYY date format
ROWS_PER_CHUNK = 2_000
SAVED = (2000, 1, 1, 0, 0, 0)  # every part's time in the zip: the same rows, the same bytes

SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STYLES = (
    f'{HEAD}<styleSheet xmlns="{SPREADSHEET}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)


def column_letters(count: int) -> list[str]:
    """A, B, ... Z, AA, AB ...: the first `count` column names."""
    letters = []
    for number in range(1, count + 1):
        name = ""
        while number:
            number, remainder = divmod(number - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name)
    return letters


class _SharedStrings:
    """Each distinct text once, in the order first met; cells point at it by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{escape(text)}</t></si>'
            if text != text.strip()
            else f"<si><t>{escape(text)}</t></si>"
            for text in self.index
        )
        count = len(self.index)
        return (
            f'{HEAD}<sst xmlns="{SPREADSHEET}" count="{count}" uniqueCount="{count}">{items}</sst>'
        )


def _row_xml(number: int, values: Sequence[Cell], letters: list[str], shared) -> str:
    cells = [f'<row r="{number}">']
    for letter, value in zip(letters, values):
        kind = type(value)
        if kind is str:
            if value:
                cells.append(f'<c r="{letter}{number}" t="s"><v>{shared(value)}</v></c>')
        elif kind is date:
            serial = (value - EXCEL_EPOCH).days
            cells.append(f'<c r="{letter}{number}" s="{DATE_STYLE}"><v>{serial}</v></c>')
        elif value is not None:
            cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
    cells.append("</row>")
    return "".join(cells)


def write_workbook(
    path: str | Path, sheets: Iterable[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]]
) -> None:
    """Write an XLSX file with one sheet per (name, header, rows), in that order."""
    shared = _SharedStrings()
    names: list[str] = []
    with ZipFile(path, "w", ZIP_DEFLATED, compresslevel=1) as archive:
        for number, (name, header, rows) in enumerate(sheets, start=1):
            names.append(name)
            letters = column_letters(len(header))
            with archive.open(_part(f"xl/worksheets/sheet{number}.xml"), "w") as sheet:
                # The size first, as Excel writes it: without it, a reader that asks (openpyxl's
                # read-only mode) parses the whole sheet once more to find it.
                size = f"A1:{letters[-1]}{len(rows) + 1}"
                sheet.write(
                    f'{HEAD}<worksheet xmlns="{SPREADSHEET}"><dimension ref="{size}"/>'
                    "<sheetData>".encode()
                )
                chunk = [_row_xml(1, header, letters, shared)]
                for line, row in enumerate(rows, start=2):
                    chunk.append(_row_xml(line, row, letters, shared))
                    if len(chunk) >= ROWS_PER_CHUNK:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        archive.writestr(_part("xl/sharedStrings.xml"), shared.xml())
        archive.writestr(_part("xl/styles.xml"), STYLES)
        _write_package(archive, names)


def _part(name: str) -> ZipInfo:
    part = ZipInfo(name, SAVED)
    part.compress_type = ZIP_DEFLATED
    return part


def _write_package(archive: ZipFile, names: list[str]) -> None:
    """The parts that say what the package holds and how its pieces are linked."""
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="{sheet_type}.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    archive.writestr(
        _part("[Content_Types].xml"),
        f'{HEAD}<Types xmlns="{PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{sheet_type}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{sheet_type}.sharedStrings+xml"/>{overrides}</Types>',
    )
    document = f"{RELATIONSHIPS}/officeDocument"
    archive.writestr(
        _part("_rels/.rels"),
        f'{HEAD}<Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{document}" Target="xl/workbook.xml"/></Relationships>',
    )
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    archive.writestr(
        _part("xl/workbook.xml"),
        f'{HEAD}<workbook xmlns="{SPREADSHEET}" xmlns:r="{RELATIONSHIPS}">'
        f"<sheets>{sheets}</sheets></workbook>",
    )
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{document}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(names) + 1)
    )
    count = len(names)
    links += (
        f'<Relationship Id="rId{count + 1}" Type="{document}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{count + 2}" Type="{document}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    archive.writestr(
        _part("xl/_rels/workbook.xml.rels"),
        f'{HEAD}<Relationships xmlns="{PACKAGE}/relationships">{links}</Relationships>',
    )
