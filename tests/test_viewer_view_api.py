"""What a viewer sees of the three small figures (`server`, in conftest.py) in the downloads of
the pages' tables, the API and the PDF pack: `c`, unrated, with no numerator or denominator."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from dashboard.disclosure import NOT_RATED
from tests.conftest import (
    FEW,
    HALF,
    SHOWN_TO_DIRECTOR,
    SMALL,
    TEAM,
    by_ref,
    csv_rows,
    fetch_pack,
    xlsx_rows,
)

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


# The downloads of the pages' tables


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_scorecard_download_shows_a_viewer_c(server, viewer, director, form):
    address = f"/download?page=/&table=scorecard-table&format={form}"
    read = csv_rows if form == "csv" else xlsx_rows
    seen, real = by_ref(read(viewer.get(address))), by_ref(read(director.get(address)))
    for ref, figure in SHOWN_TO_DIRECTOR.items():
        assert seen[ref]["Latest"] == "c" and seen[ref]["Why"] == NOT_RATED
        assert str(real[ref]["Latest"]) == figure


def test_a_viewer_cannot_download_the_team_breakdown(viewer, director):
    address = f"/download?page=/indicator/{HALF}&table=team-breakdown&format=csv"
    assert viewer.get(address).status_code == 404  # the page has no such table for them
    assert len(csv_rows(director.get(address))) > 2


# The API


def test_the_api_list_shows_a_viewer_c_unrated(viewer, director):
    seen = by_ref(viewer.get("/api/v1/indicators").get_json(), "ref")
    real = by_ref(director.get("/api/v1/indicators").get_json(), "ref")
    for ref, (value, _numerator, _denominator) in SMALL.items():
        latest = seen[ref]["latest"]
        assert latest["value"] is None and latest["symbol"] == "c"
        assert latest["rag"] is None and latest["explanation"] == NOT_RATED
        assert real[ref]["latest"]["value"] == value
    assert real[HALF]["latest"]["rag"] == "red"


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_api_list_as_a_file_shows_a_viewer_c(viewer, director, form):
    read = csv_rows if form == "csv" else xlsx_rows
    seen = by_ref(read(viewer.get(f"/api/v1/indicators?format={form}")), "ref")
    real = by_ref(read(director.get(f"/api/v1/indicators?format={form}")), "ref")
    for ref, (value, _numerator, _denominator) in SMALL.items():
        assert seen[ref]["latest_value"] in ("", None)
        assert seen[ref]["latest_explanation"] == NOT_RATED
        assert float(real[ref]["latest_value"]) == value


def test_the_api_detail_shows_a_viewer_c(viewer):
    detail = viewer.get(f"/api/v1/indicators/{FEW}").get_json()
    assert detail["latest"]["symbol"] == "c" and detail["latest"]["value"] is None
    assert detail["definition"]


@pytest.mark.parametrize("ref", SMALL)
def test_the_api_observations_hide_the_figure_and_its_counts(viewer, director, ref):
    address = f"/api/v1/indicators/{ref}/observations?from=2023-03-31"
    [seen] = viewer.get(address).get_json()["observations"]
    [real] = director.get(address).get_json()["observations"]
    assert (seen["value"], seen["numerator"], seen["denominator"], seen["symbol"]) == (
        None,
        None,
        None,
        "c",
    )
    assert (real["value"], real["numerator"], real["denominator"]) == SMALL[ref]
    assert seen["provenance"] == real["provenance"]  # what is not a number is kept


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_api_observations_as_a_file_hide_the_figure(viewer, director, form):
    read = csv_rows if form == "csv" else xlsx_rows
    address = f"/api/v1/indicators/{FEW}/observations?from=2023-03-31&format={form}"
    [seen], [real] = read(viewer.get(address)), read(director.get(address))
    assert [seen[c] or "" for c in ("value", "numerator", "denominator", "symbol")] == [
        "",
        "",
        "",
        "c",
    ]
    assert float(real["value"]) == 7.5 and float(real["numerator"]) == 3


def test_older_figures_and_comparators_are_shown_to_a_viewer(viewer):
    body = viewer.get(f"/api/v1/indicators/{HALF}/observations?from=2023-02-28").get_json()
    february, march = body["observations"]
    assert february["value"] is not None and february["numerator"] > 5
    assert march["symbol"] == "c"
    # England's figure includes Tameside's: withheld when Tameside's is hidden, and only then.
    england = viewer.get(f"/api/v1/indicators/{HALF}/observations?area=E92000001").get_json()
    hidden = {o["date"] for o in england["observations"] if o["value"] is None}
    assert hidden == {march["date"]}


def test_a_viewer_is_refused_a_teams_figures(viewer):
    response = viewer.get(f"/api/v1/indicators/{HALF}/observations?team={TEAM}")
    assert response.status_code == 403


# The PDF pack


def pdf_text(client) -> str:
    """The pack's text laid out as on the page, so that a table's row is a line."""
    response = fetch_pack(client)
    assert response.status_code == 200
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.data, capture_output=True, check=True
    )
    return result.stdout.decode()


@needs_poppler
def test_the_pack_shows_a_viewer_c_and_a_director_the_figures(viewer, director):
    seen, real = pdf_text(viewer), pdf_text(director)
    assert "c: fewer than 6 children; hidden to protect their privacy" in " ".join(seen.split())
    alone = re.compile(r"(?<![\d.])7\.5%")  # not the axis's 67.5%
    assert not alone.search(seen) and alone.search(real)
    for ref, figure in SHOWN_TO_DIRECTOR.items():
        # a scorecard row: ref, title, latest figure, target, rating
        row = rf"^ *{ref} +\S.*? {{}} +[\d.,%]+ +\S+ (?:Not rated|Red|Green|Amber)"
        assert re.search(row.format("c"), seen, re.M)
        assert not re.search(row.format(re.escape(figure)), seen, re.M)
        assert re.search(row.format(re.escape(figure)), real, re.M)
        assert f"Red: {ref} " not in seen
    assert f"Red: {HALF} " in real and "50.0% against a target of 85.0%" in real
    assert "figure" in seen and "suppressed" in seen
