"""The read API answers with the database's figures, and with JSON errors for what is not there."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select, update

from data_access.models import Area, Indicator, Observation
from tests.conftest import make_app


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_says_when_the_database_is_unreachable(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/db.sqlite")
    (tmp_path / "db.sqlite").unlink()
    (tmp_path / "db.sqlite").mkdir()  # the file is gone and cannot be made again
    app.server.extensions["dashboard_db"].kw["bind"].dispose()
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def test_indicators_list_has_every_measure_with_its_latest_rating(client):
    items = client.get("/api/v1/indicators").get_json()
    by_ref = {item["ref"]: item for item in items}
    assert {"1a", "8", "9c", "34", "K1"} <= set(by_ref)
    assessments = by_ref["8"]
    assert set(assessments) == {
        "ref",
        "title",
        "category",
        "themes",
        "unit",
        "polarity",
        "frequency",
        "target",
        "tolerance",
        "latest",
    }
    assert assessments["unit"] == "percent"
    assert assessments["latest"]["date"] == "2023-03-31"
    assert assessments["latest"]["rag"] in ("green", "amber", "red")
    assert "against a target of" in assessments["latest"]["explanation"]
    assert by_ref["1a"]["latest"]["rag"] is None  # demand measures are not rated


def test_indicator_detail_and_unknown_ref(client):
    detail = client.get("/api/v1/indicators/8").get_json()
    assert detail["definition"]
    assert "D11" in detail["actions"]
    assert "2016-3" in detail["recommendations"]
    missing = client.get("/api/v1/indicators/999")
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "No indicator with ref '999'."


def test_observations_filter_by_area_team_and_dates(client):
    body = client.get("/api/v1/indicators/9b/observations?from=2017-01-01&to=2017-01-31").get_json()
    assert body["area"] == "E08000008" and body["team"] is None
    [january] = body["observations"]
    assert january["value"] == 495 and january["provenance"] == "published"
    team = client.get(
        "/api/v1/indicators/9b/observations?team=cared-for-children&from=2020-01-01&to=2020-12-31"
    ).get_json()
    assert len(team["observations"]) == 12
    assert [o["date"] for o in team["observations"]] == sorted(
        o["date"] for o in team["observations"]
    )


def test_observations_errors_are_json(client):
    assert client.get("/api/v1/indicators/nope/observations").status_code == 404
    assert client.get("/api/v1/indicators/8/observations?area=X").status_code == 404
    assert client.get("/api/v1/indicators/8/observations?team=nobody").status_code == 404
    bad_date = client.get("/api/v1/indicators/8/observations?from=May")
    assert bad_date.status_code == 400
    assert "YYYY-MM-DD" in bad_date.get_json()["error"]
    assert client.get("/api/v1/indicators/8/observations?format=pdf").status_code == 400


def test_observations_as_csv_and_xlsx(client):
    csv_response = client.get("/api/v1/indicators/8/observations?format=csv&to=2016-06-30")
    assert csv_response.mimetype == "text/csv"
    lines = csv_response.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "date,label,value,numerator,denominator,symbol,provenance,source"
    assert any(line.startswith("2016-05-31,May 2016,79") for line in lines)
    xlsx = client.get("/api/v1/indicators/8/observations?format=xlsx&to=2016-06-30")
    assert "attachment" in xlsx.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert next(sheet.iter_rows(values_only=True))[0] == "date"


def test_a_formula_in_a_source_is_neutralised_in_csv(client, seeded_engine):
    first_month = update(Observation).where(
        Observation.indicator_id
        == select(Indicator.id).where(Indicator.ref == "8").scalar_subquery(),
        Observation.team_id.is_(None),
        Observation.area_id == select(Area.id).where(Area.code == "E08000008").scalar_subquery(),
        Observation.period_end == date(2015, 4, 30),
    )
    with seeded_engine.begin() as connection:
        connection.execute(first_month.values(source="=HYPERLINK(1)"))
    try:
        text = client.get(
            "/api/v1/indicators/8/observations?format=csv&from=2015-04-30&to=2015-04-30"
        ).data.decode("utf-8-sig")
        assert "'=HYPERLINK(1)" in text
    finally:
        with seeded_engine.begin() as connection:
            connection.execute(first_month.values(source=""))


def test_actions_have_links_and_overdue(client):
    actions = {a["ref"]: a for a in client.get("/api/v1/actions").get_json()}
    assert len([ref for ref in actions if ref[0] in "ABCDEF"]) == 65
    d11 = actions["D11"]
    assert set(d11) == {
        "ref",
        "plan",
        "theme",
        "priority",
        "text",
        "owner",
        "due",
        "revised_due",
        "status",
        "overdue",
        "days_overdue",
        "indicators",
        "recommendations",
        "teams",
    }
    assert d11["plan"] == "improvement-plan-2017"
    assert d11["theme"] == "quality-practice-and-compliance"
    assert "8" in d11["indicators"] and "2016-3" in d11["recommendations"]
    assert (d11["due"], d11["revised_due"]) == ("2017-09-30", "2023-03-31")
    assert d11["days_overdue"] == 91  # 31 March to 30 June 2023, the reporting date
    for action in actions.values():
        due = action["revised_due"] or action["due"]
        assert action["overdue"] == (action["status"] != "blue" and due < "2023-06-30")
        assert (action["days_overdue"] is not None) == action["overdue"]


def test_recommendations_and_teams(client):
    recommendations = client.get("/api/v1/recommendations").get_json()
    assert len(recommendations) == 35  # the May 2021 visit names six areas (SPEC says five)
    assert recommendations[0]["id"] == "2016-1"
    assert all(r["actions"] and r["indicators"] for r in recommendations)
    teams = client.get("/api/v1/teams").get_json()
    assert {
        "slug": "leaving-care",
        "name": "Leaving care",
        "service": "Children's social care",
    } in teams
    csv_teams = client.get("/api/v1/teams?format=csv").data.decode("utf-8-sig")
    assert csv_teams.splitlines()[0] == "slug,name,service"


def test_unknown_api_address_is_json_404(client):
    response = client.get("/api/v2/everything")
    assert response.status_code == 404
    assert "No API address" in response.get_json()["error"]
