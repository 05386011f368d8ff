"""The administrators' pages (/admin/users and /admin/audit), their callbacks called directly,
and who reaches them over HTTP: only an administrator reaches either page, its callbacks or its
downloads."""

from __future__ import annotations

import csv
import io

import pytest
from dash import no_update
from flask import g
from flask import session as flask_session
from sqlalchemy import func, select
from werkzeug.exceptions import Forbidden

from dashboard import database
from dashboard.auth import Principal, password_key
from data_access import audit
from data_access.models import User
from data_access.users import authenticate, list_users
from tests.conftest import NEW_PASSWORD, as_role, make_app, sign_in, user_client, user_events

OTHER_ROLES = [
    ("viewer", ()),
    ("team_manager", ("front-door-mash",)),
    ("director", ()),
    ("analyst", ()),
]


@pytest.fixture
def app(empty_url, engine):
    """An app of its own, on the database with two teams and no users."""
    return make_app(empty_url)


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
        assert user_events(db) == [
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
        assert user_events(db)[-1][3] == (
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
    rows = everything["audit-log"].children.children[2].children
    assert len(rows) == 2
    assert "Sign-in refused" in _texts(rows[0]) and "director" in _texts(rows[0])
    assert "Signed in" in _texts(rows[1]) and "wrong details" in " ".join(_texts(rows[0]))
    assert len(refused["audit-log"].children.children[2].children) == 1
    assert refused["audit-kind"].value == "refused"
    assert (
        unknown["audit-kind"].value == "all"
        and len(unknown["audit-log"].children.children[2].children) == 2
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
        assert user_events(db) == []


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
