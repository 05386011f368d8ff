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
from data_access.importers.document_figures import (
    Difference,
    dfe_source,
    difference,
    kept_figures,
)
from data_access.importers.ees_parts import figure_parts
from data_access.importers.ees_rows import (
    EesMeasure,
    EesReader,
    EesRow,
    good_rows,
    parse_period_end,
)
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
    measure: str = ""
    authorities: int = 0  # local authorities with a row for the measure
    years: tuple[int, int] | None = None  # the first and last years its periods end in
    parts_left_out: list[int] = field(default_factory=list)  # lines: see ees_parts.py
    differences: list[Difference] = field(default_factory=list)
    # The local authorities the file names, by DfE's LA number: where it places neighbours.
    numbered: dict[str, LocalAuthority] = field(default_factory=dict, repr=False)

    @property
    def rows(self) -> int:
        return self.figures.rows if self.figures else 0

    def __str__(self) -> str:
        lines = [f"{self.figures} {self.areas_added} new area(s)."]
        if self.filtered_out:
            lines.append(f"{self.filtered_out:,} row(s) left out by the filters.")
        return "\n".join(lines + self.notes())

    def notes(self) -> list[str]:
        """What a person should know beyond the counts: rows skipped and why, figures kept,
        the neighbours stored."""
        lines = []
        for level, count in sorted(self.skipped_levels.items()):
            lines.append(f"{count:,} row(s) skipped: geographic level '{level}'.")
        for codes, count in sorted(self.joint_rows.items()):
            lines.append(f"{count:,} row(s) skipped: authorities reporting together, {codes}.")
        if self.former_codes:
            lines.append(
                f"{self.former_codes:,} row(s) under an authority's former ONS code stored under "
                "its current one (sample_data/area_code_changes.csv)."
            )
        if self.parts_left_out:
            shown = ", ".join(str(line) for line in self.parts_left_out[:SHOWN_VALUES])
            more = len(self.parts_left_out) - SHOWN_VALUES
            lines.append(
                f"{len(self.parts_left_out):,} figure(s) loaded without their numerator and "
                "denominator, which in the file do not give the figure to within 0.5 (DfE "
                f"rounds each cell on its own): line(s) {shown}"
                f"{f' and {more:,} more' if more > 0 else ''}."
            )
        lines += [f"A published figure differs: {found}." for found in self.differences]
        if self.neighbours_stored is not None:
            lines.append(str(self.neighbours_stored))
        return lines


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


def _template_row(ref: str, row: EesRow, numerator: str, denominator: str, source: str):
    return _cells(ref, row.area_code, row.period_end, row.cell, "published", source, numerator,
                  denominator)  # fmt: skip


def _cells(ref, code, end, cell, provenance, source, numerator="", denominator="") -> list[str]:
    symbol = cell if cell in SYMBOLS else ""
    value = "" if symbol else cell
    label = period_label(end, "annual")
    return [
        ref, code, "", end.isoformat(), value, numerator, denominator, symbol, provenance,
        source, label,
    ]  # fmt: skip


def _translated(errors: list[RowError], measure: EesMeasure, no_rows: str) -> list[RowError]:
    """Template errors named in the EES file's own columns."""
    value_column = measure.value_column
    columns = {
        "value": value_column,
        "symbol": value_column,
        "numerator": measure.numerator_column or value_column,
        "denominator": measure.denominator_column or value_column,
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
    measure = EesMeasure(indicator_ref, value_column, tuple(filters), period_end=period_end)
    _period_end(measure)
    with engine.begin() as connection:
        report = load_measure(connection, path, measure, progress)
        if neighbours:
            rows = read_neighbour_set(neighbours, local_authorities() | report.numbered)
            report.neighbours_stored = store_neighbour_set(connection, rows)
        data_version.bump(connection)
    return report


def _period_end(measure: EesMeasure) -> tuple[int, int] | None:
    try:
        return parse_period_end(measure.period_end) if measure.period_end else None
    except ValueError as error:
        raise ImportRejected([RowError(1, "--period-end", str(error))]) from None


def _unit(connection: Connection, indicator_ref: str) -> str:
    unit = connection.scalar(select(Indicator.unit).where(Indicator.ref == indicator_ref))
    if unit is None:
        raise ImportRejected(
            [RowError(1, "--indicator", f"'{indicator_ref}' is not a known indicator")]
        )
    return unit


def _reader(path: Path, measure: EesMeasure, end: tuple[int, int] | None):
    header, rows = read_table(path)
    own_row = "" if measure.denominator_filters else measure.denominator_column
    reader = EesReader(
        header, measure.value_column, measure.filters, end, measure.numerator_column, own_row
    )
    return reader, rows


def _denominators(
    path: Path, measure: EesMeasure, end: tuple[int, int] | None, codes: dict[str, str]
) -> dict[tuple[str, date], str]:
    """The denominators on their totals' own rows, by (area code, period end)."""
    totals = measure.denominator_measure()
    if totals is None:
        return {}
    reader, rows = _reader(path, totals, end)
    if errors := reader.header_errors():
        raise ImportRejected(errors)
    found = {
        (row.area_code, row.period_end): row.cell
        for row in with_current_codes(good_rows(reader, rows, []), codes, set())
    }
    if errors := _filter_errors(reader, len(found)):
        raise ImportRejected(errors)
    return found


def load_measure(
    connection: Connection,
    path: str | Path,
    measure: EesMeasure,
    progress: Callable[[int], None] | None = None,
    newer_files: tuple[str, ...] = (),
) -> EesReport:
    """Load one measure from an EES file inside the caller's transaction, or raise
    ImportRejected (the caller's transaction then writes nothing). Figures a document published,
    or loaded from the DfE files `newer_files`, are left as they are (document_figures.py)."""
    path = Path(path)
    end = _period_end(measure)
    ref = measure.indicator_ref
    unit = _unit(connection, ref)
    reader, rows = _reader(path, measure, end)
    if errors := reader.header_errors():
        raise ImportRejected(errors)
    row_errors: list[RowError] = []
    areas: dict[str, tuple[str, str]] = {}
    periods: set[date] = set()
    numbered: dict[str, LocalAuthority] = {}
    kept = 0
    codes, renamed = current_codes(), set()
    for row in with_current_codes(good_rows(reader, rows, row_errors), codes, renamed):
        areas.setdefault(row.area_code, (row.area_name, row.kind))
        periods.add(row.period_end)
        if row.kind == "local_authority" and row.old_la_code:
            number = row.old_la_code
            numbered[number] = LocalAuthority(number, row.area_code, row.area_name)
        kept += 1
    if errors := _filter_errors(reader, kept):
        raise ImportRejected(errors)
    totals = _denominators(path, measure, end, codes)
    report = EesReport(
        measure=ref,
        filtered_out=reader.filtered_out,
        skipped_levels=reader.skipped_levels,
        joint_rows=reader.joint_rows,
        numbered=numbered,
        former_codes=len(renamed),
        authorities=sum(kind == "local_authority" for _name, kind in areas.values()),
        years=(min(periods).year, max(periods).year) if periods else None,
    )
    no_rows = "" if row_errors else "the file has no National, Regional or Local authority rows"
    source = _source(path, measure)
    documents = kept_figures(connection, ref, newer_files)

    def template_rows() -> Iterator[tuple[int, list[str]]]:
        reader, rows = _reader(path, measure, end)
        for row in with_current_codes(good_rows(reader, rows, []), codes, set()):
            key = (row.area_code, row.period_end)
            if key in documents:
                if found := difference(*key, row.cell, documents[key]):
                    report.differences.append(found)
                continue
            denominator = totals.get(key, "") if totals else row.denominator
            parts = figure_parts(row.cell, row.numerator, denominator, unit)
            if parts is None:
                report.parts_left_out.append(row.line)
                parts = ("", "")
            yield row.line, _template_row(ref, row, *parts, source)

    report.areas_added = _add_missing_areas(connection, areas)
    try:
        report.figures = load_rows(connection, TEMPLATE_HEADER, template_rows(), progress)
    except ImportRejected as rejected:
        errors = row_errors + _translated(rejected.errors, measure, no_rows)
        raise ImportRejected(
            sorted(errors, key=lambda error: error.line), stopped_early=rejected.stopped_early
        ) from None
    if row_errors:
        raise ImportRejected(row_errors)
    remove_figures_under_former_codes(connection, ref, renamed)
    return report


def _source(path: Path, measure: EesMeasure) -> str:
    chosen = "; ".join(f"{column} = {value}" for column, value in measure.filters)
    source = f"{dfe_source(path.name)}column {measure.value_column}"
    return source + (f" ({chosen})" if chosen else "")
