"""The statistical neighbours an EES import stores with its figures: replaced by a new import,
kept by a refused one or one without neighbours, stored whether or not the file has the home
authority."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_access.importers.ees import import_ees
from data_access.importers.errors import ImportRejected
from data_access.models import Area, StatisticalNeighbour
from data_access.seed import seed_reference_data
from tests.test_benchmark import (  # the worked file and its helpers
    FIGURES,
    GROUPINGS,
    NEIGHBOURS_357,
    STOCKPORT,
    TAMESIDE,
    benchmarked,
    ees_file,
    groupings_file,
)


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


def stored_neighbours(engine) -> tuple[list[tuple[int, str]], set[str]]:
    neighbour, home = aliased(Area), aliased(Area)
    with Session(engine) as session:
        rows = session.execute(
            select(StatisticalNeighbour.position, neighbour.code, StatisticalNeighbour.groupings)
            .join(home, home.id == StatisticalNeighbour.home_area_id)
            .join(neighbour, neighbour.id == StatisticalNeighbour.neighbour_area_id)
            .where(home.code == TAMESIDE, StatisticalNeighbour.neighbour_set == GROUPINGS)
            .order_by(StatisticalNeighbour.position)
        ).all()
    return [(position, area) for position, area, _ in rows], {name for *_, name in rows}


def test_importing_again_replaces_the_neighbours_and_a_refused_import_keeps_them(engine, tmp_path):
    path = ees_file(tmp_path)
    first = groupings_file(tmp_path, NEIGHBOURS_357, "first.csv")
    report = import_ees(engine, path, "6", "figure", neighbours=first)
    assert stored_neighbours(engine) == (
        [(p, f"E06000{n}") for p, n in enumerate(range(358, 367), start=1)] + [(10, STOCKPORT)],
        {"first.csv"},
    )
    assert report.neighbours_stored.changed
    assert (
        "Statistical neighbours, DfE April 2021 groupings (first.csv): 1 authority's neighbours "
        "stored." in str(report)  # Stockport, placed by DfE's list, is one of the seeded areas
    )
    again = import_ees(engine, path, "6", "figure", neighbours=first)
    assert not again.neighbours_stored.changed and "(as before)" in str(again)

    reversed_order = [str(n) for n in range(369, 359, -1)]
    second = groupings_file(tmp_path, reversed_order, "second.csv")
    import_ees(engine, path, "6", "figure", neighbours=second)
    expected = (
        [(p, f"E06000{n}") for p, n in enumerate(range(369, 359, -1), start=1)],
        {"second.csv"},
    )
    assert stored_neighbours(engine) == expected

    bad = ees_file(tmp_path, {2023: FIGURES[2023] | {"358": "101"}}, "bad.csv")  # over 100%
    third = groupings_file(tmp_path, NEIGHBOURS_357, "third.csv")
    with pytest.raises(ImportRejected):
        import_ees(engine, bad, "6", "figure", neighbours=third)
    assert stored_neighbours(engine) == expected


def test_a_neighbour_neither_the_file_nor_dfes_list_knows_refuses_the_whole_import(
    engine, tmp_path
):
    fewer = ees_file(tmp_path, {2023: {"357": "20", "358": "10"}}, "fewer.csv")
    groupings = groupings_file(tmp_path, NEIGHBOURS_357)
    with pytest.raises(ImportRejected) as refused:
        import_ees(engine, fewer, "13", "figure", neighbours=groupings)
    unknown = [(e.line, e.column, e.reason) for e in refused.value.errors]
    assert unknown[0] == (
        2,
        "SN3",
        "'360' is not an LA number DfE gives an authority (sample_data/local_authorities.csv)",
    )
    assert [column for _line, column, _reason in unknown] == [f"SN{n}" for n in range(3, 10)]
    assert benchmarked(engine, "13") is None and stored_neighbours(engine) == ([], set())


def test_an_import_without_neighbours_leaves_them_alone(engine, tmp_path):
    path = ees_file(tmp_path)
    import_ees(engine, path, "6", "figure", neighbours=groupings_file(tmp_path, NEIGHBOURS_357))
    before = stored_neighbours(engine)
    import_ees(engine, path, "20b", "figure")
    assert stored_neighbours(engine) == before


def test_the_neighbours_are_stored_whether_or_not_the_file_has_the_home_authority(engine, tmp_path):
    path = ees_file(tmp_path, {2023: {str(n): "10" for n in range(358, 367)}})
    import_ees(engine, path, "6", "figure", neighbours=groupings_file(tmp_path, NEIGHBOURS_357))
    assert stored_neighbours(engine)[0][-1] == (10, STOCKPORT)
