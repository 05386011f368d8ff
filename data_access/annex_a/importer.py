"""`python -m data_access import-annex-a FILE.xlsx --as-at DATE [--months N]`, and the import
page's Annex A upload: read the lists (reader.py), compute each measure for every month, for the
authority and each allocated team (measures.py), and store only those figures, as `computed`
from "Annex A as at DATE", through the figures' one writing path. All or nothing; the same file
twice changes nothing. No child's row, identifier or date is kept or told anywhere."""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Connection, Engine, func, select

from data_access import data_version
from data_access.annex_a.measures import MEASURES, Measure
from data_access.annex_a.reader import AnnexA, is_annex_a, read_annex_a
from data_access.annex_a.rules import Month, Tallies, months_before
from data_access.annex_a.teams import match_team, team_names
from data_access.authority import environment_code
from data_access.db import after_bulk_write
from data_access.importers.errors import ImportRejected
from data_access.importers.reading import sheet_names
from data_access.importers.writing import upsert_figures
from data_access.models import Area, Indicator, Observation
from data_access.periods import is_month_end, month_end, period_label, today

DEFAULT_MONTHS = 6
MOST_MONTHS = 24
COMPUTED = "computed"
QUARTER_ENDS = (3, 6, 9, 12)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnnexAReport:
    """What an Annex A import stored and left out. Rows are named by list and line only."""

    as_at: date
    months: tuple[str, ...]
    figures: int
    added: int
    updated: int
    unchanged: int
    computed: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]  # (measure, why)
    unmatched_teams: tuple[tuple[str, int], ...]  # (team as the lists give it, rows)
    without_team: int  # rows with no allocated team: counted for the authority only
    authority_only: tuple[str, ...]  # measures the catalogue gives no team figures
    published_kept: tuple[str, ...] = ()  # "25 Sep 2023": a published figure left as it is

    def lines(self) -> list[str]:
        lines = [
            f"Annex A as at {self.as_at}: {self.figures:,} figure(s) for {', '.join(self.months)}"
            f": {self.added:,} added, {self.updated:,} updated, {self.unchanged:,} unchanged.",
            "Measures computed: " + (", ".join(self.computed) or "none") + ".",
        ]
        lines += [f"Measure {ref} skipped: {why}." for ref, why in self.skipped]
        lines += [
            f"Team '{name}' ({rows:,} row(s)) is not one of the teams, nor an alias of one: its "
            "rows count for the authority only. Add it as an alias to give it its team."
            for name, rows in self.unmatched_teams
        ]
        if self.without_team:
            lines.append(
                f"{self.without_team:,} row(s) have no allocated team: they count for the "
                "authority only."
            )
        if self.authority_only:
            lines.append(
                "Team figures not stored for "
                + ", ".join(self.authority_only)
                + ": the measure catalogue gives these measures the authority's figure only."
            )
        if self.published_kept:
            lines.append(
                "Published figures kept, not replaced by the computed ones: "
                + ", ".join(self.published_kept)
                + " (a figure DfE or a document published for the same measure and month)."
            )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def months_to(as_at: date, count: int) -> list[Month]:
    """The `count` calendar months ending with the as-at date's month, oldest first; the last
    ends at the as-at date."""
    months = []
    for back in range(count - 1, -1, -1):
        first = months_before(as_at.replace(day=1), back)
        months.append(Month(first, min(month_end(first), as_at)))
    return months


def figure_label(period_end: date, frequency: str, period: str = "") -> str:
    """The figure's period in words: the month (`Nov 2026`), or the day when the figure is as at
    a day that does not end one of its measure's periods (`15 Nov 2026`)."""
    ends_period = is_month_end(period_end) and (
        frequency != "quarterly" or period_end.month in QUARTER_ENDS
    )
    if ends_period and frequency in ("monthly", "quarterly"):
        text = period_label(period_end, frequency)
    else:
        text = f"{period_end.day} {period_end:%b %Y}"
    if period:
        text = f"{period} {text if not ends_period else f'{period_end:%b %Y}'}"
    return text


class RequestRefused(ImportRejected):
    """The import was asked for wrongly (its as-at date, its months, its authority), not the
    file: nothing was read or written."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__([])

    def summary(self) -> str:
        return f"Nothing was imported: {self.reason}."

    def report(self, limit: int | None = None) -> str:
        return self.summary()


def check_request(as_at: date, months: int) -> None:
    if as_at > today():
        raise RequestRefused(f"the as-at date {as_at} is in the future")
    if not 1 <= months <= MOST_MONTHS:
        raise RequestRefused(f"the months must be 1 to {MOST_MONTHS}, not {months}")


def _teams(connection: Connection, annex: AnnexA) -> tuple[dict[str, int], Counter, int]:
    """Each row's team set to its slug (None where not matched); the teams' ids by slug, the
    names not matched (with their rows) and the rows with no team."""
    names = team_names(connection)
    ids: dict[str, int] = {}
    unmatched: Counter = Counter()
    without = 0
    for rows in annex.rows.values():
        for row in rows:
            given = row.get("team")
            if "team" not in row:
                continue
            if given is None:
                without += 1
                continue
            found = match_team(names, given)
            if found is None:
                unmatched[given] += 1
                row["team"] = None
            else:
                ids[found[1]] = found[0]
                row["team"] = found[1]
    return ids, unmatched, without


def _value(unit: str, numerator: int, denominator: int, months: int) -> dict | None:
    if unit == "count":
        return {"value": round(numerator / months, 6), "numerator": None, "denominator": None}
    if not denominator:
        return None  # no one to count: no figure rather than a made-up one
    scale = 100.0 if unit == "percent" else 1.0
    value = round(numerator / denominator * scale, 6)
    return {"value": value, "numerator": float(numerator), "denominator": float(denominator)}


def _records(
    measure: Measure, tallies: Tallies, period_end: date, info, home_id: int, team_ids, source
) -> tuple[list[dict], bool]:
    """The figures of one measure and month; and whether team figures were left out."""
    id_, unit, frequency, team_level = info
    records, left_out = [], False
    for team, counted in tallies.items():
        if team is not None and not team_level:
            left_out = True
            continue
        numbers = _value(unit, counted.numerator, counted.denominator, measure.averaged_over)
        if numbers is None:
            continue
        records.append(
            {
                "indicator_id": id_,
                "area_id": home_id,
                "team_id": None if team is None else team_ids[team],
                "period_end": period_end,
                "period_label": figure_label(period_end, frequency, measure.period),
                **numbers,
                "symbol": None,
                "provenance": COMPUTED,
                "source": source,
            }
        )
    return records, left_out


def _why_skipped(measure: Measure, annex: AnnexA, catalogue: dict) -> str | None:
    """Why a measure cannot be computed (a list or column missing, or no such measure in the
    catalogue), or None."""
    for number, keys in measure.needs.items():
        if missing := annex.has(number, keys):
            return missing
    return None if measure.ref in catalogue else "the measure catalogue has no such measure"


def _without_published(
    connection: Connection, records: list[dict]
) -> tuple[list[dict], tuple[str, ...]]:
    """The records but those whose measure, area, team and month hold a published figure (a
    computed figure never replaces one), and those left out, as "ref label"."""
    if not records:
        return records, ()
    published = {
        (indicator_id, area_id, team_id, period_end): (ref, label)
        for indicator_id, area_id, team_id, period_end, ref, label in connection.execute(
            select(
                Observation.indicator_id,
                Observation.area_id,
                Observation.team_id,
                Observation.period_end,
                Indicator.ref,
                Observation.period_label,
            )
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(
                Observation.provenance == "published",
                Observation.area_id.in_({record["area_id"] for record in records}),
                Observation.period_end.in_({record["period_end"] for record in records}),
            )
        )
    }

    def key(record: dict) -> tuple:
        return tuple(record[name] for name in ("indicator_id", "area_id", "team_id", "period_end"))

    kept = [published[key(record)] for record in records if key(record) in published]
    return (
        [record for record in records if key(record) not in published],
        tuple(f"{ref} {label}" for ref, label in sorted(kept)),
    )


def store_annex_a(
    connection: Connection, annex: AnnexA, as_at: date, months: int, home: str
) -> AnnexAReport:
    """Compute and write every measure the lists allow, in the caller's transaction."""
    home_id = connection.scalar(select(Area.id).where(Area.code == home))
    if home_id is None:
        raise RequestRefused(f"the authority {home} is not among the areas: seed it first")
    catalogue = {
        ref: info
        for ref, *info in connection.execute(
            select(
                Indicator.ref,
                Indicator.id,
                Indicator.unit,
                Indicator.frequency,
                Indicator.team_level,
            )
        )
    }
    team_ids, unmatched, without = _teams(connection, annex)
    periods = months_to(as_at, months)
    source = f"Annex A as at {as_at.day} {as_at:%B %Y}"
    records, computed, skipped, authority_only = [], [], [], []
    for measure in MEASURES:
        why = _why_skipped(measure, annex, catalogue)
        if why:
            skipped.append((measure.ref, why))
            continue
        left_out = False
        for month in periods[-1:] if measure.as_at_only else periods:
            tallies = measure.rule(annex.rows, month)
            found, dropped = _records(
                measure, tallies, month.last, catalogue[measure.ref], home_id, team_ids, source
            )
            records += found
            left_out |= dropped
        computed.append(measure.ref)
        if left_out:
            authority_only.append(measure.ref)
    records, kept = _without_published(connection, records)
    before = connection.scalar(select(func.count()).select_from(Observation))
    changed = upsert_figures(connection, records)
    added = connection.scalar(select(func.count()).select_from(Observation)) - before
    if changed:
        data_version.bump(connection)
    return AnnexAReport(
        as_at,
        tuple(period_label(month_end(month.first), "monthly") for month in periods),
        len(records),
        added,
        changed - added,
        len(records) - changed,
        tuple(computed),
        tuple(skipped),
        tuple(sorted(unmatched.items())),
        without,
        tuple(authority_only),
        kept,
    )


def import_annex_a(
    engine: Engine,
    path: str | Path | BinaryIO,
    as_at: date,
    months: int = DEFAULT_MONTHS,
    home: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AnnexAReport:
    """Import an Annex A workbook as at `as_at`, for `months` months, in one transaction: all
    its figures or none. `home` is the authority whose lists they are (by default the
    environment's); `progress`, if given, is told the rows read of the rows in the lists."""
    check_request(as_at, months)
    annex = read_annex_a(path, progress)
    with engine.begin() as connection:
        report = store_annex_a(connection, annex, as_at, months, home or environment_code())
    log.info("Annex A as at %s imported: %s figure(s).", as_at, report.figures)
    after_bulk_write(engine, report.added + report.updated)
    return report


def holds_annex_a(name: str, data: bytes) -> bool:
    """Whether an upload is an Annex A workbook: an XLSX file with a sheet List 1 to List 11."""
    return name.lower().endswith(".xlsx") and is_annex_a(sheet_names(io.BytesIO(data)))


def import_annex_a_upload(
    engine: Engine,
    data: bytes,
    as_at: date,
    months: int = DEFAULT_MONTHS,
    home: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AnnexAReport:
    """Import an uploaded Annex A workbook's bytes, as `import_annex_a` imports a file: read
    from memory, never written to a file of its own."""
    return import_annex_a(engine, io.BytesIO(data), as_at, months, home, progress)
