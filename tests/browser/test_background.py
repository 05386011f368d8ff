"""Long work in the background, in a browser (SPEC section 9): an upload's import and the
scrutiny pack show a progress bar that moves (rows checked of rows; pages drawn of pages), then
the result; the pack can be left and come back to; the pages pass axe."""

from __future__ import annotations

from datetime import date

from selenium.webdriver.common.by import By

from tests.browser.test_import_page import HEADER

# Every month of 2002 to 2012 for England, for 19 monthly counts: old figures that no other
# test reads, and no page shows as the latest (9b's 2001 figure is test_import_page.py's).
MEASURES = [
    "1a",
    "1b",
    "1c",
    "2a",
    "2b",
    "2c",
    "2d",
    "2e",
    "4",
    "7",
    "9a",
    "9c",
    "9d",
    "10a",
    "10b",
    "10c",
    "11",
    "13",
    "14",
]
MONTH_ENDS = [
    date.fromordinal(date(year + month // 12, month % 12 + 1, 1).toordinal() - 1).isoformat()
    for year in range(2002, 2013)
    for month in range(1, 13)
]
ROWS = [f"{ref},E92000001,,{end},{n % 90 + 10},,,,illustrative,browser test"
        for n, (ref, end) in enumerate((r, e) for r in MEASURES for e in MONTH_ENDS)]  # fmt: skip
WATCH = """
    window.seenWords = [];
    const words = document.getElementById(arguments[0]);
    new MutationObserver(() => window.seenWords.push(words.textContent))
        .observe(words, {childList: true, characterData: true, subtree: true});
"""


def _watch(page, words_id: str) -> None:
    """Note every text the progress words show, however briefly."""
    page.wait_for(By.ID, "_pages_content")
    page.driver.execute_script(WATCH, words_id)


def _seen(page) -> list[str]:
    return page.driver.execute_script("return window.seenWords")


def test_an_upload_shows_its_rows_being_checked_then_the_result(page, tmp_path):
    upload = tmp_path / "england-2002-2012.csv"
    upload.write_text("\n".join([HEADER, *ROWS]) + "\n")
    page.open("/admin/import")
    bar = page.driver.find_element(By.ID, "import-progress-bar")
    assert bar.get_attribute("aria-labelledby") == "import-progress-label"
    words = page.driver.find_element(By.ID, "import-progress-words")
    assert words.get_attribute("aria-live") == "polite" and words.get_attribute("role") == "status"
    _watch(page, "import-progress-words")
    chooser = page.driver.find_element(By.CSS_SELECTOR, "#import-upload input[type=file]")
    chooser.send_keys(str(upload))
    page.wait_for_text(f"{len(ROWS):,} row(s) checked and imported.", timeout=60)
    seen = [text for text in _seen(page) if "rows checked" in text]
    assert seen, _seen(page)
    assert all(f"of {len(ROWS):,} rows checked" in text or f"All {len(ROWS):,} rows" in text
               for text in seen), seen  # fmt: skip
    assert not page.driver.find_element(By.ID, "import-progress-area").is_displayed()
    assert page.accessibility_violations() == []


def test_the_pack_is_made_with_its_pages_counted_and_can_be_left_and_come_back_to(page):
    page.open("/pack?theme=sustainability&as_at=2019-03-31")
    assert page.heading() == "Scrutiny pack"
    assert page.driver.find_element(By.ID, "pack-date").get_attribute("value") == "2019-03-31"
    _watch(page, "pack-words")
    page.driver.find_element(By.ID, "pack-make").click()
    page.wait_until(lambda: any("pages drawn" in text for text in _seen(page)), timeout=60)
    drawn = [text for text in _seen(page) if "pages drawn" in text]
    assert all(" of about " in text or text.startswith("All ") for text in drawn), drawn

    page.open("/glossary")  # leave while it is being made, and come back
    page.open("/pack?theme=sustainability&as_at=2019-03-31")
    page.wait_for_text("The pack is ready", timeout=90)
    link = page.wait_for(By.PARTIAL_LINK_TEXT, "Download the scrutiny pack (PDF,")
    assert page.fetch(link.get_attribute("href")).startswith(b"%PDF")
    assert page.accessibility_violations() == []
