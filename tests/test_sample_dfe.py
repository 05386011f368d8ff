"""DfE's figures in the sample (SPEC section 12, data_access/seed_dfe.py): after `seed` the API
serves DfE's own cells for any authority, the benchmark ranks, bands and compares the authority
with its neighbours at once, the extract is what its generator makes from DfE's files, seeding
gives what `import-dfe` gives, DfE's yearly figures do not move the reporting month, and /about
carries the licence's attribution."""

from __future__ import annotations

import importlib.util
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.db import init_db, make_engine
from data_access.importers.dfe import import_dfe_folder
from data_access.models import Area, Observation, StatisticalNeighbour
from data_access.queries.reporting_period import reporting_date, reporting_months
from data_access.seed import SAMPLE_DATA, seed
from data_access.seed_dfe import AREAS, FIGURES, FOLDER, NEIGHBOUR_FILES
from tests.conftest import as_role, database_url
from tests.test_import_ees import (
    EES,
    ENGLAND,
    SYMBOLS,
    TAMESIDE,
    area_code,
    file_rows,
    needs_ees,
    period_end,
    served,
)
from tests.test_theme_page import text_of

STOCKPORT, CAMDEN, CORNWALL, HARTLEPOOL = "E08000007", "E09000007", "E06000052", "E06000001"
LOOKED_AFTER = "cla_number_and_rate_per_10k_children.csv"
IN_CARE = [("population_type", "Children looked after on 31 March each year")]
STABILITY = "la_cla_placement_stability.csv"
THREE_PLACEMENTS = [
    ("cla_group", "CLA on 31 March"),
    ("placement_stability", "With 3 or more placements during the year"),
]
WORKFORCE = "csww_indicators_2017_to_2025.csv"
SOCIAL_WORKERS = [
    ("cla_group", "CLA on 31 March"),
    ("sw_stability", "3 or more social workers during the year"),
]
PUBLICATIONS = (
    "Children in need",
    "Children looked after in England including adoptions",
    "Children's social work workforce",
    "statistical neighbour",
)
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"
# file, measure, column, filters, period end: measures no council document gives a figure for
CELLS = [
    (LOOKED_AFTER, "9b", "children_count", IN_CARE, None),
    (LOOKED_AFTER, "D4", "rate_per_10000", IN_CARE, None),
    (STABILITY, "20a", "children_percent", THREE_PLACEMENTS, None),
    (WORKFORCE, "25", "caseload_fte", [], "09-30"),
    ("la_cla_swcount.csv", "D12", "percentage", SOCIAL_WORKERS, None),
]


@needs_ees
@pytest.mark.parametrize(("name", "ref", "column", "filters", "end"), CELLS)
def test_the_api_serves_dfes_cells_for_every_kind_of_area(client, name, ref, column, filters, end):
    rows = file_rows(name, filters)
    wanted = [
        next(row for row in rows if row["geographic_level"] == "National"),
        next(row for row in rows if row["geographic_level"] == "Regional"),
        *(
            row
            for row in rows
            if row["new_la_code"] in (STOCKPORT, CAMDEN, CORNWALL, HARTLEPOOL, TAMESIDE)
        ),
    ]
    symbol_rows = [row for row in rows if row[column] in SYMBOLS and "/" not in row["new_la_code"]]
    wanted += symbol_rows[:2]
    assert len(wanted) > 8
    for row in wanted:
        figure = served(client, ref, area_code(row))[period_end(row, end)]
        cell = row[column]
        if cell in SYMBOLS:
            assert (figure["symbol"], figure["value"]) == (cell, None), row
        else:
            assert (figure["symbol"], figure["value"]) == (None, float(cell)), row
        assert figure["provenance"] == "published"
        assert figure["source"].startswith(f"DfE: {name}, column {column}")


@pytest.mark.parametrize("ref", ["D4", "20a", "6"])
def test_the_benchmark_ranks_bands_and_compares_at_first_start(client, ref):
    response = client.get(f"/api/v1/indicators/{ref}/benchmark")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["area"] == TAMESIDE
    assert answer["of"] > 140
    assert 1 <= answer["rank"] <= answer["of"]
    assert answer["band"] in ({None} if ref == "D4" else {"A", "B", "C", "D"})  # D4: context
    assert answer["neighbour_set"] == "DfE 2025 model"
    assert len(answer["neighbours"]) == 10
    assert answer["neighbours_with_figure"] >= 5
    assert answer["sn_mean"] is not None and answer["sn_median"] is not None
    assert answer["sn_provenance"] == "computed"


def test_a_documents_figure_stays_where_dfe_gives_another(client):
    """England's re-referrals in 2015/16: the 2017 plan gives 24, DfE's file 22.5."""
    figure = served(client, "6", ENGLAND)[date(2016, 3, 31)]
    assert (figure["value"], figure["provenance"]) == (24.0, "published")
    assert figure["source"].startswith("Improvement Plan 2017")


def test_dfes_yearly_figures_do_not_move_the_reporting_month(seeded_engine):
    """Tameside's DfE figures run to 2025, but its own monthly figures end in June 2023: the
    dashboard speaks for June 2023. An authority with DfE's figures only is reported at their
    newest date."""
    with Session(seeded_engine) as session:
        assert reporting_date(session) == date(2023, 6, 30)
        assert reporting_months(session)[0] == date(2023, 6, 30)
        assert reporting_months(session)[-1] == date(2014, 3, 31)
        assert reporting_date(session, STOCKPORT) == date(2025, 9, 30)  # the workforce census


def test_about_carries_the_licences_attribution(client):
    from dashboard.pages import about

    with as_role(client.application, "/about"):
        page = text_of(about.layout())
    readme = (SAMPLE_DATA / "README.md").read_text()
    for text in (page, readme):
        assert ATTRIBUTION in text
        assert all(publication in text for publication in PUBLICATIONS)


@needs_ees
def test_the_extract_is_what_its_generator_makes_from_dfes_files(tmp_path):
    spec = importlib.util.spec_from_file_location("generate_dfe", SAMPLE_DATA / "generate_dfe.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.generate(EES, tmp_path)
    for name in (FIGURES, AREAS, *NEIGHBOUR_FILES):
        assert (tmp_path / name).read_bytes() == (SAMPLE_DATA / FOLDER / name).read_bytes(), name


def snapshot(engine) -> tuple:
    """Every figure as stored, the number of areas, and every stored neighbour."""
    with Session(engine) as session:
        figures = session.execute(
            select(
                Observation.indicator_id, Observation.area_id, Observation.team_id,
                Observation.period_end, Observation.period_label, Observation.value,
                Observation.numerator, Observation.denominator, Observation.symbol,
                Observation.provenance, Observation.source,
            ).order_by(Observation.id)
        ).all()  # fmt: skip
        key = (
            StatisticalNeighbour.neighbour_set,
            StatisticalNeighbour.home_area_id,
            StatisticalNeighbour.position,
        )
        neighbours = session.execute(
            select(
                *key, StatisticalNeighbour.neighbour_area_id, StatisticalNeighbour.closeness,
                StatisticalNeighbour.groupings,
            ).order_by(*key)
        ).all()  # fmt: skip
        return figures, session.scalar(select(func.count()).select_from(Area)), neighbours


@needs_ees
def test_seeding_gives_what_import_dfe_gives(backend, tmp_path):
    """import-dfe on DfE's own folder after seeding changes nothing: not a figure, not an area,
    not a neighbour; and a document's figure is still the document's."""
    url = database_url(backend, "sample_dfe", tmp_path)
    engine = make_engine(url)
    init_db(engine)
    seed(engine)
    before = snapshot(engine)
    report = import_dfe_folder(engine, EES)
    assert report.all_loaded
    differences = [
        str(found) for file in report.files for m in file.measures for found in m.differences
    ]
    assert differences == [
        "for E92000001 on 2016-03-31, the document's 24 (Improvement Plan 2017, section 4 "
        "(Children's Services)) is kept; DfE's file gives 22.5"
    ]
    assert snapshot(engine) == before
    engine.dispose()
