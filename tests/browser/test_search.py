"""Finding a measure from the search box every page has, by keyboard alone."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def test_a_measure_is_found_from_any_page_by_keyboard(page):
    page.open("/glossary")
    form = page.driver.find_element(By.CSS_SELECTOR, "form[role=search]")
    assert form.find_element(By.TAG_NAME, "label").text == "Find a measure"
    box = page.driver.find_element(By.ID, "measure-search")
    box.send_keys("looked after", Keys.ENTER)  # a plain form: no script needed
    page.wait_until(lambda: page.heading() == "Find a measure")
    assert page.path() == "/search?q=looked+after"
    first = page.wait_for(By.CSS_SELECTOR, ".search-results a")
    assert first.get_attribute("href").endswith("/indicator/9b")
    first.send_keys(Keys.ENTER)
    page.wait_until(lambda: "Looked after children" in page.heading())
    assert page.path() == "/indicator/9b"
    assert page.accessibility_violations() == []
