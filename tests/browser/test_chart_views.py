"""The measure page's chart views, chosen from the keyboard: against target, SPC, forecast, each
drawn in the one graph the page opened with."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def _area(page) -> str:
    return page.driver.find_element(By.ID, "chart-view-area").text


def _drawn_title(page) -> str:
    """The title Plotly has drawn in the page's graph: it changes once the new figure is drawn."""
    titles = page.driver.find_elements(By.CSS_SELECTOR, "#measure-chart .main-svg .gtitle")
    return titles[0].text if titles else ""


def _chart_name(page) -> str:
    return page.driver.find_element(By.ID, "chart-frame").get_attribute("aria-label")


def test_the_chart_switches_to_spc_and_forecast_from_the_keyboard(page):
    page.open("/indicator/9b")
    radios = page.driver.find_elements(By.CSS_SELECTOR, "#chart-view input[type=radio]")
    labels = [r.find_element(By.XPATH, "following-sibling::label").text for r in radios]
    assert labels == ["Against target and comparators", "Variation (SPC)", "Demand forecast"]
    page.wait_until(lambda: ": Tameside" in _drawn_title(page))
    plot = page.driver.find_element(By.CSS_SELECTOR, "#measure-chart .js-plotly-plot")
    assert "against target and comparators" in _chart_name(page)

    radios[0].send_keys(Keys.ARROW_RIGHT)  # a radio group moves with the arrow keys
    page.wait_until(lambda: "variation" in _drawn_title(page))
    assert "Special cause variation" in _area(page)
    assert "The SPC chart's figures, newest first" in _area(page)
    assert _chart_name(page).startswith("Variation (SPC) chart of measure 9b")
    assert plot.is_displayed()  # the same plot, redrawn: not built afresh in a new graph
    assert not page.driver.find_element(By.ID, "trend-tables-button").is_displayed()
    assert page.accessibility_violations() == []

    page.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    page.wait_until(lambda: "forecast to" in _drawn_title(page))
    assert "The forecast for the next 12 months" in _area(page)
    assert "It cannot foresee what changes the pattern" in _area(page)
    assert _chart_name(page).startswith("Demand forecast chart of measure 9b")
    assert page.accessibility_violations() == []

    page.driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)  # round to the first
    page.wait_until(lambda: ": Tameside" in _drawn_title(page))
    assert "Special cause variation" not in _area(page)
    button = page.wait_for(By.ID, "trend-tables-button")
    page.wait_until(button.is_displayed)
    button.send_keys(Keys.ENTER)
    page.wait_until(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#trend-tables table"))
    assert plot.is_displayed()
    assert page.console_errors() == []


def test_the_scorecard_cards_show_the_spc_icons_in_words(page):
    page.open("/")
    card = page.wait_for(By.XPATH, "//article[.//a[@href='/indicator/3a']]")
    assert "Improvement, higher" in card.text and "Target not assured" in card.text
    badge = card.find_element(By.CSS_SELECTOR, ".spc-badge")
    assert badge.get_attribute("title").startswith("Special cause variation")
    meaning = card.find_element(By.CSS_SELECTOR, ".spc-meaning")
    assert not meaning.find_element(By.TAG_NAME, "p").is_displayed()
    summary = meaning.find_element(By.TAG_NAME, "summary")
    assert summary.text == "What the SPC icons mean"
    summary.send_keys(Keys.ENTER)  # opened by keyboard, as by a tap
    words = meaning.find_element(By.TAG_NAME, "p")
    page.wait_until(words.is_displayed)
    assert "unusually high, and higher is better" in words.text


def test_the_buttons_beside_the_chart_save_it_as_png_and_svg(page, tmp_path):
    page.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    page.open("/indicator/9b")
    page.wait_until(lambda: ": Tameside" in _drawn_title(page))
    buttons = page.driver.find_elements(By.CSS_SELECTOR, "#chart-frame button[data-chart-image]")
    assert [b.text for b in buttons] == ["Save chart as image (PNG)", "Save chart as image (SVG)"]
    for button in buttons:  # by keyboard
        page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.send_keys(Keys.ENTER)
    stem = "chart-of-measure-9b-looked-after-children-against-target-and-comparators"
    saved = [f"{stem}.png", f"{stem}.svg"]
    page.wait_until(lambda: sorted(p.name for p in tmp_path.iterdir()) == saved)
    assert (tmp_path / saved[0]).read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / saved[1]).read_bytes()[:500]
    status = page.driver.find_element(By.CSS_SELECTOR, "#chart-frame .chart-image-status")
    assert status.text in {f"Chart saved as {name}." for name in saved}
