"""Figures worked out from other areas' (the neighbours' average, a region's, England's) are
withheld from a viewer in the periods when one of those areas' figures is hidden from them
(SPEC section 8): ten times the neighbours' mean less the nine shown would give it back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from dashboard import database
from dashboard.components.measure_trend import measure_lines
from dashboard.disclosure import SMALLEST_SHOWN, Figure, needs_primary_suppression
from data_access.authority import DEFAULT_AUTHORITY_CODE as HOME_AREA
from data_access.db import make_sessionmaker
from data_access.models import Area, Indicator, Observation, StatisticalNeighbour
from data_access.queries.derived_figures import small_part_periods
from tests.conftest import as_role, make_app, seeded_database, user_client

REF, PERIOD, EARLIER = "12", date(2023, 3, 31), date(2022, 3, 31)  # a percentage
NEIGHBOUR = "E08000001"  # one of the neighbours, with 3 children of 40 in the newest period
DERIVED = ["SN", "E92000001", "E12000002"]


def _add_neighbour(db) -> Area:
    """Bolton, the home authority's one neighbour (the sample's DfE neighbours set aside)."""
    home = db.scalar(select(Area).where(Area.code == HOME_AREA))
    neighbour = db.scalar(select(Area).where(Area.code == NEIGHBOUR))
    if neighbour is None:
        neighbour = Area(code=NEIGHBOUR, name="Bolton", kind="local_authority")
        db.add(neighbour)
    db.execute(
        delete(StatisticalNeighbour).where(
            StatisticalNeighbour.neighbour_set == "2025",
            StatisticalNeighbour.home_area_id == home.id,
        )
    )
    db.flush()
    db.add(
        StatisticalNeighbour(
            neighbour_set="2025",
            home_area_id=home.id,
            position=1,
            la_number="350",
            neighbour_area_id=neighbour.id,
            groupings="tests",
        )
    )
    return neighbour


def _figure(db, area: Area, ref: str, period: date, **numbers) -> None:
    indicator = db.scalar(select(Indicator).where(Indicator.ref == ref))
    db.add(
        Observation(
            indicator_id=indicator.id,
            area_id=area.id,
            period_end=period,
            period_label=str(period),
            provenance="illustrative",
            source="tests",
            **numbers,
        )
    )


@pytest.fixture(scope="module")
def clients(backend, tmp_path_factory):
    url, engine = seeded_database(backend, "derived", tmp_path_factory)
    with make_sessionmaker(engine).begin() as db:
        neighbour = _add_neighbour(db)
        _figure(db, neighbour, REF, PERIOD, value=7.5, numerator=3, denominator=40)
        _figure(db, neighbour, REF, EARLIER, value=50.0, numerator=20, denominator=40)
    engine.dispose()
    app = make_app(url)
    return {role: user_client(app.server, role) for role in ("viewer", "director")} | {
        "server": app.server
    }


def _observations(client, area: str) -> dict[str, dict]:
    response = client.get(f"/api/v1/indicators/{REF}/observations?area={area}")
    assert response.status_code == 200
    return {item["date"]: item for item in response.get_json()["observations"]}


@pytest.mark.parametrize("area", DERIVED)
def test_a_viewer_gets_no_derived_figure_in_a_period_with_a_hidden_part(clients, area):
    shown, full = _observations(clients["viewer"], area), _observations(clients["director"], area)
    newest, earlier = PERIOD.isoformat(), EARLIER.isoformat()
    assert full[newest]["value"] is not None
    assert shown[newest]["value"] is None and shown[newest]["symbol"] == "c"
    assert shown[earlier] == full[earlier]  # no part of it is hidden then


def test_the_measure_page_s_chart_and_tables_withhold_them_too(clients):
    server = clients["server"]
    for role, hidden in (("viewer", True), ("director", False)):
        with as_role(server, f"/indicator/{REF}", role), database.session() as db:
            _home, comparators = measure_lines(db, REF, "percent")
        for line in comparators:
            newest = next(point for point in line.points if point.date == PERIOD)
            assert (newest.symbol == "c") is hidden, (role, line.code)


UNITS = ["count", "percent", "rate_per_10k", "average"]
NUMBERS = st.none() | st.integers(0, 12).map(float)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    unit=st.sampled_from(UNITS),
    value=NUMBERS,
    numerator=NUMBERS,
    denominator=NUMBERS,
    symbol=st.sampled_from([None, None, "c", "x"]),
)
def test_the_database_s_rule_is_the_primary_suppression_rule(
    derived_db, unit, value, numerator, denominator, symbol
):
    engine, neighbour_id = derived_db
    ref = {"count": "13", "percent": "12", "rate_per_10k": "K2", "average": "25"}[unit]
    with make_sessionmaker(engine).begin() as db:
        assert db.scalar(select(Indicator.unit).where(Indicator.ref == ref)) == unit
        db.execute(delete(Observation).where(Observation.area_id == neighbour_id))
        neighbour = db.get(Area, neighbour_id)
        _figure(
            db,
            neighbour,
            ref,
            PERIOD,
            value=value,
            numerator=numerator,
            denominator=denominator,
            symbol=symbol,
        )
    with make_sessionmaker(engine)() as db:
        found = small_part_periods(db, [ref], ["SN"], SMALLEST_SHOWN)
    figure = Figure(value, unit, numerator, denominator, symbol)
    assert ((ref, PERIOD) in found.get("SN", ())) == needs_primary_suppression(figure)


@pytest.fixture(scope="module")
def derived_db(backend, tmp_path_factory):
    _url, engine = seeded_database(backend, "derived_rule", tmp_path_factory)
    with make_sessionmaker(engine).begin() as db:
        neighbour_id = _add_neighbour(db).id
    yield engine, neighbour_id
    engine.dispose()
