"""The DfE (Explore Education Statistics) importer on the real DfE files: every file imported, and
sample cells served exactly. Small bad files are tested in test_import_ees_small_files.py."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.db import init_db, make_engine
from data_access.importers.ees import import_ees
from data_access.importers.neighbours import import_neighbour_set
from data_access.models import Area, Observation
from data_access.seed import seed_reference_data
from tests.conftest import SHARED, database_url, make_app, user_client

EES = SHARED / "data" / "ees"
NEIGHBOURS = EES / "New_Statistical_Neighbour_Groupings_April_2021.csv"
NEIGHBOURS_2025 = EES / "sn_model_2025_wide.csv"
TAMESIDE, NORTH_WEST, ENGLAND = "E08000008", "E12000002", "E92000001"
SYMBOLS = {"c", "x", "z", "low", "k", "u", ":"}

# file, measure, value column, filters, period end (MM-DD) when not the time_identifier's
REAL_FILES = [
    ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "6",
     "rereferral_percent", [], None),
    ("cla_number_and_rate_per_10k_children.csv", "9b", "children_count",
     [("population_type", "Children looked after on 31 March each year")], None),
    ("d3_cpps_subsequent_plan_2013_to_2025.csv", "13", "CPP_subsequent", [], None),
    ("csww_indicators_2017_to_2025.csv", "25", "caseload_fte", [], "09-30"),
    ("la_cla_placement_stability.csv", "20b", "children_percent",
     [("cla_group", "Children looked after continuously for at least 2.5 years on 31 March "
                    "aged under 16 years"),
      ("placement_stability", "Living with the same carer for at least 2 years")], None),
]  # fmt: skip

needs_ees = pytest.mark.skipif(
    not EES.exists(), reason=f"the DfE files are not beside the project ({EES})"
)


def file_rows(name: str, filters: list[tuple[str, str]]) -> list[dict[str, str]]:
    with open(EES / name, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if all(row[column] == value for column, value in filters)]


def period_end(row: dict[str, str], override: str | None) -> date:
    month, day = (int(part) for part in (override or "03-31").split("-"))
    return date(int(row["time_period"]), month, day)  # every real file is reporting years


def area_code(row: dict[str, str]) -> str:
    return {"National": ENGLAND, "Regional": row["region_code"]}.get(
        row["geographic_level"], row["new_la_code"]
    )


@pytest.fixture(scope="module")
def real_data(backend, tmp_path_factory):
    """Every real DfE file imported, with both neighbour sets, into a database of its own; the
    app compares with the 2021 groupings, `app_2025` with the 2025 model."""
    if not EES.exists():
        pytest.skip(f"the DfE files are not beside the project ({EES})")
    url = database_url(backend, "ees", tmp_path_factory.mktemp("ees"))
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    reports = {
        name: import_ees(engine, EES / name, ref, column, filters, end, neighbours=NEIGHBOURS)
        for name, ref, column, filters, end in REAL_FILES
    }
    import_neighbour_set(engine, NEIGHBOURS_2025)
    app = make_app(url, STATISTICAL_NEIGHBOURS="2021")
    yield engine, user_client(app.server), reports
    engine.dispose()


def served(client, ref: str, area: str) -> dict[date, dict]:
    response = client.get(f"/api/v1/indicators/{ref}/observations?area={area}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return {date.fromisoformat(o["date"]): o for o in response.get_json()["observations"]}


@needs_ees
@pytest.mark.parametrize(("name", "ref", "column", "filters", "end"), REAL_FILES)
def test_the_api_serves_each_files_cells(real_data, name, ref, column, filters, end):
    _engine, client, reports = real_data
    rows = file_rows(name, filters)
    assert reports[name].rows == len(
        [row for row in rows if "/" not in row["new_la_code"]]
    )  # authorities reporting together ('A / B') are left out
    samples = [
        next(row for row in rows if row["geographic_level"] == "National"),
        next(row for row in rows if row["region_code"] == NORTH_WEST and not row["new_la_code"]),
        next(row for row in rows if row["new_la_code"] == TAMESIDE),
        next(row for row in rows if row[column] in SYMBOLS),
    ]
    for row in samples:
        figures = served(client, ref, area_code(row))
        figure = figures[period_end(row, end)]
        cell = row[column]
        if cell in SYMBOLS:
            assert (figure["symbol"], figure["value"]) == (cell, None), row
        else:
            assert (figure["symbol"], figure["value"]) == (None, float(cell)), row
        assert figure["provenance"] == "published"
        assert figure["source"].startswith(f"DfE: {name}, column {column}")


@needs_ees
def test_the_areas_a_file_names_are_created_with_their_kind(real_data):
    engine, _client, _reports = real_data
    with Session(engine) as session:
        kinds = dict(session.execute(select(Area.code, Area.kind)).all())
        names = dict(session.execute(select(Area.code, Area.name)).all())
    assert kinds[ENGLAND] == "country"
    assert kinds[NORTH_WEST] == "region"
    assert (kinds["E08000009"], names["E08000009"]) == ("local_authority", "Trafford")
    assert kinds["SN"] == "comparator"
    assert not [code for code in kinds if "/" in code]


@needs_ees
@pytest.mark.parametrize(
    ("setting", "path", "home", "columns", "set_name"),
    [
        ("2021", NEIGHBOURS, "LA num", "SN{}", "DfE April 2021 groupings"),
        ("2025", NEIGHBOURS_2025, "old_la_code", "SN_{}", "DfE 2025 model"),
    ],
)
def test_the_sn_line_is_the_computed_mean_of_the_ten_neighbours_of_the_set_in_use(
    real_data, setting, path, home, columns, set_name
):
    engine, _client, _reports = real_data
    url = engine.url.render_as_string(hide_password=False)
    client = user_client(make_app(url, STATISTICAL_NEIGHBOURS=setting).server)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        tameside = next(row for row in csv.DictReader(handle) if row[home] == "357")
    neighbours = {tameside[columns.format(n)] for n in range(1, 11)}
    assert len(neighbours) == 10
    name, ref, column, filters, _end = REAL_FILES[0]
    expected: dict[date, list[float]] = {}
    for row in file_rows(name, filters):
        if row["old_la_code"] in neighbours and row[column] not in SYMBOLS:
            expected.setdefault(period_end(row, None), []).append(float(row[column]))
    figures = served(client, ref, "SN")
    assert set(figures) == {when for when, numbers in expected.items() if len(numbers) >= 5}
    for when, figure in figures.items():
        numbers = expected[when]
        assert figure["value"] == pytest.approx(sum(numbers) / len(numbers), abs=0.005)
        assert figure["provenance"] == "computed"
        who = "10 statistical neighbours" if len(numbers) == 10 else f"the {len(numbers)} of 10"
        assert figure["source"].startswith(f"Mean of {who}")
        assert f"({set_name}), worked out from DfE: {name}, column {column}" in figure["source"]


def snapshot(engine) -> list[tuple]:
    with Session(engine) as session:
        observations = session.execute(
            select(
                Observation.indicator_id,
                Observation.area_id,
                Observation.period_end,
                Observation.period_label,
                Observation.value,
                Observation.symbol,
                Observation.provenance,
                Observation.source,
            ).order_by(Observation.id)
        ).all()
        return [*observations, session.scalar(select(func.count()).select_from(Area))]


@needs_ees
def test_importing_a_real_file_again_changes_nothing(real_data):
    engine, _client, _reports = real_data
    before = snapshot(engine)
    name, ref, column, filters, end = REAL_FILES[1]
    report = import_ees(engine, EES / name, ref, column, filters, end, neighbours=NEIGHBOURS)
    assert report.areas_added == 0
    assert (report.figures.added, report.figures.updated) == (0, 0)
    assert report.figures.unchanged == report.rows > 0
    assert snapshot(engine) == before
