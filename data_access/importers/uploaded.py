"""A file arriving as bytes (an upload): a template file imported as `import_template` imports
one, with the rows in the file told to its progress; or a plan workbook, as `import_plan` does."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath

from sqlalchemy import Engine

from data_access.importers.plan import PlanReport, import_plan, is_plan_workbook
from data_access.importers.reading import XLSX_SUFFIXES, count_rows, sheet_names
from data_access.importers.template import PROGRESS_EVERY, ImportReport, import_template


def import_template_file(
    engine: Engine,
    name: str,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    every: int = PROGRESS_EVERY,
) -> ImportReport:
    """Import a file's bytes (an upload), named `name`: its suffix says CSV or XLSX.
    `progress`, if given, is told the rows checked and the rows in the file (0 if that could
    not be told), first before checking starts, then every `every` rows and at the end."""
    with _saved(name, data) as path:
        if progress is None:
            return import_template(engine, path, every=every)
        rows = count_rows(path)
        progress(0, rows)
        return import_template(engine, path, lambda checked: progress(checked, rows), every)


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
