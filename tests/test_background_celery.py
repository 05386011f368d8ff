"""Long work on Celery with Redis, as in production (SPEC section 9): a real worker, started as
the README says (`celery --app app:celery_app worker`), takes the pack a script asks for and
an upload's import from the app's queue on the local Redis (TEST_REDIS_URL), and the web
app answers with what the worker made."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.background_calls import callback_body, run
from tests.conftest import fetch_pack, make_app, seeded_database, user_client
from tests.test_import_page import GOOD, csv_upload

REDIS_URL = os.environ.get("TEST_REDIS_URL")
ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")


@pytest.fixture(scope="module")
def worker(backend, tmp_path_factory):
    """A Celery worker on a seeded database of its own, taking jobs from a queue of this
    run's own; and the settings for a web app that sends it jobs."""
    url, engine = seeded_database(backend, "celery", tmp_path_factory)
    engine.dispose()
    settings = {"CELERY_BROKER_URL": REDIS_URL, "CELERY_QUEUE": f"tests-{secrets.token_hex(4)}"}
    environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "tests"}
    environment.update(settings)
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    command = [sys.executable, "-m", "celery", "--app", "app:celery_app", "worker"]
    command += ["--concurrency", "1", "--loglevel", "INFO", "--without-mingle", "--without-gossip"]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        while " ready." not in log.read_text():
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield url, settings, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def app(worker):
    url, settings, _log = worker
    return make_app(url, **settings)


def test_a_pack_a_script_asks_for_is_made_by_the_worker(app, worker):
    _url, _settings, log = worker
    director = user_client(app.server, "director")
    asked = director.get(
        "/export/pack.pdf?theme=demand-and-need", headers={"Accept": "application/json"}
    )
    assert asked.status_code == 202
    pdf = fetch_pack(director, "theme=demand-and-need")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "dashboard.background.run_job" in log.read_text()


def test_an_upload_is_imported_by_the_worker(app, worker):
    _url, _settings, log = worker
    analyst = user_client(app.server, "analyst")
    body = callback_body(app, "import_upload", [csv_upload(GOOD), "figures.csv", None, 6])
    outputs, _progress = run(analyst, body)
    assert "figures.csv: 2 row(s) checked and imported." in str(outputs["import-result"])
    assert "background_callback_" in log.read_text()
