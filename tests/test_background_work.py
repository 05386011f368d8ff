"""The record of long work done in the background (data_access/background_work.py): one worker
takes a piece of work on, the others follow it; work given up is taken over; a finished pack
stands until the data version moves; and the table's migration goes down and up."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect, update
from sqlalchemy.orm import Session

from data_access import background_work as work
from data_access.db import utc_now
from data_access.models import BackgroundWork
from tests.test_migrations import _migrate

KEY, OTHER = "a" * 64, "b" * 64


def _age(engine, key: str, by: timedelta) -> None:
    with Session(engine) as db:
        db.execute(
            update(BackgroundWork)
            .where(BackgroundWork.key == key)
            .values(updated_at=utc_now() - by)
        )
        db.commit()


def test_only_the_first_to_claim_a_piece_of_work_does_it(empty_engine):
    with Session(empty_engine) as db:
        assert work.claim(db, KEY, "pack", 1)
        assert not work.claim(db, KEY, "pack", 1)  # someone is at it
        assert work.claim(db, OTHER, "pack", 1)  # another key is another piece of work
        work.report(db, KEY, 3, 10)
        seen = work.read(db, KEY)
    assert (seen.status, seen.done, seen.total, seen.running) == ("running", 3, 10, True)
    assert not seen.abandoned()


def test_finished_work_stands_until_the_data_version_moves(empty_engine):
    with Session(empty_engine) as db:
        work.claim(db, KEY, "pack", 1)
        work.finish(db, KEY, {"file": "pack.pdf"}, b"%PDF made")
        assert not work.claim(db, KEY, "pack", 1)
        assert work.content(db, KEY, 1) == b"%PDF made"
        assert work.content(db, KEY, 2) is None  # made from data that has since changed
        assert work.claim(db, KEY, "pack", 2)  # so it is made again
        assert work.content(db, KEY, 2) is None and work.read(db, KEY).running


def test_work_whose_worker_stopped_reporting_is_taken_over(empty_engine):
    with Session(empty_engine) as db:
        work.claim(db, KEY, "pack", 1)
    _age(empty_engine, KEY, work.STALE + timedelta(seconds=1))
    with Session(empty_engine) as db:
        assert work.read(db, KEY).abandoned()
        assert work.claim(db, KEY, "pack", 1)
        assert not work.read(db, KEY).abandoned()


def test_failed_work_is_tried_again_only_after_a_while(empty_engine):
    with Session(empty_engine) as db:
        work.claim(db, KEY, "pack", 1)
        work.fail(db, KEY, "It could not be made.")
        assert work.read(db, KEY).result == {"reason": "It could not be made."}
        assert not work.claim(db, KEY, "pack", 1)
    _age(empty_engine, KEY, work.KEPT_FAILURE + timedelta(seconds=1))
    with Session(empty_engine) as db:
        assert work.claim(db, KEY, "pack", 1)


def test_stopping_ends_only_work_still_running(empty_engine):
    with Session(empty_engine) as db:
        work.start(db, KEY, "import", 1)
        assert work.stop(db, KEY, "You stopped it.")
        assert work.read(db, KEY).status == work.FAILED
        work.start(db, KEY, "import", 1)  # a new upload replaces the record
        work.finish(db, KEY, {"outcome": {"imported": True}})
        assert not work.stop(db, KEY, "You stopped it.")  # it had ended: its outcome stands
        assert work.read(db, KEY).result == {"outcome": {"imported": True}}


def test_packs_made_from_older_data_are_forgotten(empty_engine):
    with Session(empty_engine) as db:
        for key, version in ((KEY, 1), (OTHER, 2)):
            work.claim(db, key, "pack", version)
            work.finish(db, key, {}, b"%PDF")
        work.forget_outdated(db, "pack", 2)
        assert work.read(db, KEY) is None and work.read(db, OTHER) is not None


def test_0009_goes_down_to_0008_and_up_again(empty_engine):
    with Session(empty_engine) as db:
        work.claim(db, KEY, "pack", 1)
    _migrate(empty_engine, "downgrade", "0008")
    assert "background_work" not in inspect(empty_engine).get_table_names()
    _migrate(empty_engine, "upgrade", "0009")
    with Session(empty_engine) as db:
        assert work.read(db, KEY) is None and work.claim(db, KEY, "pack", 1)
