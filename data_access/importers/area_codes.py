"""Authorities that kept their area and their DfE LA number but were given a new ONS code
(sample_data/area_code_changes.csv): DfE's files use the old code in some years and the new one
in others, so each figure is stored under the code the authority has now, and its years form
one series that benchmarking can find. And every authority's DfE LA number (the "old LA code"
of DfE's files, sample_data/local_authorities.csv), by which the statistical-neighbour files
name authorities, with the code it has now."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, delete, select

from data_access.importers.ees_rows import EesRow
from data_access.models import Area, Indicator, Observation

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
CODE_CHANGES = SAMPLE_DATA / "area_code_changes.csv"
LOCAL_AUTHORITIES = SAMPLE_DATA / "local_authorities.csv"


@dataclass(frozen=True)
class LocalAuthority:
    la_number: str  # DfE's old LA code: 357
    code: str  # the ONS code it has now: E08000008
    name: str
    region_code: str = ""  # as DfE's files place it: E12000002
    region_name: str = ""


def current_codes(path: Path = CODE_CHANGES) -> dict[str, str]:
    """Each former code → the code its authority has now (through any later change too)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        changes = {
            row["old_code"].strip(): row["new_code"].strip() for row in csv.DictReader(handle)
        }
    current = {}
    for old in changes:
        code, seen = old, {old}
        while code in changes and changes[code] not in seen:
            code = changes[code]
            seen.add(code)
        current[old] = code
    return current


def local_authorities(
    path: Path = LOCAL_AUTHORITIES, changes: Path = CODE_CHANGES
) -> dict[str, LocalAuthority]:
    """Every authority DfE numbers, by its LA number, with the ONS code it has now."""
    codes = current_codes(changes)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["la_number"].strip(): LocalAuthority(
            row["la_number"].strip(),
            codes.get(row["code"].strip(), row["code"].strip()),
            row["name"].strip(),
            row["region_code"].strip(),
            row["region_name"].strip(),
        )
        for row in rows
    }


def with_current_codes(
    rows: Iterable[EesRow], codes: dict[str, str], renamed: set[tuple[str, date]]
) -> Iterator[EesRow]:
    """The rows with each former code replaced by the current one; each (former code, period)
    replaced is added to `renamed`."""
    for row in rows:
        new_code = codes.get(row.area_code)
        if new_code is None:
            yield row
            continue
        renamed.add((row.area_code, row.period_end))
        yield replace(row, area_code=new_code)


def remove_figures_under_former_codes(
    connection: Connection, indicator_ref: str, renamed: set[tuple[str, date]]
) -> int:
    """Delete the measure's figures that an earlier import stored under a former code for the
    periods this import has stored under the current one, so that no authority is counted twice
    when authorities are ranked. Returns how many were deleted."""
    if not renamed:
        return 0
    indicator_id = select(Indicator.id).where(Indicator.ref == indicator_ref).scalar_subquery()
    removed = 0
    for code in sorted({code for code, _ in renamed}):
        periods = sorted(period for former, period in renamed if former == code)
        area_id = select(Area.id).where(Area.code == code).scalar_subquery()
        result = connection.execute(
            delete(Observation).where(
                Observation.indicator_id == indicator_id,
                Observation.area_id == area_id,
                Observation.team_id.is_(None),
                Observation.period_end.in_(periods),
            )
        )
        removed += result.rowcount
    return removed
