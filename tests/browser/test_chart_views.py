"""The measure page's chart views, chosen from the keyboard: against target, SPC, forecast."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def _area(page) -> str:
    return page.driver.find_element(By.ID, "chart-view-area").text


def test_the_chart_switches_to_spc_and_forecast_from_the_keyboard(page):
    page.open("/indicator/9b")
    radios = page.driver.find_elements(By.CSS_SELECTOR, "#chart-view input[type=radio]")
    labels = [r.find_element(By.XPATH, "following-sibling::label").text for r in radios]
    assert labels == ["Against target and comparators", "Variation (SPC)", "Demand forecast"]
    radios[0].send_keys(Keys.ARROW_RIGHT)  # a radio group moves with the arrow keys
    page.wait_until(lambda: "Special cause variation" in _area(page))
    assert page.driver.find_element(By.CSS_SELECTOR, "#chart-view-area .js-plotly-plot")
    assert "The SPC chart's figures, newest first" in _area(page)
    assert page.accessibility_violations() == []

    page.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    page.wait_until(lambda: "The forecast for the next 12 months" in _area(page))
    assert "It cannot foresee what changes the pattern" in _area(page)
    assert page.accessibility_violations() == []

    page.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)  # round to the first
    button = page.wait_for(By.ID, "trend-tables-button")
    button.send_keys(Keys.ENTER)
    page.wait_until(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#trend-tables table"))
    assert page.console_errors() == []


def test_the_scorecard_cards_show_the_spc_icons_in_words(page):
    page.open("/")
    card = page.wait_for(By.XPATH, "//article[.//a[@href='/indicator/3a']]")
    assert "Improvement, higher" in card.text and "Target not assured" in card.text
    badge = card.find_element(By.CSS_SELECTOR, ".spc-badge")
    assert badge.get_attribute("title").startswith("Special cause variation")
