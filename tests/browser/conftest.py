"""Real-browser tests: the app started as `python app.py` starts it, driven in headless Chromium.

The app runs in its own process on a free port with a new SQLite database (created and seeded
on first start), with one user of each role made by `create-user` as the README says. The
browser signs in as an administrator, who may see and do everything, unless a test signs in as
someone else. Every test ends by checking that the browser console has no errors.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = ROOT / ".browser" / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PASSWORD = "a long password for the browser"
USERS = {  # username: role and teams
    "admin": ("admin", ()),
    "viewer": ("viewer", ()),
    "director": ("director", ()),
    "analyst": ("analyst", ()),
    "leaving-care-manager": ("team_manager", ("leaving-care",)),
    "disabled-children-manager": ("team_manager", ("disabled-children",)),
}


def _create_users(env: dict) -> None:
    for username, (role, teams) in USERS.items():
        command = [sys.executable, "-m", "data_access", "create-user", "--username", username]
        command += ["--password", "-", "--role", role, *(f"--team={team}" for team in teams)]
        subprocess.run(command, cwd=ROOT, env=env, input=PASSWORD, text=True, check=True)


def serve_app(folder: Path):
    """Start `python app.py` on a free port with a new database in `folder`, with a user of
    each role; yield its URL."""
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{folder}/browser.db"}
    env["BACKGROUND_FOLDER"] = str(folder / "background")  # not the checkout's instance folder
    env.pop("PUBLIC_VIEW", None)
    with open(folder / "app.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the app did not start: {(folder / 'app.log').read_text()}")
            time.sleep(0.3)
        _create_users(env)
        yield url
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app for the tests that only read: one for the whole run."""
    yield from serve_app(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


class Page:
    """What a person does in the browser: open, wait to see, click, read."""

    def __init__(self, driver, base_url: str):
        self.driver = driver
        self.base_url = base_url

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)
        self.wait_for(By.TAG_NAME, "h1")

    def wait_for(self, by: str, value: str, timeout: float = 15):
        return WebDriverWait(self.driver, timeout).until(
            expected_conditions.visibility_of_element_located((by, value))
        )

    def wait_for_text(self, text: str, timeout: float = 15) -> None:
        """Wait for the text anywhere on the page, reading it again if a new page replaced it
        while it was being read (a form posted, a page drawn)."""
        self.wait_until(lambda: text in self.driver.find_element(By.TAG_NAME, "body").text, timeout)

    def wait_until(self, condition, timeout: float = 15):
        """Wait until condition() gives something true (Dash updates pages after a callback)."""
        return WebDriverWait(
            self.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)
        ).until(lambda _driver: condition())

    def click_link(self, text: str) -> None:
        link = self.wait_for(By.PARTIAL_LINK_TEXT, text)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()

    def heading(self) -> str:
        """The page's h1, read again if the page replaced it while it was being read."""
        return self.wait_until(lambda: self.wait_for(By.TAG_NAME, "h1").text)

    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.base_url)

    def sign_in(self, username: str) -> None:
        """Sign in through the form, as a person would (after signing out if need be)."""
        self.driver.delete_all_cookies()
        self.driver.get(self.base_url + "/login")
        self.driver.find_element(By.ID, "username").send_keys(username)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
        self.wait_for(By.CSS_SELECTOR, ".account strong")
        self.driver.signed_in_as = (self.base_url, username)

    def fetch(self, address: str) -> bytes:
        """What the server answers to `address` for the person signed in in this browser."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        url = address if address.startswith("http") else self.base_url + address
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def console_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def accessibility_violations(self) -> list[dict]:
        """axe-core's serious and critical violations of WCAG 2.2 A and AA on this page, read
        from its top (scrolled elsewhere, a sticky bar lies over whatever is under it just then,
        and axe counts that against the target beneath), with every card laid out: the browser
        lays out a long list's cards only as they near the screen (`content-visibility`), and
        axe would measure the others' placeholders. Transitions are ended first: on a busy
        machine axe could read a button's colours halfway through its change on focus."""
        self.driver.execute_script(
            "const still = document.createElement('style');"
            "still.textContent = '*, *::before, *::after "
            "{transition: none !important; animation: none !important}';"
            "document.head.appendChild(still);"
            "window.scrollTo(0, 0);"
            "for (const card of document.querySelectorAll('.card-grid > li'))"
            "  card.style.contentVisibility = 'visible';"
        )
        self.driver.execute_script(AXE.read_text())
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
            ".then(r => done(JSON.stringify(r.violations)));"
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:5]],
            }
            for v in json.loads(result)
            if v["impact"] in ("serious", "critical")
        ]


@pytest.fixture
def page(browser, live_server):
    """The browser, signed in as an administrator on `live_server`."""
    person = Page(browser, live_server)
    if getattr(browser, "signed_in_as", None) != (live_server, "admin"):
        person.sign_in("admin")
    browser.get_log("browser")  # start each test with an empty console
    yield person
    assert person.console_errors() == []
