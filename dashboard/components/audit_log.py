"""The audit log's table and its choice of which kind of event to show: when (UK time), who,
what, and the detail or values before and after, and the address. No queries; every value,
a typed username included, is shown as text."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.change_history import local_time, values_text
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from data_access.queries.audit import KINDS, NEWEST, LoggedEvent
from data_access.queries.changes import ACTION

PAGE = "/admin/audit"
AUDIT_TABLE = "audit-log"
KIND = "audit-kind"
EVERY_KIND = "all"  # not "": a select shows "" as no choice at all
KIND_LABELS = {
    EVERY_KIND: "Every kind of event",
    "sign-ins": "Sign-ins",
    "refused": "Refused sign-ins",
    "sign-outs": "Sign-outs",
    "users": "Changes to users",
    "records": "Changes to actions, targets and commentary",
}


def chosen_kind(kind) -> str | None:
    """The kind of event the address asks for; None (every kind) for anything unknown."""
    if isinstance(kind, list):  # a name repeated in the address: keep the last
        kind = kind[-1] if kind else None
    return kind if isinstance(kind, str) and kind in KINDS else None


def kind_form(kind: str | None) -> html.Form:
    """A plain form that opens the page again with `?kind=`; the downloads follow it."""
    return html.Form(
        dbc.Row(
            [
                dbc.Col(
                    [
                        dbc.Label("Show", html_for=KIND, className="fw-bold mb-1"),
                        dbc.Select(
                            id=KIND,
                            name="kind",
                            options=[
                                {"label": label, "value": value}
                                for value, label in KIND_LABELS.items()
                            ],
                            value=kind or EVERY_KIND,
                        ),
                    ],
                    md=6,
                ),
                dbc.Col(
                    dbc.Button(
                        "Show these events", id=f"{KIND}-show", type="submit", color="primary"
                    ),
                    md=6,
                ),
            ],
            className="align-items-end g-2",
        ),
        method="get",
        action=PAGE,
        className="mb-3",
        **{"aria-label": "Which events to show"},
    )


def _record(event: LoggedEvent) -> list:
    """What a change to an action or measure was to, linked to its page."""
    if event.subject == ACTION:
        name, href = f"action {event.subject_ref}", f"/actions/{event.subject_ref}"
    else:
        name, href = f"measure {event.subject_ref}", f"/indicator/{event.subject_ref}"
    period = f" for the period to {event.period_end:%-d %B %Y}" if event.period_end else ""
    joined = "of" if event.event == "target" else "on"  # "Target of ...", "Commentary on ..."
    whose = f", {event.detail}" if event.detail else ""  # a team's commentary: "team fostering"
    return [f"{event.event.capitalize()} {joined} ", html.A(name, href=href), whose, period]


def _row(event: LoggedEvent) -> list:
    pre_line = {"whiteSpace": "pre-line"}
    if event.subject is None:
        what, detail = event.event.capitalize(), event.detail
    else:
        what = _record(event)
        detail = (
            f"Before:\n{values_text(event.old_values)}\nAfter:\n{values_text(event.new_values)}"
        )
    return [
        html.Td(local_time(event.at), className="text-nowrap"),
        event.who,
        what,
        html.Td(detail, style=pre_line),
        event.address or "Not recorded",
    ]


def audit_table(events: Sequence[LoggedEvent], kind: str | None) -> list:
    """The table of events, newest first, and its download links."""
    shown = KIND_LABELS[kind or EVERY_KIND].lower()
    caption = (
        f"The newest {NEWEST} events of the audit log ({shown}), newest first"
        if len(events) >= NEWEST
        else f"The audit log ({shown}), newest first"
    )
    return [
        data_table(
            ["When (UK time)", "Who", "What", "Detail", "Address"],
            [_row(event) for event in events],
            caption,
            empty="No events of this kind have been logged yet.",
            table_id=AUDIT_TABLE,
        ),
        download_links(PAGE, AUDIT_TABLE, "the audit log"),
    ]
