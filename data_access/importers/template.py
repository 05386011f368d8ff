"""The project's own import template (SPEC section 7): validate every row, then upsert all.

Columns: indicator_ref, area_code, team_slug, period_end, value, numerator, denominator,
symbol, provenance, source, and optionally period_label. Keyed by indicator, area, team and
period end, so importing the same file twice changes nothing.

The file is streamed row by row and written in chunks of CHUNK rows (writing.py), all
inside the caller's one transaction: a bad row or a database error anywhere rolls
back every chunk before it. Nothing holds the whole file in memory.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select

from data_access import data_version
from data_access.authority import environment_code
from data_access.db import after_bulk_write
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.figure_checks import (
    TeamPeaks,
    count_problems,
    counts_are_whole,
    date_problems,
    team_problems,
)
from data_access.importers.reading import read_table
from data_access.importers.table_shape import check_header, fitted
from data_access.importers.writing import upsert_figures
from data_access.models import Area, Indicator, Observation, Team
from data_access.numbers import NumberRefused, parse_number
from data_access.periods import period_label, today

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
CHUNK = 5_000  # rows per write
PROGRESS_EVERY = 20_000  # rows checked between two progress reports
MAX_ERRORS = 1_000  # checking stops after this many problems
LABEL_LENGTH = Observation.period_label.type.length


COMPARATOR = "comparator"  # the kind of area whose figure is an average of others'


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    unit: str
    frequency: str
    category: str
    team_level: bool


@dataclass(frozen=True)
class Lookups:
    """What a row is checked against: the measures, areas and teams there are, which areas are
    comparators, and today (read once, so that a file is judged by one day)."""

    indicators: dict[str, IndicatorInfo]
    areas: dict[str, int]
    teams: dict[str, int]
    comparators: frozenset[str]
    today: date
    home: str  # the authority whose teams the teams are

    @classmethod
    def load(cls, connection, home: str) -> Lookups:
        columns = (Indicator.id, Indicator.unit, Indicator.frequency, Indicator.category)
        indicators = {
            ref: IndicatorInfo(*info, bool(team_level))
            for ref, *info, team_level in connection.execute(
                select(Indicator.ref, *columns, Indicator.team_level)
            )
        }
        places = connection.execute(select(Area.code, Area.id, Area.kind)).all()
        areas = {code: id_ for code, id_, _kind in places}
        comparators = frozenset(code for code, _id, kind in places if kind == COMPARATOR)
        teams = dict(connection.execute(select(Team.slug, Team.id)).all())
        return cls(indicators, areas, teams, comparators, today(), home)


@dataclass(frozen=True)
class ImportReport:
    """How many rows a file had, and how many of them were new, changed or the same; and the
    warnings: what was loaded but may be wrong, for a person to check (line, column, why)."""

    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: tuple[RowError, ...] = ()

    def __str__(self) -> str:
        if self.added + self.updated + self.unchanged != self.rows:
            text = f"Imported {self.rows:,} row(s)."
        else:
            text = (
                f"Imported {self.rows:,} row(s): {self.added:,} added, {self.updated:,} "
                f"updated, {self.unchanged:,} unchanged."
            )
        if self.warnings:
            text += f"\n{len(self.warnings):,} warning(s), imported all the same: please check"
            text += "".join(f"\n  {warning}" for warning in self.warnings)
        return text


def _number(
    text: str, line: int, column: str, errors: list[RowError], *, what: str = "figures"
) -> float | None:
    """The number in a cell (numbers.py says how it is written), or None with the reason added
    to `errors`."""
    if not text:
        return None
    try:
        number = parse_number(text)
    except NumberRefused as refused:
        errors.append(RowError(line, column, f"'{text}' {refused.reason}"))
        return None
    if number < 0:
        errors.append(RowError(line, column, f"{text} is negative; {what} cannot be below zero"))
        return None
    return number


# A file repeats a few hundred periods a million times: name each once.
_label = functools.lru_cache(maxsize=4096)(period_label)


def _what(column: str, unit: str | None) -> str:
    """What a number in `column` is, in words, to say why it cannot be negative."""
    if column != "value" or unit is None:
        return f"a {column}"
    return {"percent": "a percentage (0 to 100)", "count": "a count"}.get(unit, "figures")


SYMBOL_WITH_NUMBER = (
    "must be empty when a symbol is given: the symbol stands for a figure that is not shown, "
    "and a number beside it would show it"
)


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
        if period_end.isoformat() != row["period_end"]:  # 20230430 or 2023-W17-7 are not
            raise ValueError
    except ValueError:
        period_end = None
        errors.append(
            RowError(line, "period_end", f"'{row['period_end']}' is not a date as YYYY-MM-DD")
        )
    unit = indicator.unit if indicator is not None else None
    value = _number(row["value"], line, "value", errors, what=_what("value", unit))
    numerator = _number(row["numerator"], line, "numerator", errors, what="a numerator")
    denominator = _number(row["denominator"], line, "denominator", errors, what="a denominator")
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

    if symbol is not None:
        errors += [
            RowError(line, column, SYMBOL_WITH_NUMBER)
            for column in ("value", "numerator", "denominator")
            if row[column]
        ]
    problems: list[tuple[str, str]] = []
    if indicator is not None and team_id is not None and area_id is not None:
        problems += team_problems(ref, indicator.team_level, row["area_code"], lookups.home)
    if period_end is not None:
        frequency = indicator.frequency if indicator is not None else ""
        label = row.get("period_label", "")
        problems += date_problems(period_end, frequency, label, lookups.today)
    errors += [RowError(line, column, reason) for column, reason in problems]
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
                if not math.isfinite(derived):  # a huge numerator over a tiny denominator
                    errors.append(
                        RowError(
                            line,
                            "numerator",
                            f"{row['numerator']} / {row['denominator']} is too large a number",
                        )
                    )
                elif value is None and symbol is None and not row["value"]:
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
        if counts_are_whole(indicator.category, row["area_code"] in lookups.comparators):
            errors += [
                RowError(line, column, reason)
                for column, reason in count_problems(
                    row, indicator.unit, (value, numerator, denominator)
                )
            ]
    if value is None and symbol is None and not row["value"] and not errors:
        errors.append(RowError(line, "value", "is empty and no symbol says why"))
    if len(row.get("period_label", "")) > LABEL_LENGTH:
        errors.append(RowError(line, "period_label", f"is longer than {LABEL_LENGTH} characters"))
    if errors:
        return None, errors
    label = row.get("period_label") or _label(period_end, indicator.frequency)
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


def figure_key(record: dict) -> int:
    """The figure's natural key as one exact integer: a set of a million of them stays small."""
    team = record["team_id"] or 0
    key = (record["indicator_id"] << 32 | record["area_id"]) << 32 | team
    return key << 24 | record["period_end"].toordinal()


def _count(connection: Connection) -> int:
    return connection.scalar(select(func.count()).select_from(Observation))


def load_rows(
    connection: Connection,
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    progress: Callable[[int], None] | None = None,
    max_errors: int = MAX_ERRORS,
    every: int = PROGRESS_EVERY,
    home: str | None = None,
    write: Callable[[Connection, list[dict]], int] = upsert_figures,
) -> ImportReport:
    """Validate every row and write them all, or raise before anything is committed.

    The caller owns the transaction: ImportRejected (or a database error) raised inside it
    rolls it back. `progress`, if given, is called with the number of rows checked so far,
    every `every` rows and at the end. `home` is the authority whose teams the teams are (by
    default the environment's, data_access/authority.py). `write` writes a chunk of checked
    figures and says how many it changed (the seed collects them instead, data_access/seed.py).
    """
    header = [column.strip() for column in header]
    errors = check_header(header, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, "the template")
    if errors:
        raise ImportRejected(errors)
    width = len(header)
    seen: dict[int, int] = {}
    checked = 0
    changed = 0
    lookups = Lookups.load(connection, home or environment_code())
    units = {info.id: info.unit for info in lookups.indicators.values()}
    team_peaks = TeamPeaks()
    before = _count(connection)
    chunk: list[dict] = []
    for line, cells in rows:
        checked += 1
        if progress and checked % every == 0:
            progress(checked)
        cells = fitted(line, cells, width)
        if isinstance(cells, RowError):
            errors.append(cells)
            continue
        record, row_errors = validate_row(line, dict(zip(header, map(str.strip, cells))), lookups)
        if row_errors:
            errors += row_errors
            if len(errors) >= max_errors:
                raise ImportRejected(errors, stopped_early=True)
            continue
        first_line = seen.setdefault(figure_key(record), line)
        if first_line != line:
            errors.append(
                RowError(line, "period_end", f"duplicates the figure on line {first_line}")
            )
            continue
        if errors:
            continue  # keep checking, but the file will not be loaded
        if record["team_id"] is not None:
            team_peaks.note(line, record, units[record["indicator_id"]])
        chunk.append(record)
        if len(chunk) >= CHUNK:
            changed += write(connection, chunk)
            chunk = []
    if not errors and not seen:
        errors.append(RowError(2, "", "the file has a header but no rows"))
    if errors:
        raise ImportRejected(errors)
    if chunk:
        changed += write(connection, chunk)
    if progress:
        progress(checked)
    added = _count(connection) - before
    count = len(seen)
    warnings = team_peaks.warnings(connection, lookups.areas.get(lookups.home))
    return ImportReport(count, added, changed - added, count - changed, tuple(warnings))


def import_template(
    engine: Engine,
    path: str | Path,
    progress: Callable[[int], None] | None = None,
    every: int = PROGRESS_EVERY,
    home: str | None = None,
) -> ImportReport:
    """Import one template file (CSV or XLSX) in a single transaction: all of it or nothing.
    `home`: as for `load_rows`."""
    header, rows = read_table(path)
    with engine.begin() as connection:
        report = load_rows(connection, header, rows, progress, every=every, home=home)
        data_version.bump(connection)
    after_bulk_write(engine, report.added + report.updated)
    return report
