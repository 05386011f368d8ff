"""Ofsted recommendations in a real browser: is each being met, and the evidence behind it."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By

VERDICTS = ("Evidence of progress", "Partly", "Not yet met", "No evidence yet")


def test_the_list_gives_verdicts_and_rollups_and_leads_to_the_evidence(page):
    page.open("/recommendations")
    assert page.heading() == "Ofsted recommendations"
    main = page.driver.find_element(By.TAG_NAME, "main")
    assert "How we judge this" in main.text
    summary = page.wait_for(By.ID, "verdicts-2016").text
    assert re.match(r"20 recommendations: \d+ ", summary), summary

    table = page.driver.find_element(By.ID, "recommendations-2016")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 20
    for row in rows:
        verdict, actions, measures = row.find_elements(By.TAG_NAME, "td")[2:5]
        assert any(word in verdict.text for word in VERDICTS), verdict.text
        assert re.match(r"\d+ actions?: ", actions.text), actions.text
        # the measures' ratings as counted badges, each with its word beside its colour
        badges = [badge.text for badge in measures.find_elements(By.CSS_SELECTOR, ".rag-badge")]
        assert badges and all(
            re.fullmatch(r". \d+ (Green|Amber|Red|Not rated)", b) for b in badges
        ), badges

    link = table.find_element(By.CSS_SELECTOR, "a[href='/recommendations/2016-3']")
    page.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", link
    )
    link.click()
    page.wait_until(lambda: page.heading() == "Recommendation 2016-3")
    assert page.path() == "/recommendations/2016-3"
    verdict = page.wait_for(By.ID, "recommendation-verdict").text
    assert "Not yet met" in verdict and "1 action is overdue." in verdict
    measures = page.driver.find_element(By.ID, "recommendation-measures").text
    assert "Assessments completed within 45 working days" in measures
    assert "against a target of 85.0%" in measures


def test_recommendation_pages_have_no_serious_accessibility_violations(page):
    for path in ("/recommendations", "/recommendations/2016-3"):
        page.open(path)
        page.wait_until(lambda: page.driver.find_elements(By.CSS_SELECTOR, "main table"))
        assert page.accessibility_violations() == [], path
