"""Databases for the tests: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.

Each PostgreSQL database a test asks for is a schema of its own in TEST_DATABASE_URL, made
empty first, so tests never see each other's rows.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import time
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, create_engine, event, select, text, update
from sqlalchemy.orm import Session

from dashboard import database
from data_access import audit
from data_access.db import init_db, make_engine, make_sessionmaker
from data_access.models import Area, AuditEvent, Indicator, Observation, Team
from data_access.seed import seed

# The source documents and DfE files, beside the project unless SHARED_DIR says where.
SHARED = Path(os.environ.get("SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@contextmanager
def counted_queries(engine):
    """Counts the statements sent to the database inside the block."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def database_url(backend: str, name: str, folder: Path) -> str:
    # Test processes run side by side (pytest-xdist): each has schemas of its own.
    name += os.environ.get("PYTEST_XDIST_WORKER", "")
    if backend == "sqlite":
        return f"sqlite:///{folder / (name + '.db')}"
    base = os.environ["TEST_DATABASE_URL"]
    with create_engine(base, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={name}')}"


def seeded_database(backend: str, name: str, tmp_path_factory) -> tuple[str, Engine]:
    """A new database of its own with the sample data: its URL, and an engine on it (the
    caller disposes of it)."""
    url = database_url(backend, name, tmp_path_factory.mktemp(name))
    engine = make_engine(url)
    init_db(engine)
    seed(engine)
    return url, engine


_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()  # every engine that has connected
event.listen(Engine, "engine_connect", lambda connection: _ENGINES.add(connection.engine))


@pytest.fixture(scope="module", autouse=True)
def _idle_connections_closed():
    """After each module, the idle connections of every engine it made are closed (the apps'
    engines live as long as their apps): otherwise they add up, module after module, to more
    than PostgreSQL's hundred. An engine used again simply opens new ones."""
    yield
    for engine in list(_ENGINES):
        engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def seeded_url(backend, tmp_path_factory) -> str:
    """A database with the sample data, shared by the tests that only read."""
    url, engine = seeded_database(backend, "seeded", tmp_path_factory)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def seeded_engine(seeded_url) -> Engine:
    engine = make_engine(seeded_url)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_url(backend, tmp_path) -> str:
    """A new database with the schema and nothing else."""
    url = database_url(backend, "scratch", tmp_path)
    engine = make_engine(url)
    init_db(engine)
    engine.dispose()
    return url


@pytest.fixture
def empty_engine(empty_url) -> Engine:
    engine = make_engine(empty_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def edit_engine(backend, tmp_path_factory):
    """A seeded database of each module's own (test_edits.py, test_edit_pages.py): these tests
    write. Each test edits its own action or measure, so they do not see each other's changes."""
    engine = make_engine(database_url(backend, "edits", tmp_path_factory.mktemp("edits")))
    init_db(engine)
    seed(engine)
    yield engine
    engine.dispose()


PASSWORD = "a long password for tests"


def make_app(url: str, **config):
    """The app on the database at `url`, as the tests configure it."""
    from app import create_app

    settings = {
        "DATABASE_URL": url,
        "SEED_IF_EMPTY": False,
        "SECRET_KEY": "tests",
        # Background jobs' progress and results: a folder of the app's own, not the checkout's.
        "BACKGROUND_FOLDER": tempfile.mkdtemp(prefix="dashboard-background-"),
    }
    return create_app(settings | config)


def form_token(client, path: str = "/login", **request) -> str:
    """The CSRF token of the form at `path`, as a browser would find it."""
    form = client.get(path, **request).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)


def sign_in(server, username: str, password: str = PASSWORD):
    """A test client that has signed in through the sign-in form; and the form's response."""
    client = server.test_client()
    token = form_token(client)
    response = client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    )
    return client, response


def user_client(server, role: str = "admin", teams: tuple[str, ...] = (), username: str = ""):
    """A test client signed in as a user with this role (and teams), made on first use."""
    from dashboard import database
    from data_access.models import User
    from data_access.users import create_user

    username = username or "-".join([role, *teams])
    with server.app_context(), database.session() as db:
        if db.scalar(select(User.id).where(User.username == username)) is None:
            create_user(db, username, PASSWORD, role, teams)
    client, response = sign_in(server, username)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def router_body(path: str) -> dict:
    """What Dash's renderer posts when the address changes: the page-drawing callback."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }


@contextmanager
def as_role(server, path: str = "/", role: str = "admin", teams: tuple[str, ...] = ()):
    """A request to `path` from someone with this role, for calling layouts and callbacks."""
    from flask import g

    from dashboard.auth import Principal

    with server.test_request_context(path):
        g.principal = Principal(role, f"{role} (tests)", frozenset(teams), user_id=0)
        yield


def fetch_pack(client, query: str = "", wait: float = 120.0):
    """The scrutiny pack, as a script gets it: asked for until it is built in the background
    and kept (202 Accepted until then)."""
    deadline = time.monotonic() + wait
    while True:
        response = client.get(f"/export/pack.pdf?{query}", headers={"Accept": "application/json"})
        if response.status_code != 202 or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


@pytest.fixture(scope="session")
def app(seeded_url):
    return make_app(seeded_url)


@pytest.fixture
def client(app):
    """Signed in as an administrator, who may see and do everything."""
    return user_client(app.server)


# What a viewer and a team manager see (test_viewer_view.py, test_viewer_view_api.py): the
# sample data with three newest Tameside figures made small.

NEWEST = date(2023, 3, 31)
COUNT, HALF, FEW = "13", "8", "12"  # 3; 2 of 4 = 50.0%; 3 of 40 = 7.5%
SMALL = {COUNT: (3.0, None, None), HALF: (50.0, 2.0, 4.0), FEW: (7.5, 3.0, 40.0)}
SHOWN_TO_DIRECTOR = {COUNT: "3", HALF: "50.0%", FEW: "7.5%"}
TEAM = "duty-and-assessment"  # has its own figures for measure 8


@pytest.fixture(scope="module")
def server(backend, tmp_path_factory):
    """The app on a copy of the sample data with the three small figures."""
    url, engine = seeded_database(backend, "viewer_view", tmp_path_factory)
    with Session(engine) as db:
        tameside = db.scalar(select(Area.id).where(Area.code == "E08000008"))
        for ref, (value, numerator, denominator) in SMALL.items():
            indicator = db.scalar(select(Indicator.id).where(Indicator.ref == ref))
            db.execute(
                update(Observation)
                .where(
                    Observation.indicator_id == indicator,
                    Observation.area_id == tameside,
                    Observation.team_id.is_(None),
                    Observation.period_end == NEWEST,
                )
                .values(value=value, numerator=numerator, denominator=denominator)
            )
        db.commit()
    engine.dispose()
    return make_app(url).server


@pytest.fixture(scope="module")
def viewer(server):
    return user_client(server, "viewer")


@pytest.fixture(scope="module")
def director(server):
    return user_client(server, "director")


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row)) for row in rows]


def by_ref(rows: list[dict], column: str = "Ref") -> dict[str, dict]:
    return {str(row[column]): row for row in rows}


# The administrators' tests (test_admin_users.py, test_admin_audit.py, test_admin_pages.py).

NEW_PASSWORD = "a brand new password"
TWO_TEAMS = [
    ("duty-and-assessment", "Duty and assessment"),
    ("front-door-mash", "Front door (Multi-Agency Safeguarding Hub)"),
]


@pytest.fixture
def engine(empty_engine) -> Engine:
    """An empty database with two teams (modules with a database of another kind have an
    `engine` of their own)."""
    with make_sessionmaker(empty_engine)() as db:
        db.add_all([Team(slug=slug, name=name, service="CSC") for slug, name in TWO_TEAMS])
        db.commit()
    return empty_engine


@pytest.fixture
def sessions(engine):
    return make_sessionmaker(engine)


def user_events(db) -> list[tuple[str, str, str, str]]:
    """The users added and changed, from the audit log: (event, by whom, address, detail)."""
    rows = db.execute(
        select(AuditEvent.event, AuditEvent.username, AuditEvent.address, AuditEvent.detail)
        .where(AuditEvent.event.in_([audit.USER_CREATED, audit.USER_CHANGED]))
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


# Statements counted on the sample data and on far more (test_query_counts.py,
# test_query_counts_requests.py).


@pytest.fixture(scope="module")
def apps(backend, tmp_path_factory):
    """The app on the sample data, and on the sample data with much more of everything: each
    its own database, as the save callbacks change them."""
    from tests.larger_database import sample_and_larger_apps

    return sample_and_larger_apps(backend, tmp_path_factory)


def counts(apps: dict, path: str, role: str, work: Callable[[], Any]) -> dict[str, int]:
    """The statements `work` sends, on each database, as `role` asking for `path`."""
    found = {}
    for size, app in apps.items():
        with as_role(app.server, path, role), counted_queries(database.engine()) as statements:
            work()
        found[size] = len(statements)
    return found


def assert_bounded(found: dict[str, int], bound: int) -> None:
    assert found["sample"] == found["larger"], f"grows with the data: {found}"
    assert found["sample"] <= bound, f"{found['sample']} statements, more than {bound}"
