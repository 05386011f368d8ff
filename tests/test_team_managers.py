"""Team managers: where they land after signing in, their team's commentary (who may write it,
and its history), and the red measures that no open action addresses."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.auth import Principal, landing_page, my_team_link
from dashboard.components.open_actions import NO_OPEN_ACTION
from data_access.edits import EditConflict, EditRejected, write_commentary
from data_access.models import Change, Commentary
from data_access.queries.audit import RECORDS, audit_log
from data_access.queries.changes import INDICATOR, changes, team_commentary_changes
from data_access.queries.commentary import (
    commentary_periods,
    team_commentary_periods,
    teams_commentary,
)
from data_access.queries.links import AimedAction, actions_aimed_at
from data_access.queries.teams import team_commentary
from tests.background_calls import callback_body
from tests.conftest import (
    PASSWORD,
    form_token,
    make_app,
    seeded_database,
    sign_in,
    user_client,
)
from tests.test_access_paths import _router, _shown, _variants

TEAM, OTHER = "disabled-children", "cared-for-children"
DUTY = "duty-and-assessment"  # has figures of its own for measure 8
NEWEST = date(2023, 3, 31)  # the newest team figures of the sample


@pytest.fixture(scope="module")
def people(backend, tmp_path_factory):
    """The app on a sample database of this module's own (its tests write commentary), with
    the first request made, so that Dash has gathered its callbacks."""
    url, engine = seeded_database(backend, "people", tmp_path_factory)
    app = make_app(url)
    app.server.test_client().get("/healthz")
    yield app, engine
    engine.dispose()


# Where a team manager lands


def test_a_team_manager_lands_on_their_own_team_and_others_on_the_scorecard():
    assert landing_page("team_manager", ["fostering"]) == "/teams/fostering"
    assert landing_page("team_manager", ["leaving-care", "fostering"]) == "/teams/fostering"
    assert landing_page("team_manager", []) == "/"
    assert landing_page("director", []) == "/"
    one = Principal("team_manager", "a", frozenset({"fostering"}), 1)
    two = Principal("team_manager", "b", frozenset({"fostering", "leaving-care"}), 2)
    assert my_team_link(one) == ("My team", "/teams/fostering")
    assert my_team_link(two) == ("My teams", "/teams")
    assert my_team_link(Principal("director", "c", frozenset(), 3)) is None


def test_after_sign_in_a_team_manager_opens_their_team_unless_they_asked_for_a_page(people):
    app, _engine = people
    user_client(app.server, "team_manager", (TEAM,), username="landing-manager")
    client, response = sign_in(app.server, "landing-manager")
    assert response.status_code == 303 and response.headers["Location"] == f"/teams/{TEAM}"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    drawn = _router(client, f"/teams/{TEAM}")
    assert "Disabled children" in drawn.text and NO_OPEN_ACTION in drawn.text
    # Asked for a page before signing in: that page, as for anyone.
    form = app.server.test_client()
    token = form_token(form, "/login?next=/actions")
    data = {"csrf_token": token, "username": "landing-manager", "password": PASSWORD}
    asked = form.post("/login", data={**data, "next": "/actions"})
    assert asked.headers["Location"] == "/actions"
    user_client(app.server, "director")
    _director, response = sign_in(app.server, "director")
    assert response.headers["Location"] == "/"


def _drawn(client, path: str) -> str:
    """The page drawn at `path`, as JSON with its slashes as they are."""
    return json.dumps(_router(client, path).get_json())


def _frame(client) -> str:
    """The header and navigation round every page, as JSON with its slashes as they are."""
    return json.dumps(client.get("/_dash-layout").get_json())


def test_my_team_leads_a_team_manager_to_their_team_first_in_the_navigation(people):
    app, _engine = people
    client = user_client(app.server, "team_manager", (TEAM,), username="nav-manager")
    frame = _frame(client)
    assert '"My team"' in frame and f'"/teams/{TEAM}"' in frame and '"Teams"' not in frame
    assert frame.index('"My team"') < frame.index('"Scorecard"')
    director = _frame(user_client(app.server, "director"))
    assert '"My team"' not in director and '"Teams"' in director


def test_every_spelling_of_another_team_s_page_is_refused_to_a_team_manager(people):
    app, _engine = people
    client = user_client(app.server, "team_manager", (TEAM,), username="spelling-manager")
    for variant in _variants(f"/teams/{OTHER}"):
        assert not _shown(_router(client, variant)), variant
    for variant in _variants(f"/teams/{TEAM}")[:4]:  # spellings Dash serves as the page itself
        assert _shown(_router(client, variant)), variant


# Team commentary: who may write it


def _save_body(app, team: str, ref: str | None, text, versions: dict | None = None) -> dict:
    rows = _periods(app, team)
    state = {
        "team": team,
        "periods": {p.ref: p.period_end.isoformat() for p in rows},
        "versions": versions if versions is not None else {p.ref: p.version for p in rows},
        "texts": {},
    }
    return callback_body(app, "save_team_commentary", [1, state, ref, text])


def _periods(app, team: str):
    from dashboard import database

    with app.server.app_context(), database.session() as db:
        return team_commentary_periods(db, team)


def _count(engine) -> int:
    with Session(engine) as db:
        return db.scalar(select(func.count()).select_from(Commentary))


def test_only_the_team_s_managers_and_those_who_see_every_team_write_its_commentary(people):
    app, engine = people
    mine = user_client(app.server, "team_manager", (TEAM,), username="writing-manager")
    theirs = user_client(app.server, "team_manager", (OTHER,), username="other-manager")
    viewer, director = user_client(app.server, "viewer"), user_client(app.server, "director")
    before = _count(engine)
    body = _save_body(app, TEAM, "25", "Caseloads are high: two posts are vacant.")
    for client in (theirs, viewer):
        refused = client.post("/_dash-update-component", json=body)
        assert refused.status_code == 403, refused.text
    assert _count(engine) == before
    saved = mine.post("/_dash-update-component", json=body)
    assert saved.status_code == 200 and "Saved." in saved.text
    assert "Caseloads are high" in saved.text
    assert _count(engine) == before + 1
    # A team manager who names another team in the form's state is refused, whatever it says.
    forged = _save_body(app, OTHER, "26", "Not my team.")
    assert mine.post("/_dash-update-component", json=forged).status_code == 403
    assert theirs.post("/_dash-update-component", json=forged).status_code == 200
    assert director.post("/_dash-update-component", json=forged).status_code == 200
    # A measure that is not one of the team's: said, and nothing written.
    not_ours = _save_body(app, TEAM, "3c", "Not a team measure.")
    answer = mine.post("/_dash-update-component", json=not_ours)
    assert answer.status_code == 200 and "Choose one of the team" in answer.text
    assert _count(engine) == before + 2


@pytest.mark.parametrize(
    "state",
    [
        {"team": TEAM, "periods": {"25": "2023-03-31"}, "versions": {"25": "1"}, "texts": {}},
        {"team": 7, "periods": {}, "versions": {}, "texts": {}},
        {"team": TEAM, "periods": {}, "versions": {}},
        {"team": TEAM, "periods": {}, "versions": {}, "texts": {}, "extra": 1},
        "team",
        None,
    ],
)
def test_forged_inputs_to_the_team_s_commentary_are_refused(people, state):
    app, engine = people
    mine = user_client(app.server, "team_manager", (TEAM,), username="forging-manager")
    before = _count(engine)
    body = callback_body(app, "save_team_commentary", [1, state, "25", "Forged."])
    assert mine.post("/_dash-update-component", json=body).status_code == 400
    bad_text = callback_body(app, "save_team_commentary", [1, {}, "25", ["not", "text"]])
    assert mine.post("/_dash-update-component", json=bad_text).status_code == 400
    assert _count(engine) == before


# Team commentary: its history


def test_team_commentary_is_kept_with_its_history_apart_from_the_authority_s(people):
    _app, engine = people
    with Session(engine) as db:
        [row] = [p for p in team_commentary_periods(db, DUTY) if p.ref == "8"]
        version = row.version
        assert row.period_end == NEWEST and row.label
        first = write_commentary(db, "8", NEWEST, "First words.", "a-manager", version, team=DUTY)
        second = write_commentary(db, "8", NEWEST, "Second words.", "a-manager", first, team=DUTY)
        assert second == first + 1
        with pytest.raises(EditConflict) as conflict:
            write_commentary(db, "8", NEWEST, "Stale.", "someone", first, team=DUTY)
        assert [c.new_values["text"] for c in conflict.value.changes_since] == ["Second words."]
        history = team_commentary_changes(db, DUTY)
        assert [(c.measure, c.new_values["text"]) for c in history[:2]] == [
            ("8", "Second words."),
            ("8", "First words."),
        ]
        assert history[0].old_values["text"] == "First words."
        # The authority's commentary and its history are untouched.
        assert all(c.new_values.get("text") != "Second words." for c in changes(db, INDICATOR, "8"))
        assert changes(db, INDICATOR, "8", team=DUTY)[0].new_values["text"] == "Second words."
        authority = {p.period_end: p for p in commentary_periods(db, "8")}
        assert authority[NEWEST].text != "Second words."
        latest = {note.ref: note.text for note in team_commentary(db, DUTY)}
        assert latest["8"] == "Second words."
        assert {n.team: n.text for n in teams_commentary(db, "8")}[DUTY] == "Second words."
        rows = db.scalars(select(Change.team).where(Change.subject_ref == "8")).all()
        assert DUTY in rows
        logged = [event for event in audit_log(db, RECORDS) if event.subject_ref == "8"]
        assert logged[0].detail == f"team {DUTY}" and logged[0].event == "commentary"


def test_team_commentary_refuses_what_cannot_be_saved_and_writes_nothing(people):
    _app, engine = people
    with Session(engine) as db:
        before = db.scalar(select(func.count()).select_from(Change))
        cases = [
            ({"ref": "3c"}, "measure"),  # not one of the team's measures
            ({"team": "no-such-team"}, "team"),
            ({"period_end": date(2001, 1, 31)}, "period"),  # no team figure then
            ({"text": "  "}, "text"),
        ]
        for change, field in cases:
            arguments = {"ref": "8", "period_end": NEWEST, "text": "Words.", "team": DUTY}
            arguments |= change
            with pytest.raises(EditRejected) as rejected:
                write_commentary(
                    db,
                    arguments["ref"],
                    arguments["period_end"],
                    arguments["text"],
                    "a-manager",
                    0,
                    team=arguments["team"],
                )
            assert field in rejected.value.errors, (change, rejected.value.errors)
        assert db.scalar(select(func.count()).select_from(Change)) == before


def test_the_measure_page_shows_each_team_s_commentary_only_to_those_who_see_the_team(people):
    app, engine = people
    with Session(engine) as db:
        [row] = [p for p in team_commentary_periods(db, TEAM) if p.ref == "26"]
        write_commentary(
            db, "26", NEWEST, "Changes of worker: a new rota.", "m", row.version, team=TEAM
        )
    words = "Changes of worker: a new rota."
    mine = user_client(app.server, "team_manager", (TEAM,), username="reading-manager")
    theirs = user_client(app.server, "team_manager", (OTHER,), username="other-reader")
    assert words in _drawn(mine, "/indicator/26")
    assert words in _drawn(user_client(app.server, "director"), "/indicator/26")
    assert words not in _drawn(theirs, "/indicator/26")
    assert words not in _drawn(user_client(app.server, "viewer"), "/indicator/26")


# Red measures without an open action


def test_the_actions_aimed_at_a_measure_come_with_their_status_and_teams(seeded_engine):
    with Session(seeded_engine) as db:
        aimed = actions_aimed_at(db, ["3c", "19b", "25"])
    assert aimed["3c"] == [AimedAction("B4", "blue", ("front-door-mash",))]
    assert [a.ref for a in aimed["19b"]] == ["E7"]
    assert [a.for_team("cared-for-children") for a in aimed["19b"]] == [True]
    assert [a.for_team(TEAM) for a in aimed["19b"]] == [False]
    assert all(a.for_team(TEAM) for a in aimed["25"] if not a.teams)  # the authority's own
    assert actions_aimed_at(db, []) == {}


def test_a_red_measure_whose_only_action_is_complete_says_no_open_action_addresses_it(people):
    app, _engine = people
    director = user_client(app.server, "director")
    measure = _drawn(director, "/indicator/3c")
    assert (
        "Red" in measure and NO_OPEN_ACTION in measure and "1 linked action is complete" in measure
    )
    assert NO_OPEN_ACTION not in _drawn(director, "/indicator/8")  # not red
    clinic = _drawn(director, "/clinic")
    assert NO_OPEN_ACTION in clinic
    team = _drawn(director, f"/teams/{OTHER}")
    assert "/actions/E7" in team  # its red 19b: the team's own action, open


def test_the_flag_is_said_only_for_a_red_measure_with_no_open_action():
    from dashboard.action_progress import unaddressed

    assert unaddressed("red", [])
    assert unaddressed("red", ["blue", "blue"])
    assert not unaddressed("red", ["blue", "not_started"])
    assert not unaddressed("amber", [])
    assert not unaddressed(None, [])
