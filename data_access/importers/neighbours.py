"""The statistical-neighbour (`SN`) average: the mean of Tameside's 10 DfE statistical neighbours.

The DfE groupings file lists each authority's 10 closest neighbours by old LA number (columns
SN1 ... SN10). The mean is computed from the neighbours' figures in the same EES file, for each
period in which at least half the neighbours have a number; other periods get no SN figure
(a symbol would claim a DfE meaning for a figure DfE never published).

Provenance: the mean is not a figure any document publishes, so by the honest-data rule it is
`illustrative`; its `source` says exactly how it was computed and from which files.

The neighbours themselves are stored too (`statistical_neighbour`), by the area codes the same
EES file gives their old LA numbers, for benchmarking (data_access/queries/benchmark.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select

from data_access.benchmarking import neighbour_mean
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.reading import read_table
from data_access.models import Area, Indicator, Observation, StatisticalNeighbour
from data_access.numbers import NumberRefused, parse_number

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
    """The neighbours' cells seen during an import: period end → old LA number → number; and
    the area code the file gives each neighbour's old LA number, and the home authority's."""

    neighbours: list[str]
    figures: dict[date, dict[str, float | None]] = field(default_factory=lambda: defaultdict(dict))
    area_codes: dict[str, str] = field(default_factory=dict)

    def note(self, old_la_code: str, area_code: str, period_end: date, cell: str) -> None:
        if old_la_code in self.neighbours:
            self.figures[period_end][old_la_code] = _number(cell)
        if old_la_code in self.neighbours or old_la_code == HOME_LA_NUMBER:
            self.area_codes.setdefault(old_la_code, area_code)

    def means(self) -> dict[date, tuple[float, int]]:
        """Each period's mean and how many neighbours it is over, when at least half have one."""
        means = {}
        for period_end, cells in sorted(self.figures.items()):
            numbers = [number for number in cells.values() if number is not None]
            mean = neighbour_mean(numbers, len(self.neighbours))
            if mean is not None:
                means[period_end] = (mean, len(numbers))
        return means


def _number(cell: str) -> float | None:
    try:
        return parse_number(cell)
    except NumberRefused:
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


@dataclass
class StoredNeighbours:
    """What storing the neighbours did: how many were stored, and the old LA numbers that
    could not be placed (no row in the EES file, and not stored before)."""

    stored: int = 0
    missing: list[str] = field(default_factory=list)
    home_missing: bool = False
    changed: bool = False


def store_neighbours(
    connection: Connection, figures: NeighbourFigures, groupings: str
) -> StoredNeighbours:
    """Replace the home authority's stored neighbours with the groupings file's, closest first,
    inside the import's transaction; a list the same as the stored one is left alone.

    Each neighbour is placed by the area code the EES file gives its old LA number; one the file
    has no row for keeps the area it was stored with before under the same number (a file
    without it says nothing about it), and one never placed is left out and reported."""
    home_code = figures.area_codes.get(HOME_LA_NUMBER)
    if home_code is None:
        return StoredNeighbours(home_missing=True)
    codes = [home_code, *figures.area_codes.values()]
    ids = dict(connection.execute(select(Area.code, Area.id).where(Area.code.in_(codes))).all())
    home_id = ids[home_code]
    columns = (
        StatisticalNeighbour.position,
        StatisticalNeighbour.la_number,
        StatisticalNeighbour.neighbour_area_id,
        StatisticalNeighbour.groupings,
    )
    stored = set(
        connection.execute(
            select(*columns).where(StatisticalNeighbour.home_area_id == home_id)
        ).all()
    )
    before = {number: area_id for _, number, area_id, _ in stored}
    wanted, missing = set(), []
    for position, number in enumerate(figures.neighbours, start=1):
        code = figures.area_codes.get(number)
        area_id = ids[code] if code is not None else before.get(number)
        if area_id is None:
            missing.append(number)
        else:
            wanted.add((position, number, area_id, groupings))
    if stored != wanted:
        connection.execute(
            delete(StatisticalNeighbour).where(StatisticalNeighbour.home_area_id == home_id)
        )
        if wanted:
            keys = ("position", "la_number", "neighbour_area_id", "groupings")
            connection.execute(
                insert(StatisticalNeighbour),
                [{"home_area_id": home_id, **dict(zip(keys, row))} for row in sorted(wanted)],
            )
    return StoredNeighbours(stored=len(wanted), missing=missing, changed=stored != wanted)
