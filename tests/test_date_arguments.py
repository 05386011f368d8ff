"""Dates asked for in an address (the pack's `as_at`, the API's `from`, `to` and `date`, a
download's `as_at` and `since`): written YYYY-MM-DD and within the dates the data covers, or a
400 that names the argument and the dates allowed; never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.date_arguments import parse_date
from tests.conftest import user_client

# Each address and the date arguments it takes.
ADDRESSES = [
    ("/export/pack.pdf", "as_at"),
    ("/api/v1/indicators/8/observations", "from"),
    ("/api/v1/indicators/8/observations", "to"),
    ("/api/v1/indicators/8/spc", "from"),
    ("/api/v1/indicators/6/benchmark", "date"),
    ("/download?page=/inspections&table=timeline", "as_at"),
    ("/download?page=/inspections&table=timeline", "since"),
]
# The sample's first figure is DfE's for March 2013; a series may be asked for from that year's
# start.
FIRST = date(2013, 1, 1)
ODD = [
    "9999-12-31",
    "0001-01-01",
    "2012-12-31",
    "2023-02-29",
    "2023-13-01",
    "２０２３-０６-０７",
    "٢٠٢٣-٠٦-٠٧",
    "2023-06-07T00:00",
    "20230607",
    "+2023-06-07",
    "2023-06-07\x00",
    "-1",
    "",
]
DATE_TEXTS = (
    st.sampled_from(ODD)
    | st.dates().map(date.isoformat)
    | st.dates(FIRST, date.today()).map(date.isoformat)
    | st.from_regex(r"\A[0-9０-９]{1,5}-[0-9]{1,3}-[0-9]{1,3}\Z")
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=15)
)


USED = (200, 202)  # 202: the pack for that date is being made (dashboard/pack/__init__.py)


@pytest.fixture(scope="module")
def analyst(app):
    return user_client(app.server, "analyst")


@pytest.fixture
def quick_pack(monkeypatch):
    """A pack asked for is not built (in the background, it takes seconds): the answer says
    it is being made, 202."""
    monkeypatch.setattr("dashboard.pack.start_build", lambda _on, _theme: None)


def _ask(client, address: str, name: str, text: str):
    path, _, query = address.partition("?")
    arguments = dict(part.split("=") for part in query.split("&") if part)
    return client.get(path, query_string={**arguments, name: text})


def _in_range(text: str) -> bool:
    try:
        return FIRST <= parse_date(text.strip()) <= date.today()
    except ValueError:
        return False


@pytest.mark.parametrize(("address", "name"), ADDRESSES)
def test_a_date_the_data_does_not_cover_is_refused_with_the_dates_allowed(
    analyst, quick_pack, address, name
):
    for text in ("9999-12-31", "1900-01-01", "2012-12-31", "2100-01-01"):
        response = _ask(analyst, address, name, text)
        assert response.status_code == 400, (address, name, text)
        words = response.get_data(as_text=True)
        assert f"{name}={text}" in words
        assert "from 1 January 2013 (2013-01-01) to" in words
        assert f"({date.today().isoformat()})" in words
    assert _ask(analyst, address, name, "2023-03-31").status_code in USED


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(where=st.sampled_from(ADDRESSES), text=DATE_TEXTS)
def test_any_date_text_is_used_or_refused_by_name_never_a_500(analyst, quick_pack, where, text):
    address, name = where
    response = _ask(analyst, address, name, text)
    if _in_range(text) or not text.strip():
        assert response.status_code in USED, (address, name, text, response.get_data())
    else:
        assert response.status_code == 400, (address, name, text, response.get_data())
        refused_for = "NUL character" if "\x00" in text else name  # request_size.py
        assert refused_for in response.get_data(as_text=True)
