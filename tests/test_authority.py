"""Any authority (SPEC section 12): AUTHORITY_CODE says whose dashboard it is, and its name,
region and neighbours come from the data. A dashboard started for Stockport on a new database
given only `python -m data_access seed --authority E08000007` answers every page, its header
names Stockport and nothing names the sample's authority; no Python source in dashboard/ or
data_access/ names the sample's authority outside a comment; a code that is not one of the
database's local authorities stops the app at start."""

from __future__ import annotations

import io
import tokenize
from datetime import date
from pathlib import Path

import dash
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard import configured
from data_access.__main__ import main
from data_access.authority import Authority, find_authority, home_code, session_info
from data_access.db import make_engine, make_sessionmaker
from data_access.models import (
    Action,
    Area,
    Commentary,
    Indicator,
    Inspection,
    Observation,
    Plan,
    StatisticalNeighbour,
    Team,
    Theme,
)
from data_access.seed import read_csv
from tests.conftest import as_role, database_url, make_app, router_body, user_client

ROOT = Path(__file__).resolve().parents[1]
STOCKPORT, NORTH_WEST, ENGLAND = "E08000007", "E12000002", "E92000001"
# The sample's authority, as the sample data names it: no test names it in its own words.
SAMPLE_CODE, SAMPLE_NAME = next(
    (row["code"], row["name"]) for row in read_csv("areas.csv") if row["kind"] == "local_authority"
)
MEASURES = len(list(read_csv("indicators.csv")))
# An address for each page with an argument: a measure and a theme the catalogue holds; teams,
# actions and recommendations a new authority has none of, so their pages say "not found".
EXAMPLES = {
    "dashboard.pages.indicator": "/indicator/8",
    "dashboard.pages.target": "/targets/8",
    "dashboard.pages.theme": "/theme/demand-and-need",
    "dashboard.pages.team": "/teams/none-yet",
    "dashboard.pages.action": "/actions/A1",
    "dashboard.pages.recommendation": "/recommendations/2016-1",
}
API = [
    "/api/v1/indicators",
    "/api/v1/indicators/8",
    "/api/v1/indicators/8/observations",
    "/api/v1/indicators/8/spc",
    "/api/v1/indicators/9b/forecast",
    "/api/v1/actions",
    "/api/v1/recommendations",
    "/api/v1/teams",
    "/download?page=/&table=scorecard-table&format=csv",
]


def _seed_authority(url: str, code: str = STOCKPORT) -> int:
    return main(["--database-url", url, "seed", "--authority", code])


@pytest.fixture(scope="module")
def stockport_url(backend, tmp_path_factory) -> str:
    """A new database given only `seed --authority E08000007`."""
    url = database_url(backend, "stockport", tmp_path_factory.mktemp("stockport"))
    assert _seed_authority(url) == 0
    return url


@pytest.fixture(scope="module")
def stockport(stockport_url):
    return make_app(stockport_url, AUTHORITY_CODE=STOCKPORT)


@pytest.fixture(scope="module")
def admin(stockport):
    return user_client(stockport.server, "admin")


def _provenances(db) -> set[str]:
    return set(db.scalars(select(Observation.provenance).distinct()))


def _names_sample(text: str) -> bool:
    return SAMPLE_NAME.casefold() in text.casefold()


def _pages() -> list[str]:
    """Every page the app registers, at an address that opens it."""
    found = []
    for module, entry in dash.page_registry.items():
        if module == "dashboard.pages.not_found_404":
            continue
        found.append(EXAMPLES[module] if entry.get("path_template") else entry["path"])
    return sorted(found)


def test_the_seed_gives_the_catalogue_the_areas_and_the_neighbours_and_nothing_else(
    stockport_url,
):
    engine = make_engine(stockport_url)
    try:
        with Session(engine) as db:
            assert db.scalar(select(func.count(Indicator.id))) == MEASURES
            assert db.scalars(select(Indicator.target)).all() == [None] * MEASURES
            # the sample's documents are left out; DfE's publications are everyone's
            assert {source[:4] for source in db.scalars(select(Indicator.source))} == {"", "DfE:"}
            assert set(db.scalars(select(Indicator.unit))) >= {"count", "percent"}
            assert set(db.scalars(select(Theme.summary))) == {""}
            for model in (Plan, Action, Inspection, Team, Commentary):
                assert db.scalar(select(func.count()).select_from(model)) == 0, model
            # DfE's figures for every authority, and no illustrative one
            assert _provenances(db) == {"published"}
            assert {source[:4] for source in db.scalars(select(Observation.source))} == {"DfE:"}
            figures = db.scalar(select(func.count(Observation.id)))
            assert db.scalar(
                select(func.count(Observation.id))
                .join(Area, Area.id == Observation.area_id)
                .where(Area.code == STOCKPORT)
            )
            kinds = dict(db.execute(select(Area.kind, func.count()).group_by(Area.kind)).all())
            assert kinds["local_authority"] >= 150 and kinds["region"] >= 9
            assert kinds["country"] == 1 and kinds["comparator"] == 1
            stockport = find_authority(db, STOCKPORT)
            assert stockport == Authority(STOCKPORT, "Stockport", NORTH_WEST, "North West")
            home = db.scalar(select(Area.id).where(Area.code == STOCKPORT))
            neighbours = dict(
                db.execute(
                    select(StatisticalNeighbour.neighbour_set, func.count())
                    .where(StatisticalNeighbour.home_area_id == home)
                    .group_by(StatisticalNeighbour.neighbour_set)
                ).all()
            )
            assert neighbours == {"2021": 10, "2025": 10}
            areas = db.scalar(select(func.count(Area.id)))
        assert _seed_authority(stockport_url) == 0  # again: nothing more
        with Session(engine) as db:
            assert db.scalar(select(func.count(Observation.id))) == figures
            assert db.scalar(select(func.count(Area.id))) == areas
            assert db.scalar(select(func.count(Indicator.id))) == MEASURES
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("E08000016", "former code of the authority now coded E08000038"),
        ("E08000999", "sample_data/local_authorities.csv"),
        ("Stockport", "is not an ONS code"),
    ],
)
def test_seed_refuses_a_code_that_is_not_an_authoritys(code, words, empty_url, capsys):
    assert _seed_authority(empty_url, code) == 1
    assert words in capsys.readouterr().err
    engine = make_engine(empty_url)
    with Session(engine) as db:
        assert db.scalar(select(func.count(Indicator.id))) == 0
    engine.dispose()


def test_every_page_answers_and_none_names_the_sample_authority(stockport, admin):
    pages = _pages()
    assert len(pages) >= 18
    for path in pages:
        response = admin.post("/_dash-update-component", json=router_body(path))
        text = response.get_data(as_text=True)
        assert response.status_code == 200, (path, text[:300])
        assert not _names_sample(text), path
    for path in API:
        response = admin.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
        assert not _names_sample(response.get_data(as_text=True)), path


def test_the_header_and_the_pages_name_stockport(stockport, admin):
    frame = admin.get("/_dash-layout").get_data(as_text=True)
    assert " · Stockport" in frame and not _names_sample(frame)
    assert "Sample data." not in frame  # Stockport's figures are its own
    sign_in = stockport.server.test_client().get("/login").get_data(as_text=True)
    assert "Stockport" in sign_in and not _names_sample(sign_in)
    scorecard = admin.post("/_dash-update-component", json=router_body("/")).get_json()
    assert "The latest figure for Stockport on every measure" in str(scorecard)
    about = str(admin.post("/_dash-update-component", json=router_body("/about")).get_json())
    assert "services for vulnerable children in Stockport" in about
    glossary = str(admin.post("/_dash-update-component", json=router_body("/glossary")).get_json())
    assert "The ten councils most like Stockport" in glossary


def test_the_api_and_the_charts_take_stockport_and_its_region(stockport, admin):
    benchmark = admin.get("/api/v1/indicators/8/benchmark").get_json()
    assert benchmark["area"] == STOCKPORT
    with as_role(stockport.server):
        assert configured.authority() == Authority(STOCKPORT, "Stockport", NORTH_WEST, "North West")
        assert configured.comparator_codes(configured.authority()) == [ENGLAND, NORTH_WEST, "SN"]


def test_the_pack_names_stockport(stockport):
    from dashboard import database
    from dashboard.pack.contents import build_pack
    from dashboard.pack.document import pack_html

    with as_role(stockport.server, "/pack", "director"), database.session() as db:
        html = pack_html(build_pack(db, date(2025, 3, 31)))
    assert "Stockport" in html and not _names_sample(html)


def test_the_sample_dashboard_names_its_own_authority_beside_stockports(app, stockport, admin):
    sample = user_client(app.server).get("/_dash-layout").get_data(as_text=True)
    assert f" · {SAMPLE_NAME}" in sample and "Sample data." in sample
    assert " · Stockport" in admin.get("/_dash-layout").get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("E08000999", "AUTHORITY_CODE is E08000999, which is not a local authority"),
        (ENGLAND, f"seed --authority {ENGLAND}"),  # an area, but not a local authority
        ("Stockport", "AUTHORITY_CODE is 'Stockport'"),
    ],
)
def test_a_code_the_database_does_not_hold_stops_the_app_at_start(stockport_url, code, words):
    with pytest.raises(RuntimeError, match=words):
        make_app(stockport_url, AUTHORITY_CODE=code)


def test_a_new_database_started_for_another_authority_gets_its_starting_point(empty_url):
    app = make_app(empty_url, SEED_IF_EMPTY=True, AUTHORITY_CODE=STOCKPORT)
    frame = user_client(app.server).get("/_dash-layout").get_data(as_text=True)
    assert " · Stockport" in frame
    engine = make_engine(empty_url)
    with Session(engine) as db:
        assert db.scalar(select(func.count(Indicator.id))) == MEASURES
        assert _provenances(db) == {"published"}  # DfE's, and nothing illustrative
    engine.dispose()


def test_a_session_carries_the_authority_it_was_made_for(stockport_url):
    engine = make_engine(stockport_url)
    with make_sessionmaker(engine, session_info(STOCKPORT))() as db:
        assert home_code(db) == STOCKPORT
    with Session(engine) as db:  # a script's: the environment's, else the sample's
        assert home_code(db) == SAMPLE_CODE
    engine.dispose()


def _naming_outside_comments(path: Path) -> list[int]:
    """The lines of a Python file on which the sample's authority is named other than in a
    comment."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return sorted(
        {
            token.start[0]
            for token in tokens
            if token.type != tokenize.COMMENT and _names_sample(token.string)
        }
    )


def test_no_source_of_the_dashboard_or_its_data_layer_names_the_sample_authority():
    named = {
        str(path.relative_to(ROOT)): lines
        for folder in ("dashboard", "data_access")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (lines := _naming_outside_comments(path))
    }
    assert named == {}
    assert not _names_sample((ROOT / "dashboard/pack/templates/pack.html").read_text())
