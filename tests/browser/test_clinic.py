"""Journey 3 (SPEC section 2): the performance clinic → a red team-level measure → that team's
plan on a page; and the team comparison, from the keyboard."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.print_page_options import PrintOptions

TEAM_EXCEPTIONS = "#clinic-measures-children-s-social-care tbody tr"
COMPARISON_CAPTION = "#clinic-team-comparison caption"
A4_CM = (21.0, 29.7)


def test_journey_3_clinic_red_team_measure_to_the_teams_plan(page):
    page.open("/clinic")
    assert page.heading() == "Performance clinic"
    row = page.wait_for(By.CSS_SELECTOR, TEAM_EXCEPTIONS)
    assert "Red" in row.text
    measure = row.find_element(By.CSS_SELECTOR, "a[href^='/indicator/']")
    measure_name = measure.text  # "25. Average social work caseload"
    team = row.find_element(By.CSS_SELECTOR, "a[href^='/teams/']")
    team_name, href = team.text, team.get_attribute("href").removeprefix(page.base_url)

    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", team)
    team.send_keys(Keys.ENTER)
    page.wait_until(lambda: page.path() == href)
    page.wait_until(lambda: page.heading() == team_name)
    measures = page.wait_for(By.CSS_SELECTOR, "#measures table")
    shown = next(
        r for r in measures.find_elements(By.CSS_SELECTOR, "tbody tr") if measure_name in r.text
    )
    assert "Red" in shown.text


def test_the_team_comparison_changes_measure_from_the_keyboard(page):
    page.open("/clinic?measure=8")
    caption = page.wait_for(By.CSS_SELECTOR, COMPARISON_CAPTION)
    assert caption.text.startswith("8. Assessments completed within 45 working days")
    chooser = page.driver.find_element(By.ID, "clinic-measure")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", chooser)
    chooser.send_keys(Keys.ARROW_DOWN)  # the next measure, as a keyboard user chooses it

    page.wait_until(
        lambda: page.driver.find_element(By.CSS_SELECTOR, COMPARISON_CAPTION).text.startswith(
            "9a. Open cases"
        )
    )
    assert page.path() == "/clinic?measure=9a"  # the address says what is shown
    status = page.driver.find_element(By.ID, "clinic-showing")
    assert status.get_attribute("role") == "status"
    assert status.text == "Comparing 7 teams on 9a. Open cases."
    table = page.driver.find_element(By.ID, "clinic-team-comparison")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows[0].text.startswith("Tameside (all teams)")
    assert any("Duty and assessment" in row.text for row in rows)

    page.driver.refresh()  # the chosen measure survives a reload
    page.wait_until(
        lambda: page.driver.find_element(By.CSS_SELECTOR, COMPARISON_CAPTION).text.startswith("9a.")
    )


def test_the_clinic_has_no_serious_accessibility_violations_wide_or_narrow(page):
    page.open("/clinic")
    page.wait_for(By.ID, "clinic-team-comparison")
    assert page.accessibility_violations() == []
    page.driver.set_window_size(400, 1000)
    try:
        page.driver.refresh()
        page.wait_for(By.ID, "clinic-team-comparison")
        assert page.accessibility_violations() == []
    finally:
        page.driver.set_window_size(1280, 1000)


def test_an_in_page_link_after_a_choice_moves_without_redrawing_the_page(page):
    page.open("/clinic?measure=8")
    chooser = page.wait_for(By.ID, "clinic-measure")
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", chooser)
    chooser.send_keys(Keys.ARROW_DOWN)
    page.wait_until(lambda: page.path() == "/clinic?measure=9a")
    heading = page.driver.find_element(By.TAG_NAME, "h1")
    page.driver.execute_script("window.scrollTo(0, 0);")
    page.driver.find_element(By.LINK_TEXT, "Compare teams").send_keys(Keys.ENTER)

    page.wait_until(lambda: page.path() == "/clinic?measure=9a#compare")
    assert page.driver.execute_script("return document.activeElement.id") == "compare"
    assert page.driver.execute_script("return window.scrollY") > 0
    assert heading.is_displayed()  # the same page, not drawn again
    assert page.driver.find_element(By.ID, "clinic-measure").get_attribute("value") == "9a"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_clinic_prints_whole_on_a4_portrait(page, tmp_path):
    """Printed from the browser, the clinic keeps every column of its tables (the teams too)
    within the page, and its badges whole and in their colours."""
    page.open("/clinic")
    page.wait_for(By.CSS_SELECTOR, COMPARISON_CAPTION)
    options = PrintOptions()
    options.orientation = "portrait"
    options.page_width, options.page_height = A4_CM
    pdf = tmp_path / "clinic.pdf"
    pdf.write_bytes(base64.b64decode(page.driver.print_page(options)))

    words = _words(pdf)
    width = float(re.search(r'<page width="([\d.]+)"', words).group(1))
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', words)]
    assert max(right_edges) < width  # nothing runs off the page's edge
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    for columns in (
        ["Team", "Measure", "Latest", "Period", "Rating and why", "Exception", "Trend"],
        ["Action", "Plan", "What", "Owner", "Due", "Status", "Teams"],  # and the due dates
        ["Team", "Service", "Latest", "Period", "Rating", "Trend", "Last 24", "Difference from"],
    ):  # each table's header row, whole on one line (a two-word heading may wrap under it)
        in_order = r"\s+(?:\S+\s+)*?".join(map(re.escape, columns))
        assert any(re.search(in_order, line) for line in lines)
    assert "Off track" in text and "Overdue" in text
    placed = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', words)
    teams_column = min(float(x) for x, word in placed if word == "Teams")
    assert any(float(x) >= teams_column for x, word in placed if word == "Cared-for")

    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    from PIL import Image

    first = Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    colours = {colour for _count, colour in first.getcolors(maxcolors=1 << 20)}
    assert any(r > 150 and g < 60 and b < 60 for r, g, b in colours)  # red badges printed red


def _words(pdf) -> str:
    """Each word of the PDF with its box (pdftotext's -bbox)."""
    return subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
