"""A team manager's day, in a real browser: signing in lands them on their own team's plan on
a page, whose red measures say when no open action addresses them, and where they write the
team's commentary and see it kept in the changes."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import PASSWORD

MANAGER = "disabled-children-manager"


def test_a_team_manager_signs_in_to_their_team_and_writes_its_commentary(page):
    driver = page.driver
    driver.delete_all_cookies()
    driver.get(page.base_url + "/login")
    page.wait_for(By.ID, "username").send_keys(MANAGER)
    driver.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    page.wait_for(By.CSS_SELECTOR, ".account strong")
    driver.signed_in_as = (page.base_url, MANAGER)
    assert page.heading() == "Disabled children"
    assert page.path() == "/teams/disabled-children"
    links = driver.find_elements(By.CSS_SELECTOR, ".site-nav a")
    assert links[0].text == "My team"
    assert links[0].get_attribute("href") == page.base_url + "/teams/disabled-children"
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "No open action addresses this measure" in main  # K3: its one action is complete
    assert page.accessibility_violations() == []

    Select(page.wait_for(By.ID, "team-commentary-measure")).select_by_value("25")
    text = driver.find_element(By.ID, "team-commentary-text")
    text.clear()
    text.send_keys("Caseloads are high while two posts are vacant; agency cover from May.")
    save = driver.find_element(By.ID, "team-commentary-save")
    save.send_keys(Keys.ENTER)  # by keyboard: nothing drawn over it can take the press
    page.wait_for_text("Saved.")
    assert driver.switch_to.active_element.get_attribute("id") == "team-commentary-message"
    latest = driver.find_element(By.ID, "team-latest-commentary").text
    assert "Caseloads are high while two posts are vacant" in latest
    assert "25. Average social work caseload" in latest
    changes = driver.find_element(By.ID, "team-commentary-changes").text
    assert "Commentary on measure 25" in changes and MANAGER in changes
