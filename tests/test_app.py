"""The app starts as a newcomer starts it, and serves its first page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, as_role, make_app, sign_in

ROOT = Path(__file__).resolve().parent.parent


def test_the_page_shell_declares_its_language(client):
    page = client.get("/").data.decode()
    assert '<html lang="en-GB">' in page


def test_the_scorecard_layout_lists_measures_with_ratings(client):
    from dashboard.pages import scorecard

    with client.application.app_context():
        layout = str(scorecard.layout())
    assert "Headline scorecard" in layout
    assert "Child and family assessments" in layout or "assessments" in layout
    assert "Not rated" in layout and ("Green" in layout or "Red" in layout or "Amber" in layout)


def test_the_shell_says_the_data_is_illustrative(client):
    from dashboard import shell

    with as_role(client.application, "/"):
        layout = str(shell.layout())
    assert "illustrative" in layout and "Reporting period: June 2023" in layout


def test_unknown_page_is_not_a_traceback(client):
    response = client.get("/no/such/page")
    assert response.status_code == 200  # Dash serves the shell; the page says not found
    from dashboard.pages import not_found_404

    assert "Page not found" in str(not_found_404.layout())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_python_app_py_creates_seeds_and_serves(tmp_path):
    """Started as the README says, with PUBLIC_VIEW=1 so that anyone may read."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path}/first.db",
        "PUBLIC_VIEW": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/teams") as response:
                    assert response.status == 200
                    assert b"leaving-care" in response.read()
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()
                assert time.monotonic() < deadline, "the app did not answer within 60 seconds"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert b"Children's Services Improvement Dashboard" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_user_made_before_the_first_start_does_not_stop_the_sample_data_loading(empty_url):
    from sqlalchemy.orm import Session

    from data_access.db import make_engine
    from data_access.users import create_user

    engine = make_engine(empty_url)
    with Session(engine) as session:
        create_user(session, "first", PASSWORD, "admin")
    app = make_app(empty_url, SEED_IF_EMPTY=True)
    client, response = sign_in(app.server, "first")
    assert response.status_code == 303
    assert len(client.get("/api/v1/indicators").get_json()) > 50
    engine.dispose()
