"""The clinic reads each series' few newest figures in SQL (`judged_series`): for any series,
with gaps anywhere, they are exactly the figures `recent_series` gives in full."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlalchemy.orm import Session

from data_access.models import Area, Indicator, Observation
from data_access.queries.clinic import judged_series, recent_series

PERIODS, KNOWN = 24, 6
# A month's figure: a value, a gap (suppressed or missing), or no row at all.
MONTHS = st.lists(st.one_of(st.none(), st.just("no row"), st.floats(0, 100)), max_size=40)


@pytest.fixture(scope="module")
def measure(backend, tmp_path_factory):
    from data_access.db import init_db, make_engine
    from tests.conftest import database_url

    engine = make_engine(database_url(backend, "clinic-series", tmp_path_factory.mktemp("c")))
    init_db(engine)
    with Session(engine) as session:
        session.add(Area(code="E08000008", name="Home", kind="local_authority"))
        session.add(Indicator(ref="T1", title="A measure", category="Other", unit="percent",
                              polarity="up", frequency="monthly", target=50.0, tolerance=5.0, sort_order=1))  # fmt: skip
        session.commit()
    yield engine
    engine.dispose()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(months=MONTHS, until=st.sampled_from([None, date(2022, 6, 30)]))
def test_the_newest_known_figures_are_those_of_the_full_series(measure, months, until):
    with Session(measure) as session:
        session.execute(delete(Observation))
        area_id = session.query(Area.id).scalar()
        indicator_id = session.query(Indicator.id).scalar()
        for number, value in enumerate(months):
            if value == "no row":
                continue
            year, month = divmod(number, 12)
            session.add(Observation(indicator_id=indicator_id, area_id=area_id, team_id=None,
                                    period_end=date(2020 + year, month + 1, 28),
                                    period_label=f"Month {number}", value=value,
                                    symbol=None if value is not None else "c",
                                    provenance="illustrative"))  # fmt: skip
        session.commit()
        judged = judged_series(session, PERIODS, KNOWN, until)
        full = recent_series(session, PERIODS, Indicator.ref == "T1", until)
    assert len(judged) == len(full) <= 1
    if full:
        known = [value for value in full[0].values if value is not None]
        assert judged[0].values == known[-KNOWN:]
        assert judged[0].latest == full[0].latest and judged[0].red == full[0].red
