"""How large a request may be: 413 and words past the limit, before the body is read when it
says its length, and as soon as it passes the limit when sent in chunks; the import page's
uploads may be larger than any other request (dashboard/request_size.py). The limits are made
small here, so that no test sends megabytes."""

from __future__ import annotations

import base64
import io
import json
from calendar import monthrange
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.db import init_db, make_engine
from data_access.importers.template import REQUIRED_COLUMNS
from data_access.models import Observation
from data_access.seed import seed_reference_data
from tests import background_calls
from tests.conftest import PASSWORD, database_url, make_app, router_body, user_client

SMALL, UPLOAD = 2_000, 20_000  # bytes: any request; an upload to the import page
CALLBACKS = "/_dash-update-component"
FROM_IMPORT_PAGE = {"Referer": "http://localhost/admin/import"}
FIGURES = "".join(
    [",".join(REQUIRED_COLUMNS) + "\n"]
    + [
        f"9b,E08000008,,{year}-{month:02}-{monthrange(year, month)[1]},{600 + month},,,,"
        "illustrative,test\n"
        for year in range(2019, 2023)
        for month in range(1, 13)
    ]
)


@pytest.fixture(scope="module")
def app(backend, tmp_path_factory):
    """An app with small limits, on a database with the measures and areas but no figures."""
    url = database_url(backend, "request_size", tmp_path_factory.mktemp("request_size"))
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    engine.dispose()
    return make_app(url, MAX_REQUEST_BYTES=SMALL, MAX_UPLOAD_BYTES=UPLOAD)


class CountedStream(io.BytesIO):
    """A request body that counts how much of it the app reads."""

    read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.read_bytes += len(data)
        return data


def _too_large(response, as_json: bool = True) -> None:
    assert response.status_code == 413, response.text[:300]
    if as_json:
        assert response.get_json()["status"] == 413
    assert "more than the dashboard takes in one request (0.002 MB)" in response.text
    assert "Traceback" not in response.text


def _callback_body(app, name: str, *values) -> dict:
    """What the browser posts for the server callback `name`: its inputs then states."""
    for output, entry in app.callback_map.items():
        if getattr(entry.get("callback"), "__name__", "") == name:
            given = iter(values)
            return {
                "output": output,
                "outputs": [
                    dict(zip(("id", "property"), part.rsplit(".", 1)))
                    for part in output.strip(".").split("...")
                ],
                "inputs": [{**item, "value": next(given)} for item in entry["inputs"]],
                "state": [{**item, "value": next(given)} for item in entry["state"]],
                "changedPropIds": [f"{entry['inputs'][0]['id']}.{entry['inputs'][0]['property']}"],
            }
    raise LookupError(name)


def _upload_body(app) -> dict:
    contents = "data:text/csv;base64," + base64.b64encode(FIGURES.encode()).decode()
    return _callback_body(app, "import_upload", contents, "figures.csv", None, 6)


def test_a_large_post_from_anyone_is_refused_before_it_is_read(app):
    anonymous = app.server.test_client()
    anonymous.get("/healthz")  # Dash gathers the callbacks on its first request
    for path in (CALLBACKS, "/login", "/api/v1/indicators", "/"):
        body = CountedStream(b"x" * (SMALL + 1))
        response = anonymous.post(
            path,
            input_stream=body,
            content_length=SMALL + 1,
            content_type="application/json",
            headers=FROM_IMPORT_PAGE,  # no help without signing in
        )
        _too_large(response, as_json=path != "/login" and path != "/")
        assert body.read_bytes == 0, path


def test_a_large_post_sent_in_chunks_is_cut_off_at_the_limit(app):
    client = user_client(app.server, "analyst")
    body = CountedStream(json.dumps(router_body("/" + "x" * 100_000)).encode())
    response = client.post(
        CALLBACKS,
        input_stream=body,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn says of chunked posts
    )
    _too_large(response)
    assert body.read_bytes <= SMALL + 64 * 1024  # what werkzeug reads ahead, at most


def test_ordinary_callbacks_and_forms_have_the_small_limit_even_signed_in(app):
    client = user_client(app.server, "analyst")
    big = router_body("/" + "x" * SMALL)
    _too_large(client.post(CALLBACKS, json=big))
    response = client.post("/login", data={"username": "x" * SMALL, "password": PASSWORD})
    _too_large(response, as_json=False)
    assert "You cannot see this page" in response.text and "<html" in response.text


def test_an_upload_to_the_import_page_may_be_larger_and_is_imported(app):
    client = user_client(app.server, "analyst")
    body = _upload_body(app)
    assert SMALL < len(json.dumps(body)) < UPLOAD
    _too_large(client.post(CALLBACKS, json=body))  # not from the import page
    client.environ_base["HTTP_REFERER"] = FROM_IMPORT_PAGE["Referer"]
    answer, _progress = background_calls.run(client, body)  # started, then followed
    assert "48 row(s) checked and imported" in json.dumps(answer)
    with app.server.app_context():
        from dashboard import database

        with database.session() as db:
            assert db.scalar(select(func.count()).select_from(Observation)) == 48
    padded = _callback_body(app, "import_upload", "x" * UPLOAD, "figures.csv", None, 6)
    _too_large_upload = client.post(CALLBACKS, json=padded, headers=FROM_IMPORT_PAGE)
    assert _too_large_upload.status_code == 413
    assert "(0.02 MB)" in _too_large_upload.text


def test_the_upload_limit_holds_the_import_page_s_largest_file(app):
    """The import page takes files up to uploads.MAX_BYTES; the browser sends them as base64 in
    JSON, a third larger, with the callback's names around it."""
    from app import settings_from
    from dashboard import uploads

    settings = settings_from({})
    as_base64 = -(-uploads.MAX_BYTES // 3) * 4
    assert settings["MAX_UPLOAD_BYTES"] >= as_base64 + 100_000
    assert settings["MAX_REQUEST_BYTES"] <= 1_000_000


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.text(max_size=8),
    after=st.text(max_size=8),
    where=st.sampled_from(["api path", "api query", "page query", "sign-in form"]),
)
def test_a_nul_character_anywhere_is_refused_with_400_never_500(app, before, after, where):
    """PostgreSQL cannot hold text with a NUL character: no address, query or form may carry
    one, whoever sends it."""
    text = before + "\x00" + after
    client = user_client(app.server, "viewer")
    if where == "api path":
        response = client.get("/api/v1/indicators/" + quote(text, safe=""))
    elif where == "api query":
        response = client.get("/api/v1/indicators/9b/observations", query_string={"area": text})
    elif where == "page query":
        response = client.get("/actions", query_string={"owner": text})
    else:
        response = app.server.test_client().post("/login", data={"username": text})
    assert response.status_code == 400
    if where.startswith("api"):
        assert "NUL character" in response.get_json()["error"]
