"""The migrations build, from an empty database, exactly the schema the models describe."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from data_access.db import alembic_config, init_db
from data_access.models import Base


def test_migrations_run_from_empty_and_match_the_models(empty_engine):
    with empty_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert set(Base.metadata.tables) <= set(inspect(empty_engine).get_table_names())


def test_migrations_go_down_to_nothing_and_up_again(empty_engine):
    config = alembic_config(empty_engine.url.render_as_string(hide_password=False))
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    init_db(empty_engine)
    assert "observation" in inspect(empty_engine).get_table_names()


def test_init_db_twice_is_harmless(empty_engine):
    init_db(empty_engine)
    init_db(empty_engine)
