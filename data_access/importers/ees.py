"""DfE open-data CSVs (Explore Education Statistics, SPEC section 7), one column into one measure.

Each EES row becomes a row of the project's template and goes through the template importer's
checks and upsert, so the rules (units, symbols, duplicates, all or nothing) are the same ones.
The file is read twice: first to find its areas and check the filters, then to load it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select

from data_access import data_version
from data_access.importers.area_codes import (
    LocalAuthority,
    current_codes,
    local_authorities,
    remove_figures_under_former_codes,
    with_current_codes,
)
from data_access.importers.ees_rows import EesReader, good_rows, parse_period_end
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.neighbours import (
    StoredNeighbourSet,
    read_neighbour_set,
    store_neighbour_set,
)
from data_access.importers.reading import read_table
from data_access.importers.template import REQUIRED_COLUMNS, SYMBOLS, ImportReport, load_rows
from data_access.models import Area, Indicator
from data_access.periods import period_label

TEMPLATE_HEADER = [*REQUIRED_COLUMNS, "period_label"]
SHOWN_VALUES = 20


@dataclass
class EesReport:
    """What an EES import wrote, left out and computed."""

    figures: ImportReport | None = None
    areas_added: int = 0
    filtered_out: int = 0
    skipped_levels: Counter = field(default_factory=Counter)
    joint_rows: Counter = field(default_factory=Counter)
    neighbours_stored: StoredNeighbourSet | None = None
    former_codes: int = 0

    @property
    def rows(self) -> int:
        return self.figures.rows if self.figures else 0

    def __str__(self) -> str:
        lines = [f"{self.figures} {self.areas_added} new area(s)."]
        if self.filtered_out:
            lines.append(f"{self.filtered_out:,} row(s) left out by the filters.")
        for level, count in sorted(self.skipped_levels.items()):
            lines.append(f"{count:,} row(s) skipped: geographic level '{level}'.")
        for codes, count in sorted(self.joint_rows.items()):
            lines.append(f"{count:,} row(s) skipped: authorities reporting together, {codes}.")
        if self.former_codes:
            lines.append(
                f"{self.former_codes:,} row(s) under an authority's former ONS code stored under "
                "its current one (sample_data/area_code_changes.csv)."
            )
        if self.neighbours_stored is not None:
            lines.append(str(self.neighbours_stored))
        return "\n".join(lines)


def _filter_errors(reader: EesReader, kept: int) -> list[RowError]:
    errors = []
    for column, wanted in reader.filters:
        counts = reader.filter_values[column]
        if counts[wanted]:
            continue
        values = [f"'{value}'" for value in sorted(counts)]
        shown = ", ".join(values[:SHOWN_VALUES])
        if len(values) > SHOWN_VALUES:
            shown += f" and {len(values) - SHOWN_VALUES} more"
        errors.append(RowError(1, column, f"no row has '{wanted}'; the values are {shown}"))
    if not errors and kept == 0 and reader.filters and reader.filtered_out:
        errors.append(RowError(1, "", "no row matches all the filters together"))
    return errors


def _add_missing_areas(connection: Connection, areas: dict[str, tuple[str, str]]) -> int:
    """Create the areas the file names that the database does not have yet."""
    known = set(connection.scalars(select(Area.code).where(Area.code.in_(list(areas)))))
    new = [
        {"code": code, "name": name[: Area.name.type.length], "kind": kind}
        for code, (name, kind) in areas.items()
        if code not in known
    ]
    if new:
        connection.execute(insert(Area), new)
    return len(new)


def _template_row(ref: str, code: str, end: date, cell: str, provenance: str, source: str):
    symbol = cell if cell in SYMBOLS else ""
    value = "" if symbol else cell
    label = period_label(end, "annual")
    return [ref, code, "", end.isoformat(), value, "", "", symbol, provenance, source, label]


def _translated(errors: list[RowError], value_column: str, no_rows: str) -> list[RowError]:
    """Template errors named in the EES file's own columns."""
    columns = {
        "value": value_column,
        "symbol": value_column,
        "numerator": value_column,
        "denominator": value_column,
        "period_end": "time_period",
        "area_code": "geographic_level",
        "indicator_ref": "--indicator",
    }
    translated = []
    for error in errors:
        reason = error.reason
        if reason == "the file has a header but no rows":
            if not no_rows:
                continue
            reason = no_rows
        elif reason.startswith("duplicates the figure"):
            reason += " (same area and period): keep one row for each with --filter"
        translated.append(RowError(error.line, columns.get(error.column, error.column), reason))
    return translated


def import_ees(
    engine: Engine,
    path: str | Path,
    indicator_ref: str,
    value_column: str,
    filters: Sequence[tuple[str, str]] = (),
    period_end: str | None = None,
    neighbours: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> EesReport:
    """Import one column of an EES file into one measure, in one transaction: all or nothing.
    With `neighbours`, a DfE statistical-neighbour file stored in the same transaction, each
    authority placed by the code this file gives its LA number, where it gives one."""
    path = Path(path)
    try:
        end = parse_period_end(period_end) if period_end else None
    except ValueError as error:
        raise ImportRejected([RowError(1, "--period-end", str(error))]) from None
    with engine.connect() as connection:
        if connection.scalar(select(Indicator.id).where(Indicator.ref == indicator_ref)) is None:
            raise ImportRejected(
                [RowError(1, "--indicator", f"'{indicator_ref}' is not a known indicator")]
            )

    def reader_and_rows():
        header, rows = read_table(path)
        return EesReader(header, value_column, filters, end), rows

    reader, rows = reader_and_rows()
    if errors := reader.header_errors():
        raise ImportRejected(errors)
    row_errors: list[RowError] = []
    areas: dict[str, tuple[str, str]] = {}
    numbered: dict[str, LocalAuthority] = {}
    kept = 0
    codes, renamed = current_codes(), set()
    for row in with_current_codes(good_rows(reader, rows, row_errors), codes, renamed):
        areas.setdefault(row.area_code, (row.area_name, row.kind))
        if row.kind == "local_authority" and row.old_la_code:
            number = row.old_la_code
            numbered[number] = LocalAuthority(number, row.area_code, row.area_name)
        kept += 1
    if errors := _filter_errors(reader, kept):
        raise ImportRejected(errors)
    neighbour_rows = (
        read_neighbour_set(neighbours, local_authorities() | numbered) if neighbours else None
    )
    report = EesReport(
        filtered_out=reader.filtered_out,
        skipped_levels=reader.skipped_levels,
        joint_rows=reader.joint_rows,
        former_codes=len(renamed),
    )
    no_rows = "" if row_errors else "the file has no National, Regional or Local authority rows"
    source = _source(path, value_column, filters)

    def template_rows() -> Iterator[tuple[int, list[str]]]:
        reader, rows = reader_and_rows()
        for row in with_current_codes(good_rows(reader, rows, []), codes, set()):
            cells = _template_row(
                indicator_ref, row.area_code, row.period_end, row.cell, "published", source
            )
            yield row.line, cells

    with engine.begin() as connection:
        report.areas_added = _add_missing_areas(connection, areas)
        try:
            report.figures = load_rows(connection, TEMPLATE_HEADER, template_rows(), progress)
        except ImportRejected as rejected:
            errors = row_errors + _translated(rejected.errors, value_column, no_rows)
            raise ImportRejected(
                sorted(errors, key=lambda error: error.line), stopped_early=rejected.stopped_early
            ) from None
        if row_errors:
            raise ImportRejected(row_errors)
        remove_figures_under_former_codes(connection, indicator_ref, renamed)
        if neighbour_rows is not None:
            report.neighbours_stored = store_neighbour_set(connection, neighbour_rows)
        data_version.bump(connection)
    return report


def _source(path: Path, value_column: str, filters: Sequence[tuple[str, str]]) -> str:
    chosen = "; ".join(f"{column} = {value}" for column, value in filters)
    return f"DfE: {path.name}, column {value_column}" + (f" ({chosen})" if chosen else "")
