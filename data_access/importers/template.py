"""The project's own import template (SPEC section 7): validate every row, then upsert all.

Columns: indicator_ref, area_code, team_slug, period_end, value, numerator, denominator,
symbol, provenance, source, and optionally period_label. Keyed by indicator, area, team and
period end, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.reading import read_table
from data_access.models import Area, Indicator, Observation, Team
from data_access.periods import period_label

REQUIRED_COLUMNS = (
    "indicator_ref",
    "area_code",
    "team_slug",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "symbol",
    "provenance",
    "source",
)
OPTIONAL_COLUMNS = ("period_label",)
SYMBOLS = frozenset({"c", "x", "z", "low", "k", "u", ":"})
PROVENANCES = frozenset({"published", "illustrative"})
SCALE = {"percent": 100.0, "rate_per_10k": 10_000.0}
CHUNK = 5_000


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    unit: str
    frequency: str


@dataclass(frozen=True)
class Lookups:
    indicators: dict[str, IndicatorInfo]
    areas: dict[str, int]
    teams: dict[str, int]

    @classmethod
    def load(cls, connection) -> Lookups:
        indicators = {
            ref: IndicatorInfo(id_, unit, frequency)
            for ref, id_, unit, frequency in connection.execute(
                select(Indicator.ref, Indicator.id, Indicator.unit, Indicator.frequency)
            )
        }
        areas = dict(connection.execute(select(Area.code, Area.id)).all())
        teams = dict(connection.execute(select(Team.slug, Team.id)).all())
        return cls(indicators, areas, teams)


@dataclass(frozen=True)
class ImportReport:
    rows: int

    def __str__(self) -> str:
        return f"Imported {self.rows:,} row(s)."


def _number(text: str, line: int, column: str, errors: list[RowError]) -> float | None:
    if not text:
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        errors.append(RowError(line, column, f"'{text}' is not a number"))
        return None
    if not math.isfinite(number):
        errors.append(RowError(line, column, f"'{text}' is not a finite number"))
        return None
    if number < 0:
        errors.append(RowError(line, column, f"{text} is negative; figures cannot be below zero"))
        return None
    return number


def validate_row(
    line: int, row: dict[str, str], lookups: Lookups
) -> tuple[dict | None, list[RowError]]:
    """One template row as an observation record, or the reasons it cannot be one."""
    errors: list[RowError] = []
    ref = row["indicator_ref"]
    indicator = lookups.indicators.get(ref)
    if indicator is None:
        reason = "is empty" if not ref else f"'{ref}' is not a known indicator"
        errors.append(RowError(line, "indicator_ref", reason))
    area_id = lookups.areas.get(row["area_code"])
    if area_id is None:
        code = row["area_code"]
        reason = "is empty" if not code else f"'{code}' is not a known area"
        errors.append(RowError(line, "area_code", reason))
    team_id = None
    if row["team_slug"]:
        team_id = lookups.teams.get(row["team_slug"])
        if team_id is None:
            errors.append(RowError(line, "team_slug", f"'{row['team_slug']}' is not a known team"))
    try:
        period_end = date.fromisoformat(row["period_end"])
        if len(row["period_end"]) != 10:
            raise ValueError
    except ValueError:
        period_end = None
        errors.append(
            RowError(line, "period_end", f"'{row['period_end']}' is not a date as YYYY-MM-DD")
        )
    value = _number(row["value"], line, "value", errors)
    numerator = _number(row["numerator"], line, "numerator", errors)
    denominator = _number(row["denominator"], line, "denominator", errors)
    symbol = row["symbol"] or None
    if symbol is not None and symbol not in SYMBOLS:
        errors.append(
            RowError(line, "symbol", f"'{symbol}' is not one of {', '.join(sorted(SYMBOLS))}")
        )
    provenance = row["provenance"]
    if provenance not in PROVENANCES:
        errors.append(RowError(line, "provenance", "must be 'published' or 'illustrative'"))
    elif provenance == "published" and not row["source"]:
        errors.append(RowError(line, "source", "a published figure must name its source"))

    if symbol is not None and row["value"]:
        errors.append(RowError(line, "value", "must be empty when a symbol is given"))
    if indicator is not None:
        scale = SCALE.get(indicator.unit, 1.0)
        if numerator is not None and denominator is not None:
            if denominator == 0:
                errors.append(RowError(line, "denominator", "is zero"))
            elif indicator.unit == "percent" and numerator > denominator:
                errors.append(
                    RowError(line, "numerator", f"{row['numerator']} is above its denominator")
                )
            else:
                derived = numerator / denominator * scale
                if value is None and symbol is None and not row["value"]:
                    value = round(derived, 6)
                elif value is not None and abs(value - derived) > 0.5 + 1e-9:
                    errors.append(
                        RowError(
                            line,
                            "value",
                            f"{row['value']} does not match numerator / denominator "
                            f"({derived:.1f})",
                        )
                    )
        if indicator.unit == "percent" and value is not None and value > 100:
            errors.append(RowError(line, "value", f"{row['value']} is a percentage above 100"))
    if value is None and symbol is None and not row["value"] and not errors:
        errors.append(RowError(line, "value", "is empty and no symbol says why"))
    if errors:
        return None, errors
    label = row.get("period_label") or period_label(period_end, indicator.frequency)
    return {
        "indicator_id": indicator.id,
        "area_id": area_id,
        "team_id": team_id,
        "period_end": period_end,
        "period_label": label,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "symbol": symbol,
        "provenance": provenance,
        "source": row["source"],
    }, []


def check_header(header: list[str]) -> list[RowError]:
    errors = [
        RowError(1, column, "required column is missing")
        for column in REQUIRED_COLUMNS
        if column not in header
    ]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    errors += [
        RowError(1, column or f"#{position}", "is not a column of the template")
        for position, column in enumerate(header, start=1)
        if column not in known
    ]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            errors.append(RowError(1, column, "appears twice"))
        seen.add(column)
    return errors


def _upsert(connection, records: list[dict]) -> None:
    """Insert new figures and update existing ones, by their natural key."""
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    area_rows = [record for record in records if record["team_id"] is None]
    team_rows = [record for record in records if record["team_id"] is not None]
    table = Observation.__table__
    for rows, elements, where in (
        (area_rows, ["indicator_id", "area_id", "period_end"], table.c.team_id.is_(None)),
        (
            team_rows,
            ["indicator_id", "area_id", "team_id", "period_end"],
            table.c.team_id.isnot(None),
        ),
    ):
        if not rows:
            continue
        statement = dialect.insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=elements,
            index_where=where,
            set_={
                column: statement.excluded[column]
                for column in (
                    "period_label",
                    "value",
                    "numerator",
                    "denominator",
                    "symbol",
                    "provenance",
                    "source",
                )
            },
        )
        connection.execute(statement, rows)


def load_rows(
    connection: Connection,
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    progress: Callable[[int], None] | None = None,
    max_errors: int = 1_000,
) -> ImportReport:
    """Validate every row and write them all, or raise before anything is committed.

    The caller owns the transaction: ImportRejected raised inside it rolls it back.
    """
    header = [column.strip() for column in header]
    errors = check_header(header)
    if errors:
        raise ImportRejected(errors)
    positions = {column: header.index(column) for column in header}
    seen: dict[tuple, int] = {}
    count = 0
    lookups = Lookups.load(connection)
    chunk: list[dict] = []
    for line, cells in rows:
        if any(cell.strip() for cell in cells[len(header) :]):
            errors.append(
                RowError(line, "", f"has {len(cells)} cells; the header has {len(header)}")
            )
            continue
        row = {
            column: (cells[index].strip() if index < len(cells) else "")
            for column, index in positions.items()
        }
        record, row_errors = validate_row(line, row, lookups)
        if row_errors:
            errors += row_errors
            if len(errors) >= max_errors:
                break
            continue
        key = (record["indicator_id"], record["area_id"], record["team_id"], record["period_end"])
        first_line = seen.setdefault(key, line)
        if first_line != line:
            errors.append(
                RowError(line, "period_end", f"duplicates the figure on line {first_line}")
            )
            continue
        count += 1
        if errors:
            continue  # keep checking, but the file will not be loaded
        chunk.append(record)
        if len(chunk) >= CHUNK:
            _upsert(connection, chunk)
            chunk = []
            if progress:
                progress(count)
    if not errors and count == 0:
        errors.append(RowError(2, "", "the file has a header but no rows"))
    if errors:
        raise ImportRejected(errors)
    if chunk:
        _upsert(connection, chunk)
    if progress:
        progress(count)
    return ImportReport(rows=count)


def import_template(
    engine: Engine, path: str | Path, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Import one template file (CSV or XLSX) in a single transaction: all of it or nothing."""
    header, rows = read_table(path)
    with engine.begin() as connection:
        return load_rows(connection, header, rows, progress)
