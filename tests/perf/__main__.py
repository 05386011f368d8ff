"""The performance benchmark of SPEC section 10: `python -m tests.perf` (not a pytest test).

    .venv/bin/python -m tests.perf [--scale small|large] [--database-url URL] [--out FILE.json]
        [--skip-load] [--users 50] [--seconds 30] [--think 1] [--repeat 20] [--skip STEP]

1. starts: `python app.py` to its first 200 on a new database (create + seed), then later
   starts on it and on the loaded data set;
2. load: init-db, seed, `generate`, and `import` of each file, each in a child process: wall
   time, rows per second, peak memory; and, in a database of its own, `import-annex-a` of a
   synthetic Annex A of about 100,000 child-level rows (annex_a.py);
3. the app under gunicorn with 2 workers (sharing kept pages through Redis with --redis-url),
   an administrator made with `create-user` and signed in over HTTP;
4. callbacks: every page's page-drawing callback and its own callbacks, one at a time, p50
   and p95 (answers the app keeps are kept after the first), with an in-process breakdown of
   each built afresh (time against the 200 ms budget, SQL statements, and a profile of the
   slow ones);
5. page load to fully drawn in headless Chromium with a cold cache, every page, signed in as
   a director, against a one-graph Dash page served in the same run; and interactions, click
   to redrawn, against that page's redraw after a dropdown change;
6. a crowd of simulated users, each signed in, replaying page drawings and filter choices;
7. a table (measure, value, budget, met?) and the JSON of everything measured.

The database is a new SQLite file in the work folder unless --database-url names one; a
PostgreSQL URL names the server, on which the benchmark makes databases of its own and drops
them afterwards. With --skip-load, the database the URL names is measured as it is.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

import redis

from tests.perf import (
    annex_a,
    breakdown,
    callbacks,
    crowd,
    in_browser,
    load,
    page_load,
    pages,
    starts,
)
from tests.perf.budgets import (
    BUILT_AFRESH_MS,
    CALLBACK_P95_MS,
    CROWD_P95_MS,
    FIRST_START_S,
    IMPORT_MILLION_S,
    IMPORT_PEAK_MB,
    LATER_START_S,
)
from tests.perf.databases import describe, is_sqlite, new_database, observation_count
from tests.perf.processes import (
    BenchmarkError,
    app_env,
    children_of,
    gunicorn,
    rss_mb,
    run_measured,
    serve,
    warm_workers,
)
from tests.perf.report import Report, ms
from tests.perf.web import Client

MILLION = 1_000_000
USERNAME, PASSWORD = "perf-admin", "a long password for the benchmark"
DIRECTOR = "perf-director"  # the browser steps' person, with the same password
WORKERS = 2
STEPS = ("starts", "annex-a", "callbacks", "breakdown", "page-load", "interactions", "crowd")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.perf", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--scale", choices=("small", "large"), default="large")
    parser.add_argument(
        "--database-url",
        help="the database (default: a new SQLite file in --work); a PostgreSQL URL names the "
        "server on which to make new databases, unless --skip-load",
    )
    parser.add_argument("--out", type=Path, help="the JSON file (default: WORK/perf-SCALE.json)")
    parser.add_argument(
        "--skip-load", action="store_true", help="measure --database-url as it is, loaded before"
    )
    parser.add_argument("--users", type=int, default=50, help="simulated users at once")
    parser.add_argument("--seconds", type=float, default=30, help="how long the crowd runs")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause of a user between requests (s)"
    )
    parser.add_argument("--repeat", type=int, default=20, help="measured runs of each callback")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured runs first")
    parser.add_argument("--page-loads", type=int, default=5, help="cold loads of each page")
    parser.add_argument(
        "--interaction-runs", type=int, default=5, help="measured runs of each interaction"
    )
    parser.add_argument("--seed", type=int, default=1, help="the data set's seed")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dashboard-perf"))
    parser.add_argument(
        "--port", type=int, default=8071, help="first of three ports: app.py, gunicorn, one-graph"
    )
    parser.add_argument(
        "--redis-url",
        help="the workers share kept pages through this Redis (its kept pages are emptied first)",
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=STEPS, help="leave a step out (repeatable)"
    )
    args = parser.parse_args(argv)
    if args.skip_load and not args.database_url:
        parser.error("--skip-load needs --database-url: the loaded database to measure")
    return args


def measure_starts(args, report: Report, url: str | None, stage: str) -> None:
    """Step 1. `url` None: a new database (first and later starts); else later starts on it."""
    print(f"\n== Starts ({stage})", flush=True)
    if url is None:
        with new_database(args.database_url, args.work, "start") as fresh:
            found = starts.first_and_later(fresh, args.port, args.work / "logs")
        report.data.setdefault("starts", {})["new_database"] = found
        first = found["first_seconds"]
        report.add(
            "start: first python app.py (create + seed) to 200",
            f"{first:.1f} s",
            f"≤ {FIRST_START_S} s",
            first <= FIRST_START_S,
        )
        later = max(found["later_seconds"])
        what = "sample data"
    else:
        times = [
            starts.start_seconds(url, args.port, args.work / "logs" / f"start-loaded-{n}.log")
            for n in range(starts.LATER_STARTS)
        ]
        report.data.setdefault("starts", {})["loaded_database"] = {
            "later_seconds": [round(t, 2) for t in times]
        }
        later = max(times)
        what = "loaded data set"
    report.add(
        f"start: later python app.py, {what} (slowest of {starts.LATER_STARTS})",
        f"{later:.1f} s",
        f"≤ {LATER_START_S} s",
        later <= LATER_START_S,
    )


def measure_load(args, report: Report, url: str) -> None:
    """Step 2."""
    print(f"\n== Load ({args.scale})", flush=True)
    loaded = load.load(url, args.scale, args.seed, args.work)
    report.data["load"] = loaded
    for name, step in loaded["steps"].items():
        report.add(
            f"load: {name.replace('_', '-')}",
            f"{step['seconds']:.1f} s, peak {step['peak_mb']:,} MB",
        )
    for done in loaded["imports"]:
        value = (
            f"{done['seconds']:.1f} s, {done['rows_per_second']:,} rows/s, "
            f"peak {done['peak_mb']:,} MB"
        )
        if done["rows"] >= 0.9 * MILLION:  # the budget is for a file of a million rows
            per_million = done["seconds"] * MILLION / done["rows"]
            met = per_million <= IMPORT_MILLION_S and done["peak_mb"] <= IMPORT_PEAK_MB
            budget = f"≤ {IMPORT_MILLION_S} s per 1,000,000 rows, ≤ {IMPORT_PEAK_MB:,} MB"
        else:
            met, budget = None, "(budget is for 1,000,000 rows)"
        report.add(f"load: import {done['file']} ({done['rows']:,} rows)", value, budget, met)
    report.add(
        "load: observations stored",
        f"{loaded['observations_stored']:,} ({loaded['rows_in_files']:,} rows in the files)",
    )


def create_user(url: str, folder: Path, username: str = USERNAME, role: str = "admin") -> str:
    """One of the benchmark's users: made now, or there from an earlier run."""
    command = [sys.executable, "-m", "data_access", "create-user", "--username", username]
    command += ["--password", "-", "--role", role]
    log = folder / f"create-user-{role}.log"
    made = run_measured(command, app_env(url), log, stdin=PASSWORD + "\n")
    if made.returncode != 0 and "already taken" not in made.output:
        raise BenchmarkError(f"create-user failed: {made.output[-1000:]}")
    return "made" if made.returncode == 0 else "there already"


def measure_callbacks(args, report: Report, client: Client, app_pages, app) -> dict:
    """Step 4 (and the in-process breakdown)."""
    print("\n== Callbacks, one at a time over HTTP", flush=True)
    measured, replayable = callbacks.measure_all(client, app_pages, args.repeat, args.warmup)
    report.data["callbacks"] = measured
    budget = f"p95 ≤ {CALLBACK_P95_MS} ms"
    for page in measured:
        draw = page["draw"]
        report.add(
            f"callback: {page['page']} page drawing",
            f"p50 {ms(draw['p50_ms'])}, p95 {ms(draw['p95_ms'])}",
            budget,
            draw["p95_ms"] <= CALLBACK_P95_MS,
        )
        for figures in page["callbacks"]:
            report.add(
                f"callback: {page['page']} {figures['callback']} ({figures['kind']})",
                f"p50 {ms(figures['p50_ms'])}, p95 {ms(figures['p95_ms'])}",
                budget,
                figures["p95_ms"] <= CALLBACK_P95_MS,
            )
    if "breakdown" not in args.skip:
        print("\n== Breakdown in one process (SQL statements; profile of the slow ones)")
        test_client = breakdown.signed_in(app.server, USERNAME, PASSWORD)
        explained = breakdown.explain(test_client, measured, replayable, BUILT_AFRESH_MS)
        report.data["breakdown"] = explained
        for entry in explained:
            afresh = entry["draw"]["in_process_ms"]
            report.add(
                f"built afresh: {entry['page']} page drawing, server time in one process",
                f"{ms(afresh)}, {entry['draw']['sql_statements']} SQL statements",
                f"≤ {BUILT_AFRESH_MS} ms",
                afresh <= BUILT_AFRESH_MS,
            )
            for name, found in [("page drawing", entry["draw"])] + [
                (c["callback"], c) for c in entry["callbacks"]
            ]:
                line = (
                    f"  {entry['page']} {name}: {found['in_process_ms']} ms in process, "
                    f"{found['sql_statements']} SQL statements"
                )
                if "top_functions" in found:
                    top = "; ".join(
                        f"{_short(f['function'])} {f['share']:.0%}"
                        for f in found["top_functions"][:4]
                    )
                    line += f"; driver {found['database_driver_share']:.0%}; {top}"
                print(line, flush=True)
    return replayable


def _short(function: str) -> str:
    """dashboard/pages/scorecard.py:80 scorecard_cards -> scorecard.py scorecard_cards"""
    where, name = function.split(" ", 1)
    return f"{Path(where.split(':')[0]).name} {name}"


def measure_crowd(args, report: Report, server, app_pages, replayable) -> None:
    """Step 6."""
    print(f"\n== {args.users} users at once for {args.seconds:.0f} s", flush=True)
    found = crowd.run(
        server.url,
        args.users,
        args.seconds,
        args.think,
        app_pages,
        replayable,
        (USERNAME, PASSWORD),
    )
    found["workers_rss_mb"] = round(rss_mb(children_of(server.process.pid)))
    report.data["crowd"] = found
    every = found["all"]
    report.add(
        f"crowd: {args.users} users, think {args.think:g} s, all requests p95",
        f"p50 {ms(every['p50_ms'])}, p95 {ms(every['p95_ms'])} ({found['requests']:,} requests, "
        f"{found['requests_per_second']}/s)",
        f"p95 ≤ {CROWD_P95_MS} ms",
        every["p95_ms"] <= CROWD_P95_MS,
    )
    report.add("crowd: errors", f"{found['errors']}", "none", found["errors"] == 0)
    report.add(
        "crowd: page drawings / filters p95",
        f"{ms(found['page_drawing']['p95_ms'])} / {ms(found['filters']['p95_ms'])}",
    )


def serve_and_measure(args, report: Report, url: str) -> None:
    """Steps 3 to 6 against the loaded database."""
    print("\n== Serving with gunicorn, 2 workers", flush=True)
    report.data["user"] = create_user(url, args.work / "logs")
    report.data["director"] = create_user(url, args.work / "logs", DIRECTOR, "director")
    app = pages.build_app(url)
    app_pages = pages.app_pages(url)
    report.data["pages"] = [page.__dict__ for page in app_pages]
    port = args.port + 1
    command = gunicorn("app:server", port, WORKERS)
    env = app_env(url)
    if args.redis_url:
        shared = redis.Redis.from_url(args.redis_url)
        for key in shared.scan_iter(match="dashboard:page:*"):
            shared.delete(key)
        env = app_env(url, REDIS_URL=args.redis_url)
    with serve(command, port, env, args.work / "logs" / "gunicorn.log") as server:
        report.add("gunicorn: start to first 200 of /healthz", f"{server.start_seconds:.1f} s")
        rounds = warm_workers(server.url + "/healthz", WORKERS)
        warm = time.perf_counter() - server.started
        report.data["gunicorn"] = {
            "first_200_seconds": round(server.start_seconds, 2),
            "all_workers_answering_seconds": round(warm, 2),
            "warming_rounds_seconds": rounds,
        }
        report.add("gunicorn: start until both workers answer at once", f"{warm:.1f} s")
        client = Client(server.url)
        took = client.sign_in(USERNAME, PASSWORD)
        report.add("sign-in over HTTP (form, 303, session cookie)", ms(took * 1000))
        replayable = {}
        if "callbacks" not in args.skip:
            replayable = measure_callbacks(args, report, client, app_pages, app)
        browser_steps = {"page-load", "interactions"} - set(args.skip)
        if browser_steps:
            users = {
                page_load.DIRECTOR: (DIRECTOR, PASSWORD),
                page_load.ADMIN: (USERNAME, PASSWORD),
            }
            in_browser.measure(
                report,
                server.url,
                app_pages,
                users,
                args.port + 2,
                args.work,
                args.page_loads,
                args.interaction_runs,
                browser_steps,
            )
        if "crowd" not in args.skip:
            if not replayable:  # the filter choices come from the pages as drawn
                _measured, replayable = callbacks.measure_all(client, app_pages, 1, 0)
            measure_crowd(args, report, server, app_pages, replayable)


def run(args) -> Report:
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "logs").mkdir(exist_ok=True)
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    if args.database_url:
        settings["database_url"] = describe(args.database_url)
    report = Report(settings)
    if "starts" not in args.skip:
        measure_starts(args, report, None, "new database")
    if "annex-a" not in args.skip:
        print("\n== Annex A import (about 100,000 child-level rows)", flush=True)
        report.data["annex_a"] = annex_a.measure(args.database_url, args.work, seed=args.seed)
        annex_a.add_to_report(report, report.data["annex_a"])
    with contextlib.ExitStack() as stack:
        if args.skip_load:
            url = args.database_url
        else:
            given = bool(args.database_url) and is_sqlite(args.database_url)
            url = stack.enter_context(
                new_database(args.database_url, args.work, f"data-{args.scale}", given)
            )
            measure_load(args, report, url)
        report.data["database"] = {
            "url": describe(url),
            "observations": observation_count(url),
        }
        if "starts" not in args.skip:
            measure_starts(args, report, url, "loaded data set")
        serve_and_measure(args, report, url)
        if is_sqlite(url):
            report.data["database"]["reuse_with"] = f"--skip-load --database-url {url}"
    return report


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    started = time.perf_counter()
    try:
        report = run(args)
    except BenchmarkError as error:
        print(f"\nThe benchmark stopped: {error}", file=sys.stderr)
        return 2
    report.data["benchmark_seconds"] = round(time.perf_counter() - started)
    out = args.out or args.work / f"perf-{args.scale}.json"
    report.write(out)
    print("\n" + report.table())
    print(f"\nWritten: {out}")
    if "reuse_with" in report.data.get("database", {}):
        print(f"Measure this database again with: {report.data['database']['reuse_with']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
