"""Recording progress in a real browser: an update added from the keyboard shows in the history,
the status badge and the changes, with focus on the message; a second tab with a stale form is
told about the conflict and keeps its text; no serious accessibility violations on the form."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import serve_app


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """An app of this module's own: these tests write, and the other browser tests count
    what the sample data holds."""
    yield from serve_app(tmp_path_factory.mktemp("edits"))


def _press(page, *keys) -> None:
    ActionChains(page.driver).send_keys(*keys).perform()


def _focused_id(page) -> str:
    return page.driver.switch_to.active_element.get_attribute("id")


def _message(page) -> str:
    return page.driver.find_element(By.ID, "progress-message").text


def _save(page) -> None:
    """Press Enter on the save button (a background tab takes keys, not clicks)."""
    page.driver.find_element(By.ID, "progress-save").send_keys(Keys.ENTER)


def _fill(page, note: str) -> None:
    page.driver.find_element(By.ID, "progress-note").send_keys(note)


def test_an_update_added_from_the_keyboard_shows_in_the_history_and_the_badge(page):
    page.open("/actions/D11")
    facts = page.driver.find_element(By.ID, "action-facts")
    assert "At risk" in facts.text
    status = page.driver.find_element(By.ID, "progress-status")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", status)
    page.driver.execute_script("arguments[0].focus();", status)
    _press(page, Keys.ARROW_UP)  # amber → green
    _press(page, Keys.TAB)
    assert _focused_id(page) == "progress-note"
    _press(page, "Audits of 40 assessments done; <b>not</b> HTML.")
    _press(page, Keys.TAB)
    assert _focused_id(page) == "progress-revised_due"  # left empty: the due date stays
    for _part in range(5):  # a date field takes a Tab for each part (day, month, year)
        if _focused_id(page) == "progress-revised_due":
            _press(page, Keys.TAB)
    assert _focused_id(page) == "progress-save"
    _press(page, Keys.ENTER)

    page.wait_until(lambda: _message(page).startswith("Saved."))
    page.wait_until(lambda: _focused_id(page) == "progress-message")
    page.wait_until(lambda: "On track" in page.driver.find_element(By.ID, "action-facts").text)
    first = page.driver.find_element(By.CSS_SELECTOR, "#progress tbody tr").text
    assert "Audits of 40 assessments done; <b>not</b> HTML." in first
    assert "On track" in first and "Recorded in the dashboard by admin" in first
    change = page.driver.find_element(By.CSS_SELECTOR, "#action-changes tbody tr").text
    assert "admin" in change and "Green: on track" in change
    assert page.driver.find_element(By.ID, "progress-note").get_attribute("value") == ""
    rows = page.fetch("/download?page=/actions/D11&table=change-history&format=csv")
    assert "admin" in rows.decode("utf-8-sig") and "Amber: at risk" in rows.decode("utf-8-sig")


def test_a_second_tab_with_a_stale_form_is_told_and_keeps_its_text(page):
    driver = page.driver
    page.open("/actions/D12")
    first_tab = driver.current_window_handle
    driver.switch_to.new_window("tab")
    page.open("/actions/D12")
    second_tab = driver.current_window_handle
    try:
        driver.switch_to.window(first_tab)
        _fill(page, "First tab's update.")
        _save(page)
        page.wait_until(lambda: _message(page).startswith("Saved."))

        driver.switch_to.window(second_tab)
        _fill(page, "Second tab's update.")
        _save(page)
        page.wait_until(lambda: "Someone else changed this action at" in _message(page))
        message = _message(page)
        assert "admin, at" in message and "First tab's update." in message
        assert "Your text is kept in the form" in message
        assert driver.find_element(By.ID, "progress-message").get_attribute("role") == "alert"
        assert driver.find_element(By.ID, "progress-note").get_attribute("value") == (
            "Second tab's update."
        )
        history = driver.find_element(By.ID, "progress").text
        assert "First tab's update." in history and "Second tab's update." not in history

        _save(page)  # checked: save again
        page.wait_until(lambda: _message(page).startswith("Saved."))
        assert "Second tab's update." in driver.find_element(By.ID, "progress").text
        assert page.console_errors() == []
    finally:
        driver.switch_to.window(second_tab)
        driver.close()
        driver.switch_to.window(first_tab)


def test_field_errors_are_announced_and_the_form_has_no_serious_violations(page):
    page.open("/actions/D13")
    assert page.accessibility_violations() == []
    _save(page)
    page.wait_until(lambda: "Nothing was saved" in _message(page))
    message = page.driver.find_element(By.ID, "progress-message")
    assert message.get_attribute("role") == "alert"
    assert "What has been done: Enter the note." in message.text
    assert "Enter the note." in page.driver.find_element(By.ID, "progress-note-error").text
    assert page.accessibility_violations() == []
