"""One row of a DfE open-data (EES) CSV: which area it is for, when its period ends, its cell."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from data_access.importers.errors import RowError
from data_access.models import Area

EES_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
)
ENGLAND = "E92000001"
# geographic_level → (area kind as in sample_data/areas.csv, code column, name column)
LEVELS = {
    "National": ("country", "country_code", "country_name"),
    "Regional": ("region", "region_code", "region_name"),
    "Local authority": ("local_authority", "new_la_code", "la_name"),
}
# time_identifier → (month, day) the period ends, and the digits time_period must have
PERIOD_ENDS = {
    "financial year": ((3, 31), (6,)),
    "academic year": ((8, 31), (6,)),
    "calendar year": ((12, 31), (4,)),
    "reporting year": ((3, 31), (4, 6)),
}


class BadCell(Exception):
    def __init__(self, column: str, reason: str):
        self.column, self.reason = column, reason


@dataclass(frozen=True)
class EesRow:
    """What one EES row says, once read."""

    line: int
    area_code: str
    area_name: str
    kind: str
    old_la_code: str
    period_end: date
    cell: str
    numerator: str = ""  # the numerator's cell, when the measure names a column for it
    denominator: str = ""  # the denominator's cell, when it is on the figure's own row


@dataclass(frozen=True)
class EesMeasure:
    """What one measure takes from an EES file: its value column and the filters that pick its
    rows; the columns of its numerator and denominator where the file has them, the
    denominator perhaps on another row (its total's, picked by `denominator_filters`, which
    replace the filters of the same columns); and the day its periods end, MM-DD, when the
    time_identifier does not say it."""

    indicator_ref: str
    value_column: str
    filters: tuple[tuple[str, str], ...] = ()
    numerator_column: str = ""
    denominator_column: str = ""
    denominator_filters: tuple[tuple[str, str], ...] = ()
    period_end: str | None = None

    def denominator_measure(self) -> EesMeasure | None:
        """The measure that reads the denominators from their own rows, if they are on others."""
        if not self.denominator_filters:
            return None
        replaced = dict(self.denominator_filters)
        filters = [(column, replaced.pop(column, value)) for column, value in self.filters]
        return EesMeasure(
            self.indicator_ref,
            self.denominator_column,
            (*filters, *replaced.items()),
            period_end=self.period_end,
        )


def parse_period_end(text: str) -> tuple[int, int]:
    """`MM-DD` as (month, day); a day that some years lack (29 February) is refused."""
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2001, month, day)
        if len(text) != 5:
            raise ValueError
    except ValueError:
        raise ValueError(f"'{text}' is not a day of every year as MM-DD, e.g. 09-30") from None
    return month, day


class EesReader:
    """Turns the cells of one EES row into an EesRow, None (left out) or BadCell."""

    def __init__(
        self,
        header: list[str],
        value_column: str,
        filters: Sequence[tuple[str, str]],
        period_end: tuple[int, int] | None,
        numerator_column: str = "",
        denominator_column: str = "",
    ):
        self.header, self.value_column, self.filters = header, value_column, filters
        self.period_end = period_end
        self.parts = {"numerator": numerator_column, "denominator": denominator_column}
        self.position = {column: header.index(column) for column in header}
        self.filter_values: dict[str, Counter] = {column: Counter() for column, _ in filters}
        self.filtered_out = 0
        self.skipped_levels: Counter = Counter()
        self.joint_rows: Counter = Counter()

    def header_errors(self) -> list[RowError]:
        errors = [
            RowError(1, column, "required EES column is missing")
            for column in EES_COLUMNS
            if column not in self.header
        ]
        others = [column for column in self.header if column not in EES_COLUMNS]
        listed = ", ".join(others) or "none"
        if self.value_column not in self.header:
            errors.append(
                RowError(1, self.value_column, f"the value column is not in the file ({listed})")
            )
        for part, column in self.parts.items():
            if column and column not in self.header:
                errors.append(
                    RowError(1, column, f"the {part} column is not in the file ({listed})")
                )
        seen: set[str] = set()
        for column, _ in self.filters:
            if column in seen:
                errors.append(RowError(1, column, "--filter names this column twice"))
            elif column not in self.header:
                errors.append(
                    RowError(1, column, f"the filter column is not in the file ({listed})")
                )
            seen.add(column)
        errors += [
            RowError(1, column, "appears twice in the header")
            for column, count in Counter(self.header).items()
            if count > 1 and column
        ]
        return errors

    def cell(self, cells: list[str], column: str) -> str:
        index = self.position[column]
        return cells[index].strip() if index < len(cells) else ""

    def read(self, line: int, cells: list[str]) -> EesRow | None:
        if any(cell.strip() for cell in cells[len(self.header) :]):
            raise BadCell("", f"has {len(cells)} cells; the header has {len(self.header)}")
        kept = True
        for column, wanted in self.filters:
            value = self.cell(cells, column)
            self.filter_values[column][value] += 1
            kept = kept and value == wanted
        if not kept:
            self.filtered_out += 1
            return None
        level = self.cell(cells, "geographic_level")
        if not level:
            raise BadCell("geographic_level", "is empty")
        if level not in LEVELS:
            self.skipped_levels[level] += 1
            return None
        kind, code_column, name_column = LEVELS[level]
        code = self.cell(cells, code_column)
        if level == "National":
            if code and code != ENGLAND:
                raise BadCell(code_column, f"'{code}' is not England ({ENGLAND})")
            code = ENGLAND
        if not code:
            raise BadCell(code_column, f"is empty on a {level} row")
        if "/" in code:
            # Authorities that report together (e.g. 'E06000061 / E06000062'): the figure is
            # neither one's, so it is left out and counted.
            self.joint_rows[code] += 1
            return None
        if len(code) > Area.code.type.length:
            raise BadCell(code_column, f"'{code}' is not an area code")
        return EesRow(
            line=line,
            area_code=code,
            area_name=self.cell(cells, name_column) or code,
            kind=kind,
            old_la_code=self.cell(cells, "old_la_code"),
            period_end=self._period_end(cells),
            cell=self.cell(cells, self.value_column),
            **{part: self.cell(cells, column) for part, column in self.parts.items() if column},
        )

    def _period_end(self, cells: list[str]) -> date:
        text = self.cell(cells, "time_period")
        identifier = self.cell(cells, "time_identifier")
        known = PERIOD_ENDS.get(identifier.lower())
        if known is None and self.period_end is None:
            raise BadCell(
                "time_identifier",
                f"'{identifier}' has no known period end: give one with --period-end MM-DD",
            )
        if not (text.isascii() and text.isdigit() and len(text) in (4, 6)):  # not ²⁰²³
            raise BadCell("time_period", f"'{text}' is not a year as YYYY or YYYYYY (202122)")
        if known is not None and len(text) not in known[1]:
            shape = "YYYYYY, e.g. 202122" if known[1] == (6,) else "YYYY"
            raise BadCell("time_period", f"'{text}' is not a {identifier.lower()} as {shape}")
        year = int(text[:4])
        if len(text) == 6:
            if (year + 1) % 100 != int(text[4:]):
                raise BadCell("time_period", f"'{text}' is not two years in a row (202122)")
            year += 1
        month, day = self.period_end or known[0]
        if not 1 <= year <= 9999:  # 0000, or 999900 that ends in the year 10000
            raise BadCell("time_period", f"'{text}' is not a year from 0001 to 9999")
        return date(year, month, day)


def good_rows(
    reader: EesReader, rows: Iterator[tuple[int, list[str]]], errors: list[RowError]
) -> Iterator[EesRow]:
    """The rows to import; the reasons the bad ones cannot be go into `errors`."""
    for line, cells in rows:
        try:
            row = reader.read(line, cells)
        except BadCell as bad:
            errors.append(RowError(line, bad.column, bad.reason))
            continue
        if row is not None:
            yield row
