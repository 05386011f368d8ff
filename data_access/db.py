"""The engine and sessions for DATABASE_URL, and the schema migrations that build it."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'instance' / 'dashboard.db'}"
BUSY_SECONDS = 5.0  # SQLite's own default
BULK_ROWS = 100_000  # figures written at once, after which PostgreSQL's statistics are renewed


def utc_now() -> datetime:
    """Server time in UTC, stored without a zone (SQLite keeps none)."""
    return datetime.now(UTC).replace(tzinfo=None)


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def make_engine(url: str | None = None, busy_seconds: float = BUSY_SECONDS) -> Engine:
    """Connections are tested before each use, so that after the database has been out of
    reach the next request reconnects. On SQLite a write waits up to `busy_seconds` for
    another write (an import) to finish, then fails with "database is locked"."""
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    sqlite = url.startswith("sqlite")
    connect_args = {"timeout": busy_seconds} if sqlite else {}
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def make_sessionmaker(engine: Engine, info: dict | None = None) -> sessionmaker[Session]:
    """Sessions on `engine`, each carrying `info` (the app's: whose dashboard it is,
    data_access/authority.py)."""
    return sessionmaker(engine, expire_on_commit=False, info=info)


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def init_db(engine: Engine) -> None:
    """Create the schema, or migrate it to the newest revision."""
    with engine.begin() as connection:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_empty(engine: Engine) -> bool:
    """No measures yet: a new database, or one given only its schema and users."""
    if not inspect(engine).has_table("indicator"):
        return True
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1 FROM indicator LIMIT 1")).first() is None


def after_bulk_write(engine: Engine, rows_written: int) -> None:
    """After a large import, bring PostgreSQL's knowledge of the tables up to date (VACUUM
    ANALYZE, about a second for 4 million figures): the planner's statistics, and the
    visibility map that lets the newest figures be read from the index alone. Autovacuum does
    the same some minutes later; until then the first pages took two to three times as long.
    Every table, not the figures alone: without statistics for the small tables (areas,
    neighbours) a measure page's comparison took 190 ms instead of 60. SQLite needs nothing."""
    if rows_written < BULK_ROWS or engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE)"))
