"""Signing in and what each person then sees, in a real browser: the sign-in page from the
keyboard and with no serious accessibility violations; an outsider sent to sign in; a viewer
and a team manager trying to read team data or change an action they may not, and refused."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import PASSWORD


def _nav_links(page) -> list[str]:
    return [link.text for link in page.driver.find_elements(By.CSS_SELECTOR, ".site-nav a")]


def test_an_outsider_is_sent_to_sign_in_and_comes_back_to_the_page_asked_for(page):
    driver = page.driver
    driver.delete_all_cookies()
    driver.get(page.base_url + "/clinic")
    page.wait_for(By.ID, "username")
    assert page.path() == "/login?next=/clinic"
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en-GB"
    assert page.accessibility_violations() == []
    driver.find_element(By.ID, "username").send_keys("director", Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "password"
    driver.switch_to.active_element.send_keys("not the password", Keys.ENTER)
    page.wait_for_text("The username or password is not right.")
    assert driver.find_element(By.ID, "username").get_attribute("value") == "director"
    driver.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    page.wait_for(By.CSS_SELECTOR, ".account strong")  # signed in: the sign-in page has gone
    assert page.heading() == "Performance clinic"
    assert "Signed in as director (director)" in driver.find_element(By.CLASS_NAME, "account").text
    driver.signed_in_as = (page.base_url, "director")
    driver.get_log("browser")  # the refused sign-in's 401 is expected


def test_a_viewer_sees_no_team_data_and_no_forms(page):
    page.sign_in("viewer")
    page.open("/")
    assert "Teams" not in _nav_links(page) and "Clinic" not in _nav_links(page)
    for path in ("/teams/leaving-care", "/clinic", "/admin/import"):
        page.driver.get(page.base_url + path)
        assert page.heading() == "You cannot see this page"
    page.driver.get_log("browser")  # the 403s above are what should happen
    page.open("/actions/F3")
    assert page.driver.find_elements(By.ID, "progress-save") == []
    assert "Progress on this action is recorded by the managers of its teams" in (
        page.driver.find_element(By.TAG_NAME, "main").text
    )
    page.open("/indicator/9a")
    assert page.driver.find_elements(By.ID, "commentary-save") == []


def test_a_team_manager_may_change_their_own_team_s_action_only(page):
    page.sign_in("leaving-care-manager")
    page.open("/actions/F3")  # a leaving care action
    assert page.driver.find_element(By.ID, "progress-save").is_displayed()
    page.open("/actions/A1")  # not a team's action
    assert page.driver.find_elements(By.ID, "progress-save") == []
    page.open("/teams")
    assert "Leaving care" in page.driver.find_element(By.TAG_NAME, "main").text
    page.driver.get(page.base_url + "/teams/front-door-mash")
    assert page.heading() == "You cannot see this page"
    page.driver.get_log("browser")
    page.open("/")
    sign_out = page.driver.find_element(By.CSS_SELECTOR, ".account button")
    sign_out.send_keys(Keys.ENTER)
    page.wait_for_text("You have signed out.")
    page.driver.signed_in_as = None
