"""The benchmark's own databases: a new SQLite file in the work folder, or a new PostgreSQL
database on the server a URL names, dropped afterwards, so nobody else's data is touched."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, func, make_url, select, text

from data_access.db import is_empty, make_engine
from data_access.models import Observation
from tests.perf.processes import BenchmarkError


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


@contextlib.contextmanager
def new_database(
    server_url: str | None, folder: Path, name: str, given_file: bool = False
) -> Iterator[str]:
    """A URL of a database nobody has used, kept afterwards if SQLite, dropped if PostgreSQL.

    SQLite (or no URL): `folder/name.db`, made anew; or with `given_file`, the file the URL
    names, which must not hold data yet. PostgreSQL: a new database `perf_<name>_<pid>` on
    the server the URL names."""
    if server_url is not None and is_sqlite(server_url) and given_file:
        if holds_data(server_url):
            raise BenchmarkError(
                f"{server_url} already holds data: give --skip-load to measure it as it is, "
                "or name a new file"
            )
        yield server_url
        return
    if server_url is None or is_sqlite(server_url):
        path = folder / f"{name}.db"
        for leftover in folder.glob(f"{name}.db*"):
            leftover.unlink()
        yield f"sqlite:///{path}"
        return
    database = f"perf_{name.replace('-', '_')}_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        yield make_url(server_url).set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def holds_data(url: str) -> bool:
    engine = make_engine(url)
    try:
        return not is_empty(engine)
    finally:
        engine.dispose()


def observation_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(Observation)) or 0
    finally:
        engine.dispose()


def describe(url: str) -> str:
    """The URL without its password, for the report."""
    return make_url(url).render_as_string(hide_password=True)
