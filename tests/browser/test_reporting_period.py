"""The choice of reporting period, from the keyboard: the page, the header and the address
follow it, the page's other choices are kept, and the newest period leaves the address."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

CHOICE = "reporting-period-choice"


def _header(page) -> str:
    return page.driver.find_element(By.TAG_NAME, "header").text


def _choose(page, words: str) -> None:
    """Type the period's name on the list, then Tab to "Show" and press Enter."""
    choice = page.wait_for(By.ID, CHOICE)
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", choice)
    choice.send_keys(words)
    choice.send_keys(Keys.TAB)
    shown = page.driver.switch_to.active_element
    assert shown.text == "Show"
    shown.send_keys(Keys.ENTER)


def test_a_director_chooses_the_clinics_reporting_period_from_the_keyboard(page):
    page.sign_in("director")
    page.open("/clinic?measure=26")
    page.wait_until(lambda: "Reporting period: June 2023" in _header(page))
    assert "Data last changed" in _header(page)
    label = page.driver.find_element(By.CSS_SELECTOR, f"label[for='{CHOICE}']")
    assert label.text == "Reporting period"

    _choose(page, "March 2022")
    page.wait_until(lambda: page.path() == "/clinic?measure=26&as_at=2022-03-31")
    page.wait_until(lambda: "As at 31 March 2022" in page.driver.find_element(By.ID, "main").text)
    page.wait_until(lambda: "Reporting period: March 2022" in _header(page))
    assert page.driver.find_element(By.ID, CHOICE).get_attribute("value") == "2022-03-31"
    assert page.accessibility_violations() == []

    chooser = page.driver.find_element(By.ID, "clinic-measure")  # the comparison keeps it
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", chooser)
    chooser.send_keys(Keys.ARROW_DOWN)
    page.wait_until(lambda: "measure=26" not in page.path())
    measure = chooser.get_attribute("value")
    assert page.path() == f"/clinic?measure={measure}&as_at=2022-03-31"

    _choose(page, "June 2023")  # the newest: the address follows new figures again
    page.wait_until(lambda: page.path() == f"/clinic?measure={measure}")
    page.wait_until(lambda: "Reporting period: June 2023" in _header(page))


def test_the_scorecards_period_and_filters_keep_each_other(page):
    """A filter changed after a period was chosen keeps the period in the address, and a
    period chosen after a filter keeps the filter; the pack is for the period shown."""
    page.open("/?group=theme")
    _choose(page, "March 2021")
    page.wait_until(lambda: page.path() == "/?group=theme&as_at=2021-03-31")
    page.wait_until(lambda: "Reporting period: March 2021" in _header(page))
    pack = page.driver.find_element(By.PARTIAL_LINK_TEXT, "scrutiny pack")
    assert pack.get_attribute("href").endswith("/pack?as_at=2021-03-31")

    box = page.driver.find_element(
        By.XPATH, "//fieldset[legend='Rating']//label[normalize-space()='Not rated']"
    )
    checkbox = page.driver.find_element(By.ID, box.get_attribute("for"))
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", checkbox)
    checkbox.send_keys(Keys.SPACE)
    page.wait_until(lambda: page.path() == "/?group=theme&rating=red,amber,green&as_at=2021-03-31")
    assert "Reporting period: March 2021" in _header(page)
