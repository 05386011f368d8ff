"""`python -m data_access generate-annex-a`: a synthetic Ofsted Annex A workbook (SPEC section
13) for an authority of the sample authority's size, with the sample's teams in `Allocated Team` and
workers known only by a code, whose figures sit beside the sample's: 24 months of contacts,
referrals, assessments and enquiries, and every case open at some time in those months.

One team, the disabled children's team, struggles: its assessments, conferences and visits are
late more often, and its workers hold more cases. The same seed always writes the same file.
The children are made up: their identifiers and birth dates are drawn for the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from data_access.annex_a.synthetic_cases import also_in_need, in_need, looked_after, protection
from data_access.annex_a.synthetic_codes import COLUMNS, EARLY_HELP_TEAMS, TEAMS
from data_access.annex_a.synthetic_front_door import front_door
from data_access.annex_a.synthetic_people import Draw
from data_access.annex_a.synthetic_services import adopters, adoption, care_leavers, early_help
from data_access.annex_a.synthetic_xlsx import write_workbook
from data_access.seed import read_csv

HISTORY_MONTHS = 24
# The column each list is in order of, as councils' extracts usually are.
ORDER = {
    "List 1": "Date of Contact",
    "List 2": "Assessment start date",
    "List 3": "Date of referral",
    "List 4": "Continuous Assessment Start Date",
    "List 5": "Strategy discussion initiating Section 47 Enquiry Start Date",
    "List 6": "CIN Start Date",
    "List 7": "Child Protection Plan Start Date",
    "List 8": "Date Started to be Looked After",
    "List 9": "Child Unique ID",
    "List 10": "Date of Decision that Child Should be Placed for Adoption",
    "List 11": "Date enquiry received",
}


@dataclass(frozen=True)
class AnnexAWritten:
    """What generate-annex-a wrote: the file and how many rows each list has."""

    path: Path
    as_at: date
    rows: dict[str, int]

    @property
    def child_rows(self) -> int:
        """The rows about children: every list but List 11 (adopters)."""
        return sum(count for name, count in self.rows.items() if name != "List 11")

    def __str__(self) -> str:
        lists = ", ".join(f"{name} {count:,}" for name, count in self.rows.items())
        return (
            f"Wrote a synthetic Annex A as at {self.as_at:%d/%m/%Y} to {self.path}: "
            f"{self.child_rows:,} child-level rows ({lists})."
        )


def sample_team_names() -> dict[str, str]:
    """The sample's teams, name by slug, as `seed` loads them (sample_data/teams.csv)."""
    names = {row["slug"]: row["name"] for row in read_csv("teams.csv")}
    wanted = {team.slug for team in TEAMS} | set(EARLY_HELP_TEAMS)
    missing = sorted(wanted - names.keys())
    if missing:
        raise ValueError(f"sample_data/teams.csv has no team {', '.join(missing)}")
    return names


def first_month(as_at: date, months: int = HISTORY_MONTHS) -> date:
    """The first day of the earliest of the `months` calendar months ending with as-at's."""
    index = as_at.year * 12 + as_at.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def annex_a_lists(as_at: date, seed: int = 1, scale: float = 1.0) -> dict[str, list[tuple]]:
    """Every list's rows, in the order of COLUMNS[list], each list in date order.
    `scale` multiplies the volumes (2.0: an authority twice the sample authority's size)."""
    draw, first, names = Draw(seed, as_at, scale), first_month(as_at), sample_team_names()
    door = front_door(draw, first, names)
    lists = {
        **door.lists,
        "List 2": early_help(draw, first, names),
        "List 7": protection(draw, first, names, door.protection),
        "List 8": looked_after(draw, first, names),
        "List 9": care_leavers(draw, names),
        "List 10": adoption(draw, first),
        "List 11": adopters(draw, first),
    }
    lists["List 6"] = in_need(draw, first, names, door.in_need) + also_in_need(
        lists["List 7"], lists["List 8"]
    )
    ordered = {}
    for name, columns in COLUMNS.items():
        at = columns.index(ORDER[name])
        ordered[name] = sorted(lists[name], key=lambda row: row[at])
    return ordered


def write_annex_a(
    path: str | Path, as_at: date, seed: int = 1, scale: float = 1.0
) -> AnnexAWritten:
    """Write the synthetic Annex A to `path` (XLSX, sheets List 1 to List 11)."""
    lists, path = annex_a_lists(as_at, seed, scale), Path(path)
    partial = path.with_name(f".{path.name}.partial")  # so a failed write leaves no half file
    try:
        write_workbook(partial, [(name, COLUMNS[name], rows) for name, rows in lists.items()])
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return AnnexAWritten(path, as_at, {name: len(rows) for name, rows in lists.items()})
