"""Writes sample_data/dfe/: DfE's figures for every authority, England and the regions for the
DfE catalogue's measures, and DfE's two statistical-neighbour files (data_access/seed_dfe.py).

Run from the project root: `SHARED_DIR=../shared python sample_data/generate_dfe.py`. It loads
the sample into a scratch database, runs `import-dfe` on SHARED_DIR/data/ees, and writes down
every figure the import stored, as the import stored it, so seeding gives exactly what
`import-dfe` gives; a figure a council document publishes stays the document's. The output is
the same on every run. DfE's files are published under the Open Government Licence v3.0.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sqlalchemy import Engine, select  # noqa: E402

from data_access.db import init_db, make_engine  # noqa: E402
from data_access.importers.dfe import import_dfe_folder  # noqa: E402
from data_access.importers.document_figures import DFE_SOURCE  # noqa: E402
from data_access.importers.ees import TEMPLATE_HEADER  # noqa: E402
from data_access.models import Area, Indicator, Observation  # noqa: E402
from data_access.seed import seed  # noqa: E402
from data_access.seed_dfe import AREAS, FIGURES, FOLDER, NEIGHBOUR_FILES  # noqa: E402


def number_text(value: float | None) -> str:
    """A stored number as the shortest text that reads back as the same number."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def _figures(engine: Engine) -> list[list[str]]:
    query = (
        select(
            Indicator.ref, Area.code, Observation.period_end, Observation.value,
            Observation.numerator, Observation.denominator, Observation.symbol,
            Observation.provenance, Observation.source, Observation.period_label,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(Observation.team_id.is_(None), Observation.source.like(f"{DFE_SOURCE}%"))
        .order_by(Indicator.ref, Area.code, Observation.period_end)
    )  # fmt: skip
    with engine.connect() as connection:
        return [
            [ref, code, "", end.isoformat(), number_text(value), number_text(numerator),
             number_text(denominator), symbol or "", provenance, source, label]
            for ref, code, end, value, numerator, denominator, symbol, provenance, source, label
            in connection.execute(query)
        ]  # fmt: skip


def _areas(engine: Engine, figures: list[list[str]]) -> list[list[str]]:
    """The areas the figures name, with the names DfE's files give them."""
    named = {row[1] for row in figures}
    with engine.connect() as connection:
        rows = connection.execute(select(Area.code, Area.name, Area.kind).order_by(Area.code))
        return [list(row) for row in rows if row.code in named]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(ees: Path, out: Path) -> None:
    """Write the sample's DfE folder `out` from DfE's files in `ees`."""
    with tempfile.TemporaryDirectory() as scratch:
        sample = Path(scratch) / "sample_data"  # the sample without its DfE folder
        shutil.copytree(HERE, sample, ignore=shutil.ignore_patterns(FOLDER, "__pycache__"))
        engine = make_engine(f"sqlite:///{scratch}/dfe.db")
        init_db(engine)
        seed(engine, sample)
        report = import_dfe_folder(engine, ees)
        if not report.all_loaded:
            raise SystemExit(f"import-dfe refused a file:\n{report}")
        figures = _figures(engine)
        areas = _areas(engine, figures)
        engine.dispose()
    out.mkdir(exist_ok=True)
    _write(out / FIGURES, TEMPLATE_HEADER, figures)
    _write(out / AREAS, ["code", "name", "kind"], areas)
    for name in NEIGHBOUR_FILES:
        shutil.copyfile(ees / name, out / name)


def main() -> None:
    shared = Path(os.environ.get("SHARED_DIR", HERE.parent.parent / "shared"))
    out = HERE / FOLDER
    generate(shared / "data" / "ees", out)
    print(f"Wrote {out}/{FIGURES}, {AREAS} and DfE's two neighbour files.")


if __name__ == "__main__":
    main()
