"""The analyst's import page in a browser: a good file is imported, a bad one is refused with
its lines and columns and changes nothing, and the page passes axe."""

from __future__ import annotations

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

HEADER = "indicator_ref,area_code,team_slug,period_end,value,numerator,denominator,symbol,"
HEADER += "provenance,source"
# England's figure for measure 9b in 2001: no other test reads it.
FIGURE = "9b,E92000001,,2001-03-31,{},,,,illustrative,browser test"
RESULT = "#import-result"


def _served_value(page) -> list[float]:
    address = "/api/v1/indicators/9b/observations?area=E92000001&to=2001-12-31"
    return [row["value"] for row in json.loads(page.fetch(address))["observations"]]


def _upload(page, path) -> str:
    """Choose the file as a person would with the file dialog; the result the page shows."""
    previous = page.driver.find_element(By.CSS_SELECTOR, RESULT).text
    chooser = page.driver.find_element(By.CSS_SELECTOR, "#import-upload input[type=file]")
    chooser.send_keys(str(path))
    page.wait_until(lambda: page.driver.find_element(By.CSS_SELECTOR, RESULT).text != previous)
    return page.driver.find_element(By.CSS_SELECTOR, RESULT).text


def _the_button_opens_the_file_dialog_from_the_keyboard(page, button) -> None:
    chooser = page.driver.find_element(By.CSS_SELECTOR, "#import-upload input[type=file]")
    page.wait_until(lambda: chooser.get_attribute("tabindex") == "-1")  # one tab stop: the button
    page.driver.execute_script(
        "arguments[0].addEventListener('click', e => {"
        " e.preventDefault(); window.fileDialogOpened = true; }, {once: true});",
        chooser,
    )
    button.send_keys(Keys.ENTER)
    page.wait_until(lambda: page.driver.execute_script("return window.fileDialogOpened === true"))


def test_a_good_file_is_imported_and_a_bad_one_changes_nothing(page, tmp_path):
    good = tmp_path / "england.csv"
    good.write_text(f"{HEADER}\n{FIGURE.format(640)}\n")
    bad = tmp_path / "mistakes.csv"
    bad.write_text(
        f"{HEADER}\n{FIGURE.format(700)}\n"
        "nope,E92000001,,2001-03-31,5,,,,illustrative,\n"
        "8,E92000001,,2001-03-31,101,,,,illustrative,\n"
    )

    page.open("/admin/import")
    assert page.heading() == "Import figures and plans"
    assert "only analysts will be able to use this page" in page.driver.page_source
    button = page.driver.find_element(By.CSS_SELECTOR, "#import-upload button")
    assert button.text == "Choose a CSV or XLSX file"
    _the_button_opens_the_file_dialog_from_the_keyboard(page, button)

    shown = _upload(page, good)
    assert "Imported" in shown
    assert "england.csv: 1 row(s) checked and imported. 1 added, 0 updated, 0 unchanged." in shown
    assert _served_value(page) == [640.0]

    shown = _upload(page, bad)
    assert "Nothing was imported" in shown
    rows = [
        [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
        for row in page.driver.find_elements(By.CSS_SELECTOR, "#import-problems tbody tr")
    ]
    assert rows == [
        ["3", "indicator_ref", "'nope' is not a known indicator"],
        ["4", "value", "101 is a percentage above 100"],
    ]
    assert page.driver.find_element(By.CSS_SELECTOR, "#import-report-button").is_displayed()
    assert _served_value(page) == [640.0]  # the good first row was not written either

    assert page.accessibility_violations() == []
