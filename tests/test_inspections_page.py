"""Inspection history: judgements 2016 beside 2019, and the timeline of inspections and visits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data_access.queries.inspections import inspection_timeline, judgements_by_inspection
from tests.conftest import counted_queries
from tests.test_action_pages import layout_text


def test_2016_and_2019_judgements(seeded_engine):
    with Session(seeded_engine) as session, counted_queries(seeded_engine) as statements:
        inspections = judgements_by_inspection(session)
    assert len(statements) == 1
    by_key = {item.inspection.key: item for item in inspections}
    assert list(by_key) == ["2016", "2019"]

    first, second = by_key["2016"], by_key["2019"]
    assert len(first.judgements) == 7 and first.overall == "Inadequate"
    assert first.judgements[0].area == "Overall Effectiveness"
    assert first.judgements[0].grade == "Inadequate"
    assert len(second.judgements) == 4
    assert second.overall == "Requires improvement to be good"
    overall_2019 = next(j for j in second.judgements if j.area == "Overall effectiveness")
    assert overall_2019.grade == "Requires improvement to be good"


def test_timeline_is_in_date_order_with_visits_and_intervention(seeded_engine):
    with Session(seeded_engine) as session, counted_queries(seeded_engine) as statements:
        timeline = inspection_timeline(session)
    assert len(statements) == 2  # inspections with counts, events: none per row

    inspections = [entry for entry in timeline if entry.inspection is not None]
    assert [entry.inspection.key for entry in inspections] == [
        "2016",
        "2017-mv1",
        "2017-mv2",
        "2017-mv3",
        "2018-mv1",
        "2019",
        "2021",
        "2022",
    ]
    counts = {entry.inspection.key: entry.recommendations for entry in inspections}
    assert counts["2016"] == 20 and counts["2019"] == 4 and counts["2017-mv1"] == 0

    events = [entry for entry in timeline if entry.inspection is None]
    assert [entry.title for entry in events] == [
        "DfE intervention ends (2020)",
        "DfE Improvement Notice issued",
    ]
    dated = [entry.sort_date for entry in timeline if entry.sort_date is not None]
    assert dated == sorted(dated)
    titles = [entry.title for entry in timeline]
    assert titles.index("DfE Improvement Notice issued") > titles.index(
        "Ofsted focused visit, April 2022 ('Front Door')"
    )


def test_page_shows_both_years_side_by_side_and_the_visits(client):
    from dashboard.pages import inspections

    page = layout_text(client, inspections)
    assert page.count("H1(") == 1 and "Inspection history" in page
    assert "2016 inspection" in page and "2019 inspection" in page
    assert "Ofsted focused visit, May 2021" in page
    assert "Ofsted focused visit, April 2022" in page
    assert "DfE Improvement Notice issued" in page
    assert page.count("Caption(") == 2 and "scope='col'" in page and "scope='row'" in page
    assert "Judged as: The impact of leaders on social work practice" in page
    assert "Adoption" in page and "Not judged" in page
    assert "href='/recommendations'" in page
    # the two graded frameworks pair their areas: paired rows come first
    assert page.index("Overall effectiveness") < page.index("Adoption")


def test_grades_carry_an_icon_and_their_words():
    from dashboard.pages.inspections import grade_badge

    badge = str(grade_badge("Requires improvement to be good"))
    assert "Requires improvement to be good" in badge and "aria-hidden" in badge
    assert "rag-amber" in badge
    assert "rag-red" in str(grade_badge("Inadequate"))
    assert "rag-none" in str(grade_badge("Not graded"))


def test_page_is_served(client):
    response = client.get("/inspections")
    assert response.status_code == 200
