"""The administrators' audit log (SPEC section 8): the newest sign-ins, refused sign-ins,
sign-outs and changes to users, with the changes made to actions, targets and commentary, newest
first; narrowed to one kind of event by `?kind=`."""

from __future__ import annotations

import dash
from dash import html

from dashboard import database
from dashboard.auth import MANAGE_USERS
from dashboard.components.audit_log import audit_table, chosen_kind, kind_form
from dashboard.shell import reads_database
from data_access.queries.audit import NEWEST, audit_log

dash.register_page(
    __name__, path="/admin/audit", right=MANAGE_USERS, title="Audit log", name="Audit log"
)


@reads_database
def layout(kind=None, **_query) -> html.Div:
    chosen = chosen_kind(kind)
    with database.session() as db:
        events = audit_log(db, chosen)
    return html.Div(
        [
            html.H1("Audit log"),
            html.P(
                f"The newest {NEWEST} events: who signed in and out, sign-ins that were "
                "refused, changes to users, and changes made to actions, targets and "
                "commentary. Nothing in it can be changed or deleted. Times are UK times.",
                className="lead",
            ),
            html.P(html.A("Manage users", href="/admin/users")),
            kind_form(chosen),
            html.Section(audit_table(events, chosen), **{"aria-label": "Events"}),
        ]
    )
