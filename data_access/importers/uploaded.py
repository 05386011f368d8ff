"""A template file arriving as bytes (an upload): imported as `import_template` imports a
file, with the rows in the file told to its progress."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import PurePath

from sqlalchemy import Engine

from data_access.importers.reading import count_rows
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
    with tempfile.NamedTemporaryFile(suffix=PurePath(name).suffix.lower()) as handle:
        handle.write(data)
        handle.flush()
        if progress is None:
            return import_template(engine, handle.name, every=every)
        rows = count_rows(handle.name)
        progress(0, rows)
        return import_template(engine, handle.name, lambda checked: progress(checked, rows), every)
