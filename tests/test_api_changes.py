"""GET /api/v1/changes (SPEC section 6): what changed between two reporting dates, for each role
as it may see it, as JSON, CSV and XLSX; dates that cannot be used are refused with a reason."""

from __future__ import annotations

import pytest

from tests.conftest import csv_rows, make_app, user_client, xlsx_rows
from tests.since_data import AFTER, BEFORE, NEWLY_OVERDUE, OTHER_TEAM, SLIPPED, TEAM, moved_database

ADDRESS = "/api/v1/changes"


@pytest.fixture(scope="module")
def server(backend, tmp_path_factory):
    return make_app(moved_database(backend, tmp_path_factory, "api_changes")).server


@pytest.fixture(scope="module")
def director(server):
    return user_client(server, "director")


def _measures(answer: dict) -> dict:
    return {(m["ref"], m["team"]): m for m in answer["measures"]}


def test_by_default_the_reporting_period_against_the_one_before(director):
    response = director.get(ADDRESS)
    assert response.status_code == 200
    answer = response.get_json()
    assert (answer["since"], answer["as_at"]) == (BEFORE.isoformat(), AFTER.isoformat())
    measures = _measures(answer)
    assert set(measures) == {("8", None), ("6", None), ("8", TEAM), ("8", OTHER_TEAM)}
    assert measures[("8", None)] | {"explanation": ""} == {
        "ref": "8",
        "title": "Assessments completed within 45 working days",
        "team": None,
        "from_rag": "green",
        "to_rag": "red",
        "from_value": pytest.approx(85.7),
        "to_value": 70.0,
        "from_date": "2023-03-31",
        "to_date": "2023-07-31",
        "explanation": "",
    }
    assert measures[("8", None)]["explanation"].endswith("→ red")
    actions = {a["ref"]: a for a in answer["actions"]}
    assert (actions[SLIPPED]["from_status"], actions[SLIPPED]["to_status"]) == ("amber", "red")
    assert actions[NEWLY_OVERDUE]["newly_overdue"] is True
    causes = [c for c in answer["special_causes"] if c["ref"] == "8"]
    assert causes == [
        {
            "ref": "8",
            "title": "Assessments completed within 45 working days",
            "date": "2023-07-31",
            "value": 70.0,
            "kind": "concern",
            "side": "low",
        }
    ]


def test_the_same_dates_asked_for_give_the_same_answer(director):
    asked = director.get(f"{ADDRESS}?since=2023-06-30&as_at=2023-07-31").get_json()
    assert asked == director.get(ADDRESS).get_json()
    same = director.get(f"{ADDRESS}?since=2023-07-31&as_at=2023-07-31").get_json()
    assert same["measures"] == same["actions"] == same["special_causes"] == []


def test_a_viewer_sees_the_authority_and_no_change_a_hidden_figure_would_tell(server):
    answer = user_client(server, "viewer").get(ADDRESS).get_json()
    # Measure 6's July figure is 3 of 40: hidden, so its change from red is not told either.
    assert set(_measures(answer)) == {("8", None)}


def test_a_team_manager_sees_their_own_team_only(server):
    manager = user_client(server, "team_manager", (TEAM,))
    assert set(_measures(manager.get(ADDRESS).get_json())) == {
        ("8", None),
        ("6", None),
        ("8", TEAM),
    }


def test_nobody_signed_in_gets_nothing(server):
    response = server.test_client().get(ADDRESS)
    assert response.status_code == 401 and "measures" not in response.get_json()


def test_csv_and_xlsx_give_every_change_as_a_row(director):
    rows = csv_rows(director.get(f"{ADDRESS}?format=csv"))
    assert list(rows[0]) == [
        "change",
        "ref",
        "title",
        "team",
        "from",
        "to",
        "from_value",
        "to_value",
        "date",
        "newly_overdue",
    ]
    ratings = {(r["ref"], r["team"]): r for r in rows if r["change"] == "rating"}
    assert (ratings[("8", "")]["from"], ratings[("8", "")]["to"]) == ("green", "red")
    actions = {r["ref"]: r for r in rows if r["change"] == "action"}
    assert actions[NEWLY_OVERDUE]["newly_overdue"] == "True"
    assert any(r["change"] == "special cause" and r["ref"] == "8" for r in rows)
    sheet = xlsx_rows(director.get(f"{ADDRESS}?format=xlsx&since=2023-06-30"))
    assert [r["ref"] for r in sheet] == [r["ref"] for r in rows]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("since=2023-13-01", "'2023-13-01' is not a date: give since as YYYY-MM-DD"),
        ("as_at=31/07/2023", "'31/07/2023' is not a date: give as_at as YYYY-MM-DD"),
        ("since=1900-01-31", "since=1900-01-31 is outside the dates the data covers"),
        ("since=2023-07-31&as_at=2023-06-30", "is after the reporting date (2023-06-30)"),
        ("format=pdf", "format must be json, csv or xlsx, not 'pdf'"),
    ],
)
def test_dates_that_cannot_be_used_are_refused_with_the_reason(director, query, words):
    response = director.get(f"{ADDRESS}?{query}")
    assert response.status_code == 400
    assert words in response.get_json()["error"]


@pytest.mark.parametrize(
    "spelling", ["/api/v1/changes/", "//api/v1/changes", "/API/v1/changes", "/api/v1//changes"]
)
def test_other_spellings_of_the_address_give_no_data_to_anyone_not_signed_in(server, spelling):
    response = server.test_client().get(spelling)
    assert response.status_code in (302, 401, 404)
    assert b"from_rag" not in response.data
