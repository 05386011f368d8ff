"""One action: what it is, who owns it, its status and history, and what it is linked to."""

from __future__ import annotations

import dash
from dash import html

from dashboard import database
from dashboard.components.badges import status_badge
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import (
    PRE_LINE,
    date_text,
    linked_measures_table,
)
from dashboard.components.not_found import not_found
from dashboard.shell import reads_database
from data_access.queries.actions import ActionDetail, ProgressUpdate, action_detail


def title(ref: str | None = None, **_path) -> str:
    return f"Action {ref}" if ref else "Action"


dash.register_page(__name__, path_template="/actions/<ref>", title=title, name="Action")


def _section(heading: str, body) -> html.Section:
    """A section with its h2; `body` is one component or a list of them."""
    parts = body if isinstance(body, list) else [body]
    return html.Section([html.H2(heading, className="h4 mt-4"), *parts], **{"aria-label": heading})


def _facts(action: ActionDetail) -> html.Dl:
    """Plan, theme or priority, owner, due date and status, as a definition list."""
    theme_link = (
        html.A(action.theme_name, href=f"/theme/{action.theme_slug}")
        if action.theme_slug
        else "None"
    )
    same = (action.theme_name or "").lower() == action.priority_title.lower()
    facts = [("Plan", action.plan_title)]
    if same:
        facts.append(("Theme", [f"{action.priority_code}. ", theme_link]))
    else:
        facts.append(("Priority", f"{action.priority_code}. {action.priority_title}"))
        facts.append(("Theme", theme_link))
    facts += [
        ("Owner", action.owner),
        ("Due", date_text(action.due)),
        ("Status", status_badge(action.status, action.overdue)),
    ]
    items = []
    for term, description in facts:
        items += [html.Dt(term, className="col-sm-3"), html.Dd(description, className="col-sm-9")]
    return html.Dl(items, className="row action-facts")


def _provenance(update: ProgressUpdate) -> str:
    if update.provenance == "published":
        return f"Published ({update.source})" if update.source else "Published"
    return "Illustrative"


def _page(action: ActionDetail) -> str:
    return f"/actions/{action.ref}"


def _history(action: ActionDetail) -> html.Section:
    if not action.updates:
        body = html.P("No progress has been recorded on this action yet.")
    else:
        rows = [
            [
                html.Td(date_text(update.date), className="text-nowrap"),
                html.Td(status_badge(update.status)),
                html.Td(update.note, style=PRE_LINE),
                html.Td(_provenance(update), className="small"),
            ]
            for update in action.updates
        ]
        body = [
            data_table(
                ["Date", "Status", "Update", "Where it comes from"],
                rows,
                f"Progress updates on action {action.ref}, newest first",
                table_id="progress",
            ),
            download_links(_page(action), "progress", f"progress updates on action {action.ref}"),
        ]
    return _section("Progress", body)


def _measures(action: ActionDetail) -> html.Section:
    body = (
        [
            linked_measures_table(
                action.measures,
                f"Measures action {action.ref} is meant to move, with their latest rating",
                table_id="measures",
            ),
            download_links(_page(action), "measures", f"measures action {action.ref} should move"),
        ]
        if action.measures
        else html.P("No measures are linked to this action yet.")
    )
    return _section("Measures it should move", body)


def _recommendations(action: ActionDetail) -> html.Section:
    if not action.recommendations:
        body = html.P("No Ofsted recommendations are linked to this action yet.")
    else:
        rows = [
            [
                html.Td(
                    html.A(f"Recommendation {rec.id}", href=f"/recommendations/{rec.id}"),
                    className="text-nowrap",
                ),
                html.Td(rec.inspection, className="small"),
                html.Td([html.Span(f"{rec.kind.capitalize()}: "), rec.text]),
            ]
            for rec in action.recommendations
        ]
        body = [
            data_table(
                ["Recommendation", "Inspection", "What Ofsted asked for"],
                rows,
                f"Ofsted recommendations that action {action.ref} answers",
                table_id="recommendations",
            ),
            download_links(
                _page(action), "recommendations", f"recommendations action {action.ref} answers"
            ),
        ]
    return _section("Ofsted recommendations it answers", body)


def _teams(action: ActionDetail) -> html.Section:
    body = (
        html.Ul([html.Li(name) for name in action.teams])
        if action.teams
        else html.P("No teams are named for this action yet.")
    )
    return _section("Teams", body)


@reads_database
def layout(ref: str | None = None, **_query) -> html.Div:
    if ref is None:  # Dash checks every layout without a path once at start
        return not_found("Action not found", "No action reference was given.")
    with database.session() as db:
        action = action_detail(db, ref)
    if action is None:
        return not_found(
            "Action not found",
            f"There is no action with the reference “{ref}”. It may be mistyped, or the "
            "action may belong to a plan that is not loaded.",
        )
    return html.Div(
        [
            html.P(html.A("← All actions", href="/actions"), className="mb-2"),
            html.H1(f"Action {action.ref}"),
            html.P(action.text, className="lead", style=PRE_LINE),
            _facts(action),
            html.P(f"Source: {action.source or 'not recorded'}", className="small text-muted"),
            _history(action),
            _measures(action),
            _recommendations(action),
            _teams(action),
        ]
    )
