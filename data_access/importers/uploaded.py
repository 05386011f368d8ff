"""A file arriving as bytes (an upload): one of DfE's files that the catalogue knows by its
columns is imported as `import-dfe` imports it (dfe.py); a plan workbook as `import_plan` does;
any other as `import_template` imports a file. The rows checked are told to its progress."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy import Engine

from data_access.importers.dfe import import_dfe_file
from data_access.importers.dfe_catalogue import DfeFile, read_catalogue, recognise, revised_by
from data_access.importers.ees import EesReport
from data_access.importers.errors import ImportRejected
from data_access.importers.neighbours import (
    StoredNeighbourSet,
    import_neighbour_set,
    neighbour_set_of,
)
from data_access.importers.plan import PlanReport, import_plan, is_plan_workbook
from data_access.importers.reading import XLSX_SUFFIXES, count_rows, read_table, sheet_names
from data_access.importers.template import (
    PROGRESS_EVERY,
    REQUIRED_COLUMNS,
    ImportReport,
    import_template,
)

MAX_NAME = 200  # bytes of an uploaded file's name kept, as a DfE figure's source gives it


@dataclass(frozen=True)
class DfeUpload:
    """A DfE file's import: which file the catalogue took it for, and each measure's report."""

    known: DfeFile
    measures: tuple[EesReport, ...]


def dfe_file(path: Path) -> DfeFile | None:
    """The catalogue's file that the file at `path` is, if it is not in the template and the
    catalogue knows it by its columns (or, for files with the same columns, by its rows)."""
    try:
        header, rows = read_table(path)
    except ImportRejected:
        return None  # the template's import says why it cannot be read
    if set(REQUIRED_COLUMNS) & {column.strip() for column in header}:
        return None
    known, _why = recognise(path.name, header, rows, read_catalogue())
    return known


def import_uploaded_file(
    engine: Engine,
    name: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    every: int = PROGRESS_EVERY,
    home: str | None = None,
) -> ImportReport | DfeUpload | StoredNeighbourSet:
    """Import a file's bytes (an upload), named `name`: one of DfE's files the catalogue knows
    by its columns as `import-dfe` imports it (a statistical-neighbour file as
    `import-neighbours` does), any other as `import_template_file` does (`home` is the
    authority whose teams the teams are).
    `progress`, if given, is told the rows checked and the rows to check (a DfE file's rows
    once for each of its measures), first before checking starts, then as it goes."""
    suffix = PurePath(name).suffix.lower()
    own = PurePath(name).name
    if "\x00" in own or len(own.encode()) > MAX_NAME or not own.lower().endswith(suffix):
        own = f"upload{suffix}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / own  # under its own name, which a DfE figure's source gives
        path.write_bytes(data)
        if neighbour_set_of(path) is not None:
            return import_neighbour_set(engine, path)
        known = dfe_file(path)
        if known is None:
            return _import_template(engine, path, progress, every, home)
        rows = count_rows(path) if progress is not None else 0
        total = rows * len(known.measures)
        if progress is not None:
            progress(0, total)
        measures = import_dfe_file(
            engine,
            path,
            known,
            progress=(lambda done: progress(done * rows, total)) if progress else None,
            newer_files=revised_by(known, read_catalogue()),
        )
    return DfeUpload(known, tuple(measures))


def import_template_file(
    engine: Engine,
    name: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    every: int = PROGRESS_EVERY,
    home: str | None = None,
) -> ImportReport:
    """Import a template file's bytes (an upload), named `name`: its suffix says CSV or XLSX.
    `progress`, if given, is told the rows checked and the rows in the file (0 if that could
    not be told), first before checking starts, then every `every` rows and at the end.
    `home` is the authority whose teams the teams are."""
    with _saved(name, data) as path:
        return _import_template(engine, Path(path), progress, every, home)


def import_plan_file(
    engine: Engine,
    name: str,
    data: bytes,
    by: str,
    progress: Callable[[int, int], None] | None = None,
) -> PlanReport:
    """Import a plan workbook's bytes (an upload), named `name`, as `by` (for the change
    history of the actions it changes)."""
    with _saved(name, data) as path:
        return import_plan(engine, path, by, progress)


def holds_plan(name: str, data: bytes) -> bool:
    """Whether an upload is a plan workbook rather than figures: a workbook with a sheet called
    plans or actions."""
    if PurePath(name).suffix.lower() not in XLSX_SUFFIXES:
        return False
    return is_plan_workbook(sheet_names(io.BytesIO(data)))


@contextmanager
def _saved(name: str, data: bytes) -> Iterator[str]:
    """The bytes in a file of their own while they are read, with the upload's suffix."""
    with tempfile.NamedTemporaryFile(suffix=PurePath(name).suffix.lower()) as handle:
        handle.write(data)
        handle.flush()
        yield handle.name


def _import_template(
    engine, path: Path, progress, every: int, home: str | None = None
) -> ImportReport:
    if progress is None:
        return import_template(engine, path, every=every, home=home)
    rows = count_rows(path)
    progress(0, rows)

    def told(checked: int) -> None:
        progress(checked, rows)

    return import_template(engine, path, told, every, home)
