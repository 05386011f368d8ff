"""Step 1: how long `python app.py` takes from its start to the first 200 from /healthz, on a
new database (it creates the schema and loads the sample data) and on later starts."""

from __future__ import annotations

from pathlib import Path

from tests.perf.processes import PYTHON, app_env, serve

LATER_STARTS = 3  # the slowest of these is held to the budget


def start_seconds(url: str, port: int, log: Path) -> float:
    """Seconds from `python app.py` starting to its first 200 from /healthz; then stopped."""
    with serve([PYTHON, "app.py"], port, app_env(url, PORT=str(port)), log) as server:
        return server.start_seconds


def first_and_later(url: str, port: int, folder: Path) -> dict:
    """A first start on the new database `url`, then later starts on the same one."""
    first = start_seconds(url, port, folder / "start-first.log")
    later = [start_seconds(url, port, folder / f"start-later-{n}.log") for n in range(LATER_STARTS)]
    return {"first_seconds": round(first, 2), "later_seconds": [round(s, 2) for s in later]}
