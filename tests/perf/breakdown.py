"""Where a callback's time goes, measured inside one process with Flask's test client (no HTTP,
no other requests): its SQL statements, its time, and for the slow ones the app's functions
that take it (cProfile, cumulative; the profiler slows Python down, so read these as shares,
not as times) and the share spent in the database driver."""

from __future__ import annotations

import contextlib
import cProfile
import pstats
import re
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, event

from tests.conftest import router_body
from tests.perf.processes import ROOT, BenchmarkError
from tests.perf.web import UPDATE

RUNS = 3  # unprofiled runs; the median is given
SLOW_SECONDS = 2.0
TOP_FUNCTIONS = 8
APP_FOLDERS = (str(ROOT / "dashboard"), str(ROOT / "data_access"))
# Functions that only wrap the real work, so always near the top: left out of the list.
WRAPPERS = {"layout", "guarded", "<listcomp>", "<genexpr>", "<dictcomp>", "<lambda>"}
DRIVER = re.compile(r"sqlite3\.|/psycopg/|psycopg_binary")


@contextlib.contextmanager
def counted_statements() -> Iterator[list[str]]:
    """The SQL statements any engine sends inside the block."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def signed_in(server, username: str, password: str):
    client = server.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = {"csrf_token": token, "username": username, "password": password}
    if client.post("/login", data=data).status_code != 303:
        raise BenchmarkError(f"{username} could not sign in to the app built for the breakdown")
    return client


def _profile(client, body: dict) -> dict:
    profile = cProfile.Profile()
    profile.enable()
    client.post(UPDATE, json=body)
    profile.disable()
    stats = pstats.Stats(profile).stats  # (file, line, name) -> (cc, nc, tt, ct, callers)
    total = sum(tt for _cc, _nc, tt, _ct, _callers in stats.values()) or 1.0
    driver = sum(
        tt for (file, _line, name), (_cc, _nc, tt, _ct, _c) in stats.items()
        if DRIVER.search(file) or DRIVER.search(name)
    )  # fmt: skip
    ours = [
        (ct, f"{Path(file).relative_to(ROOT)}:{line} {name}")
        for (file, line, name), (_cc, _nc, _tt, ct, _c) in stats.items()
        if file.startswith(APP_FOLDERS) and name not in WRAPPERS
    ]
    ours.sort(reverse=True)
    return {
        "database_driver_share": round(driver / total, 2),
        "top_functions": [
            {"function": where, "share": round(ct / total, 2)} for ct, where in ours[:TOP_FUNCTIONS]
        ],
    }


def breakdown(client, body: dict, budget_ms: float) -> dict:
    """Statements, in-process milliseconds (median of RUNS, or the one run if it is slow:
    the HTTP step warmed it already), and a profile if it takes more than `budget_ms`."""
    seconds = []
    for _ in range(RUNS):
        with counted_statements() as statements:
            started = time.perf_counter()
            response = client.post(UPDATE, json=body)
            seconds.append(time.perf_counter() - started)
        if seconds[0] > SLOW_SECONDS:
            break
    found = {
        "status": response.status_code,
        "in_process_ms": round(statistics.median(seconds) * 1000, 1),
        "sql_statements": len(statements),
    }
    if found["in_process_ms"] > budget_ms:
        found.update(_profile(client, body))
    return found


def explain(client, measured: list[dict], replayable: dict, budget_ms: float) -> list[dict]:
    """A breakdown of every page's drawing and callbacks, each built afresh (the app keeps
    nothing); a profile of those over `budget_ms`."""
    explained = []
    for page in measured:
        drawing = breakdown(client, router_body(page["path"]), budget_ms)
        entry = {"page": page["page"], "draw": drawing}
        entry["callbacks"] = []
        for callback in replayable[page["path"]]:
            found = breakdown(client, callback.bodies[-1], budget_ms)
            entry["callbacks"].append({"callback": callback.name, **found})
        explained.append(entry)
    return explained
