"""Faults a person must understand (dashboard/database_faults.py): with the database out of
reach, every kind of request says so in words, with 503, a save in its form; and each answers
again by itself once the database is back, without a restart. On SQLite the database's folder
is moved away; on PostgreSQL (when TEST_DATABASE_URL is set) a database of the test's own
refuses connections and those it had are ended."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dash import Dash
from sqlalchemy import create_engine, make_url, text

from dashboard import database
from data_access.queries.commentary import commentary_periods
from tests.conftest import form_token, make_app, router_body, user_client

WORDS = "The data cannot be reached just now. Nothing you entered was lost; try again in a moment."
PAGE = "/actions"
DATA = [
    "/api/v1/indicators",
    "/download?page=/inspections&table=timeline&format=csv",
    "/export/pack.pdf?theme=demand-and-need",
]
DASH_CALLBACK = "/_dash-update-component"
DOWN_DATABASE = "test_faults_down"  # PostgreSQL: a database of this module's own


@dataclass
class Stoppable:
    """The app on a database this test can take out of reach and bring back."""

    app: Dash
    stop: Callable[[], None]
    start: Callable[[], None]


def _engine(app: Dash):
    with app.server.app_context():
        return database.engine()


def _sqlite(folder: Path) -> Iterator[Stoppable]:
    place = folder / "data"
    app = make_app(f"sqlite:///{place / 'dashboard.db'}", SEED_IF_EMPTY=True)

    def stop():
        place.rename(folder / "moved")
        _engine(app).dispose()  # a connection already open would read on

    def start():
        (folder / "moved").rename(place)

    yield Stoppable(app, stop, start)
    _engine(app).dispose()
    shutil.rmtree(folder, ignore_errors=True)


def _postgresql(base: str) -> Iterator[Stoppable]:
    server = create_engine(
        make_url(base).set(database="postgres", query={}), isolation_level="AUTOCOMMIT"
    )

    def run(*statements: str) -> None:
        with server.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))

    ended = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{DOWN_DATABASE}' AND pid <> pg_backend_pid()"
    )
    run(f"DROP DATABASE IF EXISTS {DOWN_DATABASE} WITH (FORCE)", f"CREATE DATABASE {DOWN_DATABASE}")
    url = make_url(base).set(database=DOWN_DATABASE, query={})
    app = make_app(url.render_as_string(hide_password=False), SEED_IF_EMPTY=True)
    yield Stoppable(
        app,
        stop=lambda: run(f"ALTER DATABASE {DOWN_DATABASE} ALLOW_CONNECTIONS false", ended),
        start=lambda: run(f"ALTER DATABASE {DOWN_DATABASE} ALLOW_CONNECTIONS true"),
    )
    _engine(app).dispose()
    run(f"DROP DATABASE IF EXISTS {DOWN_DATABASE} WITH (FORCE)")
    server.dispose()


@pytest.fixture(
    scope="module",
    params=["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else []),
)
def stoppable(request, tmp_path_factory) -> Iterator[Stoppable]:
    if request.param == "sqlite":
        yield from _sqlite(tmp_path_factory.mktemp("faults"))
    else:
        yield from _postgresql(os.environ["TEST_DATABASE_URL"])


def callback_body(app: Dash, name: str, inputs: list, states: list) -> dict:
    """What Dash's renderer posts for the server callback `name` with these values."""
    output, entry = next(
        (output, entry)
        for output, entry in app.callback_map.items()
        if getattr(entry.get("callback"), "__name__", "") == name
    )
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in output.strip(".").split("...")
    ]
    return {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": [{**item, "value": v} for item, v in zip(entry["inputs"], inputs, strict=True)],
        "state": [{**item, "value": v} for item, v in zip(entry["state"], states, strict=True)],
        "changedPropIds": [f"{entry['inputs'][0]['id']}.{entry['inputs'][0]['property']}"],
    }


def words_of(drawn) -> str:
    """The text of components as Dash sends them."""
    if isinstance(drawn, str):
        return drawn
    if isinstance(drawn, list):
        return "".join(words_of(part) for part in drawn)
    if isinstance(drawn, dict):
        return words_of(drawn.get("props", {}).get("children", ""))
    return ""


def commentary_save(app: Dash, words: str) -> dict:
    """Commentary on measure 8's newest period, as the form posts it."""
    with app.server.app_context(), database.session() as db:
        newest = commentary_periods(db, "8")[0]
    period = newest.period_end.isoformat()
    state = {"ref": "8", "versions": {period: newest.version}, "texts": {}}
    return callback_body(app, "save_commentary", [1], [state, period, words])


def test_with_the_database_out_of_reach_every_request_says_so_and_recovers(stoppable):
    app = stoppable.app
    client = user_client(app.server, "analyst")
    client.get("/healthz")  # Dash gathers the pages' callbacks on the first request
    save = commentary_save(app, "Written while the data was out of reach.")
    chart = callback_body(app, "show_chart_view", ["spc"], ["8"])
    anonymous = app.server.test_client()
    token = form_token(anonymous)

    stoppable.stop()
    page = client.get(PAGE)
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert WORDS in page.get_data(as_text=True) and page.headers["Retry-After"]
    for path in DATA:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.get_json() == {"error": WORDS, "status": 503}, path
        assert response.headers["Retry-After"], path
    # A save says so in its form; the text typed is not answered, so it stays in the form.
    said = client.post(DASH_CALLBACK, json=save)
    assert said.status_code == 200
    message = said.get_json()["response"]
    assert list(message) == ["commentary-message"]
    assert message["commentary-message"]["className"] == "alert alert-danger"
    assert message["commentary-message"]["role"] == "alert"
    assert words_of(message["commentary-message"]["children"]) == f"Not saved. {WORDS}"
    drawn = client.post(DASH_CALLBACK, json=router_body(PAGE))
    assert drawn.status_code == 200
    assert "cannot be reached" in str(drawn.get_json()["response"]["_pages_content"])
    other = client.post(DASH_CALLBACK, json=chart)  # nowhere to put words: 503 and JSON
    assert other.status_code == 503 and other.get_json()["error"] == WORDS
    assert client.get("/healthz").status_code == 503
    signing_in = anonymous.post(
        "/login", data={"csrf_token": token, "username": "analyst", "password": "x"}
    )
    assert signing_in.status_code == 503 and WORDS in signing_in.get_data(as_text=True)
    app.server.config["PUBLIC_VIEW"] = True  # no sign-in to check: the API's own query fails
    public = anonymous.get(DATA[0])
    app.server.config["PUBLIC_VIEW"] = False
    assert public.status_code == 503 and public.get_json()["error"] == WORDS

    stoppable.start()  # the same app, not restarted
    assert client.get(PAGE).status_code == 200
    for path in DATA:
        assert client.get(path).status_code == 200, path
    saved = client.post(DASH_CALLBACK, json=save).get_json()["response"]
    assert words_of(saved["commentary-message"]["children"]).startswith("Saved.")
    assert "The data cannot" not in str(client.post(DASH_CALLBACK, json=router_body(PAGE)).data)
    assert client.post(DASH_CALLBACK, json=chart).status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_a_fault_of_the_code_is_left_to_be_a_500():
    from flask import Flask
    from sqlalchemy.exc import IntegrityError

    from dashboard.database_faults import answer_fault

    asked = Flask(__name__).test_request_context("/api/v1/indicators")
    with asked, pytest.raises(IntegrityError):
        answer_fault(IntegrityError("INSERT", {}, Exception("a duplicate key")))
