"""Databases for the tests: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.

Each PostgreSQL database a test asks for is a schema of its own in TEST_DATABASE_URL, made
empty first, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, event, select, text

from data_access.db import init_db, make_engine
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
    if backend == "sqlite":
        return f"sqlite:///{folder / (name + '.db')}"
    base = os.environ["TEST_DATABASE_URL"]
    with create_engine(base, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={name}')}"


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def seeded_url(backend, tmp_path_factory) -> str:
    """A database with the sample data, shared by the tests that only read."""
    url = database_url(backend, "seeded", tmp_path_factory.mktemp("seeded"))
    engine = make_engine(url)
    init_db(engine)
    seed(engine)
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


PASSWORD = "a long password for tests"


def make_app(url: str, **config):
    """The app on the database at `url`, as the tests configure it."""
    from app import create_app

    settings = {"DATABASE_URL": url, "SEED_IF_EMPTY": False, "SECRET_KEY": "tests"}
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


def user_client(server, role: str = "admin", teams: tuple[str, ...] = ()):
    """A test client signed in as a user with this role (and teams), made on first use."""
    from dashboard import database
    from data_access.models import User
    from data_access.users import create_user

    username = "-".join([role, *teams])
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


@pytest.fixture(scope="session")
def app(seeded_url):
    return make_app(seeded_url)


@pytest.fixture
def client(app):
    """Signed in as an administrator, who may see and do everything."""
    return user_client(app.server)
