"""An Annex A workbook through the import page in a browser: the as-at date asked for and typed,
the workbook imported in the background, its figures served, the page passing axe, and no
child's details in the app's log."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By

from tests.annex_a_workbook import AS_AT, PRIVATE, write_workbook
from tests.browser.conftest import Page, serve_app
from tests.browser.test_import_page import RESULT, _upload


@pytest.fixture(scope="module")
def annex_server(tmp_path_factory):
    """An app of this module's own: the import adds Tameside's latest months, which the other
    browser tests' pages would show."""
    folder = tmp_path_factory.mktemp("annex_a_browser")
    for url in serve_app(folder):
        yield url, folder


def test_an_annex_a_workbook_is_imported_with_its_as_at_date(browser, annex_server, tmp_path):
    url, folder = annex_server
    page = Page(browser, url)
    page.sign_in("analyst")
    browser.get_log("browser")
    path = write_workbook(tmp_path / "annex.xlsx")
    page.open("/admin/import")

    shown = _upload(page, path)
    assert "annex.xlsx is an Annex A workbook: give its as-at date" in shown

    as_at = browser.find_element(By.ID, "import-annex-a-as-at")
    year, month, day = AS_AT.split("-")
    as_at.send_keys(month + day + year)  # as a person types it into the browser's date field
    page.wait_until(lambda: as_at.get_attribute("value") == AS_AT)
    months = browser.find_element(By.ID, "import-annex-a-months")
    months.clear()
    months.send_keys("2")
    shown = _upload(page, write_workbook(tmp_path / "annex-dated.xlsx"))
    assert (
        f"annex-dated.xlsx: Annex A as at {AS_AT}:" in shown and "for Nov 2025, Dec 2025" in shown
    )
    assert "Team 'Locality 9' (1 row(s)) is not one of the teams" in shown

    address = "/api/v1/indicators/9a/observations?area=E08000008&from=2025-11-01&to=2025-12-31"
    served = json.loads(page.fetch(address))["observations"]
    assert [(row["date"], row["value"], row["provenance"]) for row in served] == [
        ("2025-11-30", 7.0, "computed"),
        ("2025-12-31", 6.0, "computed"),
    ]
    assert {row["source"] for row in served} == {"Annex A as at 31 December 2025"}
    assert page.accessibility_violations() == []
    assert page.console_errors() == []
    log = (folder / "app.log").read_text()
    assert not [secret for secret in PRIVATE if secret in log + browser.page_source]
    assert browser.find_element(By.CSS_SELECTOR, RESULT).is_displayed()
