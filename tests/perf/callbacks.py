"""Step 4: the server round trip of every page's Dash callbacks, one request at a time, over
HTTP to gunicorn: the page-drawing callback, and each of the page's own callbacks with the
choices a person could make on it (saves with an entry the form refuses, so nothing changes).
Each is sent a few times to warm up, then `repeat` times measured; p50 and p95 per callback.
One whose first round trip takes more than SLOW_SECONDS (forty times the budget) is measured
SLOW_REPEAT times only, without warming up: it is far past its budget however often it runs.
"""

from __future__ import annotations

from tests.conftest import router_body
from tests.perf.pages import NOT_REPLAYED, Page
from tests.perf.processes import BenchmarkError
from tests.perf.report import timings
from tests.perf.web import (
    Client,
    PageCallback,
    dependencies,
    drawn_layout,
    page_callbacks,
)

OK = (200, 204)  # 204: Dash's answer when a callback has nothing to change
SLOW_SECONDS = 2.0
SLOW_REPEAT = 3


def _timed(client: Client, bodies, count: int, what: str) -> tuple[list[float], int]:
    """Send `count` bodies from the iterator; the round trips and the largest answer (bytes)."""
    seconds, largest = [], 0
    for _ in range(count):
        body = next(bodies)
        took, response = client.post(body)
        if response.status_code not in OK:
            raise BenchmarkError(f"{what} answered {response.status_code}: {response.text[:500]}")
        seconds.append(took)
        largest = max(largest, len(response.content))
        if response.status_code == 200 and {"cacheKey", "job"} <= response.json().keys():
            client.finish_job(body, response.json())
    return seconds, largest


def _measure(client: Client, bodies, warmup: int, repeat: int, what: str) -> dict:
    """Warm up, then time `repeat` round trips (fewer, if the first shows it is slow)."""
    first, _size = _timed(client, bodies, 1, what)
    slow = first[0] > SLOW_SECONDS
    if not slow:
        _timed(client, bodies, warmup - 1, what)
    seconds, size = _timed(client, bodies, SLOW_REPEAT if slow else repeat, what)
    return {**timings(seconds), "bytes": size, "first_ms": round(first[0] * 1000, 1)}


def measure_page(
    client: Client, page: Page, deps: list[dict], repeat: int, warmup: int
) -> tuple[dict, list[PageCallback]]:
    """The page's figures, and its callbacks with their bodies (for the crowd to replay)."""
    body = router_body(page.path)
    _took, response = client.post(body)
    if response.status_code != 200:
        raise BenchmarkError(f"drawing {page.path} answered {response.status_code}")
    if '"not-found"' in response.text:  # the class of dashboard/components/not_found.py
        raise BenchmarkError(f"{page.path} drew a 'not found' or refusal, not the page")
    layout = drawn_layout(response)
    drawing = iter(lambda: body, None)
    result = {
        "page": page.label,
        "path": page.path,
        "draw": _measure(client, drawing, warmup, repeat, f"drawing {page.path}"),
        "callbacks": [],
    }
    if page.module in NOT_REPLAYED:
        result["not_replayed"] = NOT_REPLAYED[page.module]
        return result, []
    callbacks = page_callbacks(deps, layout)
    for callback in callbacks:
        measured = _measure(
            client,
            callback.cycle(),
            max(warmup, len(callback.bodies)),
            repeat,
            f"{callback.name} on {page.path}",
        )
        result["callbacks"].append(
            {
                "callback": callback.name,
                "kind": callback.kind,
                "inputs_tried": len(callback.bodies),
                **measured,
            }
        )
    return result, callbacks


def measure_all(
    client: Client, pages: list[Page], repeat: int, warmup: int
) -> tuple[list[dict], dict[str, list[PageCallback]]]:
    """Every page's figures, and each page's callbacks by path."""
    deps = dependencies(client)
    measured, replayable = [], {}
    for page in pages:
        result, replayable[page.path] = measure_page(client, page, deps, repeat, warmup)
        parts = [f"draw p95 {result['draw']['p95_ms']} ms"] + [
            f"{c['callback']} p95 {c['p95_ms']} ms" for c in result["callbacks"]
        ]
        print(f"  {page.label}: " + ", ".join(parts), flush=True)
        measured.append(result)
    return measured, replayable
