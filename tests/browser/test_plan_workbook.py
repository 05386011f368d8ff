"""The plan workbook in a browser: downloaded from the import page's link, uploaded again as
nothing changed, and a changed one with a person's name as an owner refused by sheet and line."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from tests.browser.test_import_page import RESULT, _upload


def test_the_plan_goes_out_and_back_and_a_bad_row_is_refused_by_sheet(page, tmp_path):
    page.open("/admin/import")
    assert page.heading() == "Import figures and plans"
    link = page.driver.find_element(By.LINK_TEXT, "download the plan as it stands")
    plan = page.fetch(link.get_attribute("href"))
    template = page.fetch(
        page.driver.find_element(By.LINK_TEXT, "Download the template").get_attribute("href")
    )
    assert load_workbook(io.BytesIO(template)).sheetnames[0] == "read me"

    exported = tmp_path / "plan.xlsx"
    exported.write_bytes(plan)
    shown = _upload(page, exported)
    assert "plan.xlsx:" in shown and "0 added, 0 updated" in shown
    assert "actions: 0 added, 0 updated, " in shown and "links: 0 added, 0 updated, " in shown

    workbook = load_workbook(io.BytesIO(plan))
    workbook["actions"]["E2"] = "Ms Example"
    changed = tmp_path / "changed.xlsx"
    workbook.save(changed)
    shown = _upload(page, changed)
    assert "Nothing was imported" in shown
    header = [
        cell.text for cell in page.driver.find_elements(By.CSS_SELECTOR, "#import-problems th")
    ]
    rows = [
        [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td, th")]
        for row in page.driver.find_elements(By.CSS_SELECTOR, "#import-problems tbody tr")
    ]
    assert header[:4] == ["Sheet", "Line", "Column", "Reason"]
    [[sheet, line, column, reason]] = rows
    assert (sheet, line, column) == ("actions", "2", "owner") and "names a person" in reason
    assert page.driver.find_element(By.CSS_SELECTOR, RESULT).is_displayed()
    assert page.accessibility_violations() == []
