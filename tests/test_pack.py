"""The scrutiny pack PDF (SPEC section 7): the route, what the pages say, the "as at" date's
effect on figures and actions, and a fixed number of queries."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import date

import pytest
from sqlalchemy.orm import Session

from dashboard.date_arguments import parse_date
from dashboard.pack.charts import Series, nice_ticks, trend_chart_svg
from dashboard.pack.contents import build_pack
from data_access.queries.indicators import latest_figures, recent_figures
from data_access.queries.links import recommendations_by_measure
from data_access.queries.pack import actions_as_at
from data_access.queries.themes import list_themes
from tests.conftest import as_role, counted_queries, fetch_pack, user_client

DATA_AS_AT = "2023-06-07"
EARLY = "2017-09-30"
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftoppm, pdftotext, pdfinfo) is not installed"
)


@pytest.fixture(scope="module")
def pdfs(app):
    """Each pack asked for once in this module (printing one takes seconds)."""
    client = user_client(app.server)
    cache: dict[str, bytes] = {}

    def fetch(query: str) -> bytes:
        if query not in cache:
            response = fetch_pack(client, query)
            assert response.status_code == 200, response.get_data(as_text=True)
            assert response.mimetype == "application/pdf"
            cache[query] = response.data
        return cache[query]

    return fetch


def _run(command: list[str], data: bytes, tmp_path) -> str:
    source = tmp_path / "pack.pdf"
    source.write_bytes(data)
    result = subprocess.run(
        [*command, str(source), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's words, one space between each, as pdftotext reads them."""
    return " ".join(_run(["pdftotext"], data, tmp_path).split())


def test_the_pack_is_a_pdf(pdfs):
    assert pdfs(f"as_at={DATA_AS_AT}").startswith(b"%PDF")


@needs_poppler
def test_without_as_at_the_pack_is_as_at_the_reporting_date(pdfs, tmp_path):
    # the end of the newest month with Tameside's own figures (7 June 2023's)
    assert "Figures as at 30 June 2023" in pdf_text(pdfs(""), tmp_path)


@needs_poppler
def test_every_page_renders_to_an_image(pdfs, tmp_path):
    source = tmp_path / "pack.pdf"
    source.write_bytes(pdfs(f"as_at={DATA_AS_AT}"))
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    info = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert len(pages) == count >= 3
    assert all(page.stat().st_size > 1000 for page in pages)


@needs_poppler
def test_the_pdf_is_tagged_titled_and_in_british_english(pdfs, tmp_path):
    data = pdfs(f"as_at={DATA_AS_AT}")
    source = tmp_path / "pack.pdf"
    source.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True, check=True)
    assert re.search(r"Title:\s+Children's Services Improvement: scrutiny pack", info.stdout)
    assert re.search(r"Tagged:\s+yes", info.stdout)
    streams = b"".join(  # a stream whose data holds a line break before "endstream" is cut
        zlib.decompressobj().decompress(match.group(1))  # short: what it holds is enough
        for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    )
    assert b"/Lang (en-GB)" in streams + data


@needs_poppler
def test_the_pack_shows_cover_scorecard_and_red_measures(pdfs, seeded_engine, tmp_path):
    text = pdf_text(pdfs(f"as_at={DATA_AS_AT}"), tmp_path)
    with Session(seeded_engine) as db:
        themes = list_themes(db)
        contents = build_pack(db, date(2023, 6, 7))
    assert "Figures as at 7 June 2023" in text
    assert "Figures marked published are taken exactly from Tameside Council and Ofsted" in text
    assert "every other figure, status and date is illustrative" in text
    assert "figures as at 7 June 2023 Page 1 of" in text  # the footer
    for theme in themes:
        assert f"{theme.letter}. {theme.name}" in text
    red = next(r for r in contents.red if r.actions)
    assert f"Red: {red.measure.summary.ref} {red.measure.summary.title}" in text
    assert red.measure.rating.explanation in text
    assert red.measure.rating.explanation.endswith("→ red")
    page = text[text.index(f"Red: {red.measure.summary.ref} ") :]
    assert f"Actions meant to move measure {red.measure.summary.ref}" in page
    assert re.search(rf"\b{re.escape(red.actions[0].ref)}\b", page)


@needs_poppler
def test_a_theme_pack_leaves_out_the_other_themes(pdfs, seeded_engine, tmp_path):
    text = pdf_text(pdfs(f"as_at={DATA_AS_AT}&theme=demand-and-need"), tmp_path)
    with Session(seeded_engine) as db:
        themes = list_themes(db)
    assert "Theme: B. Demand and need" in text
    for theme in themes:
        if theme.slug != "demand-and-need":
            assert f"{theme.letter}. {theme.name}" not in text


@needs_poppler
def test_an_earlier_date_gives_the_figures_of_that_time(pdfs, tmp_path):
    text = pdf_text(pdfs(f"as_at={EARLY}"), tmp_path)
    assert "Figures as at 30 September 2017" in text
    # C11 was published as 28% on 2 August 2017 (Cabinet report 30 Aug 2017, paragraph 3.4).
    assert "28.0% PUBLISHED" in text  # in the scorecard
    assert "Latest figure: 28.0% (2 Aug 2017), published." in text  # on its red page
    assert "Mar 2023" not in text and "Oct 2017" not in text


@needs_poppler
def test_a_date_before_any_data_says_there_are_no_figures_yet(pdfs, tmp_path):
    # The sample's first figure is DfE's for March 2013; dates from the start of that year are
    # asked
    text = pdf_text(pdfs("as_at=2013-01-01"), tmp_path)
    assert "There are no figures yet as at 1 January 2013" in text


@pytest.mark.parametrize("bad", ["notadate", "2023-02-30", "20230607", "2023-6-7"])
def test_a_bad_date_is_refused_with_a_message(client, bad):
    response = client.get(f"/export/pack.pdf?as_at={bad}")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)


def test_an_unknown_theme_is_not_found_with_a_message(client):
    response = client.get(f"/export/pack.pdf?as_at={DATA_AS_AT}&theme=no-such-theme")
    assert response.status_code == 404
    assert "There is no theme 'no-such-theme'" in response.get_data(as_text=True)


def test_parse_date_takes_only_iso_dates():
    assert parse_date("2017-09-30") == date(2017, 9, 30)
    with pytest.raises(ValueError):
        parse_date("30/09/2017")


def test_the_number_of_queries_does_not_grow_with_the_red_measures(seeded_engine):
    counts = {}
    reds = {}
    for on in (date(2017, 9, 30), date(2023, 6, 7)):
        with Session(seeded_engine) as db, counted_queries(seeded_engine) as statements:
            reds[on] = len(build_pack(db, on).red)
        counts[on] = len(statements)
    assert reds[date(2017, 9, 30)] != reds[date(2023, 6, 7)]
    # 18 with the periods of the comparators' figures withheld (derived_figures.py), the
    # neighbours' figures, for their mean (neighbour_averages.py), the authority, the
    # commentary and the roles of who wrote it, and the overdue actions (no clinic for nobody);
    # what changed since the previous period: the ratings, the actions, and the measures and
    # their recent figures for the SPC rules
    assert counts[date(2017, 9, 30)] == counts[date(2023, 6, 7)] <= 22


def test_until_keeps_only_figures_up_to_the_date(seeded_engine):
    until = date(2017, 9, 30)
    with Session(seeded_engine) as db:
        everything = latest_figures(db)
        then = latest_figures(db, until=until)
        recent = recent_figures(db, 24, until=until)
    assert all(figure.date <= until for figure in then.values())
    assert any(figure.date > until for figure in everything.values())
    assert all(f.date <= until for figures in recent.values() for f in figures)


def test_actions_and_recommendations_stand_as_they_were_on_the_date(seeded_engine):
    on = date(2017, 9, 30)
    with Session(seeded_engine) as db:
        refs = [r.measure.summary.ref for r in build_pack(db, on).red]
        actions = actions_as_at(db, refs, on)
        recommendations = recommendations_by_measure(db, refs, made_by=on)
    listed = [a for linked in actions.values() for a in linked]
    assert listed
    assert all(a.update_date is None or a.update_date <= on for a in listed)
    assert not any(a.plan == "Improvement Plan 2022/23" for a in listed)
    assert all(
        a.overdue == (a.due is not None and a.due < on and a.status != "blue") for a in listed
    )
    found = [r for linked in recommendations.values() for r in linked]
    assert found and all(int(r.inspection[:4]) <= 2017 for r in found)


def test_nice_ticks_are_round_and_cover_the_values():
    ticks = nice_ticks(81.3, 96.2)
    assert ticks[0] <= 81.3 and ticks[-1] >= 96.2
    assert all(t % 2.5 == 0 or t % 5 == 0 for t in ticks)


def test_a_missing_figure_breaks_the_chart_line():
    home = Series(
        "home",
        "Tameside",
        [
            (date(2020, 1, 31), 80.0, False),
            (date(2020, 2, 29), 82.0, True),
            (date(2020, 3, 31), None, False),
            (date(2020, 4, 30), 84.0, False),
            (date(2020, 5, 31), 85.0, False),
        ],
    )
    svg = trend_chart_svg(home, [], 90.0, 5.0, "up", "percent")
    assert svg.count("<polyline") == 2
    assert "Published figure" in svg and "Target 90.0%" in svg


def test_the_scorecard_and_theme_pages_link_to_the_pack(client):
    from dashboard.pages import scorecard, theme

    with as_role(client.application, "/"):
        pages = str(scorecard.layout()) + str(theme.layout(slug="sustainability"))
    assert (
        "href='/pack?as_at=2023-06-30'" in pages
    )  # where the pack is made: the scorecard's period
    assert "href='/pack?theme=sustainability'" in pages
