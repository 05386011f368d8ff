"""What changed since the previous reporting period, in the browser: the clinic shows the
section, a month chosen from the keyboard to compare with is kept in the address with the
page's other choices, and the scorecard's summary and cards follow it."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

CHOICE = "since-choice"


def _main(page) -> str:
    return page.driver.find_element(By.ID, "main").text


def _compare_with(page, words: str) -> None:
    """Type the month's name on the list, then Tab to its "Show" and press Enter."""
    choice = page.wait_for(By.ID, CHOICE)
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", choice)
    choice.send_keys(words)
    choice.send_keys(Keys.TAB)
    shown = page.driver.switch_to.active_element
    assert shown.text == "Show"
    shown.send_keys(Keys.ENTER)


def test_the_clinic_says_what_changed_since_a_month_chosen_from_the_keyboard(page):
    page.sign_in("director")
    page.open("/clinic?measure=26")
    heading = page.wait_for(By.ID, "since-heading")
    assert heading.text == "What changed since May 2023"  # the previous reporting period
    label = page.driver.find_element(By.CSS_SELECTOR, f"label[for='{CHOICE}']")
    assert label.text == "Compare with"

    _compare_with(page, "March 2023")
    page.wait_until(lambda: page.path() == "/clinic?measure=26&since=2023-03-31")
    page.wait_until(
        lambda: (
            page.driver.find_element(By.ID, "since-heading").text == "What changed since March 2023"
        )
    )
    section = page.driver.find_element(By.ID, "since")
    for part in ("Turned red", "Turned green", "New special causes", "Actions newly overdue"):
        assert part in section.text
    # Beside each exception, its rating then: in words and an icon, not colour alone.
    row = page.wait_for(By.CSS_SELECTOR, "#clinic-measures-authority tbody tr")
    assert "March 2023" in row.find_element(By.CSS_SELECTOR, ".since-rating").text
    assert page.accessibility_violations() == []

    _compare_with(page, "May 2023")  # the previous period: the address leaves `since` out
    page.wait_until(lambda: page.path() == "/clinic?measure=26")
    page.wait_until(lambda: "What changed since May 2023" in _main(page))


def test_the_scorecard_summary_and_cards_keep_the_month_compared_with(page):
    page.open("/?since=2022-06-30")
    summary = page.wait_for(By.CSS_SELECTOR, ".scorecard-summary")
    assert summary.text.startswith("At a glance: June 2023")
    assert "red, of which" in summary.text and "Since June 2022:" in summary.text
    ratings = page.driver.find_element(By.ID, "scorecard-ratings")
    red_only = ratings.find_elements(By.CSS_SELECTOR, "input")
    for box in red_only[1:]:  # leave Red alone ticked
        page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
        box.send_keys(Keys.SPACE)
    # each untick redraws and rewrites the address: wait for the last one's
    page.wait_until(lambda: page.path() == "/?rating=red&since=2022-06-30")
    card = page.wait_for(By.CSS_SELECTOR, ".measure-card .since-rating")
    assert "June 2022" in card.text
    page.driver.set_window_size(400, 1000)
    try:
        page.driver.refresh()
        page.wait_for(By.CSS_SELECTOR, ".scorecard-summary")
        assert page.accessibility_violations() == []
    finally:
        page.driver.set_window_size(1280, 1000)
