"""GET /api/v1/indicators/<ref>/forecast (SPEC section 11): a demand measure's next 12 months on
the sample data, the same as `forecast` makes of the series the observations API gives, and
what it says of other measures and of too short a series."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from dashboard.forecast import (
    ABOUT_FORECASTS,
    backtest_words,
    forecast,
    month_ends_after,
    monthly_run,
)
from tests.conftest import make_app, user_client

LOOKED_AFTER = "/api/v1/indicators/9b"  # children looked after: a demand measure, 96 months


@pytest.fixture(scope="module")
def client(seeded_url):
    """A viewer of the sample data."""
    return user_client(make_app(seeded_url).server, "viewer")


@pytest.fixture(scope="module")
def answer(client):
    response = client.get(f"{LOOKED_AFTER}/forecast")
    assert response.status_code == 200
    return response.get_json()


def test_a_demand_measure_has_12_months_ahead_inside_its_intervals(client, answer):
    observations = client.get(f"{LOOKED_AFTER}/observations").get_json()["observations"]
    figures = [(date.fromisoformat(o["date"]), o["value"]) for o in observations if o["value"]]
    run = monthly_run(figures)  # DfE's yearly figures after the monthly ones are left out
    last = run[-1][0]
    points = answer["points"]
    assert [date.fromisoformat(p["date"]) for p in points] == month_ends_after(last, 12)
    for point in points:
        assert set(point) == {"date", "value", "lower80", "upper80", "lower95", "upper95"}
        bounds = [point[k] for k in ("lower95", "lower80", "value", "upper80", "upper95")]
        assert bounds == sorted(bounds)
    tested = answer["backtest"]
    assert tested["mape"] >= 0 and tested["baseline_mape"] >= 0
    assert 0 <= tested["inside80"] <= tested["inside95"] <= 12
    assert tested["widening95"] >= 1 and tested["widening80"] >= 1
    assert len(tested["held_out"]) == 12
    assert [held["actual"] for held in tested["held_out"]] == [value for _, value in run[-12:]]
    assert (
        f"In the back-test, {tested['inside95']} of 12 months fell inside the 95% range"
        in (answer["backtest_words"])
    )
    assert "the form with the lowest AICc of the 9 tried" in answer["method"]
    assert (answer["ref"], answer["area"], answer["team"]) == ("9b", "E08000008", None)
    assert answer["about"] == ABOUT_FORECASTS


def test_the_api_adds_nothing_to_the_forecast_of_the_observations(client, answer):
    observed = client.get(f"{LOOKED_AFTER}/observations").get_json()["observations"]
    series = [
        (date.fromisoformat(o["date"]), o["value"]) for o in observed if o["value"] is not None
    ]
    made = forecast(series)
    assert answer["method"] == made.method
    assert answer["points"] == [
        {**asdict(point), "date": point.date.isoformat()} for point in made.points
    ]
    held_out = [asdict(month) for month in made.backtest.held_out]
    assert answer["backtest"] == {**asdict(made.backtest), "held_out": held_out}
    assert answer["backtest_words"] == backtest_words(made.backtest)


def test_a_measure_that_is_not_demand_is_404_with_a_message(client):
    response = client.get("/api/v1/indicators/8/forecast")  # assessments on time: a percentage
    assert response.status_code == 404
    assert response.get_json()["error"].startswith("Forecasts are made for demand measures only: ")
    assert client.get("/api/v1/indicators/nope/forecast").status_code == 404


def test_a_series_too_short_for_a_forecast_says_so(client):
    # April 2015 to February 2017: 23 months.
    short = client.get(f"{LOOKED_AFTER}/forecast?from=2015-04-01&to=2017-02-28").get_json()
    assert (short["method"], short["points"], short["backtest"]) == (None, [], None)
    assert (
        short["note"]
        == "A forecast needs at least 24 monthly figures in a row; this series has 23."
    )


def test_under_36_months_there_is_a_forecast_but_no_backtest(client):
    # April 2015 to September 2017: 30 months.
    answer = client.get(f"{LOOKED_AFTER}/forecast?from=2015-04-01&to=2017-09-30").get_json()
    assert len(answer["points"]) == 12 and answer["backtest"] is None
    assert answer["points"][0]["date"] == "2017-10-31"


def test_a_viewer_is_refused_a_team_s_forecast(client):
    assert client.get(f"{LOOKED_AFTER}/forecast?team=cared-for-children").status_code == 403
