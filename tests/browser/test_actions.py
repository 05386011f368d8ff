"""The action tracker in a real browser: filters chosen from the keyboard change the table, the
status line and the address; a filtered address opens the filtered view; the in-page link to
"We said / We did"; no serious accessibility violations, wide or narrow."""

from __future__ import annotations

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

PLAN_2022 = "improvement-plan-2022-23"
ROWS = "#tracked-actions tbody tr"


def _showing(page) -> tuple[int, int]:
    line = page.wait_for(By.ID, "actions-showing")
    assert line.get_attribute("role") == "status"
    shown, total = re.match(r"Showing (\d+) of (\d+) actions", line.text).groups()
    return int(shown), int(total)


def _focused_id(page) -> str:
    return page.driver.switch_to.active_element.get_attribute("id")


def _press(page, *keys) -> None:
    ActionChains(page.driver).send_keys(*keys).perform()


def _rows(page) -> list[str]:
    return [row.text for row in page.driver.find_elements(By.CSS_SELECTOR, ROWS)]


def _split_rows(page) -> list[str]:
    table = page.driver.find_element(By.ID, "actions-brag-split")
    return [row.text for row in table.find_elements(By.CSS_SELECTOR, "tbody th")]


def test_filters_chosen_from_the_keyboard_change_the_table_and_the_address(page):
    page.open("/actions")
    assert page.heading() == "Action tracker"
    assert _showing(page) == (101, 101)
    assert "Plan: Children's Services Improvement Plan 2017" in _split_rows(page)

    # from the last in-page link, Tab reaches the first filter
    last_link = page.driver.find_element(By.CSS_SELECTOR, "nav a[href='#we-said-we-did']")
    page.driver.execute_script("arguments[0].focus();", last_link)
    _press(page, Keys.TAB)
    assert _focused_id(page) == "actions-plan"
    _press(page, Keys.ARROW_DOWN, Keys.ARROW_DOWN)  # all plans → 2017 → 2022/23
    page.wait_until(lambda: _showing(page) == (36, 101))
    assert page.path() == f"/actions?plan={PLAN_2022}"
    assert all(row.startswith("Action P") for row in _rows(page))
    assert "Plan: Children's Services Improvement Plan 2017" not in _split_rows(page)

    _press(page, Keys.TAB)
    assert _focused_id(page) == "actions-theme"
    _press(page, Keys.END)  # the plan's last priority, P7
    page.wait_until(lambda: page.path() == f"/actions?plan={PLAN_2022}&theme=P7")
    shown_p7, _ = _showing(page)
    assert 0 < shown_p7 < 36 and all(row.startswith("Action P7.") for row in _rows(page))

    _press(page, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB)  # owner, red ... blue
    blue = page.driver.switch_to.active_element
    assert blue.get_attribute("value") == "blue" and blue.is_selected()
    _press(page, Keys.SPACE)  # untick "Blue: complete"
    page.wait_until(
        lambda: (
            page.path() == f"/actions?plan={PLAN_2022}&theme=P7&status=red,amber,green,not_started"
        )
    )
    shown, _ = _showing(page)
    assert 0 < shown < shown_p7
    assert all("Complete" not in row for row in _rows(page))
    assert _focused_id(page) == blue.get_attribute("id")  # focus stays where the person is


def test_a_filtered_address_opens_the_filtered_view(page):
    page.open(f"/actions?plan={PLAN_2022}&status=green")
    page.wait_for(By.CSS_SELECTOR, ROWS)
    assert _showing(page) == (9, 101)
    rows = _rows(page)
    assert len(rows) == 9 and all("On track" in row for row in rows)
    plan = page.driver.find_element(By.ID, "actions-plan")
    assert plan.get_attribute("value") == PLAN_2022
    ticked = [
        box.get_attribute("value")
        for box in page.driver.find_elements(By.CSS_SELECTOR, "#actions-status input")
        if box.is_selected()
    ]
    assert ticked == ["green"]
    assert (
        "Of 9 actions shown: 0% red, 0% amber, 100% green"
        in page.driver.find_element(By.ID, "brag-split").text
    )

    page.open("/actions?plan=improvement-plan-2017&status=red,amber&overdue=1&nonsense=1")
    page.wait_for(By.CSS_SELECTOR, ROWS)
    rows = _rows(page)
    assert rows and all("Overdue" in row for row in rows)
    assert all(("Off track" in row or "At risk" in row) for row in rows)


def test_the_in_page_link_reaches_we_said_we_did_after_filtering(page):
    page.open("/actions?status=green,amber")
    shown, _ = _showing(page)
    page.driver.find_element(By.CSS_SELECTOR, "#actions-overdue input").send_keys(Keys.SPACE)
    page.wait_until(lambda: _showing(page)[0] < shown)
    link = page.driver.find_element(By.CSS_SELECTOR, "nav a[href='#we-said-we-did']")
    link.send_keys(Keys.ENTER)
    page.wait_until(lambda: _focused_id(page) == "we-said-we-did")
    page.wait_until(lambda: _just_below_the_index(page))
    assert page.path() == "/actions?status=amber,green&overdue=1#we-said-we-did"
    _press(page, Keys.TAB)  # the keyboard carries on from the section
    assert page.driver.switch_to.active_element.text == "Action P1.1"
    first = page.driver.find_element(By.CSS_SELECTOR, "#we-said-we-did-p1 tbody tr").text
    assert "We'd agree leadership and chairing arrangements" in first
    assert "DFE appointed the Improvement Advisor" in first and "Published 31 March 2023" in first


def _just_below_the_index(page) -> bool:
    """The section's top is in view just below the index kept at the top of the window."""
    top, index_bottom = page.driver.execute_script(
        "return [document.getElementById('we-said-we-did').getBoundingClientRect().top,"
        " document.querySelector('.in-page-index').getBoundingClientRect().bottom]"
    )
    return index_bottom - 1 <= top <= index_bottom + 40


def test_an_address_with_the_fragment_scrolls_to_we_said_we_did(page):
    page.open("/actions#we-said-we-did")
    page.wait_until(lambda: _focused_id(page) == "we-said-we-did")
    page.wait_until(lambda: _just_below_the_index(page))  # Bootstrap scrolls smoothly


def test_the_tracker_has_no_serious_accessibility_violations_wide_or_narrow(page):
    for path in ("/actions", f"/actions?plan={PLAN_2022}&theme=P2&status=green,amber"):
        page.open(path)
        page.wait_for(By.ID, "actions-brag-split")
        assert page.accessibility_violations() == [], path
    page.driver.set_window_size(400, 1000)
    try:
        page.open("/actions?overdue=1")
        page.wait_for(By.ID, "actions-brag-split")
        assert page.accessibility_violations() == []
        # the most days overdue first; a card shows no empty "Revised due"
        cards = [
            {
                cell.get_attribute("data-label"): cell
                for cell in row.find_elements(By.TAG_NAME, "td")
            }
            for row in page.driver.find_elements(By.CSS_SELECTOR, ROWS)
        ]
        assert [card["Days overdue"].text for card in cards] == [
            "2,007",
            "1,917",
            "181",
            "91",
            "91",
        ]
        assert not cards[0]["Revised due"].is_displayed()
        assert cards[2]["Revised due"].text == "31 Dec 2022"
    finally:
        page.driver.set_window_size(1280, 1000)
