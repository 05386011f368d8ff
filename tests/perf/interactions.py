"""Step 5b: interactions, click to redrawn, in headless Chromium (SPEC section 10): on the
scorecard, untick a rating box, change the grouping, choose a theme; on the action tracker,
each of its filters; on a measure page, the chart-view switch. Each is held to 3 times the
"floor redraw": the one-graph Dash page's redraw after its dropdown changes, measured in
the same run, in turns with the others so that drift on a shared machine hits all alike.

Each measurement opens the page afresh (browser cache warm), waits until it is fully drawn
(tests/perf/page_load.py), arms the page's watcher, then acts as a person does. The clock
starts at the first input event the page receives (a capturing listener, before the page's
own handlers) and stops at the page's last change (a DOM mutation or a callback's answer)
once no Dash callback is in flight and nothing has changed for QUIET_MS: the same test of
"drawn" as page load, so a long render that freezes the page is counted in full. No fixed
sleeps: every wait polls the page for a state.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait
from urllib3.exceptions import HTTPError

from tests.perf import one_graph
from tests.perf.page_load import (
    PAGE_DRAWN,
    PLOTLY_DRAWN,
    QUIET_MS,
    TIMEOUT_SECONDS,
    Target,
    load_once,
)
from tests.perf.processes import BenchmarkError

FLOOR = "one-graph page: choose another measure in its dropdown"
SLOW_SECONDS = 15  # an unmeasured first redraw this slow: measured once more, not `runs` times

ARM = """
const perf = window.__perf;
perf.armed = true;
perf.startAt = null;
perf.callbacksAtStart = perf.callbacks;
"""

REDRAWN = """
const [quietMs] = arguments;
const perf = window.__perf;
if (!perf || perf.startAt === null || perf.pending > 0) return null;
if (perf.last <= perf.startAt) return null;  // nothing has answered or changed yet
const plots = [...document.querySelectorAll('.js-plotly-plot')];
if (!plots.every(plot => plot.querySelector('.main-svg'))) return null;
if (![...document.images].every(image => image.complete)) return null;
if (performance.now() - perf.last < quietMs) return null;
return {
  redrawn_ms: perf.last - perf.startAt,
  callbacks: perf.callbacks - perf.callbacksAtStart,
  elements: document.getElementsByTagName('*').length,
};
"""


@dataclass(frozen=True)
class Interaction:
    """What a person does: on the page at `url` (drawn when `ready` is there), change the
    control with id `control` to `choice` (an option's value, or a box's value to toggle);
    with no choice, the first option not chosen, or the first box ticked."""

    name: str
    page: str  # the page's label in the report
    url: str
    control: str
    ready: str = PAGE_DRAWN
    needs_callback: bool = True
    choice: str | None = None

    @property
    def target(self) -> Target:
        return Target(self.name, self.url, self.ready, self.needs_callback)


def app_interactions(base_url: str, pages) -> list[Interaction]:
    """The interactions SPEC section 10 names, on the app's pages (`pages`: tests/perf/pages)."""
    scorecard = base_url + "/"
    found = [
        Interaction("scorecard: untick one rating box", "/", scorecard, "scorecard-ratings"),
        Interaction("scorecard: group by improvement theme", "/", scorecard, "scorecard-group"),
        Interaction("scorecard: choose a theme", "/", scorecard, "scorecard-theme"),
    ]
    tracker = base_url + "/actions"
    found += [
        Interaction(f"action tracker: {what}", "/actions", tracker, control)
        for what, control in (
            ("choose a plan", "actions-plan"),
            ("choose a theme or priority", "actions-theme"),
            ("choose an owner", "actions-owner"),
            ("untick a status box", "actions-status"),
            ("tick 'overdue only'", "actions-overdue"),
        )
    ]
    found += [
        Interaction(
            f"measure page {page.path}: switch the chart to SPC",
            page.label,
            base_url + page.path,
            "chart-view",
            choice="spc",
        )
        for page in pages
        if page.path.startswith("/indicator/")
    ]
    return found


def floor(url: str) -> Interaction:
    return Interaction(
        FLOOR, "one-graph Dash page", url, one_graph.DROPDOWN, PLOTLY_DRAWN, False, "second"
    )


def _control(driver, interaction: Interaction) -> WebElement:
    found = driver.find_elements(By.ID, interaction.control)
    if not found:
        raise BenchmarkError(f"{interaction.url} has no control #{interaction.control}")
    return found[0]


def _arm(driver) -> None:
    driver.execute_script(ARM)


def _click(driver, element: WebElement) -> None:
    """A click as the page receives it, wherever the element is scrolled or overlapped."""
    driver.execute_script("arguments[0].click();", element)


def act(driver, interaction: Interaction) -> str:
    """Arm the page's watcher and make the change; what was chosen, in words."""
    control = _control(driver, interaction)
    choice = interaction.choice
    if control.tag_name == "select":
        select = Select(control)
        values = [o.get_attribute("value") for o in select.options if o.is_enabled()]
        current = control.get_attribute("value")
        value = choice if choice in values else next((v for v in values if v != current), None)
        if value is None:
            raise BenchmarkError(f"#{interaction.control} offers nothing else to choose")
        _arm(driver)
        select.select_by_value(value)
        return f"chose {value}"
    if "dash-dropdown" in (control.get_attribute("class") or ""):
        control.click()  # opens the menu (a popover outside the control)
        options = WebDriverWait(driver, TIMEOUT_SECONDS).until(
            expected_conditions.visibility_of_all_elements_located(
                (By.CSS_SELECTOR, ".dash-dropdown-option")
            )
        )
        values = [o.find_element(By.TAG_NAME, "input").get_attribute("value") for o in options]
        chosen = [o.get_attribute("aria-selected") == "true" for o in options]
        index = values.index(choice) if choice in values else chosen.index(False)
        _arm(driver)
        options[index].click()
        return f"chose {values[index]}"
    boxes = control.find_elements(By.CSS_SELECTOR, "input[type=checkbox], input[type=radio]")
    if not boxes:
        raise BenchmarkError(f"#{interaction.control} is not a control the benchmark can use")
    values = [box.get_attribute("value") for box in boxes]
    ticked = [box.is_selected() for box in boxes]
    radio = boxes[0].get_attribute("type") == "radio"
    if choice in values:
        index = values.index(choice)
    elif radio:
        index = ticked.index(False)
    else:
        index = ticked.index(True) if any(ticked) else 0
    _arm(driver)
    _click(driver, boxes[index])
    if radio:
        return f"chose {values[index]}"
    return f"{'unticked' if ticked[index] else 'ticked'} {values[index]}"


class NotRedrawn(BenchmarkError):
    """The page was still busy, or still waiting, TIMEOUT_SECONDS after the person acted."""


def wait_redrawn(driver, interaction: Interaction) -> dict:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        found = driver.execute_script(REDRAWN, QUIET_MS)
        if found:
            return {k: round(v, 1) if isinstance(v, float) else v for k, v in found.items()}
        time.sleep(0.05)
    raise NotRedrawn(f"{interaction.name} was not redrawn within {TIMEOUT_SECONDS} s")


def measure_once(driver, interaction: Interaction) -> dict:
    """Open the page, wait until it is drawn, act, and time the redraw."""
    load_once(driver, interaction.target, cold=False)
    did = act(driver, interaction)
    return {**wait_redrawn(driver, interaction), "did": did}


class _Browser:
    """The signed-in browser the interactions run in; replaced by a new one after a page
    froze past the timeout (its renderer would hold up every later command)."""

    def __init__(self, open_browser: Callable[[], WebDriver]):
        self.open_browser = open_browser
        self.driver = open_browser()

    def measure(self, interaction: Interaction) -> dict:
        try:
            return measure_once(self.driver, interaction)
        except (NotRedrawn, WebDriverException, HTTPError) as error:
            self.driver.quit()
            self.driver = self.open_browser()
            return {"redrawn_ms": None, "failed": str(error).splitlines()[0]}


def measure(
    interactions: list[Interaction],
    floor_at: Interaction,
    runs: int,
    open_browser: Callable[[], WebDriver],
) -> dict:
    """`runs` measurements of each interaction and of the floor, in turns, after one round
    unmeasured (it warms the servers' kept answers and the browser's cache). One whose
    unmeasured run took over SLOW_SECONDS, or failed, is measured once only: it is far
    past its budget however often it runs."""
    every = [floor_at, *interactions]
    browser = _Browser(open_browser)
    try:
        warm = {i.name: browser.measure(i) for i in every}
        measured: dict[str, list[dict]] = {i.name: [] for i in every}
        for run in range(runs):
            for interaction in every:
                first = warm[interaction.name]["redrawn_ms"]
                if run and (first is None or first > SLOW_SECONDS * 1000):
                    continue
                measured[interaction.name].append(browser.measure(interaction))
    finally:
        browser.driver.quit()
    results = {}
    for interaction in every:
        results[interaction.name] = _summary(interaction, measured[interaction.name])
        print(f"  {interaction.name}: {results[interaction.name]['said']}", flush=True)
    if results[floor_at.name]["median_ms"] is None:
        raise BenchmarkError(f"the floor redraw failed: {results[floor_at.name]['said']}")
    return results


def _summary(interaction: Interaction, done: list[dict]) -> dict:
    """The median of the runs; None if any run was not redrawn in time (it counts as failed)."""
    timed = [run["redrawn_ms"] for run in done]
    failed = [run["failed"] for run in done if "failed" in run]
    median = None if failed else round(statistics.median(timed), 1)
    runs = ", ".join("failed" if ms is None else f"{ms:.0f}" for ms in timed)
    return {
        "page": interaction.page,
        "url": interaction.url,
        "control": interaction.control,
        "did": next((run["did"] for run in done if "did" in run), "(did not finish)"),
        "median_ms": median,
        "said": f"median {median} ms ({runs})" if median else f"FAILED: {failed[0]}",
        "callbacks": next((run["callbacks"] for run in done if "callbacks" in run), None),
        "elements": next((run["elements"] for run in done if "elements" in run), None),
        "runs_ms": timed,
        "failed": failed,
    }
