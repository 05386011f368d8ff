"""DfE's own figures in the sample (SPEC section 12): every authority's, England's and the
regions' for the DfE catalogue's measures, and both of DfE's statistical-neighbour sets, so the
first start already ranks, bands and compares the authority with its neighbours.

`sample_data/dfe/` holds them as `python sample_data/generate_dfe.py` cuts them from DfE's files
(Open Government Licence v3.0): `figures.csv` in the import template's shape, exactly the
figures `python -m data_access import-dfe` stores from those files (provenance `published`,
source "DfE: <file>, column <col>"); `areas.csv`, the areas they name; and the two neighbour
files as DfE publishes them. They load in bulk through the template importer, not file by file,
so the first start stays fast. As import-dfe does, a figure a council document published for
the same measure, area and date is left as it is (importers/document_figures.py).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, insert, select

from data_access.importers.document_figures import kept_figures
from data_access.importers.neighbours import read_neighbour_set, store_neighbour_set
from data_access.importers.reading import read_table
from data_access.importers.template import load_rows
from data_access.models import Area

FOLDER = "dfe"  # in the sample data folder
FIGURES = "figures.csv"
AREAS = "areas.csv"
Writer = Callable[[Connection, list[dict]], int]
NEIGHBOUR_FILES = ("New_Statistical_Neighbour_Groupings_April_2021.csv", "sn_model_2025_wide.csv")


def _add_areas(connection: Connection, path: Path) -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    known = set(connection.scalars(select(Area.code)))
    new = [row for row in rows if row["code"] not in known]
    if new:
        connection.execute(insert(Area), new)


def _without_documents(
    connection: Connection, header: list[str], rows: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    """The rows but those whose measure, area and date a document already gives a figure for."""
    ref_at, code_at, end_at = (header.index(name) for name in ("indicator_ref", "area_code",
                                                                  "period_end"))  # fmt: skip
    kept: dict[str, set] = {}
    for line, cells in rows:
        ref = cells[ref_at]
        if ref not in kept:
            kept[ref] = set(kept_figures(connection, ref))
        if (cells[code_at], date.fromisoformat(cells[end_at])) not in kept[ref]:
            yield line, cells


def seed_dfe(connection: Connection, sample_data: Path, write: Writer | None = None) -> int:
    """Load the sample's DfE figures and neighbour sets, if it has them, inside the caller's
    transaction; how many figures were written. With `write`, the checked figures go to it
    as they are, and it keeps the documents' figures (a first seed, data_access/seed.py)."""
    folder = sample_data / FOLDER
    if not (folder / FIGURES).exists():
        return 0
    _add_areas(connection, folder / AREAS)
    for name in NEIGHBOUR_FILES:
        if (folder / name).exists():
            store_neighbour_set(connection, read_neighbour_set(folder / name))
    header, rows = read_table(folder / FIGURES)
    if write:
        return load_rows(connection, header, rows, write=write).rows
    return load_rows(connection, header, _without_documents(connection, header, rows)).rows
