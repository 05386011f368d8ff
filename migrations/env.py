"""Alembic environment: runs migrations on the connection it is given, or on DATABASE_URL."""

from alembic import context
from sqlalchemy import create_engine

from data_access.db import database_url
from data_access.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or database_url()
    with create_engine(url).connect() as new_connection:
        run_migrations(new_connection)
        new_connection.commit()
