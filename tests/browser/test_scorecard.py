"""The headline scorecard in a real browser: cards, filters by keyboard, accessibility."""

from __future__ import annotations

import csv
import io
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select


def _showing(page) -> tuple[int, int]:
    text = page.wait_for(By.ID, "scorecard-showing").text
    shown, total = re.match(r"Showing (\d+) of (\d+) measures", text).groups()
    return int(shown), int(total)


def test_the_scorecard_shows_a_card_per_measure_with_rating_and_trend(page):
    page.open("/")
    assert page.heading() == "Headline scorecard"
    assert page.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en-GB"
    shown, total = _showing(page)
    assert shown == total > 60
    cards = page.driver.find_elements(By.CSS_SELECTOR, ".measure-card")
    assert len(cards) == total
    assessment = page.driver.find_element(By.XPATH, "//a[@href='/indicator/8']/ancestor::article")
    text = assessment.text
    assert "Assessments completed within 45 working days" in text
    assert re.search(r"(Green|Amber|Red)", text) and "Target 85.0%" in text
    assert assessment.find_element(By.CSS_SELECTOR, "img.sparkline").get_attribute("alt")
    assert "Reporting period: June 2023" in page.driver.find_element(By.TAG_NAME, "header").text


def test_filters_work_from_the_keyboard(page):
    page.open("/")
    _, total = _showing(page)
    for word in ("Amber", "Green", "Not rated"):  # leave only red measures
        box = page.driver.find_element(
            By.XPATH, f"//fieldset[legend='Rating']//label[normalize-space()='{word}']"
        )
        checkbox = page.driver.find_element(By.ID, box.get_attribute("for"))
        checkbox.send_keys(Keys.SPACE)

    def ratings_shown() -> set[str]:
        ratings = ".measure-card .rag-badge:not(.spc-badge)"  # not the SPC icons
        badges = page.driver.find_elements(By.CSS_SELECTOR, ratings)
        return {badge.text.split(" ", 1)[-1] for badge in badges}

    page.wait_until(lambda: ratings_shown() == {"Red"})
    shown, _ = _showing(page)
    assert 0 < shown < total

    Select(page.driver.find_element(By.ID, "scorecard-theme")).select_by_visible_text(
        "B. Demand and need"
    )
    page.wait_until(lambda: _showing(page)[0] < shown)
    titles = page.driver.find_elements(By.CSS_SELECTOR, ".measure-title")
    assert titles and all(title.text for title in titles)
    assert page.path() == "/?theme=demand-and-need&rating=red"


def test_unticking_one_rating_redraws_the_cards_alone(page):
    """One box at a time, each waited for: the redraw that froze the browser for 20 s when the
    cards were thousands of Dash components."""
    page.open("/")
    _, total = _showing(page)
    red = page.driver.find_element(By.CSS_SELECTOR, "#scorecard-ratings input[value='red']")
    # below the summary at the top of the page, which is drawn after it: ticked from the
    # keyboard, as a click lands where the box was before the summary was drawn
    red.send_keys(Keys.SPACE)
    page.wait_until(lambda: _showing(page)[0] < total)
    ratings = {
        b.text for b in page.driver.find_elements(By.CSS_SELECTOR, ".measure-card p > .rag-badge")
    }
    assert ratings and not any("Red" in rating for rating in ratings)
    assert page.path() == "/?rating=amber,green,none"
    red.send_keys(Keys.SPACE)
    page.wait_until(lambda: _showing(page)[0] == total)
    by_theme = page.driver.find_elements(By.CSS_SELECTOR, "#scorecard-group input")[1]
    by_theme.send_keys(Keys.SPACE)
    page.wait_until(lambda: "group=theme" in page.path())
    page.wait_until(
        lambda: page.driver.find_element(By.CSS_SELECTOR, ".in-page-index a").text.startswith("A.")
    )
    assert page.console_errors() == []


def test_the_download_holds_the_measures_the_filters_show(page):
    page.open("/?rating=red,amber")
    Select(page.driver.find_element(By.ID, "scorecard-theme")).select_by_visible_text(
        "E. Outcomes for children"
    )
    page.wait_until(lambda: "theme=outcomes-for-children" in page.path())
    shown, _ = _showing(page)
    link = page.driver.find_element(By.CSS_SELECTOR, "a[data-download='scorecard-table']")
    # Follow the link as a click does, but keep the browser on the page to read the address.
    page.driver.execute_script(
        "window.addEventListener('click', e => e.preventDefault(), {once: true});"
        "arguments[0].click();",
        link,
    )
    written = page.fetch(link.get_attribute("href")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(written)))
    assert len(rows) - 1 == shown > 0
    assert {row[rows[0].index("Rating")] for row in rows[1:]} <= {"Red", "Amber"}


def test_the_scorecard_has_no_serious_accessibility_violations(page):
    page.open("/")
    _showing(page)
    assert page.accessibility_violations() == []
