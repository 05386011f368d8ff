"""Faults a person must understand (dashboard/database_faults.py): with the database out of
reach, every kind of request says so in words, with 503, a save in its form; and each answers
again by itself once the database is back, without a restart. On SQLite the database's folder
is moved away; on PostgreSQL (when TEST_DATABASE_URL is set) a database of the test's own
refuses connections and those it had are ended. While another write holds SQLite's lock (as an
import does), every save says it was not saved and leaves what was typed in the form. A Redis
that hangs (dashboard/page_cache.py) is asked once, left alone for a while, then used again."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg.errors
import pytest
import redis
from dash import Dash
from flask import Flask
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from dashboard import database
from dashboard.database_faults import BUSY, UNREACHABLE, answer_fault, fault
from dashboard.page_cache import REDIS_TIMEOUT_SECONDS
from data_access.db import init_db, make_engine
from data_access.edits import action_form, today
from data_access.queries.commentary import commentary_periods
from data_access.seed import seed
from data_access.targets import target_form
from tests.background_calls import run as run_in_background
from tests.conftest import NEW_PASSWORD, form_token, make_app, router_body, user_client
from tests.test_import_page import GOOD, csv_upload
from tests.test_page_cache import drawn as page_drawn

UNREACHABLE_WORDS = (
    "The data cannot be reached just now. Nothing you entered was lost; try again in a moment."
)
BUSY_WORDS = "The data is busy just now. Nothing you entered was lost; try again in a moment."
PAGE = "/actions"
DATA = [
    "/api/v1/indicators",
    "/download?page=/inspections&table=timeline&format=csv",
    "/export/pack.pdf?theme=demand-and-need",
]
DASH_CALLBACK = "/_dash-update-component"
DOWN_DATABASE = "test_faults_down"  # PostgreSQL: a database of this module's own
REDIS_PORT = 6390  # a redis-server of this module's own


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
    assert UNREACHABLE_WORDS in page.get_data(as_text=True) and page.headers["Retry-After"]
    for path in DATA:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.get_json() == {"error": UNREACHABLE_WORDS, "status": 503}, path
        assert response.headers["Retry-After"], path
    # A save says so in its form; the text typed is not answered, so it stays in the form.
    said = client.post(DASH_CALLBACK, json=save)
    assert said.status_code == 200
    message = said.get_json()["response"]
    assert list(message) == ["commentary-message"]
    assert message["commentary-message"]["className"] == "alert alert-danger"
    assert message["commentary-message"]["role"] == "alert"
    assert words_of(message["commentary-message"]["children"]) == f"Not saved. {UNREACHABLE_WORDS}"
    drawn = client.post(DASH_CALLBACK, json=router_body(PAGE))
    assert drawn.status_code == 200
    assert "cannot be reached" in str(drawn.get_json()["response"]["_pages_content"])
    other = client.post(DASH_CALLBACK, json=chart)  # nowhere to put words: 503 and JSON
    assert other.status_code == 503 and other.get_json()["error"] == UNREACHABLE_WORDS
    assert client.get("/healthz").status_code == 503
    signing_in = anonymous.post(
        "/login", data={"csrf_token": token, "username": "analyst", "password": "x"}
    )
    assert signing_in.status_code == 503 and UNREACHABLE_WORDS in signing_in.get_data(as_text=True)
    app.server.config["PUBLIC_VIEW"] = True  # no sign-in to check: the API's own query fails
    public = anonymous.get(DATA[0])
    app.server.config["PUBLIC_VIEW"] = False
    assert public.status_code == 503 and public.get_json()["error"] == UNREACHABLE_WORDS

    stoppable.start()  # the same app, not restarted
    assert client.get(PAGE).status_code == 200
    for path in DATA:
        assert client.get(path).status_code in (200, 202), path  # 202: the pack is being made
    saved = client.post(DASH_CALLBACK, json=save).get_json()["response"]
    assert words_of(saved["commentary-message"]["children"]).startswith("Saved.")
    assert "The data cannot" not in str(client.post(DASH_CALLBACK, json=router_body(PAGE)).data)
    assert client.post(DASH_CALLBACK, json=chart).status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


@pytest.fixture(scope="module")
def sqlite_path(tmp_path_factory) -> Path:
    """A SQLite database of this module's own, with the sample data."""
    path = tmp_path_factory.mktemp("own") / "dashboard.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    seed(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def busy(sqlite_path) -> Iterator[tuple[Dash, Path]]:
    """The app on it, whose writes wait 0.2 s for the lock."""
    app = make_app(f"sqlite:///{sqlite_path}", DATABASE_BUSY_SECONDS=0.2)
    yield app, sqlite_path
    _engine(app).dispose()


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another connection holds SQLite's write lock, as an import does while it writes."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def every_save(app: Dash) -> dict[str, dict]:
    """Each form's save, as its form posts it, by the id of the message that says what
    happened."""
    with app.server.app_context(), database.session() as db:
        action = {"ref": "F1", "version": action_form(db, "F1").version}
        target = {"ref": "8", "version": target_form(db, "8").version}
    return {
        "commentary-message": commentary_save(app, "Written while an import was running."),
        "progress-message": callback_body(
            app, "save_progress", [1], [action, today().isoformat(), "green", "On track.", ""]
        ),
        "target-message": callback_body(app, "save_target", [1], [target, "75", "5"]),
        "user-add-message": callback_body(
            app, "add_user", [1], ["kim", "viewer", [], NEW_PASSWORD]
        ),
        "user-change-message": callback_body(
            app, "save_change", [1], ["analyst", "director", [], "active"]
        ),
        "user-password-message": callback_body(
            app, "save_password", [1], ["analyst", NEW_PASSWORD]
        ),
    }


def test_a_save_while_another_write_holds_the_lock_is_not_saved_and_keeps_the_text(busy):
    app, path = busy
    user_client(app.server, "analyst")
    admin = user_client(app.server)
    admin.get("/healthz")
    saves = every_save(app)
    upload = callback_body(app, "import_upload", [csv_upload(GOOD)], ["figures.csv", None, 6])
    anonymous = app.server.test_client()
    token = form_token(anonymous)
    with write_lock_held(path):
        for message, body in saves.items():
            started = time.monotonic()
            response = admin.post(DASH_CALLBACK, json=body)
            assert time.monotonic() - started < 3, message  # the setting, not SQLite's 5 s
            assert response.status_code == 200, message
            said = response.get_json()["response"]
            assert list(said) == [message]  # no field emptied: what was typed stays
            assert words_of(said[message]["children"]) == f"Not saved. {BUSY_WORDS}"
        imported, _progress = run_in_background(admin, upload)  # in a process of its own
        assert BUSY_WORDS in words_of(imported["import-result"]["children"])
        signing_in = anonymous.post(
            "/login", data={"csrf_token": token, "username": "analyst", "password": "x"}
        )
        assert signing_in.status_code == 503 and BUSY_WORDS in signing_in.get_data(as_text=True)
    for message, body in saves.items():
        said = admin.post(DASH_CALLBACK, json=body).get_json()["response"]
        assert words_of(said[message]["children"]).startswith("Saved."), message
    imported, _progress = run_in_background(admin, upload)
    assert "Imported" in words_of(imported["import-result"]["children"])


@pytest.fixture
def own_redis() -> Iterator[subprocess.Popen]:
    """A redis-server of the test's own, ended with the test."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    command = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                redis.Redis(port=REDIS_PORT).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield server
    finally:
        server.send_signal(signal.SIGCONT)
        server.terminate()
        server.wait(10)


def test_a_redis_that_hangs_is_left_alone_for_a_while_then_used_again(
    sqlite_path, own_redis, monkeypatch
):
    shared = redis.Redis(port=REDIS_PORT)
    url = f"sqlite:///{sqlite_path}"
    # Left alone for 4 s: long enough that six pages drawn on a busy machine stay inside it.
    app = make_app(url, REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0", REDIS_RETRY_SECONDS=4)
    client, afresh = user_client(app.server), user_client(make_app(url, PAGE_CACHE=False).server)
    pages = ["/inspections", "/teams", "/actions"]
    expected = {path: page_drawn(afresh, path) for path in pages}
    asked = []  # each time Redis is asked for a page
    ask = redis.Redis.get
    monkeypatch.setattr(redis.Redis, "get", lambda self, key: asked.append(key) or ask(self, key))
    assert page_drawn(client, pages[0]) == expected[pages[0]]
    assert asked and shared.keys("dashboard:page:*")

    own_redis.send_signal(signal.SIGSTOP)  # it hangs: connections open, nothing answered
    asked.clear()
    started = time.monotonic()
    for number, path in enumerate(pages * 2):
        assert page_drawn(client, path) == expected[path]
        if number == 0:
            failed_by = time.monotonic()  # Redis has failed to answer by now
    assert len(asked) == 1  # asked once; then left alone
    assert time.monotonic() - started < 2 * len(pages) * REDIS_TIMEOUT_SECONDS

    own_redis.send_signal(signal.SIGCONT)
    time.sleep(max(0.0, failed_by + 4.1 - time.monotonic()))  # REDIS_RETRY_SECONDS
    shared.flushdb()
    assert page_drawn(client, pages[1]) == expected[pages[1]]
    assert len(asked) == 2 and shared.keys("dashboard:page:*")  # used again


def test_postgresql_s_lock_and_serialisation_failures_are_the_data_being_busy():
    for busy in (psycopg.errors.LockNotAvailable, psycopg.errors.SerializationFailure):
        assert fault(OperationalError("UPDATE", {}, busy("waited"))) == BUSY
    down = psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    assert fault(OperationalError("SELECT", {}, down)) == UNREACHABLE


def _sqlite_error(statement: str) -> sqlite3.Error:
    """The error SQLite itself raises for `statement`."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        connection.close()
    raise AssertionError(f"SQLite ran {statement}")


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, Exception("a duplicate key")),
        OperationalError("SELECT", {}, _sqlite_error("SELECT * FROM no_such_table")),
        InterfaceError("SELECT", {}, Exception("Error binding parameter 1")),
    ],
    ids=["integrity", "no such table", "a value SQLite cannot bind"],
)
def test_a_fault_of_the_code_is_left_to_be_a_500(error):
    asked = Flask(__name__).test_request_context("/api/v1/indicators")
    with asked, pytest.raises(type(error)):
        answer_fault(error)
