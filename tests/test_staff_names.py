"""Who recorded progress, wrote commentary or made a change: staff who see team figures see the
username; a viewer, and the public on a public site, see the person's role, and no page, API
answer, download or pack they can ask for contains a staff username."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.staff_names import SOMEONE, staff_words
from data_access.edits import (
    action_form,
    add_action_update,
    commentary_periods,
    write_commentary,
)
from data_access.models import Action, Team, team_action
from data_access.targets import set_target, target_form
from data_access.users import create_user
from tests.conftest import (
    PASSWORD,
    fetch_pack,
    make_app,
    router_body,
    seeded_database,
    user_client,
)
from tests.test_access import PAGES
from tests.test_exports import _addresses

TEAM = "leaving-care"
STAFF = {  # username: role, teams
    "tam.leaving.q7": ("team_manager", (TEAM,)),
    "dee.director.q7": ("director", ()),
    "zed.analyst.q7": ("analyst", ()),
    "ada.admin.q7": ("admin", ()),
}
GONE = "gone.user.q7"  # a name that is no user's now
MEASURE, ADMIN_ACTION = "9b", "F3"


@pytest.fixture(scope="module")
def saved(backend, tmp_path_factory):
    """The sample data with progress, commentary and a target saved by each kind of staff."""
    url, engine = seeded_database(backend, "staff_names", tmp_path_factory)
    with Session(engine) as db:
        for username, (role, teams) in STAFF.items():
            create_user(db, username, PASSWORD, role, teams)
        team_ref = db.scalar(
            select(Action.ref)
            .join(team_action, team_action.c.action_id == Action.id)
            .join(Team, Team.id == team_action.c.team_id)
            .where(Team.slug == TEAM)
            .order_by(Action.ref)
        )
        for ref, by in ((team_ref, "tam.leaving.q7"), (ADMIN_ACTION, "ada.admin.q7")):
            version = action_form(db, ref).version
            version = add_action_update(
                db, ref, on="2023-06-01", status="green", note="Going well.", by=by,
                expected_version=version,
            )  # fmt: skip
            add_action_update(
                db, ref, on="2023-06-02", status="green", note="Still.", by=GONE,
                expected_version=version,
            )  # fmt: skip
        period = commentary_periods(db, MEASURE)[0]
        write_commentary(
            db, MEASURE, period.period_end, "Rising.", "dee.director.q7", period.version
        )
        form = target_form(db, MEASURE)
        set_target(db, MEASURE, 500, 20, "zed.analyst.q7", form.version)
    engine.dispose()
    return url, team_ref


@pytest.fixture(scope="module")
def servers(saved):
    url, _team_ref = saved
    found = []
    for config in ({}, {"PUBLIC_VIEW": True}):
        found.append(make_app(url, **config).server)
        # Dash gathers the pages' callbacks on an app's first request: each app before the
        # next is made, so that each has them
        found[-1].test_client().get("/healthz")
    return tuple(found)


def _page(client, path: str) -> str:
    response = client.post("/_dash-update-component", json=router_body(path))
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _everything_a_viewer_can_ask(client, server, team_ref: str) -> dict[str, str]:
    """What each address gives: every page a viewer may see, every API and data address, and
    the tables of the action and measure pages as downloads."""
    pages = [page for page, roles in PAGES.items() if "viewer" in roles]
    pages += [f"/actions/{team_ref}", f"/actions/{ADMIN_ACTION}", f"/indicator/{MEASURE}"]
    answers = {page: _page(client, page) for page in pages}
    for address in _addresses(server):
        if address.startswith(("/api/", "/export/")):
            for wanted in ("json", "csv"):
                if address == "/export/pack.pdf":  # built in the background, then kept
                    response = fetch_pack(client, f"format={wanted}")
                    assert response.status_code == 200, response.get_data(as_text=True)
                else:
                    response = client.get(address.replace("/8", f"/{MEASURE}"), query_string={
                        "format": wanted})  # fmt: skip
                answers[f"{address} {wanted}"] = response.get_data(as_text=True)
    tables = {f"/actions/{team_ref}": ["progress", "change-history"]}
    tables[f"/indicator/{MEASURE}"] = ["change-history", "linked-actions"]
    for page, ids in tables.items():
        for table in ids:
            response = client.get(f"/download?page={page}&table={table}&format=csv")
            assert response.status_code == 200, (page, table)
            answers[f"{page} {table}"] = response.get_data(as_text=True)
    return answers


@pytest.fixture
def readable_pack(monkeypatch):
    """The pack's contents written out as text instead of printed, to read them."""
    monkeypatch.setattr(
        "dashboard.pack.kept.pack_pdf", lambda contents, _drawn=None: repr(contents).encode()
    )


def test_the_words_for_someone_are_their_role_and_a_team_managers_teams():
    assert staff_words("analyst") == "Analyst"
    assert staff_words("team_manager", ["Leaving care"]) == "Team manager, Leaving care"
    assert staff_words("team_manager", ["A", "B", "C"]) == "Team manager, A, B and C"
    assert staff_words("no such role") == SOMEONE


@pytest.mark.parametrize("who", ["viewer", "public"])
def test_a_viewer_never_reads_a_staff_username(servers, saved, readable_pack, who):
    private, public = servers
    _url, team_ref = saved
    if who == "viewer":
        client, server = user_client(private, "viewer", username="vic.viewer.q7"), private
    else:
        client, server = public.test_client(), public
    answers = _everything_a_viewer_can_ask(client, server, team_ref)
    for address, text in answers.items():
        for username in [*STAFF, GONE]:
            assert username not in text, (address, username)
    action_page = answers[f"/actions/{team_ref}"]
    assert "Recorded in the dashboard by Team manager, Leaving care" in action_page
    assert f"Recorded in the dashboard by {SOMEONE}" in action_page
    measure_page = answers[f"/indicator/{MEASURE}"]
    assert "Director, on the figures to" in measure_page and "Analyst" in measure_page
    assert "Team manager, Leaving care" in answers[f"/actions/{team_ref} change-history"]


def test_staff_who_see_team_figures_see_who_it_was(servers, saved):
    private, _public = servers
    _url, team_ref = saved
    director = user_client(private, "director")
    assert "Recorded in the dashboard by tam.leaving.q7" in _page(director, f"/actions/{team_ref}")
    measure_page = _page(director, f"/indicator/{MEASURE}")
    assert "dee.director.q7" in measure_page and "zed.analyst.q7" in measure_page
