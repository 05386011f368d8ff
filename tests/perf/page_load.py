"""Step 5: page load to fully drawn in headless Chromium with a cold cache, for every page and
for the one-graph Dash page, taken in turns; medians and ratios. The app's pages are opened
signed in as a director, as SPEC section 10 asks; those a director may not open (the
administrators' and analysts' pages) signed in as an administrator, in a second browser.

A script put into every page before its own counts the page's Dash callback requests in
flight and notes the time of the last change to the page (DOM mutation or callback answer).
A page is drawn when it has loaded, no callback is in flight, its charts (Plotly graphs, or
the scorecard's sparkline images) are all drawn, and nothing has changed for QUIET_MS; its
time is that of its last change, from the start of navigation (performance.now()).
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.perf.processes import BenchmarkError

QUIET_MS = 500
TIMEOUT_SECONDS = 120
PLOTLY_DRAWN = ".js-plotly-plot .main-svg"
PAGE_DRAWN = "#_pages_content h1"  # any app page, once its drawing callback has answered
DIRECTOR, ADMIN = "director", "admin"  # whose browser opens a page

WATCH = """
(() => {
  const perf = window.__perf = {pending: 0, callbacks: 0, last: 0, firstChart: null};
  const changed = () => {
    perf.last = performance.now();
    if (perf.firstChart === null && document.querySelector('.js-plotly-plot .main-svg')) {
      perf.firstChart = perf.last;
    }
  };
  const fetch = window.fetch;
  window.fetch = function (resource) {
    const address = typeof resource === 'string' ? resource : (resource && resource.url) || '';
    if (!address.includes('_dash-update-component')) return fetch.apply(this, arguments);
    perf.pending += 1;
    perf.callbacks += 1;
    const done = () => { perf.pending -= 1; changed(); };
    return fetch.apply(this, arguments).then(
      response => { response.clone().arrayBuffer().then(done, done); return response; },
      error => { done(); throw error; });
  };
  new MutationObserver(changed).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true});
  // For interactions (tests/perf/interactions.py): once armed, the first input event is the
  // moment the person acted; the listener runs before the page's own handlers.
  perf.armed = false;
  perf.startAt = null;
  const acted = () => {
    if (perf.armed && perf.startAt === null) perf.startAt = performance.now();
  };
  for (const kind of ['pointerdown', 'mousedown', 'click', 'input', 'change', 'keydown']) {
    window.addEventListener(kind, acted, true);
  }
})();
"""

DRAWN = """
const [selector, needsCallback, quietMs] = arguments;
const perf = window.__perf;
if (!perf || document.readyState !== 'complete' || perf.pending > 0) return null;
if (needsCallback && perf.callbacks === 0) return null;
if (!document.querySelector(selector)) return null;
const plots = [...document.querySelectorAll('.js-plotly-plot')];
if (!plots.every(plot => plot.querySelector('.main-svg'))) return null;
if (![...document.images].every(image => image.complete)) return null;
if (performance.now() - perf.last < quietMs) return null;
const heading = document.querySelector('h1');
const navigation = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource');
const calls = resources.filter(r => r.name.includes('_dash-update-component'));
const scripts = resources.filter(r => r.initiatorType === 'script' || r.name.endsWith('.js'));
const layout = resources.find(r => r.name.includes('_dash-layout'));
return {
  drawn_ms: perf.last,
  first_chart_ms: perf.firstChart,
  html_ms: navigation.responseEnd,
  dom_content_loaded_ms: navigation.domContentLoadedEventEnd,
  dash_layout_answered_ms: layout ? layout.responseEnd : null,
  dash_layout_wait_ms: layout ? layout.responseStart - layout.requestStart : null,
  load_event_ms: navigation.loadEventEnd,
  first_callback_sent_ms: calls.length ? Math.min(...calls.map(r => r.startTime)) : null,
  last_callback_answered_ms: calls.length ? Math.max(...calls.map(r => r.responseEnd)) : null,
  callback_wait_ms: calls.reduce((sum, r) => sum + r.responseStart - r.requestStart, 0),
  callbacks: perf.callbacks,
  charts: plots.length,
  requests: resources.length + 1,
  script_kb: scripts.reduce((sum, r) => sum + r.transferSize, 0) / 1024,
  transfer_kb: (resources.reduce((sum, r) => sum + r.transferSize, 0)
                + navigation.transferSize) / 1024,
  elements: document.getElementsByTagName('*').length,
  height_px: document.documentElement.scrollHeight,
  heading: heading ? heading.textContent : '',
  refused: !!document.querySelector('.not-found'),
};
"""


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    ready: str  # a CSS selector present once the page's charts are there
    needs_callback: bool  # drawn by a Dash callback (the app's pages), or by the layout
    user: str = DIRECTOR  # whose browser opens it (the one-graph page needs nobody)


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    # A page busy drawing answers scripts late: wait for it as long as for the drawing.
    driver.set_script_timeout(TIMEOUT_SECONDS)
    driver.command_executor.client_config.timeout = TIMEOUT_SECONDS + 30
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    return driver


def sign_in(driver, base_url: str, username: str, password: str) -> None:
    driver.get(base_url + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password, Keys.ENTER)
    WebDriverWait(driver, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".account strong"))
    )


def wait_drawn(driver, target: Target) -> dict:
    """Wait until the page now loading is fully drawn; its timings in ms from navigation."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        found = driver.execute_script(DRAWN, target.ready, target.needs_callback, QUIET_MS)
        if found:
            if found["refused"]:
                raise BenchmarkError(f"{target.url} showed '{found['heading']}', not the page")
            return {key: round(value, 1) if isinstance(value, float) else value
                    for key, value in found.items()}  # fmt: skip
        time.sleep(0.05)
    raise BenchmarkError(f"{target.url} was not drawn within {TIMEOUT_SECONDS} s")


def load_once(driver, target: Target, cold: bool = True) -> dict:
    """One load of the page (with an empty browser cache if `cold`), waited for until drawn."""
    driver.get("about:blank")
    if cold:
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.get(target.url)
    return wait_drawn(driver, target)


def _medians(runs: list[dict]) -> dict:
    """The median of each timing across the runs (where every run has it)."""
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float) and not isinstance(v, bool)]
    return {
        key: round(statistics.median(run[key] for run in runs), 1)
        for key in keys
        if all(isinstance(run.get(key), int | float) for run in runs)
    }


def signed_in_browser(base_url: str, username: str, password: str) -> webdriver.Chrome:
    driver = browser()
    try:
        sign_in(driver, base_url, username, password)
    except Exception:
        driver.quit()
        raise
    return driver


@contextlib.contextmanager
def browsers(base_url: str, users: dict[str, tuple[str, str]]) -> Iterator[dict]:
    """A signed-in browser for each user named (user -> (username, password)), then closed."""
    drivers: dict[str, webdriver.Chrome] = {}
    try:
        for user, (username, password) in users.items():
            drivers[user] = signed_in_browser(base_url, username, password)
        yield drivers
    finally:
        for driver in drivers.values():
            driver.quit()


def console_errors(drivers: dict) -> list[str]:
    return [
        f"{user}: {entry['message']}"
        for user, driver in drivers.items()
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE"
    ]


def measure(targets: list[Target], loads: int, drivers: dict) -> dict:
    """`loads` cold loads of each target, in turns so that drift hits all alike, each in the
    browser of the user it names (`drivers`: user -> a signed-in browser)."""
    for target in targets:  # once each to warm the servers, not measured
        load_once(drivers[target.user], target)
    runs: dict[str, list[dict]] = {target.name: [] for target in targets}
    for _ in range(loads):
        for target in targets:
            runs[target.name].append(load_once(drivers[target.user], target))
    errors = console_errors(drivers)
    results = {}
    for target in targets:
        done = [run["drawn_ms"] for run in runs[target.name]]
        results[target.name] = {
            "url": target.url,
            "user": target.user,
            "median_ms": round(statistics.median(done), 1),
            "medians": _medians(runs[target.name]),
            "runs": runs[target.name],
        }
    results["console_errors"] = errors
    return results
