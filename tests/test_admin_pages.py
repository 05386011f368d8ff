"""The administrators' pages: managing users (data_access/users.py, /admin/users) and reading
the audit log (data_access/queries/audit.py, /admin/audit). Refusals name the field and write
nothing; no administrator can lock the system out; every change is logged without a password;
only an administrator reaches either page, its callbacks or its downloads."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from dash import no_update
from flask import g
from flask import session as flask_session
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import Forbidden

from dashboard import database
from dashboard.auth import Principal, password_key
from data_access import audit
from data_access.db import make_sessionmaker
from data_access.models import AuditEvent, Change, Team, User
from data_access.queries.audit import KINDS, audit_log
from data_access.users import (
    PASSWORD_MAX,
    UserRejected,
    authenticate,
    change_user,
    create_user,
    list_users,
    set_password,
)
from tests.conftest import PASSWORD, as_role, counted_queries, make_app, sign_in, user_client

NEW_PASSWORD = "a brand new password"
TEAMS = [
    ("duty-and-assessment", "Duty and assessment"),
    ("front-door-mash", "Front door (Multi-Agency Safeguarding Hub)"),
]
OTHER_ROLES = [
    ("viewer", ()),
    ("team_manager", ("front-door-mash",)),
    ("director", ()),
    ("analyst", ()),
]


@pytest.fixture
def engine(empty_engine) -> Engine:
    """An empty database with two teams."""
    with make_sessionmaker(empty_engine)() as db:
        db.add_all([Team(slug=slug, name=name, service="CSC") for slug, name in TEAMS])
        db.commit()
    return empty_engine


@pytest.fixture
def sessions(engine):
    return make_sessionmaker(engine)


@pytest.fixture
def app(empty_url, engine):
    """An app of its own, on the database with two teams and no users."""
    return make_app(empty_url)


def _events(db) -> list[tuple[str, str, str, str]]:
    rows = db.execute(
        select(AuditEvent.event, AuditEvent.username, AuditEvent.address, AuditEvent.detail)
        .where(AuditEvent.event.in_([audit.USER_CREATED, audit.USER_CHANGED]))
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def _all_details(db) -> str:
    return " ".join(db.scalars(select(AuditEvent.detail)))


# The data functions ------------------------------------------------------------------------


def test_list_users_gives_each_user_with_their_team_slugs_in_one_query(sessions, engine):
    with sessions() as db:
        create_user(db, "zoe", PASSWORD, "team_manager", ["front-door-mash", "duty-and-assessment"])
        create_user(db, "amir", PASSWORD, "director")
        create_user(db, "kim", PASSWORD, "team_manager", ["front-door-mash"])
    with sessions() as db, counted_queries(engine) as statements:
        users = list_users(db)
    assert len(statements) == 1
    assert [(u.username, u.role, u.teams, u.active) for u in users] == [
        ("amir", "director", (), True),
        ("kim", "team_manager", ("front-door-mash",), True),
        ("zoe", "team_manager", ("duty-and-assessment", "front-door-mash"), True),
    ]
    assert all(isinstance(user.created_at, datetime) for user in users)
    with sessions() as db:
        assert [u.username for u in list_users(db, " ZOE ")] == ["zoe"]
        assert list_users(db, "nobody") == []


def test_a_user_added_by_an_administrator_is_logged_without_the_password(sessions):
    with sessions() as db:
        create_user(db, "cli-made", PASSWORD, "admin")  # the command line: no one to log
        create_user(
            db, "Kim", PASSWORD, "team_manager", ["front-door-mash"], by="boss", address="10.0.0.9"
        )
        create_user(db, "amir", PASSWORD, "director", by="boss", address="10.0.0.9")
        assert _events(db) == [
            (
                audit.USER_CREATED,
                "boss",
                "10.0.0.9",
                "kim: role team_manager, teams front-door-mash",
            ),
            (audit.USER_CREATED, "boss", "10.0.0.9", "amir: role director"),
        ]
        assert PASSWORD not in _all_details(db)


def test_a_refused_user_is_not_logged(sessions):
    with sessions() as db:
        with pytest.raises(UserRejected, match="at least 12"):
            create_user(db, "kim", "too short", "viewer", by="boss", address="10.0.0.9")
        with pytest.raises(UserRejected, match=f"at most {PASSWORD_MAX}"):
            create_user(db, "kim", "x" * (PASSWORD_MAX + 1), "viewer", by="boss", address="1")
        assert _events(db) == [] and list_users(db) == []


def test_role_teams_and_sign_in_are_changed_and_each_change_logged(sessions):
    with sessions() as db:
        create_user(db, "boss", PASSWORD, "admin")
        create_user(db, "carol", PASSWORD, "director")
    with sessions() as db:
        say = {"by": "boss", "address": "10.0.0.9"}
        assert change_user(db, "Carol", role="analyst", **say) == "carol: role director -> analyst"
        assert change_user(db, "carol", role="team_manager", teams=["front-door-mash"], **say) == (
            "carol: role analyst -> team_manager; teams none -> front-door-mash"
        )
        # Teams not given stay as they are while the role has teams.
        assert change_user(db, "carol", teams=["duty-and-assessment", "front-door-mash"], **say)
        assert list_users(db, "carol")[0].teams == ("duty-and-assessment", "front-door-mash")
        assert change_user(db, "carol", active=False, **say) == "carol: deactivated"
    with sessions() as db:
        assert authenticate(db, "carol", PASSWORD) is None  # deactivated
        # A role without teams drops them.
        assert change_user(db, "carol", role="viewer", active=True, by="boss", address="1") == (
            "carol: role team_manager -> viewer; "
            "teams duty-and-assessment, front-door-mash -> none; reactivated"
        )
        assert authenticate(db, "carol", PASSWORD).role == "viewer"
        assert [event[3] for event in _events(db)] == [
            "carol: role director -> analyst",
            "carol: role analyst -> team_manager; teams none -> front-door-mash",
            "carol: teams front-door-mash -> duty-and-assessment, front-door-mash",
            "carol: deactivated",
            "carol: role team_manager -> viewer; teams duty-and-assessment, front-door-mash -> "
            "none; reactivated",
        ]
        assert {event[1] for event in _events(db)} == {"boss"}


def test_a_change_that_changes_nothing_is_not_logged(sessions):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
        assert change_user(db, "carol", role="director", active=True, by="boss", address="1") == ""
        assert _events(db) == []


@pytest.mark.parametrize(
    ("username", "change", "field", "says"),
    [
        ("nobody", {"role": "viewer"}, "username", "no user called 'nobody'"),
        ("carol", {"role": "superuser"}, "role", "'superuser' is not one of"),
        ("carol", {"role": "team_manager"}, "team", "at least one team"),
        ("carol", {"teams": ["front-door-mash"]}, "team", "only a team_manager has teams"),
        ("carol", {"role": "team_manager", "teams": ["no-such"]}, "team", "'no-such'"),
    ],
)
def test_each_refused_change_names_the_field_and_writes_nothing(
    sessions, username, change, field, says
):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
    with sessions() as db:
        with pytest.raises(UserRejected, match=says) as refused:
            change_user(db, username, **change, by="boss", address="1")
        assert refused.value.field == field
    with sessions() as db:
        assert list_users(db, "carol")[0].role == "director"
        assert _events(db) == []


def test_an_administrator_cannot_lock_themselves_out(sessions):
    with sessions() as db:
        create_user(db, "boss", PASSWORD, "admin")
        create_user(db, "deputy", PASSWORD, "admin")  # another admin does not make it allowed
    for change, field, says in [
        ({"active": False}, "active", "you cannot deactivate your own account"),
        ({"role": "analyst"}, "role", "you cannot take away your own administrator role"),
    ]:
        with sessions() as db:
            with pytest.raises(UserRejected, match=says) as refused:
                change_user(db, "boss", **change, by="Boss", address="1")
            assert refused.value.field == field
    with sessions() as db:
        assert list_users(db, "boss")[0].role == "admin" and list_users(db, "boss")[0].active
        assert _events(db) == []
        # Nothing that keeps them an active administrator is refused.
        assert change_user(db, "boss", role="admin", active=True, by="boss", address="1") == ""


def test_the_last_active_administrator_cannot_be_removed_by_anyone(sessions):
    with sessions() as db:
        create_user(db, "boss", PASSWORD, "admin")
        create_user(db, "former", PASSWORD, "admin")
        change_user(db, "former", active=False, by="boss", address="1")
    only = "'boss' is the only active administrator"
    for change in ({"active": False}, {"role": "director"}):
        with sessions() as db, pytest.raises(UserRejected, match=only):
            change_user(db, "boss", **change, by="someone else", address="1")
    with sessions() as db:
        create_user(db, "deputy", PASSWORD, "admin")
        assert change_user(db, "boss", role="director", by="deputy", address="1") == (
            "boss: role admin -> director"
        )


def test_a_new_password_replaces_the_old_and_only_that_it_was_set_is_logged(sessions):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
        before = list_users(db, "carol")
    with sessions() as db:
        user = set_password(db, " Carol", NEW_PASSWORD, by="boss", address="10.0.0.9")
        assert user.username == "carol"
    with sessions() as db:
        assert authenticate(db, "carol", PASSWORD) is None
        assert authenticate(db, "carol", NEW_PASSWORD) is not None
        assert list_users(db, "carol") == before  # nothing else changed
        assert _events(db) == [(audit.USER_CHANGED, "boss", "10.0.0.9", "carol: password set")]
        assert NEW_PASSWORD not in _all_details(db) and PASSWORD not in _all_details(db)


@pytest.mark.parametrize(
    ("username", "password", "field", "says"),
    [
        ("carol", "eleven char", "password", "at least 12 characters"),
        ("carol", "", "password", "at least 12 characters"),
        ("nobody", NEW_PASSWORD, "username", "no user called 'nobody'"),
    ],
)
def test_a_refused_password_names_the_field_and_writes_nothing(
    sessions, username, password, field, says
):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
    with sessions() as db:
        with pytest.raises(UserRejected, match=says) as refused:
            set_password(db, username, password, by="boss", address="1")
        assert refused.value.field == field
    with sessions() as db:
        assert authenticate(db, "carol", PASSWORD) is not None and _events(db) == []


# The audit log ---------------------------------------------------------------------------


def _logged(db, at: str, event: str, username: str) -> None:
    db.add(
        AuditEvent(
            at=datetime.fromisoformat(at), event=event, username=username, address="10.0.0.9"
        )
    )


def _changed(db, at: str, subject: str, ref: str, record: str, period=None) -> None:
    db.add(
        Change(
            changed_at=datetime.fromisoformat(at),
            changed_by="Analyst",
            subject=subject,
            subject_ref=ref,
            record=record,
            period_end=period,
            version=2,
            old_values='{"target": 80}',
            new_values='{"target": 85}',
        )
    )


def test_the_audit_log_merges_both_tables_newest_first_in_one_query(sessions, engine):
    with sessions() as db:
        _logged(db, "2026-01-01 09:00", audit.SIGNED_IN, "amir")
        _changed(db, "2026-01-01 09:05", "indicator", "8", "target")
        _logged(db, "2026-01-01 09:10", audit.SIGN_IN_REFUSED, "<b>typed</b>")
        _changed(db, "2026-01-01 09:15", "indicator", "9b", "commentary", date(2023, 5, 31))
        _logged(db, "2026-01-01 09:20", audit.SIGNED_OUT, "amir")
        db.commit()
    with sessions() as db, counted_queries(engine) as statements:
        events = audit_log(db)
    assert len(statements) == 1
    assert [(e.event, e.who) for e in events] == [
        (audit.SIGNED_OUT, "amir"),
        ("commentary", "Analyst"),
        (audit.SIGN_IN_REFUSED, "<b>typed</b>"),
        ("target", "Analyst"),
        (audit.SIGNED_IN, "amir"),
    ]
    commentary, target = events[1], events[3]
    assert (commentary.subject, commentary.subject_ref, commentary.period_end) == (
        "indicator",
        "9b",
        date(2023, 5, 31),
    )
    assert target.old_values == {"target": 80} and target.new_values == {"target": 85}
    assert events[0].address == "10.0.0.9" and target.address == ""
    with sessions() as db:
        assert [e.event for e in audit_log(db, limit=2)] == [audit.SIGNED_OUT, "commentary"]
        assert [e.event for e in audit_log(db, "records")] == ["commentary", "target"]
        assert [e.who for e in audit_log(db, "refused")] == ["<b>typed</b>"]
        assert audit_log(db, "users") == []
        with pytest.raises(ValueError, match="not a kind of event"):
            audit_log(db, "everything")


def test_every_kind_of_event_has_a_label_on_the_page():
    from dashboard.components.audit_log import EVERY_KIND, KIND_LABELS

    assert set(KIND_LABELS) == {EVERY_KIND, *KINDS}


def test_the_audit_log_refuses_updates_and_deletes(empty_engine):
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (at, event, username, address, detail) VALUES "
                "('2026-01-01 09:00:00', 'signed in', 'amir', '10.0.0.9', '')"
            )
        )
    for statement in ("UPDATE audit_event SET username = 'someone'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"), empty_engine.begin() as connection:
            connection.execute(text(statement))
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT username FROM audit_event")).scalars().all() == [
            "amir"
        ]


# The pages and their callbacks, called directly --------------------------------------------


def _texts(component) -> list[str]:
    """Every piece of text in a component tree, as a person would read it."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [piece for child in component for piece in _texts(child)]
    children = getattr(component, "children", None)
    return _texts(children) if children is not None else []


def _add(app, asker: str = "admin", **fields):
    from dashboard.pages import users

    values = {"username": "kim", "role": "director", "teams": [], "password": NEW_PASSWORD}
    values.update(fields)
    with as_role(app.server, "/admin/users", asker):
        return users.add_user(1, *(values[name] for name in users.ADD.fields))


def test_the_users_page_lists_the_users_and_has_the_three_forms(app):
    from dashboard.pages import users

    _add(app, username="kim", role="team_manager", teams=["front-door-mash"])
    with as_role(app.server, "/admin/users"):
        page = users.layout()
    words = " ".join(_texts(page))
    assert "kim" in words and "Front door (Multi-Agency Safeguarding Hub)" in words
    assert page["users"].id == "users"  # the table, downloadable
    for heading in ("Add a user", "Change a user", "Set a new password"):
        assert heading in words
    for ids in (users.ADD, users.CHANGE, users.PASSWORD):
        for name in ids.fields:
            page[ids.field(name)]  # every field is there, with its error beside it
            page[ids.error(name)]


def test_adding_a_user_saves_logs_and_lists_them(app):
    shown = _add(app, username="Kim", role="team_manager", teams=["front-door-mash"])
    message, tone, role, *feedback = shown[: 3 + 8]
    assert _texts(message) == [
        "Saved. ",
        "kim can now sign in, as team manager. The new user is in the table above.",
    ]
    assert (tone, role) == ("alert alert-success", "status")
    assert not any(feedback[0::2]) and feedback[1::2] == ["", "", "", ""]
    username, role, teams, password, table, change_options, password_options = shown[11:]
    assert (username, role, teams, password) == ("", "viewer", [], "")
    assert "kim" in _texts(table)
    assert [o["value"] for o in change_options] == ["kim"] == [o["value"] for o in password_options]
    with app.server.app_context(), database.session() as db:
        assert _events(db) == [
            (
                audit.USER_CREATED,
                "admin (tests)",
                "unknown",  # a test request has no address; over HTTP it has (see below)
                "kim: role team_manager, teams front-door-mash",
            )
        ]


@pytest.mark.parametrize(
    ("fields", "wrong", "says"),
    [
        ({"password": "too short"}, "password", "Must be at least 12 characters long."),
        ({"username": "two words"}, "username", "Must not contain spaces."),
        ({"role": "team_manager", "teams": []}, "teams", "A team_manager needs at least one team."),
    ],
)
def test_a_refused_user_is_named_beside_its_field_and_nothing_else_changes(
    app, fields, wrong, says
):
    from dashboard.pages import users

    shown = _add(app, **fields)
    message, tone, role = shown[:3]
    assert (tone, role) == ("alert alert-danger", "alert")
    assert f"{users.ADD.fields[wrong]}: {says}" in _texts(message)
    feedback = dict(zip(users.ADD.fields, zip(shown[3:11:2], shown[4:11:2])))
    marked = "is-invalid" if wrong == "teams" else True
    assert feedback[wrong] == (marked, says)
    assert all(not mark and not said for name, (mark, said) in feedback.items() if name != wrong)
    assert list(shown[11:]) == [no_update] * 7  # the typed values and the table stay


def test_a_username_with_markup_is_shown_as_text(app):
    from dashboard.pages import users

    _add(app, username="<img/src=x>")
    with as_role(app.server, "/admin/users"):
        page = users.layout()
    assert "<img/src=x>" in _texts(page["users"])  # a string child: React escapes it
    assert "Markdown" not in str(page) and "dangerously" not in str(page)


def test_the_change_form_shows_the_chosen_user_and_saves_a_change(app):
    from dashboard.pages import users

    _add(app, username="kim", role="team_manager", teams=["front-door-mash"])
    with as_role(app.server, "/admin/users"):
        assert users.show_user("kim") == ("team_manager", ["front-door-mash"], "active")
        shown = users.save_change(1, "kim", "director", ["front-door-mash"], "inactive")
    message, tone = shown[:2]
    assert tone == "alert alert-success"
    assert "kim's account is changed. The change is in the audit log." in _texts(message)
    assert "No: deactivated" in _texts(shown[-3])
    assert shown[-1][0]["label"] == "kim (Director, deactivated)"
    with app.server.app_context(), database.session() as db:
        assert _events(db)[-1][3] == (
            "kim: role team_manager -> director; teams front-door-mash -> none; deactivated"
        )
    with as_role(app.server, "/admin/users"):
        again = users.save_change(2, "kim", "director", [], "inactive")
        assert "Nothing to change. " in _texts(again[0]) and again[1] == "alert alert-info"
        unchosen = users.save_change(3, None, None, [], "active")
        assert "User: Choose a user." in _texts(unchosen[0])


def _as_signed_in_admin(app, username: str):
    """Inside `as_role`: the principal of a real administrator, as the guard would make it."""
    with database.session() as db:
        user = db.scalar(select(User).where(User.username == username))
    g.principal = Principal("admin", user.username, frozenset(), user.id)
    return user


def test_an_administrator_cannot_deactivate_themselves_or_drop_their_admin_role(app):
    from dashboard.pages import users

    _add(app, username="boss", role="admin")
    _add(app, username="deputy", role="admin")
    with as_role(app.server, "/admin/users"):
        _as_signed_in_admin(app, "boss")
        off = users.save_change(1, "boss", "admin", [], "inactive")
        demoted = users.save_change(2, "boss", "analyst", [], "active")
    assert off[1] == "alert alert-danger"
    assert (
        "Can they sign in?: You cannot deactivate your own account: ask another administrator, "
        "so that someone can always manage users." in _texts(off[0])
    )
    assert "Role: You cannot take away your own administrator role" in " ".join(_texts(demoted[0]))
    with app.server.app_context(), database.session() as db:
        assert [(u.role, u.active) for u in list_users(db, "boss")] == [("admin", True)]


def test_a_new_password_is_set_and_an_administrators_own_session_goes_on(app):
    from dashboard.pages import users

    _add(app, username="boss", role="admin")
    _add(app, username="carol", role="director")
    with as_role(app.server, "/admin/users"):
        short = users.save_password(1, "carol", "short")
        assert "New password: Must be at least 12 characters long." in _texts(short[0])
        assert short[-1] is no_update
        boss = _as_signed_in_admin(app, "boss")
        flask_session["key"] = password_key(boss)
        set_for_carol = users.save_password(2, "carol", "carol's new password")
        assert set_for_carol[1] == "alert alert-success" and set_for_carol[-1] == ""
        own = users.save_password(3, "boss", "boss's new password!")
        assert "You have a new password. Your other sessions have ended." in _texts(own[0])
        with database.session() as db:
            boss = db.scalar(select(User).where(User.username == "boss"))
            assert flask_session["key"] == password_key(boss)  # this session is kept
            assert authenticate(db, "carol", "carol's new password") is not None


def test_the_callbacks_check_the_right_themselves(app):
    from dashboard.pages import users

    for role in ("director", "analyst", "viewer"):
        with pytest.raises(Forbidden):
            _add(app, asker=role)
        with as_role(app.server, "/admin/users", role):
            for call in (
                lambda: users.save_change(1, "kim", "viewer", [], "active"),
                lambda: users.save_password(1, "kim", NEW_PASSWORD),
                lambda: users.show_user("kim"),
            ):
                with pytest.raises(Forbidden):
                    call()


def test_the_audit_page_lists_sign_ins_and_can_be_narrowed(app):
    from dashboard.pages import audit as audit_page

    user_client(app.server, "director")
    sign_in(app.server, "director", "not the password")
    with as_role(app.server, "/admin/audit"):
        everything = audit_page.layout()
        refused = audit_page.layout(kind="refused")
        unknown = audit_page.layout(kind="<script>")
    rows = everything["audit-log"].children[2].children
    assert len(rows) == 2
    assert "Sign-in refused" in _texts(rows[0]) and "director" in _texts(rows[0])
    assert "Signed in" in _texts(rows[1]) and "wrong details" in " ".join(_texts(rows[0]))
    assert len(refused["audit-log"].children[2].children) == 1
    assert refused["audit-kind"].value == "refused"
    assert (
        unknown["audit-kind"].value == "all" and len(unknown["audit-log"].children[2].children) == 2
    )


# Who reaches the pages, their callbacks and downloads, over HTTP --------------------------


def _callback_body(app, name: str) -> dict:
    """The request the browser sends for callback `name`, with its real output id."""
    key, entry = next(
        (key, entry)
        for key, entry in app.callback_map.items()
        if "callback" in entry and entry["callback"].__name__ == name
    )
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1))) for part in key.strip(".").split("...")
    ]
    return {
        "output": key,
        "outputs": outputs,
        "inputs": [{**item, "value": 1} for item in entry["inputs"]],
        "state": [{**item, "value": None} for item in entry["state"]],
        "changedPropIds": [f"{entry['inputs'][0]['id']}.{entry['inputs'][0]['property']}"],
    }


CALLBACKS = ("add_user", "show_user", "save_change", "save_password")
DOWNLOADS = (
    "/download?page=/admin/users&table=users&format=csv",
    "/download?page=/admin/audit&table=audit-log&format=csv",
    "/download?page=/admin/audit&table=audit-log&format=xlsx&kind=sign-ins",
)


def _bodies(app) -> list[dict]:
    user_client(app.server).get("/admin/users")  # Dash makes its callback map on first use
    return [_callback_body(app, name) for name in CALLBACKS]


def test_only_an_administrator_reaches_the_pages_callbacks_and_downloads(app):
    bodies = _bodies(app)
    for role, teams in OTHER_ROLES:
        client = user_client(app.server, role, teams)
        for path in ("/admin/users", "/admin/audit", "/admin/audit?kind=users"):
            assert client.get(path).status_code == 403, (role, path)
        for body in bodies:
            response = client.post("/_dash-update-component", json=body)
            assert response.status_code == 403, (role, body["output"])
        for path in DOWNLOADS:
            assert client.get(path).status_code == 403, (role, path)
    with app.server.app_context(), database.session() as db:
        assert _events(db) == []


def test_someone_not_signed_in_is_sent_to_sign_in_and_gets_no_data(app, empty_url):
    bodies = _bodies(app)
    anonymous = app.server.test_client()
    for path in ("/admin/users", "/admin/audit"):
        response = anonymous.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == f"/login?next={path}"
    for body in bodies:
        assert anonymous.post("/_dash-update-component", json=body).status_code == 401
    for path in DOWNLOADS:
        assert anonymous.get(path).status_code == 401
    # On a public site, an anonymous visitor is a viewer: refused all the same.
    public = make_app(empty_url, PUBLIC_VIEW=True).server.test_client()
    for path in ("/admin/users", "/admin/audit", *DOWNLOADS):
        assert public.get(path).status_code == 403, path


def test_an_administrator_saves_through_the_callback_and_downloads_the_log(app):
    bodies = dict(zip(CALLBACKS, _bodies(app)))
    admin = user_client(app.server)
    body = bodies["add_user"]
    body["state"] = [
        {**item, "value": value}
        for item, value in zip(body["state"], ["kim", "viewer", [], NEW_PASSWORD])
    ]
    response = admin.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert response.json["response"]["user-add-message"]["className"] == "alert alert-success"
    assert admin.get("/admin/users").status_code == 200
    assert admin.get("/admin/audit").status_code == 200

    response = admin.get(DOWNLOADS[1])
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["When (UK time)", "Who", "What", "Detail", "Address"]
    assert rows[1][1:] == ["admin", "User created", "kim: role viewer", "127.0.0.1"]
    assert rows[2][1:] == ["admin", "Signed in", "", "127.0.0.1"]
    response = admin.get("/download?page=/admin/users&table=users&format=csv")
    users_rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row[:4] for row in users_rows[1:]] == [
        ["admin", "Administrator", "None", "Yes"],
        ["kim", "Viewer", "None", "Yes"],
    ]
    with app.server.app_context(), database.session() as db:
        assert db.scalar(select(func.count()).select_from(User)) == 2
