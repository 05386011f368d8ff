"""GET /api/v1/indicators/<ref>/benchmark (SPEC section 11): the worked DfE-format file of
test_benchmark.py imported beside the sample data, as an analyst and as a viewer sees it; and
what it says when there is nothing to benchmark."""

from __future__ import annotations

import pytest

from data_access.db import init_db, make_engine
from data_access.importers.ees import import_ees
from data_access.seed import seed
from tests.conftest import database_url, make_app, user_client
from tests.test_benchmark import (
    NEIGHBOURS_357,
    SMALL,
    ees_file,
    groupings_file,
    sample_without_dfe,
)

ADDRESS = "/api/v1/indicators/{}/benchmark"


@pytest.fixture(scope="module")
def app(backend, tmp_path_factory):
    """The sample data without DfE's figures, with the worked file imported into measure 6 (a
    percentage, lower is better) and the small numbers into measure 13 (a count, lower is
    better)."""
    folder = tmp_path_factory.mktemp("benchmark")
    url = database_url(backend, "api_benchmark", folder)
    engine = make_engine(url)
    init_db(engine)
    seed(engine, sample_without_dfe(folder))
    groupings = groupings_file(folder, NEIGHBOURS_357)
    import_ees(engine, ees_file(folder), "6", "figure", neighbours=groupings)
    small = ees_file(folder, SMALL, "small.csv")
    import_ees(engine, small, "13", "figure", neighbours=groupings)
    engine.dispose()
    return make_app(url, STATISTICAL_NEIGHBOURS="2021")  # the set groupings_file writes


@pytest.fixture(scope="module")
def analyst(app):
    return user_client(app.server, "analyst")


@pytest.fixture(scope="module")
def viewer(app):
    return user_client(app.server, "viewer")


def asked(client, ref: str, query: str = "", status: int = 200) -> dict:
    response = client.get(ADDRESS.format(ref) + query)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_tamesides_rank_band_and_neighbours(analyst):
    answer = asked(analyst, "6")
    assert {key: answer[key] for key in ("ref", "area", "area_name", "date", "label")} == {
        "ref": "6",
        "area": "E08000008",
        "area_name": "Tameside",
        "date": "2023-03-31",
        "label": "2022/23",
    }
    assert (answer["value"], answer["symbol"], answer["unit"]) == (20.0, None, "percent")
    assert (answer["rank"], answer["joint"], answer["of"]) == (4, True, 9)
    assert answer["rank_words"] == "joint 4th of 9 local authorities, where 1st is best"
    assert (answer["band"], answer["band_words"]) == ("B", "Band B: second best quarter")
    assert (answer["polarity"], answer["polarity_words"]) == ("down", "Lower is better")
    assert (answer["sn_mean"], answer["sn_median"], answer["neighbours_with_figure"]) == (
        23.5,
        22.5,
        8,
    )
    assert (answer["neighbour_set"], answer["groupings"]) == (
        "DfE April 2021 groupings",
        "groupings.csv",
    )
    assert (answer["sn_provenance"], answer["sn_source"]) == (
        "computed",
        "Mean and median of the 8 of 10 statistical neighbours with a figure "
        "(DfE April 2021 groupings)",
    )
    neighbours = answer["neighbours"]
    assert [n["position"] for n in neighbours] == list(range(1, 11))
    assert neighbours[0] == {
        "position": 1,
        "closeness": "Close",
        "code": "E06000358",
        "name": "Authority 358",
        "value": 10.0,
        "symbol": None,
    }
    assert (neighbours[6]["value"], neighbours[6]["symbol"]) == (None, "c")
    assert answer["note"] is None


def test_an_earlier_date(analyst):
    answer = asked(analyst, "6", "?date=2022-03-31")
    assert (answer["date"], answer["rank"], answer["joint"], answer["of"]) == (
        "2022-03-31",
        3,
        False,
        8,
    )
    assert (answer["band"], answer["sn_mean"], answer["neighbours_with_figure"]) == ("B", None, 4)


@pytest.mark.parametrize(
    ("ref", "query", "when"),
    [
        ("6", "?date=2024-03-31", " on 2024-03-31"),  # Tameside's figure alone
        ("6", "?area=E92000001", ""),  # England is not a local authority
        ("9b", "", ""),  # the sample data without DfE's: no other authority's figures
    ],
)
def test_nothing_to_benchmark_gives_nulls_and_says_why(viewer, ref, query, when):
    answer = asked(viewer, ref, query)
    for key in ("date", "value", "rank", "of", "band", "band_words", "sn_mean", "sn_median"):
        assert answer[key] is None, key
    assert (answer["neighbours"], answer["neighbours_with_figure"]) == ([], 0)
    assert answer["note"].startswith("Nothing to benchmark")
    assert f"needs the area's figure{when} and other authorities' figures" in answer["note"]
    assert "import-ees" in answer["note"]


def test_unknown_measures_and_areas_and_bad_dates_are_refused(analyst):
    assert asked(analyst, "ZZ9", status=404)["error"] == "No indicator with ref 'ZZ9'."
    assert asked(analyst, "6", "?area=E0", status=404)["error"] == "No area with code 'E0'."
    refused = asked(analyst, "6", "?date=31/03/2023", status=400)
    assert refused["error"] == (
        "'31/03/2023' is not a date: give date as YYYY-MM-DD, for example date=2023-06-07."
    )


def test_the_neighbours_as_csv(analyst):
    response = analyst.get(ADDRESS.format("6") + "?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "position,closeness,code,name,value,symbol"
    assert lines[1] == "1,Close,E06000358,Authority 358,10.0,"
    assert lines[7] == "7,Close,E06000364,Authority 364,,c"
    assert lines[10] == "10,Close,E08000007,Stockport,,"
    assert len(lines) == 11


def test_a_viewer_sees_no_figure_rank_band_or_average_that_would_give_back_a_small_number(
    analyst, viewer
):
    shown = asked(analyst, "13")
    assert (shown["value"], shown["rank"], shown["band"], shown["sn_mean"]) == (4.0, 2, "A", 44.6)
    assert shown["neighbours"][0]["value"] == 3.0
    hidden = asked(viewer, "13")
    assert (hidden["value"], hidden["symbol"], hidden["rank"], hidden["band"]) == (
        None,
        "c",
        None,
        None,
    )
    assert hidden["rank_words"] is None and hidden["joint"] is None
    assert (hidden["sn_mean"], hidden["sn_median"]) == (None, None)
    assert hidden["neighbours"][0] | {"value": None} == hidden["neighbours"][0]
    assert hidden["neighbours"][0]["symbol"] == "c"
    assert hidden["note"] == (
        "The area's figure is hidden (c), so its rank and quartile band are not shown. A "
        "neighbour's figure is hidden (c), so the neighbours' mean and median are not shown: "
        "with the other figures either would give it back."
    )
    assert hidden["of"] == 6  # how many authorities are ranked tells nothing hidden
    assert "4.0" not in str(hidden) and "44.6" not in str(hidden)
    csv = viewer.get(ADDRESS.format("13") + "?format=csv").get_data(as_text=True)
    assert ",3.0," not in csv and "Authority 358,,c" in csv
