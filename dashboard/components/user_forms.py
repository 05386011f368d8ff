"""The administrators' forms to add a user, change one, and set a new password, and the table
of users. Labelled fields with their errors beside them, as in edit_forms.py; no queries, and a
username is only ever shown as text."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import Output, html

from dashboard.components.change_history import local_time
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.edit_forms import FormIds, form_field
from data_access.users import PASSWORD_MIN, ROLES, TEAM_ROLE, UserRow

PAGE = "/admin/users"
USERS_TABLE = "users"

ADD = FormIds(
    "user-add", {"username": "Username", "role": "Role", "teams": "Teams", "password": "Password"}
)
CHANGE = FormIds(
    "user-change",
    {"user": "User", "role": "Role", "teams": "Teams", "active": "Can they sign in?"},
)
PASSWORD = FormIds("user-password", {"user": "User", "password": "New password"})
GROUPS = {"teams", "active"}  # a set of boxes: a fieldset with a legend, not one control

ROLE_LABELS = {
    "viewer": "Viewer",
    "team_manager": "Team manager",
    "director": "Director",
    "analyst": "Analyst",
    "admin": "Administrator",
}
ROLE_MEANINGS = {
    "viewer": "reads the authority's figures and plans; counts of 1 to 5 are hidden.",
    "team_manager": "also sees the figures and plans of their own teams and records progress "
    "on their teams' actions.",
    "director": "sees every team and writes commentary.",
    "analyst": "sees every team, writes commentary, sets targets and imports figures.",
    "admin": "can do everything an analyst can, records progress on any action, manages users "
    "and reads the audit log.",
}
ACTIVE, INACTIVE = "active", "inactive"
ROLE_OPTIONS = [{"label": ROLE_LABELS[role], "value": role} for role in ROLES]


def teams_group(ids: FormIds) -> str:
    """The id of a form's teams fieldset, shown only while the role is team manager."""
    return f"{ids.prefix}-teams-group"


def _group(ids: FormIds, name: str, control, hint: str | None = None, **props) -> html.Fieldset:
    """Boxes to tick or choose from, named by a legend; the error appears below them."""
    legend = html.Legend(ids.fields[name], className="form-label fw-bold fs-6 mb-1")
    parts = [legend] + ([html.Div(hint, className="form-text mt-0 mb-1")] if hint else [])
    feedback = dbc.FormFeedback(id=ids.error(name), type="invalid")
    return html.Fieldset([*parts, control, feedback], className="mb-3", **props)


def _form(ids: FormIds, heading: str, intro: str, fields: list, button: str) -> html.Section:
    return html.Section(
        [
            html.H2(heading, id=f"{ids.prefix}-form-heading", className="h4 mt-4"),
            html.P(intro),
            html.Div(id=ids.message, tabIndex="-1", **{"aria-live": "polite"}),
            *fields,
            dbc.Button(button, id=ids.save, type="button", color="primary", n_clicks=0),
        ],
        className="edit-form",
        style={"maxWidth": "48rem"},
        **{"aria-labelledby": f"{ids.prefix}-form-heading"},
    )


def _role(ids: FormIds, value: str | None) -> html.Div:
    control = dbc.Select(
        id=ids.field("role"), options=ROLE_OPTIONS, value=value, placeholder="Choose a user first"
    )
    return form_field(
        ids, "role", control, "What each role may do is listed at the top of the page."
    )


def _teams(ids: FormIds, teams: Sequence[tuple[str, str]], role: str | None) -> html.Fieldset:
    options = [{"label": name, "value": slug} for slug, name in teams]
    control = dbc.Checklist(
        id=ids.field("teams"), options=options, value=[], style={"columns": "18rem"}
    )
    hint = "A team manager sees the figures and plans of these teams only. Tick at least one."
    return _group(ids, "teams", control, hint, id=teams_group(ids), hidden=role != TEAM_ROLE)


def _password(ids: FormIds, hint: str) -> html.Div:
    control = dbc.Input(
        id=ids.field("password"), type="password", value="", autocomplete="new-password"
    )
    return form_field(ids, "password", control, hint)


def _user(ids: FormIds, users: Sequence[UserRow]) -> html.Div:
    control = dbc.Select(
        id=ids.field("user"), options=user_options(users), placeholder="Choose a user"
    )
    return form_field(ids, "user", control)


PASSWORD_HINT = (
    f"At least {PASSWORD_MIN} characters. Give it to them in person or by phone, not in the "
    "same email as their username."
)


def add_form(teams: Sequence[tuple[str, str]]) -> html.Section:
    """The form to add a user: username, role, a team manager's teams, and a first password."""
    username = dbc.Input(id=ADD.field("username"), type="text", value="", autocomplete="off")
    fields = [
        form_field(
            ADD, "username", username, "What they sign in with: no spaces, at most 60 characters."
        ),
        _role(ADD, "viewer"),
        _teams(ADD, teams, "viewer"),
        _password(ADD, PASSWORD_HINT),
    ]
    return _form(
        ADD,
        "Add a user",
        "They can sign in as soon as the user is saved.",
        fields,
        "Add the user",
    )


def change_form(users: Sequence[UserRow], teams: Sequence[tuple[str, str]]) -> html.Section:
    """The form to change a user's role and teams, or whether they can sign in."""
    active = dbc.RadioItems(
        id=CHANGE.field("active"),
        options=[
            {"label": "Yes", "value": ACTIVE},
            {"label": "No: deactivated, they cannot sign in", "value": INACTIVE},
        ],
        value=ACTIVE,
    )
    fields = [
        _user(CHANGE, users),
        _role(CHANGE, None),
        _teams(CHANGE, teams, None),
        _group(
            CHANGE,
            "active",
            active,
            "Deactivating a user ends their sessions at once; their name stays in the logs. "
            "You cannot deactivate yourself or take away your own administrator role.",
        ),
    ]
    return _form(
        CHANGE,
        "Change a user",
        "Choose a user to see their role, teams and whether they can sign in; change what "
        "you need and save. A change applies from the user's next click.",
        fields,
        "Save the change",
    )


def password_form(users: Sequence[UserRow]) -> html.Section:
    """The form to give a user a new password."""
    fields = [_user(PASSWORD, users), _password(PASSWORD, PASSWORD_HINT)]
    return _form(
        PASSWORD,
        "Set a new password",
        "For someone who has forgotten theirs. Their sessions signed in with the old password end.",
        fields,
        "Set the password",
    )


def user_options(users: Sequence[UserRow]) -> list[dict]:
    return [
        {
            "label": f"{user.username} ({ROLE_LABELS.get(user.role, user.role)}"
            + (", deactivated)" if not user.active else ")"),
            "value": user.username,
        }
        for user in users
    ]


def role_list() -> html.Dl:
    """What each role may do, in the users' words."""
    items = []
    for role in ROLES:
        items += [html.Dt(ROLE_LABELS[role]), html.Dd(ROLE_MEANINGS[role].capitalize())]
    return html.Dl(items)


def users_table(users: Sequence[UserRow], teams: Sequence[tuple[str, str]]) -> list:
    """The table of users, by username, and its download links."""
    names = dict(teams)
    rows = [
        [
            user.username,
            ROLE_LABELS.get(user.role, user.role),
            ", ".join(names.get(slug, slug) for slug in user.teams) or "None",
            "Yes" if user.active else "No: deactivated",
            html.Td(local_time(user.created_at), className="text-nowrap"),
        ]
        for user in users
    ]
    return [
        data_table(
            ["Username", "Role", "Teams", "Can sign in", "Added (UK time)"],
            rows,
            "Everyone who has an account, by username",
            row_headers=True,
            empty="No one has an account yet.",
            table_id=USERS_TABLE,
        ),
        download_links(PAGE, USERS_TABLE, "the users"),
    ]


def feedback_outputs(ids: FormIds) -> list[Output]:
    """The outputs that mark each field of a form right or wrong and say why, in order."""
    outputs = []
    for name in ids.fields:
        marked = "class_name" if name in GROUPS else "invalid"
        outputs += [Output(ids.field(name), marked), Output(ids.error(name), "children")]
    return outputs


def feedback(ids: FormIds, errors: dict[str, str]) -> list:
    """The values for `feedback_outputs`: whether each field is wrong, and its message."""
    values: list = []
    for name in ids.fields:
        wrong = name in errors
        if name in GROUPS:  # a fieldset's boxes are marked by a class, as Bootstrap shows it
            wrong = "is-invalid" if wrong else ""
        values += [wrong, errors.get(name, "")]
    return values


def sentence(text: str) -> str:
    """A refusal's reason as a sentence: 'must be ...' -> 'Must be ....'."""
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def unchanged_message(username: str) -> tuple[list, str, str]:
    return (
        [html.Strong("Nothing to change. "), f"{username} already has these settings."],
        "alert alert-info",
        "status",
    )
