"""The database of the running app: one engine per app, a session per use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access.db import make_sessionmaker

EXTENSION = "dashboard_db"


def attach(server: Flask, engine: Engine) -> None:
    server.extensions[EXTENSION] = make_sessionmaker(engine)


def engine() -> Engine:
    return current_app.extensions[EXTENSION].kw["bind"]


@contextmanager
def session() -> Iterator[Session]:
    with current_app.extensions[EXTENSION]() as db_session:
        yield db_session
