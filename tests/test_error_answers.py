"""Errors on the data addresses (/api/, /download, /export/, Dash's /_dash-) are JSON,
`{"error": ..., "status": N}`, whatever the error: an unknown address or reference, a method the
address does not take, a bad argument or a fault; pages keep HTML error pages."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_app, user_client

HTML = "text/html"
SEGMENTS = ["indicators", "8", "9b", "1a", "observations", "spc", "forecast", "benchmark"]
SEGMENTS += ["actions", "recommendations", "teams", "", ".", "..", "%", "v2", "ZZ9"]
ARGUMENTS = ["format", "area", "team", "from", "to", "date", "page", "table", "as_at", "x"]
VALUES = ["json", "csv", "xlsx", "pdf", "E08000008", "E0", "leaving-care", "2020-01-01"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def _json_error(response, status: int | None = None) -> dict:
    assert response.mimetype == "application/json", (response.status, response.data[:200])
    body = response.get_json()
    assert body["status"] == response.status_code and body["error"]
    assert status is None or response.status_code == status
    return body


@pytest.fixture(scope="module")
def viewer(app):
    return user_client(app.server, "viewer")


@pytest.mark.parametrize(
    ("method", "address", "status"),
    [
        ("get", "/api/v1/nothing", 404),
        ("get", "/api/v1/indicators/ZZ9", 404),
        ("get", "/api/v1/indicators/8/observations?area=E0", 404),
        ("post", "/api/v1/indicators", 405),
        ("delete", "/api/v1/indicators/8", 405),
        ("get", "/api/v1/indicators/8/observations?format=pdf", 400),
        ("get", "/download?page=/inspections&table=nothing", 404),
        ("get", "/download?page=/inspections&table=timeline&format=pdf", 400),
        ("put", "/download", 405),
        ("get", "/download/more", 404),
        ("get", "/export/pack.pdf?as_at=notadate", 400),
        ("get", "/export/pack.pdf?theme=no-such-theme", 404),
        ("post", "/export/pack.pdf", 405),
        ("get", "/export/nothing.pdf", 404),
        ("get", "/_dash-layout-and-more", 404),
        ("get", "/_dash-component-suites/nothing/nothing.js", 404),
    ],
)
def test_errors_on_data_addresses_are_json(viewer, method, address, status):
    response = getattr(viewer, method)(address)
    _json_error(response, status)
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_a_fault_is_json_on_a_data_address_and_html_on_a_page(seeded_url):
    app = make_app(seeded_url)

    def broken():
        raise RuntimeError("a fault the asker must not read about")

    app.server.add_url_rule("/api/v1/broken", "broken_api", broken)
    app.server.add_url_rule("/broken-page", "broken_page", broken)
    client = user_client(app.server, "viewer")
    body = _json_error(client.get("/api/v1/broken"), 500)
    assert "fault the asker" not in body["error"] and "try again" in body["error"]
    page = client.get("/broken-page")
    assert page.status_code == 500 and page.mimetype == HTML
    assert "fault the asker" not in page.get_data(as_text=True)


def test_pages_keep_html_errors(viewer):
    response = viewer.post("/login-and-more")
    assert response.status_code == 405 and response.mimetype == HTML


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    segments=st.lists(st.sampled_from(SEGMENTS) | TEXT, max_size=4),
    query=st.dictionaries(
        st.sampled_from(ARGUMENTS) | TEXT, st.sampled_from(VALUES) | TEXT, max_size=3
    ),
    method=st.sampled_from(["get", "get", "post", "put", "delete", "patch"]),
)
def test_any_api_address_answers_json_never_html_nor_a_500(viewer, segments, query, method):
    path = "/api/v1/" + "/".join(quote(segment, safe="") for segment in segments)
    response = getattr(viewer, method)(path, query_string=query)
    assert response.status_code != 500, (path, query, response.data[:300])
    assert response.mimetype != HTML, (path, query)
    if response.status_code >= 400:
        _json_error(response)
    elif response.mimetype not in ("text/csv", "application/json"):
        assert "spreadsheetml" in response.mimetype, (path, query, response.mimetype)
