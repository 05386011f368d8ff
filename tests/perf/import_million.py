"""Import a 1,000,000-row template CSV into a new SQLite database; print time and peak memory.

SPEC section 10: within 60 s, peak memory at most 1.5 GB. Run by hand (not a pytest test):

    .venv/bin/python -m tests.perf.import_million [--rows 1000000] [--folder /tmp/import-perf]

It registers synthetic indicators, areas and teams, writes the file, then runs
`python -m data_access import FILE` twice in a child process (a first load, then a re-import
that must change nothing) and reports each run's wall time and peak resident memory (its own,
from wait4). `python -m tests.perf` measures the import of the generated data set's files too.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from data_access.authority import DEFAULT_AUTHORITY_CODE as HOME_AREA
from data_access.db import init_db, make_engine
from data_access.importers.template import REQUIRED_COLUMNS
from data_access.models import Area, Indicator, Observation, Team
from tests.perf.processes import app_env, run_measured

# Each month, each measure has a row for each area and for each of the authority's teams.
INDICATORS, AREAS, TEAMS = 200, 31, 19
AUTHORITY = HOME_AREA  # the first area: the teams are its own


def month_ends(count: int) -> list[date]:
    ends, year, month = [], 2000, 1
    for _ in range(count):
        following = date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        year, month = year + month // 12, month % 12 + 1
    return ends


def register(url: str) -> None:
    """The indicators, areas and teams the file names: even refs are percentages."""
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        session.execute(
            insert(Indicator),
            [
                {
                    "ref": f"P{n}",
                    "title": f"Synthetic measure {n}",
                    "category": "Other",
                    "unit": "percent" if n % 2 == 0 else "count",
                    "polarity": "up",
                    "frequency": "monthly",
                    "team_level": True,
                }
                for n in range(INDICATORS)
            ],
        )
        session.execute(
            insert(Area),
            [{"code": _area(n), "name": f"Area {n}", "kind": "la"} for n in range(AREAS)],
        )
        session.execute(
            insert(Team),
            [{"slug": f"team-{n}", "name": f"Team {n}", "service": "Test"} for n in range(TEAMS)],
        )
    engine.dispose()


def _area(n: int) -> str:
    return AUTHORITY if n == 0 else f"E0900{n:04d}"


def _figures(n: int, place: int, month: date) -> tuple[int, int | str]:
    """A count, or a numerator and denominator (even measures are percentages)."""
    if n % 2 == 0:
        denominator = 40 + (n + place) % 60
        return (n * 7 + place * 3 + month.month) % denominator, denominator
    return (n + place + month.month) % 500, ""


def _row(n: int, area: str, team: str, month: date, numerator: int, denominator) -> list:
    if denominator == "":
        value, numerator = numerator, ""
    else:
        value = round(numerator / denominator * 100, 1)
    return [f"P{n}", area, team, month.isoformat(), value, numerator, denominator, "",
            "illustrative", "synthetic"]  # fmt: skip


def month_rows(month: date) -> Iterator[list]:
    """Each measure's rows for one month: the authority's teams, the authority as their sum,
    then the other areas."""
    for n in range(INDICATORS):
        parts = [_figures(n, AREAS + t, month) for t in range(TEAMS)]
        for t, (numerator, denominator) in enumerate(parts):
            yield _row(n, AUTHORITY, f"team-{t}", month, numerator, denominator)
        numerator = sum(part[0] for part in parts)
        denominator = "" if n % 2 else sum(part[1] for part in parts)
        yield _row(n, AUTHORITY, "", month, numerator, denominator)
        for a in range(1, AREAS):
            yield _row(n, _area(a), "", month, *_figures(n, a, month))


def write_file(path: Path, rows: int) -> None:
    per_month = INDICATORS * (AREAS + TEAMS)
    months = month_ends(-(-rows // per_month))
    written = 0
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(REQUIRED_COLUMNS)
        for month in months:
            for row in month_rows(month):
                if written == rows:
                    return
                out.writerow(row)
                written += 1


def timed_import(url: str, path: Path, log: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak resident MB of one `python -m data_access import`.

    CPU time is given too because wall time grows when other work shares the machine.
    """
    run = run_measured(
        [sys.executable, "-m", "data_access", "--database-url", url, "import", str(path)],
        app_env(url),
        log,
    )
    if run.returncode != 0:
        sys.exit(f"import failed:\n{run.output[-3000:]}")
    return run.seconds, run.cpu_seconds, run.peak_mb, run.output.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/import-perf"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    database = args.folder / "perf.db"
    for leftover in args.folder.glob("perf.db*"):
        leftover.unlink()
    url = f"sqlite:///{database}"
    register(url)
    path = args.folder / f"template_{args.rows}.csv"
    if not path.exists():
        write_file(path, args.rows)
    print(f"{path} ({path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows)")
    for run in ("first import", "re-import"):
        seconds, cpu, peak_mb, said = timed_import(url, path, args.folder / "import.log")
        print(f"{run}: {seconds:.1f} s ({cpu:.1f} s CPU), peak memory {peak_mb:.0f} MB: {said}")
    engine = make_engine(url)
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(Observation))
    print(f"observations stored: {stored:,}")


if __name__ == "__main__":
    main()
