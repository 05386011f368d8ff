"""Writing checked figures to the observation table: new ones inserted, changed ones updated,
the same ones left alone, keyed by measure, area, team and period end."""

from __future__ import annotations

import functools
import operator
from datetime import date

from sqlalchemy import Connection, insert
from sqlalchemy.dialects import postgresql

from data_access.models import Observation

UPDATED_COLUMNS = (
    "period_label",
    "value",
    "numerator",
    "denominator",
    "symbol",
    "provenance",
    "source",
)
COLUMNS = ("indicator_id", "area_id", "team_id", "period_end", *UPDATED_COLUMNS)

# A file repeats a few hundred periods a million times: write each date once.
_iso = functools.lru_cache(maxsize=4096)(date.isoformat)
_values = operator.itemgetter(*COLUMNS)


def _statement(dialect: str, team_level: bool) -> str:
    """INSERT ... ON CONFLICT that updates a figure only when something in it changed.

    On SQLite for the driver's own executemany, a row at a time; on PostgreSQL for one execute
    of the whole chunk, each column passed as an array and turned back into rows by unnest (a
    million figures in 43-46 s rather than 49-61 s). The rows of one file are unique by their
    key (checked while reading), so no two rows of one statement meet in the conflict clause.
    """
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    table = Observation.__tablename__
    if dialect == "sqlite":
        rows = f"VALUES ({', '.join(['?'] * len(COLUMNS))})"
    else:
        types = [Observation.__table__.c[column].type for column in COLUMNS]
        arrays = ", ".join(f"%s::{kind.compile(dialect=postgresql.dialect())}[]" for kind in types)
        rows = f"SELECT * FROM unnest({arrays})"
    if team_level:
        target = "(indicator_id, area_id, team_id, period_end) WHERE team_id IS NOT NULL"
    else:
        target = "(indicator_id, area_id, period_end) WHERE team_id IS NULL"
    return (
        f"INSERT INTO {table} ({', '.join(COLUMNS)}) {rows} "
        f"ON CONFLICT {target} DO UPDATE SET "
        + ", ".join(f"{column} = excluded.{column}" for column in UPDATED_COLUMNS)
        + " WHERE "
        + " OR ".join(f"{table}.{column} {differs} excluded.{column}" for column in UPDATED_COLUMNS)
    )


def upsert_figures(connection: Connection, records: list[dict]) -> int:
    """Insert new figures and update changed ones, by their natural key.

    Returns how many rows were inserted or changed; a figure that is already there, the same,
    is not written at all.
    """
    dialect = connection.dialect.name
    changed = 0
    for team_level in (False, True):
        rows = [
            _values(record) for record in records if (record["team_id"] is not None) is team_level
        ]
        if dialect == "sqlite":  # SQLite keeps dates as ISO text, as SQLAlchemy's Date does
            rows = [(*row[:3], _iso(row[3]), *row[4:]) for row in rows]
        else:  # one array of each column's values
            rows = tuple(list(column) for column in zip(*rows, strict=True)) if rows else []
        if rows:
            result = connection.exec_driver_sql(_statement(dialect, team_level), rows)
            changed += max(result.rowcount, 0)
    return changed


def insert_figures(connection: Connection, records: list[dict]) -> int:
    """Add checked figures that are not in the table yet (a first seed): on PostgreSQL in one
    COPY, several times faster than the upsert; elsewhere one plain INSERT of them all."""
    if connection.dialect.name != "postgresql":
        connection.execute(insert(Observation), [dict(zip(COLUMNS, _values(r))) for r in records])
        return len(records)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {Observation.__tablename__} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for record in records:
            copy.write_row(_values(record))
    return len(records)
