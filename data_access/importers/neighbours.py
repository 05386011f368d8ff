"""The statistical-neighbour (`SN`) average: the mean of Tameside's 10 DfE statistical neighbours.

The DfE groupings file lists each authority's 10 closest neighbours by old LA number (columns
SN1 ... SN10). The mean is computed from the neighbours' figures in the same EES file, for each
period in which at least half the neighbours have a number; other periods get no SN figure
(a symbol would claim a DfE meaning for a figure DfE never published).

Provenance: the mean is not a figure any document publishes, so by the honest-data rule it is
`illustrative`; its `source` says exactly how it was computed and from which files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, select

from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.reading import read_table
from data_access.models import Area, Indicator, Observation

HOME_LA_NUMBER = "357"  # Tameside's old LA number, the authority this dashboard is for
SN_AREA = ("SN", "Statistical neighbours (average)", "comparator")
NEIGHBOUR_COLUMNS = tuple(f"SN{number}" for number in range(1, 11))
SN_PROVENANCE = "illustrative"


def read_neighbours(path: str | Path, home: str = HOME_LA_NUMBER) -> list[str]:
    """The old LA numbers of `home`'s 10 statistical neighbours, closest first."""
    name = Path(path).name
    try:
        header, rows = read_table(path)
    except OSError as error:
        raise ImportRejected(
            [RowError(1, "", f"the neighbours file {name} cannot be read ({error.strerror})")]
        ) from None
    missing = [column for column in ("LA num", *NEIGHBOUR_COLUMNS) if column not in header]
    if missing:
        raise ImportRejected(
            [
                RowError(1, column, f"is not a column of the neighbours file {name}")
                for column in missing
            ]
        )
    positions = [header.index(column) for column in NEIGHBOUR_COLUMNS]
    own = header.index("LA num")
    for line, cells in rows:
        if own >= len(cells) or cells[own].strip() != home:  # a short row is not home's
            continue
        neighbours = [cells[i].strip() if i < len(cells) else "" for i in positions]
        empty = [NEIGHBOUR_COLUMNS[n] for n, code in enumerate(neighbours) if not code]
        if empty:
            raise ImportRejected(
                [
                    RowError(line, column, f"is empty in the neighbours file {name}")
                    for column in empty
                ]
            )
        return neighbours
    raise ImportRejected(
        [RowError(1, "LA num", f"the neighbours file {name} has no row for LA number {home}")]
    )


@dataclass
class NeighbourFigures:
    """The neighbours' cells seen during an import: period end → old LA number → number."""

    neighbours: list[str]
    figures: dict[date, dict[str, float | None]] = field(default_factory=lambda: defaultdict(dict))

    def note(self, old_la_code: str, period_end: date, cell: str) -> None:
        if old_la_code in self.neighbours:
            self.figures[period_end][old_la_code] = _number(cell)

    def means(self) -> dict[date, tuple[float, int]]:
        """Each period's mean and how many neighbours it is over, when at least half have one."""
        means = {}
        for period_end, cells in sorted(self.figures.items()):
            numbers = [number for number in cells.values() if number is not None]
            if numbers and len(numbers) * 2 >= len(self.neighbours):
                means[period_end] = (round(sum(numbers) / len(numbers), 2), len(numbers))
        return means


def _number(cell: str) -> float | None:
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        return None  # a symbol such as c or x: not a number, so not in the mean


def published_sn_periods(connection: Connection, indicator_ref: str, periods: list[date]) -> set:
    """Periods that already have a published SN figure (from a document): the mean keeps off."""
    if not periods:
        return set()
    query = (
        select(Observation.period_end)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(
            Indicator.ref == indicator_ref,
            Area.code == SN_AREA[0],
            Observation.team_id.is_(None),
            Observation.provenance == "published",
            Observation.period_end.in_(periods),
        )
    )
    return set(connection.scalars(query))
