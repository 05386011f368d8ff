"""The migrations build, from an empty database, exactly the schema the models describe."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from data_access.db import alembic_config, init_db
from data_access.models import Base
from data_access.seed import seed


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


def _migrate(engine, direction: str, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)


def _counts(engine) -> dict[str, int]:
    tables = ("action", "action_update", "commentary", "indicator", "observation")
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in tables
        }


def test_0002_goes_down_to_0001_and_up_again_keeping_every_row(empty_engine):
    seed(empty_engine)
    before = _counts(empty_engine)
    _migrate(empty_engine, "downgrade", "0001")
    assert "change_history" not in inspect(empty_engine).get_table_names()
    assert "version" not in {c["name"] for c in inspect(empty_engine).get_columns("action")}
    assert _counts(empty_engine) == before  # no row lost to a rebuilt table's cascade
    _migrate(empty_engine, "upgrade", "0002")
    assert _counts(empty_engine) == before
    with empty_engine.connect() as connection:
        versions = connection.execute(text("SELECT DISTINCT version FROM action")).scalars()
        assert list(versions) == [1]  # existing rows start at version 1


def test_the_change_history_refuses_updates_and_deletes(empty_engine):
    row = (
        "INSERT INTO change_history (changed_at, changed_by, subject, subject_ref, record, "
        "version, old_values, new_values) VALUES ('2023-06-07 10:00:00', 'Analyst', "
        "'indicator', '8', 'target', 2, '{}', '{}')"
    )
    with empty_engine.begin() as connection:
        connection.execute(text(row))
    for statement in (
        "UPDATE change_history SET changed_by = 'Someone'",
        "DELETE FROM change_history",
    ):
        with (
            pytest.raises(DBAPIError, match="append-only"),
            empty_engine.begin() as connection,
        ):
            connection.execute(text(statement))
    with empty_engine.connect() as connection:
        assert connection.execute(
            text("SELECT changed_by FROM change_history")
        ).scalars().all() == ["Analyst"]


def test_0003_goes_down_to_0002_and_up_again_keeping_every_row(empty_engine):
    seed(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO app_user (username, password_hash, role, created_at) "
                "VALUES ('manager', 'scrypt$x', 'team_manager', '2023-06-07 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO user_team (user_id, team_id) SELECT u.id, t.id "
                "FROM app_user u, team t WHERE t.slug = 'front-door-mash'"
            )
        )
        active = connection.execute(text("SELECT active FROM app_user")).scalar_one()
        assert active  # a new user is active unless told otherwise
    before = _counts(empty_engine)
    _migrate(empty_engine, "downgrade", "0002")
    tables = set(inspect(empty_engine).get_table_names())
    assert not tables & {"app_user", "user_team"}
    assert "change_history" in tables
    assert _counts(empty_engine) == before
    _migrate(empty_engine, "upgrade", "0003")
    assert _counts(empty_engine) == before
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 0
        assert connection.execute(text("SELECT count(*) FROM team")).scalar_one() > 0


def test_a_gone_team_takes_its_manager_links_and_usernames_are_unique(empty_engine):
    with empty_engine.begin() as connection:
        connection.execute(text("INSERT INTO team (slug, name, service) VALUES ('t', 'T', 'S')"))
        connection.execute(
            text(
                "INSERT INTO app_user (username, password_hash, role, created_at) "
                "VALUES ('manager', 'scrypt$x', 'team_manager', '2023-06-07 10:00:00')"
            )
        )
        connection.execute(text("INSERT INTO user_team SELECT u.id, t.id FROM app_user u, team t"))
        connection.execute(text("DELETE FROM team"))
        assert connection.execute(text("SELECT count(*) FROM user_team")).scalar_one() == 0
        assert connection.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 1
    with pytest.raises(DBAPIError), empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO app_user (username, password_hash, role, created_at) "
                "VALUES ('manager', 'scrypt$y', 'viewer', '2023-06-07 11:00:00')"
            )
        )


def _a_user_with_a_session(connection) -> None:
    connection.execute(
        text(
            "INSERT INTO app_user (username, password_hash, role, created_at) "
            "VALUES ('viewer', 'scrypt$x', 'viewer', '2023-06-07 10:00:00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO user_session (id_hash, user_id, created_at, last_seen) "
            "SELECT 'a1', id, '2023-06-07 10:00:00', '2023-06-07 10:05:00' FROM app_user"
        )
    )


def test_0008_goes_down_to_0007_and_up_again_keeping_every_user(empty_engine):
    seed(empty_engine)
    with empty_engine.begin() as connection:
        _a_user_with_a_session(connection)
    before = _counts(empty_engine)
    _migrate(empty_engine, "downgrade", "0007")
    tables = set(inspect(empty_engine).get_table_names())
    assert "user_session" not in tables and {"app_user", "statistical_neighbour"} <= tables
    _migrate(empty_engine, "upgrade", "0008")
    assert _counts(empty_engine) == before
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM app_user")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM user_session")).scalar_one() == 0


def _data_version(engine) -> tuple:
    with engine.connect() as connection:
        return tuple(connection.execute(text("SELECT * FROM data_version")).one())


def test_0010_goes_down_to_0009_and_up_again_keeping_the_data_version(empty_engine):
    seed(empty_engine)
    number, changed = _data_version(empty_engine)[1:]
    assert changed is not None  # the seed's change is recorded with its time
    before = _counts(empty_engine)
    _migrate(empty_engine, "downgrade", "0009")
    columns = {column["name"] for column in inspect(empty_engine).get_columns("data_version")}
    assert "changed_at" not in columns
    assert _data_version(empty_engine) == (1, number)
    _migrate(empty_engine, "upgrade", "0010")
    # when the data changed before the upgrade is not known: left empty, not made up
    assert _data_version(empty_engine) == (1, number, None)
    assert _counts(empty_engine) == before


def test_a_gone_user_takes_their_sessions(empty_engine):
    with empty_engine.begin() as connection:
        _a_user_with_a_session(connection)
        connection.execute(text("DELETE FROM app_user"))
        assert connection.execute(text("SELECT count(*) FROM user_session")).scalar_one() == 0


def _neighbour_rows(engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT home_area_id, position, la_number, neighbour_area_id, groupings "
                "FROM statistical_neighbour ORDER BY home_area_id, position"
            )
        ).all()


def test_0011_keeps_the_2021_neighbours_down_and_up_and_drops_the_stored_means(
    empty_engine, tmp_path
):
    from data_access.importers.neighbours import import_neighbour_set

    seed(empty_engine)
    header = "LA num,LA Name," + ",".join(f"SN{n},SNP" for n in range(1, 11))
    neighbours = ["372", "807", "371", "812", "359", "342", "370", "394", "841", "390"]
    old = tmp_path / "2021.csv"
    old.write_text(f"{header}\n357,Tameside," + ",".join(f"{n},Close" for n in neighbours))
    new = tmp_path / "2025.csv"
    new.write_text(
        "old_la_code," + ",".join(f"SN_{n},SN_{n}P" for n in range(1, 11)) + "\n"
        "357," + ",".join(f"{n},Close" for n in reversed(neighbours))
    )
    import_neighbour_set(empty_engine, old)
    import_neighbour_set(empty_engine, new)
    with empty_engine.connect() as connection:
        kept = connection.execute(
            text(
                "SELECT home_area_id, position, la_number, neighbour_area_id, groupings "
                "FROM statistical_neighbour WHERE neighbour_set = '2021' "
                "ORDER BY home_area_id, position"
            )
        ).all()
    assert len(kept) == 10
    before = _counts(empty_engine)
    _migrate(empty_engine, "downgrade", "0010")
    columns = {c["name"] for c in inspect(empty_engine).get_columns("statistical_neighbour")}
    assert "neighbour_set" not in columns and "closeness" not in columns
    assert _neighbour_rows(empty_engine) == kept  # the 2025 set has nowhere to go
    with empty_engine.begin() as connection:  # a mean an earlier import-ees stored
        connection.execute(
            text(
                "INSERT INTO observation (indicator_id, area_id, period_end, period_label, "
                "value, provenance, source) SELECT i.id, a.id, '2001-03-31', '2000/01', 20, "
                "'illustrative', 'Mean of the 9 of Tameside''s 10 statistical neighbours with a "
                "figure (DfE groupings: x.csv), computed from DfE: y.csv' "
                "FROM indicator i, area a WHERE i.ref = '6' AND a.code = 'SN'"
            )
        )
    _migrate(empty_engine, "upgrade", "0011")
    assert _counts(empty_engine) == before  # the stored mean is gone, nothing else
    assert _neighbour_rows(empty_engine) == kept
    with empty_engine.connect() as connection:
        sets = connection.execute(
            text("SELECT DISTINCT neighbour_set, closeness FROM statistical_neighbour")
        ).all()
    assert sets == [("2021", None)]  # the earlier importer kept no closeness


def test_0012_goes_down_to_0011_and_up_again_giving_each_authority_its_region(empty_engine):
    seed(empty_engine)
    before = _counts(empty_engine)
    _migrate(empty_engine, "downgrade", "0011")
    assert "region_code" not in {c["name"] for c in inspect(empty_engine).get_columns("area")}
    assert _counts(empty_engine) == before  # no figure lost to a rebuilt table's cascade
    _migrate(empty_engine, "upgrade", "0012")
    with empty_engine.connect() as connection:
        regions = dict(connection.execute(text("SELECT code, region_code FROM area")).all())
    # filled from sample_data/local_authorities.csv, under each authority's code now
    assert regions["E08000007"] == "E12000002" and regions["E08000038"] == "E12000003"
    assert regions["E92000001"] is None
    assert _counts(empty_engine) == before
