"""Ofsted recommendations: the list by inspection and one recommendation, "is this being met?"."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from dashboard.components.linked_items import inspection_when, measure_rating
from data_access.queries.recommendations import (
    InspectionSummary,
    recommendation_detail,
    recommendations_by_inspection,
)
from tests.conftest import counted_queries
from tests.test_action_pages import layout_text


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
    assert len(statements) <= 4  # as at (2), recommendations, roll-ups: none per row
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


@pytest.mark.parametrize("rec_id", ["2016-99", None])
def test_unknown_recommendation_is_not_found(client, rec_id):
    from dashboard.pages import recommendation

    page = layout_text(client, recommendation, rec_id=rec_id)
    assert "Recommendation not found" in page and "href='/recommendations'" in page


def test_recommendations_page_groups_by_inspection(client):
    from dashboard.pages import recommendations

    page = layout_text(client, recommendations)
    assert page.count("H1(") == 1 and page.count("H2(") == 4
    assert "report published 9 December 2016" in page
    assert "href='/recommendations/2016-3'" in page
    assert "actions:" in page
