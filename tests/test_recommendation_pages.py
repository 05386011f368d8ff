"""Ofsted recommendations: the list by inspection and one recommendation, "is this being met?"."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from dash import html
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.components.linked_items import inspection_when, measure_rating
from dashboard.components.static_html import StaticHtml
from dashboard.rating import rate
from dashboard.recommendation_status import SUMMARY_WORDS, VERDICT_WORDS, judge
from data_access.authority import DEFAULT_AUTHORITY_CODE as HOME_AREA
from data_access.models import (
    Area,
    Indicator,
    Observation,
    Recommendation,
    indicator_recommendation,
)
from data_access.queries.recommendations import (
    InspectionSummary,
    measures_by_recommendation,
    recommendation_detail,
    recommendations_by_inspection,
)
from tests.conftest import as_role, counted_queries
from tests.test_action_pages import layout_text
from tests.test_theme_page import components, text_of


def test_2016_3_lists_d11_and_measure_8_with_a_rating(seeded_engine):
    with Session(seeded_engine) as session:
        detail = recommendation_detail(session, "2016-3")
    assert detail.summary.inspection.key == "2016"
    assert detail.summary.text.startswith("Ensure that social work assessments")
    d11 = next(action for action in detail.actions if action.ref == "D11")
    assert d11.overdue is True
    assessments = next(measure for measure in detail.measures if measure.ref == "8")
    figure, period, rating = measure_rating(assessments)
    assert rating.rag in ("green", "amber", "red") and "against a target of" in rating.explanation
    assert figure.endswith("%") and period
    assert sum(detail.summary.rollup.values()) == len(detail.actions)


def test_unknown_recommendation_is_none(seeded_engine):
    with Session(seeded_engine) as session:
        assert recommendation_detail(session, "1999-1") is None


def test_recommendations_come_by_inspection_with_rollups(seeded_engine):
    with Session(seeded_engine) as session, counted_queries(seeded_engine) as statements:
        recommendations = recommendations_by_inspection(session)
    # as at, recommendations, action roll-ups, measure links, latest figures: none per row
    assert len(statements) == 5
    keys = [rec.id for rec in recommendations]
    assert keys[:3] == ["2016-1", "2016-2", "2016-3"]
    assert list(dict.fromkeys(rec.inspection.key for rec in recommendations)) == [
        "2016",
        "2019",
        "2021",
        "2022",
    ]
    by_id = {rec.id: rec for rec in recommendations}
    assert by_id["2016-3"].rollup.get("overdue", 0) >= 1


def _ratings_rated_one_by_one(session: Session) -> dict[str, Counter]:
    """Each recommendation's measures rated on their newest Tameside figure, found measure by
    measure with the simplest query, independently of the query under test."""
    links = session.execute(
        select(Recommendation.key, Indicator)
        .join(
            indicator_recommendation,
            indicator_recommendation.c.recommendation_id == Recommendation.id,
        )
        .join(Indicator, Indicator.id == indicator_recommendation.c.indicator_id)
    ).all()
    ratings: dict[str, Counter] = {}
    for key, indicator in links:
        newest = session.scalars(
            select(Observation)
            .join(Area, Area.id == Observation.area_id)
            .where(
                Observation.indicator_id == indicator.id,
                Area.code == HOME_AREA,
                Observation.team_id.is_(None),
            )
            .order_by(Observation.period_end.desc())
            .limit(1)
        ).first()
        value = newest.value if newest else None
        rag = rate(value, indicator.target, indicator.tolerance, indicator.polarity, indicator.unit)
        ratings.setdefault(key, Counter())[rag.rag] += 1
    return ratings


def test_measure_rollups_match_rating_each_linked_measure_directly(seeded_engine):
    with Session(seeded_engine) as session:
        recommendations = recommendations_by_inspection(session)
        expected = _ratings_rated_one_by_one(session)
    rolled_up = {
        rec.id: Counter(measure_rating(measure)[2].rag for measure in rec.measures)
        for rec in recommendations
    }
    assert rolled_up == expected
    every = sum(rolled_up.values(), Counter())
    assert every["red"] and every["green"] and every["amber"] and every[None]  # a real mix
    assert all(rec.measures for rec in recommendations)  # every recommendation has a measure


def test_measures_by_recommendation_is_two_queries_however_many(seeded_engine):
    with Session(seeded_engine) as session:
        ids = session.scalars(select(Recommendation.id)).all()
        with counted_queries(seeded_engine) as one:
            measures_by_recommendation(session, ids[:1])
        with counted_queries(seeded_engine) as every:
            measures = measures_by_recommendation(session)
    assert len(one) == len(every) == 2
    assert set(measures) == set(ids)


def test_the_detail_has_the_same_measures_as_the_list(seeded_engine):
    with Session(seeded_engine) as session:
        listed = {rec.id: rec for rec in recommendations_by_inspection(session)}
        detail = recommendation_detail(session, "2016-1")
    assert detail.measures == listed["2016-1"].measures
    assert [m.ref for m in detail.measures][:2] == ["25", "27"]  # the scorecard's order


def test_inspection_dates_read_naturally():
    def inspection(start, end, published):
        return InspectionSummary("k", "inspection", "t", start, end, published)

    assert inspection_when(inspection(date(2019, 5, 13), date(2019, 5, 24), None)) == (
        "13–24 May 2019"
    )
    assert inspection_when(inspection(None, None, date(2016, 12, 9))) == (
        "report published 9 December 2016"
    )
    assert inspection_when(inspection(None, None, None)) == "date not given"


def test_recommendation_page_answers_is_this_being_met(client):
    from dashboard.pages import recommendation

    page = layout_text(client, recommendation, rec_id="2016-3")
    assert page.count("H1(") == 1 and "Recommendation 2016-3" in page
    assert "Is this being met?" in page
    assert "href='/actions/D11'" in page and "href='/indicator/8'" in page
    assert "actions: " in page and "overdue" in page
    assert "against a target of" in page


def _layout(client, module, **path):
    with as_role(client.application, "/"):
        return module.layout(**path)


def test_recommendation_page_shows_its_verdict_and_measure_badges(client):
    from dashboard.pages import recommendation

    layout = _layout(client, recommendation, rec_id="2016-3")
    verdict = text_of(layout["recommendation-verdict"])
    # D11 is overdue (amber, due September 2017), so 2016-3 is not yet met
    assert verdict.startswith("✕ Not yet met") and "1 action is overdue." in verdict
    page = text_of(layout)
    assert "2 measures: 1 green, 1 amber" in page  # the sentence beside the badges
    assert "✓ 1 Green" in page and "! 1 Amber" in page  # counted badges: icon, count, word
    assert "How we judge this" in page
    measures = text_of(layout["recommendation-measures"])
    assert "Assessments completed within 45 working days" in measures
    assert "Action D11" in text_of(layout["recommendation-actions"])


def test_recommendations_page_gives_every_recommendation_a_verdict(client):
    from dashboard.pages import recommendations

    layout = _layout(client, recommendations)
    assert [text_of(h) for h in components(layout, html.H2)][0] == "How we judge this"
    tables = [t for t in components(layout, StaticHtml) if getattr(t, "id", None)]
    assert [t.id for t in tables] == [
        "recommendations-2016",
        "recommendations-2019",
        "recommendations-2021",
        "recommendations-2022",
    ]
    words = "|".join(re.escape(word) for word in VERDICT_WORDS.values())
    for table in tables:
        body = next(components(table, html.Tbody))
        for row in body.children:
            cells = [text_of(cell) for cell in row.children]
            assert re.search(rf"^. ({words})", cells[2]), cells  # icon, then the verdict
            assert re.match(r"\d+ actions?: ", cells[3]), cells
            assert re.match(r"\d+ measures?: ", cells[4]), cells  # the sentence read out


def test_each_inspection_has_a_summary_line_that_adds_up(client, seeded_engine):
    from dashboard.pages import recommendations

    with Session(seeded_engine) as session:
        listed = recommendations_by_inspection(session)
    verdicts: dict[str, Counter] = {}
    for rec in listed:
        rags = [measure_rating(measure)[2].rag for measure in rec.measures]
        verdicts.setdefault(rec.inspection.key, Counter())[judge(rec.rollup, rags).key] += 1
    layout = _layout(client, recommendations)
    assert list(verdicts) == ["2016", "2019", "2021", "2022"]
    for key, counts in verdicts.items():
        line = text_of(layout[f"verdicts-{key}"])
        assert line.startswith(f"{sum(counts.values())} recommendations: "), line
        for verdict, count in counts.items():
            assert f"{count} {SUMMARY_WORDS[verdict]}" in line, line
    assert text_of(layout["verdicts-2016"]).startswith("20 recommendations: ")


@pytest.mark.parametrize("rec_id", ["2016-99", None])
def test_unknown_recommendation_is_not_found(client, rec_id):
    from dashboard.pages import recommendation

    page = layout_text(client, recommendation, rec_id=rec_id)
    assert "Recommendation not found" in page and "href='/recommendations'" in page


def test_recommendations_page_groups_by_inspection(client):
    from dashboard.pages import recommendations

    page = layout_text(client, recommendations)
    assert page.count("H1(") == 1 and page.count("H2(") == 5  # how we judge, 4 inspections
    assert "report published 9 December 2016" in page
    assert "href='/recommendations/2016-3'" in page
    assert "actions:" in page
