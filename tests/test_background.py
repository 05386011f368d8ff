"""Long work in the background on Dash's disk-cache manager (SPEC section 9): an upload's import
and the scrutiny pack started and followed through Dash's own protocol, each job a process of
its own; who may start and follow them; and what someone who left the page and came back sees.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from flask import g
from sqlalchemy import update
from sqlalchemy.orm import Session

from dashboard import background, database, uploads
from dashboard.auth import Principal
from data_access import background_work, data_version
from data_access.db import utc_now
from data_access.models import BackgroundWork
from data_access.seed import seed_reference_data
from tests.background_calls import ask, callback_body, end_id, run, start
from tests.conftest import as_role, make_app, user_client
from tests.test_import_page import csv_upload, figures

MONTHS = [date(2000 + (n + 1) // 12, (n + 1) % 12 + 1, 1) for n in range(279)]


def _month_ends() -> list[str]:
    ends = []
    for first in MONTHS:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        ends.append(date.fromordinal(following.toordinal() - 1).isoformat())
    return ends


ROWS = [  # 1,116 good rows: two measures, two areas, each month from 2000 to 2023
    f"{ref},{area},,{end},{value},,,,illustrative,test"
    for ref, value in (("9b", 650), ("13", 4))
    for area in ("E08000008", "E92000001")
    for end in _month_ends()
]


@pytest.fixture(scope="module")
def app(backend, tmp_path_factory):
    """An app of its own on a database with the measures, areas and teams, but no figures."""
    from data_access.db import init_db, make_engine
    from tests.conftest import database_url

    url = database_url(backend, "background", tmp_path_factory.mktemp("background"))
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    engine.dispose()
    return make_app(url)


@pytest.fixture(scope="module")
def analyst(app):
    return user_client(app.server, "analyst")


def _engine(app):
    with app.server.app_context():
        return database.engine()


def test_an_upload_is_imported_in_its_own_process_and_the_page_told_how_far(app, analyst):
    body = callback_body(app, "import_upload", [csv_upload(ROWS), "months.csv", None, 6])
    started = time.monotonic()
    outputs, progress = run(analyst, body)
    shown = str(outputs["import-result"]["children"])
    assert f"months.csv: {len(ROWS):,} row(s) checked and imported." in shown
    assert outputs["import-upload"]["contents"] is None
    assert figures(_engine(app)) >= len(ROWS)
    for seen in progress:  # whatever was caught while it ran: rows checked of the file's
        words = seen["import-progress-words.children"]
        assert seen["import-progress-bar.max"] == str(len(ROWS)) and "rows checked" in words
    assert time.monotonic() - started < 60


def test_only_analysts_and_admins_may_start_or_follow_an_import(app, analyst):
    body = callback_body(app, "import_upload", [csv_upload(ROWS[:2]), "two.csv", None, 6])
    token = end_id(analyst)
    handles = start(analyst, body, token).get_json()
    for role in ("viewer", "director", "team_manager"):
        other = user_client(app.server, role, ("duty-and-assessment",) * (role == "team_manager"))
        assert start(other, body, end_id(other)).status_code == 403
        assert ask(other, body, token, handles).status_code == 403, role
    deadline = time.monotonic() + 60  # while the analyst who started it follows it to the end
    while ask(analyst, body, token, handles).get_json().get("response") is None:
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_a_forged_or_borrowed_job_handle_reads_and_stops_nothing(app, analyst):
    body = callback_body(app, "import_upload", [csv_upload(ROWS[:2]), "two.csv", None, 6])
    forged = {"cacheKey": "0" * 64 + "~" + "0" * 64, "job": "1~" + "0" * 64}
    assert ask(analyst, body, end_id(analyst), forged).status_code == 204
    handles = start(analyst, body, end_id(analyst)).get_json()
    # Handles are bound to the page load that started the job: another page load gets nothing.
    assert ask(analyst, body, end_id(analyst), handles).status_code == 204


def test_inputs_are_checked_when_a_job_starts_and_emptied_when_it_is_followed(app, analyst):
    body = callback_body(app, "import_upload", [["not", "text"], "two.csv", None, 6])
    assert start(analyst, body, end_id(analyst)).status_code == 400
    for as_at, months in ((20251231, 6), ("2025-12-31", "six"), ("2025-12-31", 6.5)):
        body = callback_body(
            app, "import_upload", [csv_upload(ROWS[:2]), "two.xlsx", as_at, months]
        )
        assert start(analyst, body, end_id(analyst)).status_code == 400
    body = callback_body(app, "import_upload", [None, None, None, None])
    handles = {"cacheKey": "x", "job": "y"}
    assert ask(analyst, body, end_id(analyst), handles).status_code == 204  # not 400


def _as(app, role: str, path: str):
    return as_role(app.server, path, role)


def test_coming_back_to_a_running_import_shows_its_progress_and_follows_it(app):
    from dashboard.pages import import_data

    with _as(app, "analyst", "/admin/import"):
        key = uploads.import_key()
        with database.session() as db:
            background_work.start(db, key, "import", data_version.current(db))
        background.note(key, {"checked": 500, "rows": 1200, "at": time.time()})
        page = str(import_data.layout())
        assert "500 of 1,200 rows checked." in page
        assert "Interval(id='import-follow', disabled=False" in page
        with database.session() as db:
            background_work.finish(db, key, {"outcome": {
                "file": "months.csv", "imported": True, "rows": 1200, "added": 1200,
                "updated": 0, "unchanged": 0, "warnings": []}})  # fmt: skip
        shown, _report, _hidden, _value, _max, _words, bar_hidden, stopped = (
            import_data.follow_import(3)
        )
    assert "months.csv: 1,200 row(s) checked and imported." in str(shown)
    assert bar_hidden and stopped


def test_an_import_whose_process_was_lost_says_nothing_was_imported(app):
    from dashboard.pages import import_data

    with _as(app, "admin", "/admin/import"):
        key = uploads.import_key()
        with database.session() as db:
            background_work.start(db, key, "import", 0)
            long_ago = utc_now() - background_work.STALE - timedelta(seconds=5)
            db.execute(
                update(BackgroundWork)
                .where(BackgroundWork.key == key)
                .values(started_at=long_ago, updated_at=long_ago)
            )
            db.commit()
        background.note(key, {"checked": 1, "rows": 2, "at": long_ago.timestamp() - 3600})
        assert "The import stopped before it finished" in str(import_data.layout())


def test_stopping_an_import_says_nothing_was_imported(app):
    from dashboard.pages import import_data

    with _as(app, "analyst", "/admin/import"):
        key = uploads.import_key()
        with database.session() as db:
            background_work.start(db, key, "import", 0)
        assert "nothing from the file was imported" in str(import_data.stop_import(1))
        assert import_data.stop_import(2) is not None  # already stopped: no change
        with database.session() as db:
            assert background_work.read(db, key).status == background_work.FAILED


def test_a_job_runs_as_whoever_asked(app):
    """The principal a job sees is the asker's, rebuilt from what the request's hook gave."""
    with _as(app, "team_manager", "/"):
        g.principal = Principal("team_manager", "tm", frozenset({"duty-and-assessment"}), 7)
        asker = background._asker(None)
    seen = background._in_app(app.server, asker, lambda: background.auth.current())
    assert seen == Principal("team_manager", "tm", frozenset({"duty-and-assessment"}), 7)
    assert background._in_app(app.server, None, lambda: background.auth.current()).role == ""
