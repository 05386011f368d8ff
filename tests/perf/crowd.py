"""Step 6: many people at once. Each simulated user is a thread with a session of its own,
signed in through the form before the clock starts; it opens a page at random (the
page-drawing callback), then makes one or two of that page's filter choices (its own
callbacks), pausing `think` seconds on average (0.5 to 1.5 times) between requests, until the
time is up. Every round trip is timed; an answer other than 200 or 204, or none, is an error.

The administrators' pages and the target form are left out: a board meeting does not open them.
"""

from __future__ import annotations

import random
import resource
import threading
import time
from collections import Counter

import requests

from tests.conftest import router_body
from tests.perf.pages import Page
from tests.perf.report import timings
from tests.perf.web import Client, PageCallback

LEFT_OUT = ("/admin/", "/targets/")
CHOICES_PER_VISIT = (1, 2)
TIMEOUT_SECONDS = 30


def _visits(pages: list[Page], replayable: dict[str, list[PageCallback]]) -> list[tuple]:
    """(path, the page-drawing body, the bodies of its filter choices) for each page."""
    visits = []
    for page in pages:
        if page.path.startswith(LEFT_OUT):
            continue
        choices = [b for c in replayable.get(page.path, []) if not c.writes for b in c.bodies]
        visits.append((page.path, router_body(page.path), choices))
    return visits


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(
    base_url: str,
    users: int,
    seconds: float,
    think: float,
    pages: list[Page],
    replayable: dict[str, list[PageCallback]],
    credentials: tuple[str, str],
) -> dict:
    visits = _visits(pages, replayable)
    clients, sign_ins = [], []
    for _ in range(users):
        client = Client(base_url)
        sign_ins.append(client.sign_in(*credentials))
        clients.append(client)
    records: list[tuple[str, str, float]] = []  # (kind, path, seconds) of answered requests
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(users + 1)
    stop_at = [0.0]

    def user(number: int, client: Client) -> None:
        chance = random.Random(number)

        def send(kind: str, path: str, body: dict) -> None:
            try:
                took, response = client.post(body, timeout=TIMEOUT_SECONDS)
            except requests.RequestException as error:
                with lock:
                    errors[f"{type(error).__name__} on {path}"] += 1
                return
            with lock:
                if response.status_code in (200, 204):
                    records.append((kind, path, took))
                else:
                    errors[f"HTTP {response.status_code} on {path}"] += 1

        def pause() -> None:
            time.sleep(think * chance.uniform(0.5, 1.5))

        start.wait()
        while time.perf_counter() < stop_at[0]:
            path, drawing, choices = chance.choice(visits)
            send("page drawing", path, drawing)
            pause()
            for body in chance.sample(choices, min(len(choices), chance.choice(CHOICES_PER_VISIT))):
                if time.perf_counter() >= stop_at[0]:
                    break
                send("filter", path, body)
                pause()

    threads = [
        threading.Thread(target=user, args=(n, c), daemon=True) for n, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    cpu_before = _cpu_seconds()
    stop_at[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    all_times = [took for _kind, _path, took in records]
    by_path: dict[str, list[float]] = {}
    for kind, path, took in records:
        if kind == "page drawing":
            by_path.setdefault(path, []).append(took)
    return {
        "users": users,
        "seconds": round(wall, 1),
        "think_seconds": think,
        "sessions": "one signed-in session per user (one admin account)",
        "sign_in": timings(sign_ins),
        "requests": len(all_times) + sum(errors.values()),
        "requests_per_second": round((len(all_times) + sum(errors.values())) / wall, 1),
        "all": timings(all_times),
        "page_drawing": timings([t for k, _p, t in records if k == "page drawing"]),
        "filters": timings([t for k, _p, t in records if k == "filter"]),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "page_drawing_by_page": {path: timings(times) for path, times in sorted(by_path.items())},
        "client_cpu_share": round((_cpu_seconds() - cpu_before) / wall, 2),
    }
