"""The action tracker: every action of every plan, with the BRAG split of their statuses."""

from __future__ import annotations

import dash
from dash import html

from dashboard import database
from dashboard.action_progress import brag_split
from dashboard.components.badges import STATUS_STYLES, status_badge
from dashboard.components.linked_items import PRE_LINE, action_link, captioned_table, date_text
from dashboard.shell import reads_database
from data_access.queries.actions import ActionCounts, TrackerRow, action_counts, action_tracker
from data_access.queries.plans import as_at

dash.register_page(__name__, path="/actions", title="Action tracker", name="Actions")

BRAG_NAMES = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "blue": "Blue",
    "not_started": "Not started",
}


def _split_bar(counts: ActionCounts) -> html.Div:
    """The split drawn as one bar; decorative, because the table beside it says it all."""
    segments = [
        html.Div(
            className=f"brag-segment {STATUS_STYLES[share.status][2]}",
            style={"width": f"{100 * share.count / counts.total}%", "height": "100%"},
        )
        for share in brag_split(counts.by_status)
        if share.count
    ]
    return html.Div(
        segments,
        className="brag-bar",
        style={
            "display": "flex",
            "height": "1.5rem",
            "maxWidth": "40rem",
            "border": "1px solid #1b1b1b",
            "marginBottom": "1rem",
        },
        **{"aria-hidden": "true"},
    )


def _split(counts: ActionCounts, on_text: str) -> html.Section:
    shares = brag_split(counts.by_status)
    rows = [
        html.Tr(
            [
                html.Td(BRAG_NAMES[share.status]),
                html.Td(status_badge(share.status)),
                html.Td(f"{share.count:,}", className="text-end"),
                html.Td(f"{share.percent}%", className="text-end"),
            ]
        )
        for share in shares
    ]
    in_words = ", ".join(f"{share.percent}% {BRAG_NAMES[share.status].lower()}" for share in shares)
    body = [
        html.P(f"Of {counts.total:,} actions: {in_words}."),
        captioned_table(
            f"Status of all {counts.total:,} actions",
            ["BRAG", "Status", "Actions", "Share"],
            rows,
            numbers=("Actions", "Share"),
            className="w-auto",
        ),
        html.P(
            [
                html.Strong(f"{counts.overdue:,} overdue"),
                f" {on_text}: past their due date and not complete.",
            ]
        ),
    ]
    if counts.total:
        body.insert(1, _split_bar(counts))
    return html.Section(
        [html.H2("BRAG split", className="h4 mt-4"), *body], **{"aria-label": "BRAG split"}
    )


def _plan_section(plan_title: str, actions: list[TrackerRow]) -> html.Section:
    rows = [
        html.Tr(
            [
                html.Td(action_link(action.ref), className="text-nowrap"),
                html.Td(f"{action.priority_code}. {action.priority_title}", className="small"),
                html.Td(action.text, style=PRE_LINE),
                html.Td(action.owner),
                html.Td(date_text(action.due), className="text-nowrap"),
                html.Td(status_badge(action.status, action.overdue)),
            ]
        )
        for action in actions
    ]
    return html.Section(
        [
            html.H2(plan_title, className="h4 mt-5"),
            captioned_table(
                f"{len(actions)} actions of the {plan_title}",
                ["Action", "Theme or priority", "What", "Owner", "Due", "Status"],
                rows,
            ),
        ],
        **{"aria-label": plan_title},
    )


@reads_database
def layout(**_query) -> html.Div:
    with database.session() as db:
        on = as_at(db)
        counts = action_counts(db, on)
        actions = action_tracker(db, on)
    on_text = f"as at {date_text(on)}" if on else "today"
    plans: dict[str, list[TrackerRow]] = {}
    for action in actions:
        plans.setdefault(action.plan_title, []).append(action)
    return html.Div(
        [
            html.H1("Action tracker"),
            html.P(
                "Every action of the improvement plans, its owner, its due date and its status "
                f"{on_text}. Open an action for its history, and for the measures and Ofsted "
                "recommendations it is linked to.",
                className="lead",
            ),
            _split(counts, on_text),
            *[_plan_section(title, members) for title, members in plans.items()],
        ]
    )
