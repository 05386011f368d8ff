"""DfE's statistical-neighbour files into the database: every authority's 10 neighbours, closest
first, with DfE's words for how close, under the set's key (data_access/neighbour_sets.py).

A file is known by its columns, not its name: the April 2021 groupings have `LA num` and `SN1`
... `SN10`, each followed by its closeness (`SNP`); the 2025 model has `old_la_code` and `SN_1`
... `SN_10`, each followed by `SN_1P` ... `SN_10P` (the words are kept when there). Both name
authorities by DfE's old LA number, placed by the code each authority has now
(sample_data/local_authorities.csv, through sample_data/area_code_changes.csv: Barnsley's 370 is
E08000038). A file replaces its set whole, in one transaction: all or nothing, every bad cell
reported by line and column.

The neighbours' mean and median are not stored: they are worked out when read, from the set in
use (data_access/queries/neighbour_averages.py and queries/benchmark.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select

from data_access import data_version
from data_access.importers.area_codes import LocalAuthority, local_authorities
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.reading import read_table
from data_access.models import Area, StatisticalNeighbour
from data_access.neighbour_sets import neighbour_set_name

NEIGHBOURS = 10
LOCAL_AUTHORITY = "local_authority"
CLOSENESS_LENGTH = StatisticalNeighbour.closeness.type.length
FILE_NAME_LENGTH = StatisticalNeighbour.groupings.type.length


@dataclass(frozen=True)
class NeighbourFile:
    """How one of DfE's files lays out its set: the column of each authority's LA number, and
    each neighbour's column, with the column of its closeness right after it."""

    neighbour_set: str
    home_column: str
    neighbour_columns: tuple[str, ...]
    closeness_columns: tuple[str, ...]

    def describe(self) -> str:
        first, last = self.neighbour_columns[0], self.neighbour_columns[-1]
        name = neighbour_set_name(self.neighbour_set)
        return f"{self.home_column} and {first} ... {last} ({name})"


NEIGHBOUR_FILES = (
    NeighbourFile(
        "2021",
        "LA num",
        tuple(f"SN{n}" for n in range(1, NEIGHBOURS + 1)),
        ("SNP",) * NEIGHBOURS,
    ),
    NeighbourFile(
        "2025",
        "old_la_code",
        tuple(f"SN_{n}" for n in range(1, NEIGHBOURS + 1)),
        tuple(f"SN_{n}P" for n in range(1, NEIGHBOURS + 1)),
    ),
)


def neighbour_file(header: list[str]) -> NeighbourFile | None:
    """Which of DfE's neighbour files a header is (its LA number and neighbour columns); None
    when it is none of them."""
    names = {column.strip() for column in header}
    for layout in NEIGHBOUR_FILES:
        if {layout.home_column, *layout.neighbour_columns} <= names:
            return layout
    return None


def neighbour_set_of(path: str | Path) -> str | None:
    """The key of the neighbour set a file holds ('2021' or '2025'), known by its columns; None
    for any other file, or one that cannot be read."""
    try:
        header, _rows = read_table(path)
    except (ImportRejected, OSError):
        return None
    layout = neighbour_file(header)
    return layout.neighbour_set if layout else None


@dataclass(frozen=True)
class NeighbourSetRows:
    """A neighbour file as read and checked: each authority's neighbours, closest first, as
    (LA number, closeness), and the authorities they are, by LA number."""

    neighbour_set: str
    file_name: str
    neighbours: dict[str, list[tuple[str, str | None]]]
    authorities: dict[str, LocalAuthority]


def _positions(header: list[str], layout: NeighbourFile) -> tuple[int, list, list]:
    """Where the home and neighbour columns are, and each closeness column (None where the
    column after a neighbour's is not its closeness: DfE's words are kept when given)."""
    stripped = [column.strip() for column in header]
    neighbours = [stripped.index(column) for column in layout.neighbour_columns]
    closeness = [
        at + 1 if at + 1 < len(stripped) and stripped[at + 1] == wanted else None
        for at, wanted in zip(neighbours, layout.closeness_columns, strict=True)
    ]
    return stripped.index(layout.home_column), neighbours, closeness


def _cell(cells: list[str], at: int) -> str:
    return cells[at].strip() if at < len(cells) else ""


def read_neighbour_set(
    path: str | Path, authorities: Mapping[str, LocalAuthority] | None = None
) -> NeighbourSetRows:
    """Read and check a DfE neighbour file; `authorities` places each LA number (by default
    every authority DfE numbers). Raises ImportRejected with every problem found."""
    path = Path(path)
    known = dict(authorities) if authorities is not None else local_authorities()
    try:
        header, rows = read_table(path)
    except OSError as error:
        raise ImportRejected(
            [RowError(1, "", f"{path.name} cannot be read ({error.strerror})")]
        ) from None
    layout = neighbour_file(header)
    if layout is None:
        kinds = " nor ".join(layout.describe() for layout in NEIGHBOUR_FILES)
        reason = f"the file is not a DfE statistical-neighbour file: it has neither {kinds}"
        raise ImportRejected([RowError(1, "", reason)])
    home_at, neighbour_at, closeness_at = _positions(header, layout)
    errors: list[RowError] = []
    neighbours: dict[str, list[tuple[str, str | None]]] = {}
    first_line: dict[str, int] = {}
    for line, cells in rows:
        home = _cell(cells, home_at)
        named = [_cell(cells, at) for at in neighbour_at]
        if not home and not any(named):
            continue  # a blank row, or a heading such as the 2021 file's "Old SNs:"
        row_errors = _row_errors(line, home, named, layout, known, first_line)
        errors += row_errors
        if home in known:
            first_line.setdefault(home, line)  # a second row for it is an error, even so
        if row_errors:
            continue
        closeness = [None if at is None else _closeness(_cell(cells, at)) for at in closeness_at]
        neighbours[home] = list(zip(named, closeness, strict=True))
    if not neighbours and not errors:
        errors.append(RowError(1, "", "the file has no authority's row"))
    if errors:
        raise ImportRejected(errors)
    used = set(neighbours) | {number for row in neighbours.values() for number, _ in row}
    return NeighbourSetRows(
        layout.neighbour_set,
        path.name[:FILE_NAME_LENGTH],
        neighbours,
        {number: known[number] for number in used},
    )


def _closeness(cell: str) -> str | None:
    """DfE's words, in one case whichever file: 'Very close'."""
    return cell.capitalize()[:CLOSENESS_LENGTH] or None


def _row_errors(
    line: int,
    home: str,
    named: list[str],
    layout: NeighbourFile,
    known: Mapping[str, LocalAuthority],
    first_line: Mapping[str, int],
) -> list[RowError]:
    """Why one authority's row cannot be stored: an LA number missing, unknown, repeated, or the
    authority itself."""
    if not home:
        return [RowError(line, layout.home_column, "is empty, but the row names neighbours")]
    if home not in known:
        return [RowError(line, layout.home_column, _unknown(home))]
    if home in first_line:
        reason = f"LA number {home} has its neighbours on line {first_line[home]} already"
        return [RowError(line, layout.home_column, reason)]
    errors, seen = [], {known[home].code: layout.home_column}
    for column, number in zip(layout.neighbour_columns, named, strict=True):
        if not number:
            errors.append(RowError(line, column, f"is empty: each authority has {NEIGHBOURS}"))
        elif number not in known:
            errors.append(RowError(line, column, _unknown(number)))
        elif known[number].code in seen:
            where = seen[known[number].code]
            same = "itself" if where == layout.home_column else f"the same authority as {where}"
            errors.append(RowError(line, column, f"LA number {number} is {same}"))
        else:
            seen[known[number].code] = column
    return errors


def _unknown(number: str) -> str:
    return (
        f"'{number}' is not an LA number DfE gives an authority (sample_data/local_authorities.csv)"
    )


@dataclass(frozen=True)
class StoredNeighbourSet:
    """What storing a neighbour file did."""

    neighbour_set: str
    file_name: str
    authorities: int  # how many authorities' neighbours the set holds
    areas_added: int
    changed: bool

    def __str__(self) -> str:
        whose = "1 authority's" if self.authorities == 1 else f"{self.authorities:,} authorities'"
        words = (
            f"Statistical neighbours, {neighbour_set_name(self.neighbour_set)} "
            f"({self.file_name}): {whose} neighbours stored"
        )
        if self.areas_added:
            words += f"; {self.areas_added} new area(s)"
        return words + ("." if self.changed else " (as before).")


def _area_ids(connection: Connection, read: NeighbourSetRows) -> tuple[dict[str, int], int]:
    """Each authority's area id by LA number, adding the areas the database lacks."""
    codes = {authority.code: authority for authority in read.authorities.values()}
    found = select(Area.code, Area.id).where(Area.code.in_(list(codes)))
    known = dict(connection.execute(found).all())
    new = [
        {
            "code": code,
            "name": authority.name[: Area.name.type.length],
            "kind": LOCAL_AUTHORITY,
            "region_code": authority.region_code or None,
        }
        for code, authority in codes.items()
        if code not in known
    ]
    if new:
        connection.execute(insert(Area), new)
        added = select(Area.code, Area.id).where(Area.code.in_([area["code"] for area in new]))
        known.update(dict(connection.execute(added).all()))
    ids = {number: known[authority.code] for number, authority in read.authorities.items()}
    return ids, len(new)


def store_neighbour_set(connection: Connection, read: NeighbourSetRows) -> StoredNeighbourSet:
    """Replace the set's stored neighbours with the file's, inside the caller's transaction; a
    set the same as the stored one is left alone."""
    ids, added = _area_ids(connection, read)
    wanted = {
        (ids[home], position, number, ids[number], closeness, read.file_name)
        for home, row in read.neighbours.items()
        for position, (number, closeness) in enumerate(row, start=1)
    }
    columns = (
        StatisticalNeighbour.home_area_id,
        StatisticalNeighbour.position,
        StatisticalNeighbour.la_number,
        StatisticalNeighbour.neighbour_area_id,
        StatisticalNeighbour.closeness,
        StatisticalNeighbour.groupings,
    )
    this_set = StatisticalNeighbour.neighbour_set == read.neighbour_set
    stored = set(connection.execute(select(*columns).where(this_set)).all())
    changed = stored != wanted
    if changed:
        connection.execute(delete(StatisticalNeighbour).where(this_set))
        keys = ["neighbour_set", *(column.key for column in columns)]
        connection.execute(
            insert(StatisticalNeighbour),
            [dict(zip(keys, (read.neighbour_set, *row))) for row in wanted],
        )
    return StoredNeighbourSet(
        read.neighbour_set, read.file_name, len(read.neighbours), added, changed or bool(added)
    )


def import_neighbour_set(engine: Engine, path: str | Path) -> StoredNeighbourSet:
    """Read a DfE statistical-neighbour file (either set, known by its columns) and store every
    authority's neighbours under its set, in one transaction: all or nothing."""
    read = read_neighbour_set(path)
    with engine.begin() as connection:
        stored = store_neighbour_set(connection, read)
        if stored.changed:
            data_version.bump(connection)
    return stored
