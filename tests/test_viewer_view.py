"""What a viewer and a team manager see of the figures (SPEC section 8), in the pages, the API,
the downloads and the PDF pack alike.

The sample data with three newest Tameside figures made small: measure 13 (a count) is 3,
measure 8 (a percentage) is 2 of 4 (50.0%) and measure 12 (a percentage) is 3 of 40 (7.5%).
A viewer sees each as `c`, unrated; a director sees the real numbers.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard import visible_figures as visible
from dashboard.disclosure import NOT_RATED
from data_access.db import init_db, make_engine
from data_access.models import Area, Indicator, Observation
from data_access.queries.observations import TeamFigure
from data_access.seed import seed
from tests.conftest import as_role, database_url, make_app, user_client

NEWEST = date(2023, 3, 31)
COUNT, HALF, FEW = "13", "8", "12"  # 3; 2 of 4 = 50.0%; 3 of 40 = 7.5%
SMALL = {COUNT: (3.0, None, None), HALF: (50.0, 2.0, 4.0), FEW: (7.5, 3.0, 40.0)}
SHOWN_TO_DIRECTOR = {COUNT: "3", HALF: "50.0%", FEW: "7.5%"}
TEAM = "duty-and-assessment"  # has its own figures for measure 8
OTHER_TEAM, NORTH = "safeguarding-north", "Safeguarding and child in need – North"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")


@pytest.fixture(scope="module")
def server(backend, tmp_path_factory):
    """The app on a copy of the sample data with the three small figures."""
    url = database_url(backend, "viewer_view", tmp_path_factory.mktemp("viewer_view"))
    engine = make_engine(url)
    init_db(engine)
    seed(engine)
    with Session(engine) as db:
        tameside = db.scalar(select(Area.id).where(Area.code == "E08000008"))
        for ref, (value, numerator, denominator) in SMALL.items():
            indicator = db.scalar(select(Indicator.id).where(Indicator.ref == ref))
            db.execute(
                update(Observation)
                .where(
                    Observation.indicator_id == indicator,
                    Observation.area_id == tameside,
                    Observation.team_id.is_(None),
                    Observation.period_end == NEWEST,
                )
                .values(value=value, numerator=numerator, denominator=denominator)
            )
        db.commit()
    engine.dispose()
    return make_app(url).server


@pytest.fixture(scope="module")
def viewer(server):
    return user_client(server, "viewer")


@pytest.fixture(scope="module")
def director(server):
    return user_client(server, "director")


def text_of(component) -> str:
    """The words of a layout, as a person reads them."""
    if component is None or isinstance(component, bool):
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    children = getattr(component, "children", None)
    if not isinstance(children, list | tuple):
        children = [children]
    return " ".join(text_of(child) for child in children)


def read_aloud(component) -> str:
    """A layout's text as the downloads read it: inline parts run together, as on screen."""
    from dashboard.downloads import cell_value

    return " ".join(str(cell_value(component)).split())


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row)) for row in rows]


def by_ref(rows: list[dict], column: str = "Ref") -> dict[str, dict]:
    return {str(row[column]): row for row in rows}


# The scorecard and the measure page


@pytest.mark.parametrize("ref", SMALL)
def test_the_scorecard_shows_a_viewer_c_unrated(server, ref):
    from dashboard.pages import scorecard

    with as_role(server, "/", "viewer"):
        page = scorecard.layout()
    table = by_ref(table_rows(page["scorecard-table"]))
    assert table[ref]["Latest"] == "c"
    assert table[ref]["Rating"] == "Not rated"
    assert table[ref]["Why"] == NOT_RATED
    assert "c: fewer than 6 children; hidden to protect their privacy." in read_aloud(page)


def table_rows(table) -> list[dict]:
    from dashboard.downloads import table_rows as rows_of

    columns, rows = rows_of(table)
    return [dict(zip(columns, [str(cell) for cell in row])) for row in rows]


def test_the_scorecard_shows_a_director_the_figures(server):
    from dashboard.pages import scorecard

    with as_role(server, "/", "director"):
        page = scorecard.layout()
    table = by_ref(table_rows(page["scorecard-table"]))
    for ref, figure in SHOWN_TO_DIRECTOR.items():
        assert table[ref]["Latest"] == figure
    assert table[COUNT]["Why"].startswith("3 against a target of 5")
    assert table[HALF]["Why"].startswith("50.0% against a target of 85.0%")
    assert "fewer than 6 children" not in text_of(page)


@pytest.mark.parametrize("ref", SMALL)
def test_the_measure_page_shows_a_viewer_c_unrated_and_a_gap_in_the_chart(server, ref):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{ref}", "viewer"):
        page = indicator.layout(ref)
    words = " ".join(text_of(page).split())
    assert "c Mar 2023, illustrative figure" in words
    assert NOT_RATED in words
    assert "c: fewer than 6 children" in read_aloud(page)
    assert SHOWN_TO_DIRECTOR[ref] + " against" not in words
    if ref != COUNT:  # a percentage: not even in the tables under the chart
        assert not re.search(rf"(?<![\d.]){re.escape(SHOWN_TO_DIRECTOR[ref])}", words)
    assert "Team breakdown" not in words and "Duty and assessment" not in words
    chart = page[{"page": "indicator", "part": "trend-chart"}].figure
    [tameside] = [trace for trace in chart["data"] if trace.get("name") == "Tameside"]
    assert tameside["x"][-1] == NEWEST and tameside["y"][-1] is None


def test_the_measure_page_series_table_hides_the_numerator_and_denominator(server):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{FEW}", "viewer"):
        page = indicator.layout(FEW)
    tables = [c for c in walk(page) if type(c).__name__ == "Table"]
    newest = next(
        row
        for table in tables
        for row in table_rows(table)
        if row.get("Period end") == "31 Mar 2023"
    )
    assert (newest["Figure"], newest["Numerator"], newest["Denominator"]) == ("c", "", "")


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float | bool):
            yield from walk(child)


def test_the_measure_page_shows_a_director_the_figure_and_every_team(server):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{HALF}", "director"):
        words = " ".join(text_of(indicator.layout(HALF)).split())
    assert "Latest figure and rating 50.0% Mar 2023" in words
    assert "50.0% against a target of 85.0%" in words
    assert "Team breakdown" in words
    assert "Duty and assessment" in words and f"{NORTH}" in words


def test_the_theme_page_shows_a_viewer_c(server):
    from dashboard.pages import theme

    with as_role(server, "/theme/quality-practice-and-compliance", "viewer"):
        page = theme.layout(slug="quality-practice-and-compliance")
    rows = by_ref(table_rows(page["theme-measures"]))
    shown = [ref for ref in SMALL if ref in rows]
    assert shown
    for ref in shown:
        assert rows[ref]["Latest"] == "c"
        assert NOT_RATED in rows[ref]["Rating and why"]


def test_a_recommendations_measures_show_a_viewer_c_unrated(server):
    from dashboard.pages import recommendation

    with as_role(server, "/recommendations/2016-3", "viewer"):
        page = recommendation.layout(rec_id="2016-3")
    rows = {
        row["Measure"].split(":")[0]: row for row in table_rows(page["recommendation-measures"])
    }
    assert rows[HALF]["Latest"] == "c" and rows[HALF]["Why"] == NOT_RATED
    with as_role(server, "/recommendations/2016-3", "director"):
        page = recommendation.layout(rec_id="2016-3")
    rows = {
        row["Measure"].split(":")[0]: row for row in table_rows(page["recommendation-measures"])
    }
    assert rows[HALF]["Latest"] == "50.0%" and rows[HALF]["Rating"].endswith("Red")


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
    england = viewer.get(f"/api/v1/indicators/{HALF}/observations?area=E92000001").get_json()
    assert all(o["value"] is not None for o in england["observations"])


def test_a_viewer_is_refused_a_teams_figures(viewer):
    response = viewer.get(f"/api/v1/indicators/{HALF}/observations?team={TEAM}")
    assert response.status_code == 403


# The PDF pack


def pdf_text(client) -> str:
    """The pack's text laid out as on the page, so that a table's row is a line."""
    response = client.get("/export/pack.pdf")
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


# Team managers


def test_a_team_manager_lists_only_their_own_teams(server):
    from dashboard.pages import teams

    with as_role(server, "/teams", "team_manager", (TEAM,)):
        words = text_of(teams.layout())
    assert "Duty and assessment" in words
    assert NORTH not in words and "Leaving care" not in words
    with as_role(server, "/teams", "director"):
        assert NORTH in text_of(teams.layout())


def test_a_team_manager_sees_their_own_teams_figure_and_the_total_unsuppressed(server):
    from dashboard.pages import indicator

    with as_role(server, f"/indicator/{HALF}", "team_manager", (TEAM,)):
        page = indicator.layout(HALF)
    rows = table_rows(page["team-breakdown"])
    assert [row["Team"] for row in rows] == ["Duty and assessment", "Tameside (all teams)"]
    assert rows[-1]["Figure"] == "50.0%"  # the total, unsuppressed: they see small numbers
    words = " ".join(text_of(page).split())
    assert "Your team's figure" in words and NORTH not in words


def test_a_team_manager_downloads_only_their_own_teams_rows(server):
    client = user_client(server, "team_manager", (TEAM,))
    address = f"/download?page=/indicator/{HALF}&table=team-breakdown&format=csv"
    assert [row["Team"] for row in csv_rows(client.get(address))] == [
        "Duty and assessment",
        "Tameside (all teams)",
    ]
    assert client.get(f"/api/v1/indicators/{HALF}/observations?team={OTHER_TEAM}").status_code == (
        403
    )


# The rules applied for whoever asks


def team(slug: str, value: float) -> TeamFigure:
    return TeamFigure(slug, slug, "s", NEWEST, "Mar 2023", value, None, None, None, "illustrative")


def test_secondary_suppression_is_applied_before_teams_are_left_out(server):
    # A 3, B 12, C 40, total 55: were small numbers hidden from someone who sees teams, B
    # would be hidden too. A viewer sees no team at all, and the total stays.
    parts = [team("a", 3), team("b", 12), team("c", 40)]
    total = team("all", 55)
    with as_role(server, "/", "viewer"):
        shown_total, shown = visible.team_figures(parts, total, "count")
    assert shown == [] and shown_total.value == 55
    with as_role(server, "/", "director"):
        shown_total, shown = visible.team_figures(parts, total, "count")
    assert shown == parts and shown_total is total


def test_outside_a_request_small_numbers_are_hidden():
    assert visible.hides_small_numbers()
    assert visible.series([team("a", 3)], "count")[0].symbol == "c"
    assert visible.teams([team("a", 3)]) == []


def test_a_suppressed_figure_is_not_rated_but_a_missing_one_says_so():
    suppressed = TeamFigure("a", "a", "s", NEWEST, "Mar 2023", None, None, None, "c", "x")
    assert visible.rate_shown(suppressed, 85.0, 5.0, "up", "percent").explanation == NOT_RATED
    assert visible.rate_shown(None, 85.0, 5.0, "up", "percent").rag is None
    assert visible.rate_shown(team("a", 70), 85.0, 5.0, "up", "percent").rag == "red"


def test_the_glossary_and_about_page_say_what_c_means(server):
    from dashboard.pages import about, glossary

    with as_role(server, "/glossary", "viewer"):
        words = text_of(glossary.layout()) + text_of(about.layout())
    assert "c (suppressed figure)" in words
    assert "7.5%" in words and "numerator" in words
