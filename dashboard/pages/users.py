"""The administrators' page of users (SPEC section 8): who has an account, and the forms to add
a user, change a user's role, teams or sign-in, and set a new password. Each save checks again
that the asker is an administrator, and is written to the audit log with who made it and from
which address."""

from __future__ import annotations

from collections.abc import Iterable

import dash
from dash import Input, Output, State, callback, clientside_callback, html, no_update
from dash.exceptions import PreventUpdate
from flask import request, session
from sqlalchemy.orm import Session

from dashboard import auth, database
from dashboard.auth import MANAGE_USERS, Principal
from dashboard.components.edit_forms import (
    FormIds,
    message_outputs,
    problem_message,
    saved_message,
)
from dashboard.components.user_forms import (
    ACTIVE,
    ADD,
    CHANGE,
    INACTIVE,
    PASSWORD,
    ROLE_LABELS,
    add_form,
    change_form,
    feedback,
    feedback_outputs,
    password_form,
    role_list,
    sentence,
    teams_group,
    unchanged_message,
    user_options,
    users_table,
)
from dashboard.shell import reads_database
from data_access.users import (
    TEAM_ROLE,
    UserRejected,
    change_user,
    create_user,
    list_users,
    set_password,
    team_choices,
)

dash.register_page(__name__, path="/admin/users", right=MANAGE_USERS, title="Users", name="Users")

TABLE_AREA = "users-table-area"
# The form field each refusal of data_access/users.py is about.
ADD_FIELDS = {"team": "teams"}
CHANGE_FIELDS = {"username": "user", "team": "teams"}
PASSWORD_FIELDS = {"username": "user"}


@reads_database
def layout(**_query) -> html.Div:
    with database.session() as db:
        users, teams = list_users(db), team_choices(db)
    return html.Div(
        [
            html.H1("Users"),
            html.P(
                "Everyone who can sign in to the dashboard, and what their role lets them do. "
                "Add a user, change a user's role or teams, deactivate or reactivate them, or "
                "set a new password. Every change is kept in the audit log.",
                className="lead",
            ),
            html.P(html.A("Read the audit log", href="/admin/audit")),
            html.H2("The roles", className="h4 mt-4"),
            role_list(),
            html.Section(
                [
                    html.H2("Everyone with an account", className="h4 mt-4"),
                    html.Div(users_table(users, teams), id=TABLE_AREA),
                ],
                **{"aria-label": "Everyone with an account"},
            ),
            add_form(teams),
            change_form(users, teams),
            password_form(users),
        ]
    )


def _administrator() -> Principal:
    """The asker, who must be an administrator, whatever the guard let through."""
    principal = auth.current()
    auth.require(principal.may(MANAGE_USERS))
    return principal


def _teams(role: str | None, ticked: Iterable[str] | None) -> list[str] | None:
    """The teams to save: a team manager's ticked ones; none for another role; or, with no
    role chosen, None, which keeps the user's own."""
    if role is None:
        return None
    return list(ticked or []) if role == TEAM_ROLE else []


def _refused(fields: dict[str, str], rejected: UserRejected) -> dict[str, str]:
    return {fields.get(rejected.field, rejected.field): sentence(rejected.message)}


def _problem(ids: FormIds, errors: dict[str, str], untouched: int) -> tuple:
    """What a form shows when nothing was saved; its `untouched` other outputs stay as they are."""
    return (*problem_message(ids, errors), *feedback(ids, errors), *(no_update,) * untouched)


def _refreshed(db: Session) -> tuple:
    """The table of users and the lists to choose a user from, after a change."""
    users = list_users(db)
    options = user_options(users)
    return users_table(users, team_choices(db)), options, options


REFRESHED = (
    Output(TABLE_AREA, "children", allow_duplicate=True),
    Output(CHANGE.field("user"), "options", allow_duplicate=True),
    Output(PASSWORD.field("user"), "options", allow_duplicate=True),
)


@callback(
    *message_outputs(ADD),
    *feedback_outputs(ADD),
    Output(ADD.field("username"), "value"),
    Output(ADD.field("role"), "value"),
    Output(ADD.field("teams"), "value"),
    Output(ADD.field("password"), "value"),
    *REFRESHED,
    Input(ADD.save, "n_clicks"),
    *(State(ADD.field(name), "value") for name in ADD.fields),
    prevent_initial_call=True,
)
def add_user(
    _clicks, username: str | None, role: str | None, teams: list[str] | None, password: str | None
):
    """Add the user and show them in the table; or say which fields to put right."""
    asker = _administrator()
    with database.session() as db:
        try:
            user = create_user(
                db,
                username or "",
                password or "",
                role or "",
                _teams(role, teams) or [],
                by=asker.username,
                address=request.remote_addr,
            )
        except UserRejected as rejected:
            return _problem(ADD, _refused(ADD_FIELDS, rejected), 7)
        refreshed = _refreshed(db)
    message = saved_message(
        f"{user.username} can now sign in, as {ROLE_LABELS[user.role].lower()}. The new user "
        "is in the table above."
    )
    emptied = ("", "viewer", [], "")  # ready for the next user
    return (*message, *feedback(ADD, {}), *emptied, *refreshed)


@callback(
    Output(CHANGE.field("role"), "value"),
    Output(CHANGE.field("teams"), "value"),
    Output(CHANGE.field("active"), "value"),
    Input(CHANGE.field("user"), "value"),
    prevent_initial_call=True,
)
def show_user(username: str | None):
    """The chosen user's role, teams and sign-in, ready to change."""
    _administrator()
    if not username:
        raise PreventUpdate
    with database.session() as db:
        found = list_users(db, username)
    if not found:
        raise PreventUpdate
    user = found[0]
    return user.role, list(user.teams), ACTIVE if user.active else INACTIVE


@callback(
    *message_outputs(CHANGE),
    *feedback_outputs(CHANGE),
    *REFRESHED,
    Input(CHANGE.save, "n_clicks"),
    *(State(CHANGE.field(name), "value") for name in CHANGE.fields),
    prevent_initial_call=True,
)
def save_change(
    _clicks,
    username: str | None,
    role: str | None,
    teams: list[str] | None,
    active: str | None,
):
    """Change the user's role, teams or sign-in; or say why not (never one's own admin role)."""
    asker = _administrator()
    if not username:
        return _problem(CHANGE, {"user": "Choose a user."}, 3)
    with database.session() as db:
        try:
            changed = change_user(
                db,
                username,
                role=role,
                teams=_teams(role, teams),
                active=None if active is None else active == ACTIVE,
                by=asker.username,
                address=request.remote_addr,
            )
        except UserRejected as rejected:
            return _problem(CHANGE, _refused(CHANGE_FIELDS, rejected), 3)
        refreshed = _refreshed(db)
    message = (
        saved_message(f"{username}'s account is changed. The change is in the audit log.")
        if changed
        else unchanged_message(username)
    )
    return (*message, *feedback(CHANGE, {}), *refreshed)


@callback(
    *message_outputs(PASSWORD),
    *feedback_outputs(PASSWORD),
    Output(PASSWORD.field("password"), "value"),
    Input(PASSWORD.save, "n_clicks"),
    *(State(PASSWORD.field(name), "value") for name in PASSWORD.fields),
    prevent_initial_call=True,
)
def save_password(_clicks, username: str | None, password: str | None):
    """Give the user a new password; an administrator setting their own stays signed in."""
    asker = _administrator()
    if not username:
        return _problem(PASSWORD, {"user": "Choose a user."}, 1)
    with database.session() as db:
        try:
            user = set_password(
                db,
                username,
                password or "",
                by=asker.username,
                address=request.remote_addr,
                keep=session.get("sid"),  # the asker's own, if it is their own password
            )
        except UserRejected as rejected:
            return _problem(PASSWORD, _refused(PASSWORD_FIELDS, rejected), 1)
    if user.username == asker.username:
        session["key"] = auth.password_key(user)  # this session goes on; any other ends
        said = "You have a new password. Your other sessions have ended."
    else:
        said = f"{user.username} has a new password. Their sessions have ended."
    return (*saved_message(said), *feedback(PASSWORD, {}), "")


for form in (ADD, CHANGE):
    # The teams are asked for only while the role is team manager.
    clientside_callback(
        f"function (role) {{ return role !== '{TEAM_ROLE}'; }}",
        Output(teams_group(form), "hidden"),
        Input(form.field("role"), "value"),
    )

for form in (ADD, CHANGE, PASSWORD):
    # After a save, focus moves to the message, so that it is read out and the keyboard goes
    # on from there.
    clientside_callback(
        f"""function (children) {{
            const message = document.getElementById("{form.message}");
            if (children && message) {{ setTimeout(() => message.focus(), 0); }}
            return window.dash_clientside.no_update;
        }}""",
        Output(form.message, "data-focused"),
        Input(form.message, "children"),
        prevent_initial_call=True,
    )
