"""The DfE catalogue (sample_data/dfe_catalogue.csv, SPEC section 12): for each measure DfE
publishes, the file it is in, recognised by the file's columns, and what the measure takes from
it (value, filters, numerator and denominator, period end). Read by the importers, never
written into them: a new DfE file or measure is a new line of the catalogue.

A file is known when its header has every column the catalogue names for it. Two of DfE's files
have the same columns (care leavers' activity and their accommodation): the values their
filters pick tell them apart, or else the file's name.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from data_access.importers.ees_rows import EesMeasure, parse_period_end
from data_access.importers.reading import Rows

CATALOGUE = Path(__file__).resolve().parents[2] / "sample_data" / "dfe_catalogue.csv"
COLUMNS = (
    "file",
    "file_columns",
    "measure",
    "value_column",
    "numerator_column",
    "denominator_column",
    "filters",
    "denominator_filters",
    "period_end",
    "note",
)


class CatalogueError(ValueError):
    """The catalogue itself is wrong: the line and why."""


@dataclass(frozen=True)
class DfeFile:
    """One of DfE's files as the catalogue knows it: its published name, the columns that
    tell it from the others, and its measures in the catalogue's order."""

    name: str
    columns: tuple[str, ...]
    measures: tuple[EesMeasure, ...]

    def filter_values(self) -> dict[str, set[str]]:
        """Each filter column, and the values the measures pick from it."""
        values: dict[str, set[str]] = defaultdict(set)
        for measure in self.measures:
            for column, value in (*measure.filters, *measure.denominator_filters):
                values[column].add(value)
        return values


def _pairs(text: str, line: int, column: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for part in filter(None, (part.strip() for part in text.split(";"))):
        name, equals, value = part.partition("=")
        if not equals or not name.strip():
            raise CatalogueError(f"line {line}, {column}: '{part}' is not COLUMN=VALUE")
        pairs.append((name.strip(), value.strip()))
    return tuple(pairs)


def _measure(row: dict[str, str], line: int) -> EesMeasure:
    if not row["measure"] or not row["value_column"]:
        raise CatalogueError(f"line {line}: a measure and its value column are needed")
    period_end = row["period_end"] or None
    if period_end:
        try:
            parse_period_end(period_end)
        except ValueError as error:
            raise CatalogueError(f"line {line}, period_end: {error}") from None
    denominator_filters = _pairs(row["denominator_filters"], line, "denominator_filters")
    if denominator_filters and not row["denominator_column"]:
        raise CatalogueError(f"line {line}: denominator_filters without a denominator_column")
    return EesMeasure(
        indicator_ref=row["measure"],
        value_column=row["value_column"],
        filters=_pairs(row["filters"], line, "filters"),
        numerator_column=row["numerator_column"],
        denominator_column=row["denominator_column"],
        denominator_filters=denominator_filters,
        period_end=period_end,
    )


def read_catalogue(path: Path = CATALOGUE) -> tuple[DfeFile, ...]:
    """The catalogue's files in its order (an older file before the newer one that revises
    its figures), or CatalogueError naming the line that is wrong."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise CatalogueError(f"{path.name}: the columns must be {', '.join(COLUMNS)}")
        columns: dict[str, tuple[str, ...]] = {}
        measures: dict[str, list[EesMeasure]] = defaultdict(list)
        for line, row in enumerate(reader, start=2):
            row = {key: (value or "").strip() for key, value in row.items()}
            file_columns = tuple(filter(None, row["file_columns"].split(";")))
            if not row["file"] or not file_columns:
                raise CatalogueError(f"line {line}: a file and its columns are needed")
            if columns.setdefault(row["file"], file_columns) != file_columns:
                raise CatalogueError(
                    f"line {line}: {row['file']} is given other file_columns on an earlier line"
                )
            measure = _measure(row, line)
            if any(m.indicator_ref == measure.indicator_ref for m in measures[row["file"]]):
                raise CatalogueError(f"line {line}: {row['file']} names {row['measure']} twice")
            measures[row["file"]].append(measure)
    return tuple(DfeFile(name, columns[name], tuple(measures[name])) for name in columns)


def revised_by(known: DfeFile, catalogue: tuple[DfeFile, ...]) -> tuple[str, ...]:
    """The files after `known` in the catalogue that give any of its measures: newer releases,
    whose figures an import of `known` leaves as they are."""
    refs = {measure.indicator_ref for measure in known.measures}
    later = catalogue[catalogue.index(known) + 1 :]
    return tuple(
        other.name
        for other in later
        if refs & {measure.indicator_ref for measure in other.measures}
    )


def candidates(header: Iterable[str], catalogue: Iterable[DfeFile]) -> list[DfeFile]:
    """The catalogue's files whose columns are all in `header`."""
    present = {column.strip() for column in header}
    return [known for known in catalogue if set(known.columns) <= present]


def recognise(
    name: str, header: list[str], rows: Rows, catalogue: Iterable[DfeFile]
) -> tuple[DfeFile | None, str]:
    """Which of the catalogue's files this is (named `name`, with `header` and `rows`), or
    None and why not."""
    found = candidates(header, catalogue)
    if len(found) <= 1:
        return (found[0], "") if found else (None, "its columns are not those of a known file")
    wanted = set().union(*(known.filter_values() for known in found))
    positions = {column: header.index(column) for column in wanted}
    seen: dict[str, set[str]] = defaultdict(set)
    for _line, cells in rows:
        for column, position in positions.items():
            if position < len(cells):
                seen[column].add(cells[position].strip())
    fitting = [
        known
        for known in found
        if all(values <= seen[column] for column, values in known.filter_values().items())
    ]
    named = [known for known in found if known.name == name]
    if len(fitting) != 1 and len(named) == 1:
        return named[0], ""  # its import will say which rows it lacks
    if len(fitting) == 1:
        return fitting[0], ""
    names = " and ".join(known.name for known in found)
    if not fitting:
        return None, f"it has the columns of {names}, but not the rows their measures pick"
    return None, f"it could be {names}: name it as DfE does"
