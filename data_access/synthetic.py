"""`python -m data_access generate`: a reproducible synthetic data set for the benchmarks (SPEC
section 10). It registers the measures, areas and teams in the database, then writes the
figures as template CSV files that `import`, run on each file in name order, loads in full.

What the set holds is planned in synthetic_plan.py, and its numbers made in
synthetic_figures.py; this module puts them in the database and on disk.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.authority import environment_code
from data_access.importers.template import REQUIRED_COLUMNS
from data_access.models import Area, Indicator, Team, Theme, indicator_theme, team_indicator
from data_access.synthetic_figures import SOURCE, measure_rows
from data_access.synthetic_plan import SCALES, SYNTHETIC_AREA_PREFIX, DataSet, plan

MAX_ROWS_PER_FILE = 1_000_000
FILE_NAME = "observations_{:03d}.csv"  # zero-padded, so name order is load order
FILE_GLOB = "observations_*.csv"
SYNTHETIC_DEFINITION = "A synthetic measure for benchmarks: its figures are made up."
SYNTHETIC_WHY = "Lets the dashboard be measured with as much data as a region holds."


@dataclass(frozen=True)
class GenerateReport:
    files: tuple[Path, ...]
    rows: int
    indicators: int
    areas: int
    teams: int

    def __str__(self) -> str:
        return (
            f"Registered {self.indicators} measures, {self.areas} areas and {self.teams} teams; "
            f"wrote {self.rows:,} rows in {len(self.files)} file(s). Import them in name order."
        )


def planned_rows(scale: str) -> int:
    """How many rows `generate` writes at this scale, without making any."""
    return SCALES[scale].rows


def _ids(session: Session, column, keys: list[str]) -> dict[str, int]:
    return dict(session.execute(select(column, column.class_.id).where(column.in_(keys))).all())


def _upsert(session: Session, model, key: str, rows: list[dict], *, update_existing=True):
    """Insert the rows whose `key` is new and update the others (or leave them, if told to);
    the ids of all of them by key."""
    column, keys = getattr(model, key), [row[key] for row in rows]
    ids = _ids(session, column, keys)
    new = [row for row in rows if row[key] not in ids]
    if new:
        session.execute(insert(model), new)
    known = [{"id": ids[row[key]], **row} for row in rows if row[key] in ids]
    if known and update_existing:
        session.execute(update(model), known)
    return _ids(session, column, keys) if new else ids


def register(engine: Engine, data: DataSet) -> None:
    """Put the data set's measures, areas and teams in the database, once however often it is
    run: found by ref, code and slug, updated if there already. Real areas already there
    (the home authority, England, the regions) are left as they are. Each measure is linked to its
    themes, where the themes exist, and each team-level measure to every synthetic team."""
    with Session(engine) as session, session.begin():
        themes = dict(session.execute(select(Theme.slug, Theme.id)).all())
        indicators = _upsert(
            session,
            Indicator,
            "ref",
            [
                {
                    "ref": m.ref,
                    "title": m.title,
                    "category": m.category,
                    "unit": m.unit,
                    "polarity": m.polarity,
                    "frequency": "monthly",
                    "target": m.target,
                    "tolerance": m.tolerance,
                    "definition": SYNTHETIC_DEFINITION,
                    "why_it_matters": SYNTHETIC_WHY,
                    "source": SOURCE,
                    "scorecard_ref": None,
                    "team_level": m.team_level,
                    "sort_order": m.sort_order,
                }
                for m in data.measures
            ],
        )
        areas = [{"code": p.code, "name": p.name, "kind": p.kind} for p in data.areas]
        _upsert(
            session, Area, "code", [a for a in areas if a["code"].startswith(SYNTHETIC_AREA_PREFIX)]
        )
        _upsert(
            session,
            Area,
            "code",
            [a for a in areas if not a["code"].startswith(SYNTHETIC_AREA_PREFIX)],
            update_existing=False,
        )
        teams = _upsert(
            session,
            Team,
            "slug",
            [{"slug": t.slug, "name": t.name, "service": t.service} for t in data.teams],
        )
        ids = list(indicators.values())
        session.execute(delete(indicator_theme).where(indicator_theme.c.indicator_id.in_(ids)))
        theme_links = [
            {"indicator_id": indicators[m.ref], "theme_id": themes[slug]}
            for m in data.measures
            for slug in m.themes
            if slug in themes
        ]
        if theme_links:
            session.execute(insert(indicator_theme), theme_links)
        session.execute(delete(team_indicator).where(team_indicator.c.indicator_id.in_(ids)))
        team_links = [
            {"team_id": team_id, "indicator_id": indicators[m.ref]}
            for m in data.measures
            if m.team_level
            for team_id in teams.values()
        ]
        if team_links:
            session.execute(insert(team_indicator), team_links)
        data_version.bump(session)


class _Files:
    """Writes rows into observations_001.csv, observations_002.csv ... at most `limit` each."""

    def __init__(self, folder: Path, limit: int, progress: Callable[[Path, int], None] | None):
        self.folder, self.limit, self.progress = folder, limit, progress
        self.paths: list[Path] = []
        self.handle = None
        self.writer = None
        self.room = 0
        self.rows = 0

    def _next_file(self) -> None:
        self.close()
        path = self.folder / FILE_NAME.format(len(self.paths) + 1)
        self.paths.append(path)
        self.handle = path.open("w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(REQUIRED_COLUMNS)
        self.room = self.limit

    def write(self, rows: list[tuple]) -> None:
        while rows:
            if self.room == 0:
                self._next_file()
            taken, rows = rows[: self.room], rows[self.room :]
            self.writer.writerows(taken)
            self.room -= len(taken)
            self.rows += len(taken)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            if self.progress:
                self.progress(self.paths[-1], self.limit - self.room)
            self.handle = None


def write_files(
    data: DataSet,
    folder: Path,
    rows_per_file: int = MAX_ROWS_PER_FILE,
    progress: Callable[[Path, int], None] | None = None,
) -> tuple[tuple[Path, ...], int]:
    """Write the data set's figures as template CSV files in `folder`; the files and rows.

    Files from an earlier run (observations_*.csv) are removed first, so that importing every
    file in the folder never loads a stale one. Rows are streamed a batch (one area or team of
    one measure) at a time.
    """
    if rows_per_file < 1:
        raise ValueError("rows_per_file must be at least 1")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(FILE_GLOB):
        stale.unlink()
    files = _Files(folder, rows_per_file, progress)
    try:
        for measure in data.measures:
            for batch in measure_rows(data, measure):
                files.write(batch)
    finally:
        files.close()
    return tuple(files.paths), files.rows


def generate(
    engine: Engine,
    folder: str | Path,
    scale: str = "large",
    seed: int = 1,
    rows_per_file: int = MAX_ROWS_PER_FILE,
    progress: Callable[[Path, int], None] | None = None,
    home: str | None = None,
) -> GenerateReport:
    """Register the data set of this scale and seed in the database, then write its files;
    its teams are `home`'s (by default the environment's AUTHORITY_CODE, or the sample's)."""
    data = plan(SCALES[scale], seed, home or environment_code())
    register(engine, data)
    files, rows = write_files(data, Path(folder), rows_per_file, progress)
    return GenerateReport(files, rows, len(data.measures), len(data.areas), len(data.teams))
