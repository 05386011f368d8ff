"""The database of the running app: one engine per app, a session per use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access.authority import session_info
from data_access.db import make_sessionmaker

EXTENSION = "dashboard_db"


def attach(server: Flask, engine: Engine, authority_code: str) -> None:
    """Every session the app opens carries the configured authority's code, which the queries
    read (data_access/authority.py)."""
    server.extensions[EXTENSION] = make_sessionmaker(engine, session_info(authority_code))


def engine() -> Engine:
    return current_app.extensions[EXTENSION].kw["bind"]


@contextmanager
def session() -> Iterator[Session]:
    with current_app.extensions[EXTENSION]() as db_session:
        yield db_session
