"""The users' journeys of SPEC section 2, clicked through as a person would."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def _click(page, css: str) -> str:
    """Follow the first link matching css from the keyboard; the address it leads to."""
    link = page.wait_for(By.CSS_SELECTOR, css)
    href = link.get_attribute("href").removeprefix(page.base_url)
    link.send_keys(Keys.ENTER)
    page.wait_until(lambda: page.path() == href)
    return href


def test_journey_1_scorecard_measure_action_recommendation_other_measure(page):
    page.open("/")
    _click(page, "article a[href='/indicator/8']")
    page.wait_until(lambda: "Assessments completed within 45 working days" in page.heading())
    body = page.driver.find_element(By.TAG_NAME, "main").text
    assert "against a target of 85.0%" in body
    button = page.wait_for(By.ID, "trend-tables-button")  # the chart's figures, as tables
    button.send_keys(Keys.ENTER)
    page.wait_until(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#trend-tables table"))
    assert button.get_attribute("aria-expanded") == "true" and button.text == "Hide the tables"
    tables = page.driver.find_element(By.ID, "trend-tables").text
    assert "Tameside's figures, newest first" in tables

    _click(page, "main a[href='/actions/D11']")
    page.wait_until(lambda: page.heading() == "Action D11")
    assert (
        "Review the Child and Family assessment"
        in page.driver.find_element(By.TAG_NAME, "main").text
    )

    _click(page, "main a[href='/recommendations/2016-3']")
    page.wait_until(lambda: page.heading() == "Recommendation 2016-3")
    main = page.driver.find_element(By.TAG_NAME, "main").text
    assert "Ensure that social work assessments include an effective consideration" in main
    assert "Is this being met?" in main

    others = [
        link.get_attribute("href").removeprefix(page.base_url)
        for link in page.driver.find_elements(By.CSS_SELECTOR, "main a[href^='/indicator/']")
    ]
    other = next(path for path in others if path != "/indicator/8")
    _click(page, f"main a[href='{other}']")
    ref = other.rsplit("/", 1)[-1]
    page.wait_until(lambda: ref in page.heading())


def test_journey_2_theme_red_measure_then_overdue_action(page):
    page.open("/theme/quality-practice-and-compliance")
    assert page.heading() == "Theme D: Quality, practice and compliance"
    first_measure = page.wait_for(By.CSS_SELECTOR, "#measures tbody tr")
    assert "Red" in first_measure.text  # red measures come first
    _click(page, "#measures tbody tr a[href^='/indicator/']")
    page.wait_until(lambda: "Red" in page.driver.find_element(By.TAG_NAME, "main").text)

    page.driver.back()
    page.wait_until(lambda: page.heading().startswith("Theme D"))
    first_action = page.wait_for(By.CSS_SELECTOR, "#actions tbody tr")
    assert "Overdue" in first_action.text  # overdue actions come first
    action = _click(page, "#actions tbody tr a[href^='/actions/']")
    page.wait_until(lambda: page.heading() == f"Action {action.rsplit('/', 1)[-1]}")
    assert "Overdue" in page.driver.find_element(By.TAG_NAME, "main").text


def test_an_unknown_measure_is_a_helpful_page(page):
    page.open("/indicator/nope")
    assert "not found" in page.heading().lower()
    assert page.driver.find_element(By.CSS_SELECTOR, "main a[href='/']")


def test_theme_and_measure_pages_have_no_serious_accessibility_violations(page):
    for path in ("/theme/quality-practice-and-compliance", "/indicator/8"):
        page.open(path)
        page.wait_until(lambda: page.driver.find_elements(By.CSS_SELECTOR, "main table"))
        assert page.accessibility_violations() == [], path
    page.driver.find_element(By.ID, "trend-tables-button").send_keys(Keys.ENTER)  # its tables
    page.wait_until(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#trend-tables table"))
    assert page.accessibility_violations() == []
