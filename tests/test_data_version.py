"""Every change to what the pages show gives the data version a new number, in the same
transaction, so no kept page outlives its figures (data_access/data_version.py); a change refused
changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.db import init_db, make_engine, utc_now
from data_access.edits import (
    EditRejected,
    action_form,
    add_action_update,
    write_commentary,
)
from data_access.importers.ees import import_ees
from data_access.importers.errors import ImportRejected
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.queries.commentary import commentary_periods
from data_access.seed import seed
from data_access.synthetic import register
from data_access.synthetic_plan import SCALES, plan
from data_access.targets import set_target, target_form
from tests.test_import_ees_small_files import ALL, GOOD, write


@pytest.fixture
def engine(empty_engine):
    seed(empty_engine)
    return empty_engine


def version(engine) -> int:
    with Session(engine) as db:
        return data_version.current(db)


def moves(engine, change) -> bool:
    before = version(engine)
    change()
    return version(engine) != before


def template(tmp_path: Path, cells: list[str]) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text(",".join(REQUIRED_COLUMNS) + "\n" + ",".join(cells) + "\n")
    return path


def test_a_new_database_has_a_version_of_its_own_and_the_seed_moves_it(empty_engine, tmp_path):
    first = version(empty_engine)
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    init_db(other)
    assert first and version(other) not in (0, first)  # made again, it never repeats a number
    other.dispose()
    assert moves(empty_engine, lambda: seed(empty_engine))


def test_an_import_moves_it(engine, tmp_path):
    good = dict(zip(REQUIRED_COLUMNS, [""] * len(REQUIRED_COLUMNS), strict=True))
    good.update(indicator_ref="8", area_code="E08000008", period_end="2024-03-31", value="71")
    good.update(provenance="illustrative", source="tests")
    assert moves(engine, lambda: import_template(engine, template(tmp_path, [*good.values()])))


def test_a_refused_import_leaves_it_where_it_was(engine, tmp_path):
    before = version(engine)
    with pytest.raises(ImportRejected):
        import_template(engine, template(tmp_path, ["not", "a", "row"]))
    assert version(engine) == before


def test_a_dfe_import_moves_it(engine, tmp_path):
    assert moves(engine, lambda: import_ees(engine, write(tmp_path, GOOD), "20a", "percent", ALL))


def test_each_edit_moves_it_and_a_refused_edit_does_not(engine):
    with Session(engine) as db:
        form = action_form(db, "D11")
        assert moves(
            engine,
            lambda: add_action_update(
                db,
                "D11",
                on="2023-06-01",
                status="green",
                note="Done.",
                by="Head of Service",
                expected_version=form.version,
            ),
        )
        newest = commentary_periods(db, "8")[0]
        assert moves(
            engine, lambda: write_commentary(db, "8", newest.period_end, "Better.", "Analyst", 0)
        )
        target = target_form(db, "8")
        assert moves(engine, lambda: set_target(db, "8", 90, 3, "Analyst", target.version))

        before = version(engine)
        with pytest.raises(EditRejected):
            set_target(db, "8", "ninety", 3, "Analyst", target.version + 1)
        assert version(engine) == before


def test_registering_a_synthetic_data_set_moves_it(engine):
    assert moves(engine, lambda: register(engine, plan(SCALES["small"], 1)))


def test_each_change_records_when_it_happened_and_a_refused_one_does_not(engine):
    """The header's "Data last changed" (dashboard/shell.py)."""
    with Session(engine) as db:
        seeded = data_version.changed_at(db)
        assert seeded is not None and utc_now() - seeded < timedelta(minutes=5)
        target = target_form(db, "8")
        with pytest.raises(EditRejected):
            set_target(db, "8", "ninety", 3, "Analyst", target.version + 1)
        assert data_version.changed_at(db) == seeded
        set_target(db, "8", 90, 3, "Analyst", target.version)
        assert data_version.changed_at(db) > seeded
