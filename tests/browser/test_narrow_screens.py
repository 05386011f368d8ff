"""Every page fits a 400 px wide screen (a phone, or a desktop zoomed to 400%: WCAG 2.2's
reflow): nothing makes the page scroll sideways. Wide tables scroll inside their own box."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

WIDTH = 400
PAGES_FOLDER = Path(__file__).resolve().parents[2] / "dashboard" / "pages"
# An address for each page module; the pages a director may not open are opened as an
# administrator as well, so that the page itself is measured, not only its refusal.
ADDRESSES = {
    "about": "/about",
    "action": "/actions/F3",
    "actions": "/actions",
    "audit": "/admin/audit",
    "clinic": "/clinic",
    "glossary": "/glossary",
    "import_data": "/admin/import",
    "indicator": "/indicator/9b",
    "inspections": "/inspections",
    "not_found_404": "/no-such-page",
    "pack": "/pack",
    "recommendation": "/recommendations/2016-1",
    "recommendations": "/recommendations",
    "scorecard": "/",
    "search": "/search?q=care+leavers",
    "target": "/targets/9b",
    "team": "/teams/leaving-care",
    "teams": "/teams",
    "theme": "/theme/demand-and-need",
    "users": "/admin/users",
}
ADMIN_ONLY = {"audit", "import_data", "target", "users"}
SCREENSHOTS = {"recommendations", "team", "indicator", "scorecard", "clinic"}


def test_every_page_module_has_an_address_here():
    modules = {p.stem for p in PAGES_FOLDER.glob("*.py")} - {"__init__"}
    assert modules == set(ADDRESSES)


@pytest.fixture
def narrow(page):
    page.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    yield page
    page.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _drawn(page, module: str) -> None:
    """Wait for the page and what Dash draws after it (a chart, tables from callbacks)."""
    page.wait_for(By.TAG_NAME, "h1")
    if module == "indicator":
        page.wait_for(By.CSS_SELECTOR, "#measure-chart .main-svg")
    page.wait_until(
        lambda: page.driver.execute_script(
            "return document.readyState === 'complete'"
            " && !document.querySelector('[data-dash-is-loading]');"
        )
    )


def _too_wide(page) -> list[str]:
    """The elements that reach past the screen's right edge, to say what to fix."""
    return page.driver.execute_script(
        "const found = [];"
        "for (const e of document.querySelectorAll('body *')) {"
        "  const box = e.getBoundingClientRect();"
        f"  if (box.right > {WIDTH} + 1 && box.width > 0) {{"
        "    found.push(e.tagName + '.' + e.className + ' ' + Math.round(box.right));"
        "  }"
        "}"
        "return found.slice(0, 8);"
    )


@pytest.mark.parametrize("role", ["director", "admin"])
def test_no_page_scrolls_sideways_at_400_px(narrow, role, tmp_path_factory):
    if getattr(narrow.driver, "signed_in_as", None) != (narrow.base_url, role):
        narrow.sign_in(role)
    folder = Path("/tmp/narrow") if Path("/tmp/narrow").is_dir() else tmp_path_factory.mktemp("w")
    wide = {}
    for module, address in ADDRESSES.items():
        if role == "admin" and module not in ADMIN_ONLY:
            continue
        narrow.driver.get(narrow.base_url + address)
        _drawn(narrow, module)
        width = narrow.driver.execute_script("return document.documentElement.scrollWidth;")
        if width > WIDTH:
            wide[address] = (width, _too_wide(narrow))
        if role == "director" and module in SCREENSHOTS:
            shot = narrow.driver.execute_cdp_cmd(
                "Page.captureScreenshot", {"captureBeyondViewport": True, "format": "png"}
            )
            (folder / f"{module}-400px.png").write_bytes(base64.b64decode(shot["data"]))
        if role == "director" and module in ADMIN_ONLY:  # refused: the browser logs the 403
            refused = narrow.console_errors()
            assert refused and all("403 (FORBIDDEN)" in error for error in refused)
    assert wide == {}
