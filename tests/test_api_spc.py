"""GET /api/v1/indicators/<ref>/spc (SPEC section 11): a series' XmR chart, checked against a
worked example imported into the database, and what it says of too short a series."""

from __future__ import annotations

import pytest

from data_access.db import init_db, make_engine
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.seed import seed
from tests.conftest import database_url, make_app, user_client

# Measure 8 (a percentage, higher is better, target 85%) for Tameside, month by month through
# 2010 and January 2011, before the sample data begins: the steady series of test_spc.py, then 30.
#   mean            (24 + 22 + 20 + 22) × 3 = 264; (264 + 30) / 13 = 22.6154
#   moving ranges   eleven of 2, then |30 - 22| = 8: (22 + 8) / 12 = 2.5
#   limits          22.6154 ± 2.66 × 2.5 = 22.6154 ± 6.65  →  15.9654 to 29.2654
#   30 is above the upper limit: special cause, an improvement as higher is better; the whole
#   range between the limits is below 85, so the target is never met.
STEADY = [24, 22, 20, 22, 24, 22, 20, 22, 24, 22, 20, 22]
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
MONTH_ENDS = [f"2010-{month:02d}-{day}" for month, day in enumerate(DAYS, start=1)]
WORKED = list(zip([*MONTH_ENDS, "2011-01-31"], [*STEADY, 30], strict=True))
ASKED = "/api/v1/indicators/8/spc?from=2010-01-01&to=2011-01-31"


@pytest.fixture(scope="module")
def client(backend, tmp_path_factory):
    """A viewer of the sample data with the worked example imported beside it."""
    folder = tmp_path_factory.mktemp("spc")
    url = database_url(backend, "api_spc", folder)
    engine = make_engine(url)
    init_db(engine)
    seed(engine)
    path = folder / "worked.csv"
    rows = [f"8,E08000008,,{day},{value},,,,illustrative,worked example" for day, value in WORKED]
    path.write_text("\n".join([",".join(REQUIRED_COLUMNS), *rows]) + "\n")
    import_template(engine, path)
    engine.dispose()
    return user_client(make_app(url).server, "viewer")


def test_the_chart_of_the_worked_example(client):
    answer = client.get(ASKED).get_json()
    assert answer["mean"] == pytest.approx(22.6154, abs=1e-4)
    assert answer["upper"] == pytest.approx(29.2654, abs=1e-4)
    assert answer["lower"] == pytest.approx(15.9654, abs=1e-4)
    assert (answer["variation"], answer["assurance"]) == ("improvement_high", "never_met")
    assert answer["variation_words"] == "Special cause variation: improvement (higher)"
    points = answer["points"]
    assert [(p["date"], p["value"]) for p in points] == [(d, float(v)) for d, v in WORKED]
    assert [p["date"] for p in points if p["special_cause"]] == ["2011-01-31"]
    assert points[-1]["kind"] == "improvement" and points[0]["kind"] is None


def test_a_series_too_short_for_a_chart_says_so(client):
    answer = client.get("/api/v1/indicators/8/spc?from=2010-01-01&to=2010-11-30").get_json()
    assert answer["points"] == [] and answer["mean"] is None and answer["variation"] is None
    assert answer["note"] == "SPC needs at least 12 figures; this series has 11."


def test_unknown_measures_and_areas_are_404_with_a_message(client):
    assert client.get("/api/v1/indicators/nope/spc").status_code == 404
    response = client.get("/api/v1/indicators/8/spc?area=E00000000")
    assert response.status_code == 404 and "No area" in response.get_json()["error"]


def test_a_viewer_is_refused_a_team_s_chart(client):
    assert client.get("/api/v1/indicators/8/spc?team=duty-and-assessment").status_code == 403
