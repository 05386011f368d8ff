"""Steps 5 and 5b in headless Chromium, against the one-graph Dash page served in the same
run: every page's load to fully drawn (tests/perf/page_load.py) and the interactions' click to
redrawn (tests/perf/interactions.py). Their rows go into the report page by page, each
page's load beside its interactions, with ratios to the one-graph page and the budgets."""

from __future__ import annotations

from pathlib import Path

from tests.perf import interactions, page_load
from tests.perf.budgets import INTERACTION_RATIO, PAGE_LOAD_RATIO
from tests.perf.pages import Page
from tests.perf.processes import app_env, gunicorn, serve
from tests.perf.report import Report, ms


def _targets(base_url: str, app_pages: list[Page]) -> list[page_load.Target]:
    """Every page, opened by a director where a director may open it, else by an admin."""
    return [
        page_load.Target(
            page.label,
            base_url + page.path,
            page_load.PAGE_DRAWN,
            True,
            page_load.DIRECTOR if page.director_may_open else page_load.ADMIN,
        )
        for page in app_pages
    ]


def measure(
    report: Report,
    base_url: str,
    app_pages: list[Page],
    users: dict[str, tuple[str, str]],
    one_graph_port: int,
    work: Path,
    loads: int,
    runs: int,
    steps: set[str],
) -> None:
    """The steps named in `steps` ("page-load", "interactions"), in browsers signed in as
    `users` (page_load.DIRECTOR and page_load.ADMIN -> (username, password))."""
    command = gunicorn("tests.perf.one_graph:server", one_graph_port)
    log = work / "logs" / "one-graph.log"
    with (
        serve(command, one_graph_port, app_env("sqlite://"), log, ready_path="/") as yardstick,
        page_load.browsers(base_url, users) as drivers,
    ):
        loaded = interacted = None
        if "page-load" in steps:
            print("\n== Page load in headless Chromium, cold cache", flush=True)
            one_graph = page_load.Target(
                "one-graph Dash page", yardstick.url, page_load.PLOTLY_DRAWN, False
            )
            loaded = page_load.measure([one_graph, *_targets(base_url, app_pages)], loads, drivers)
            report.data["page_load"] = loaded
        if "interactions" in steps:
            print("\n== Interactions, click to redrawn, in headless Chromium", flush=True)
            done = interactions.app_interactions(base_url, app_pages)
            floor = interactions.floor(yardstick.url)
            director = users[page_load.DIRECTOR]
            interacted = interactions.measure(
                done, floor, runs, lambda: page_load.signed_in_browser(base_url, *director)
            )
            report.data["interactions"] = interacted
        report.data["browser_console_errors"] = page_load.console_errors(drivers)
    _rows(report, app_pages, loaded, interacted)


def _rows(report: Report, app_pages: list[Page], loaded, interacted) -> None:
    if loaded:
        base = loaded["one-graph Dash page"]["median_ms"]
        report.add("browser: one-graph Dash page load (medians throughout)", ms(base))
    if interacted:
        floor = interacted[interactions.FLOOR]["median_ms"]
        what = interactions.FLOOR.split(": ", 1)[-1]
        report.add(f"browser:   then {what} (the floor redraw)", ms(floor))
    for page in app_pages:
        if loaded:
            median = loaded[page.label]["median_ms"]
            ratio = median / base
            who = "" if page.director_may_open else ", as an admin"
            report.add(
                f"browser: {page.label} page load{who}",
                f"{ms(median)}, × {ratio:.2f} the one-graph load",
                f"≤ × {PAGE_LOAD_RATIO}",
                ratio <= PAGE_LOAD_RATIO,
            )
        for name, found in (interacted or {}).items():
            if found["page"] != page.label or name == interactions.FLOOR:
                continue
            what = f"browser:   then {name.split(': ', 1)[-1]} ({found['did']})"
            budget = f"≤ × {INTERACTION_RATIO:g}"
            if found["median_ms"] is None:
                report.add(what, found["said"][:60], budget, False)
                continue
            ratio = found["median_ms"] / floor
            value = f"{ms(found['median_ms'])}, × {ratio:.2f} the floor redraw"
            report.add(what, value, budget, ratio <= INTERACTION_RATIO)
    errors = report.data.get("browser_console_errors") or []
    if errors:
        report.add("browser: console errors (see the JSON)", str(len(errors)))
