"""One action: what it is, who owns it, its status and history, and what it is linked to."""

from __future__ import annotations

from datetime import date

import dash
from dash import Input, Output, State, callback, html, no_update

from dashboard import auth, database
from dashboard.action_progress import STATUS_WORDS
from dashboard.components.badges import status_badge
from dashboard.components.change_history import changes_section
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.edit_forms import (
    PROGRESS,
    RecordState,
    conflict_message,
    field_feedback,
    field_outputs,
    focus_on_message_after_save,
    message_outputs,
    problem_message,
    progress_form,
    saved_message,
)
from dashboard.components.linked_items import (
    PRE_LINE,
    date_text,
    linked_measures_table,
)
from dashboard.components.not_found import not_found
from dashboard.components.provenance import provenance_text
from dashboard.page_cache import kept
from dashboard.shell import reads_database
from dashboard.staff_names import Recorded, as_seen
from data_access.edits import (
    ActionForm,
    EditConflict,
    EditRejected,
    action_form,
    add_action_update,
    today,
)
from data_access.queries.actions import (
    ActionDetail,
    ProgressUpdate,
    action_detail,
    action_team_slugs,
)
from data_access.queries.changes import ACTION, changes

FACTS, PROGRESS_TABLE, CHANGES = "action-facts", "action-progress", "action-changes"


def title(ref: str | None = None, **_path) -> str:
    return f"Action {ref}" if ref else "Action"


dash.register_page(__name__, path_template="/actions/<ref>", title=title, name="Action")


def _section(heading: str, body) -> html.Section:
    """A section with its h2; `body` is one component or a list of them."""
    parts = body if isinstance(body, list) else [body]
    return html.Section([html.H2(heading, className="h4 mt-4"), *parts], **{"aria-label": heading})


def _facts(action: ActionDetail) -> html.Dl:
    """Plan, theme or priority, owner, due date (and revised due date), status and days
    overdue, as a definition list."""
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
    ]
    if action.revised_due:
        facts.append(("Revised due", date_text(action.revised_due)))
    facts.append(("Status", status_badge(action.status, action.overdue)))
    if action.overdue:
        facts.append(("Days overdue", f"{action.days_overdue:,} at the reporting date"))
    items = []
    for term, description in facts:
        items += [html.Dt(term, className="col-sm-3"), html.Dd(description, className="col-sm-9")]
    return html.Dl(items, className="row action-facts")


def _provenance(update: ProgressUpdate) -> str:
    return provenance_text(update.provenance, update.source)


def _page(action: ActionDetail) -> str:
    return f"/actions/{action.ref}"


def _history(action: ActionDetail) -> list:
    if not action.updates:
        body = html.P("No progress has been recorded on this action yet.")
    else:
        rows = [
            [
                html.Td(date_text(update.date), className="text-nowrap"),
                html.Td(status_badge(update.status)),
                html.Td(update.note, style=PRE_LINE),
                html.Td(date_text(update.revised_due) if update.revised_due else None),
                html.Td(_provenance(update), className="small"),
            ]
            for update in action.updates
        ]
        body = [
            data_table(
                ["Date", "Status", "Update", "Due date moved to", "Where it comes from"],
                rows,
                f"Progress updates on action {action.ref}, newest first",
                table_id="progress",
            ),
            download_links(_page(action), "progress", f"progress updates on action {action.ref}"),
        ]
    return [html.H2("Progress", className="h4 mt-4"), *(body if isinstance(body, list) else [body])]


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


def _slugs(action: ActionDetail) -> list[str]:
    return [team.slug for team in action.teams]


def _progress_form(action: ActionDetail, form: ActionForm, principal: auth.Principal):
    """The form for those who may record progress on this action; for others, who may."""
    if principal.may_update_action(_slugs(action)):
        return progress_form(
            action.ref, form.version, form.status, form.plan_published, today(), principal.username
        )
    who = (
        "the managers of its teams"
        if action.teams
        else "an administrator, as no team is named for it yet"
    )
    return html.P(f"Progress on this action is recorded by {who}.", className="text-muted")


def _teams(action: ActionDetail) -> html.Section:
    body = (
        html.Ul([html.Li(team.name) for team in action.teams])
        if action.teams
        else html.P("No teams are named for this action yet.")
    )
    return _section("Teams", body)


def _changes(action: ActionDetail, history) -> list:
    return changes_section(
        "Changes", history, _page(action), "change-history", f"action {action.ref}"
    )


def _sections(db, ref: str) -> tuple[ActionDetail | None, list, list, list]:
    """The parts of the page a save changes: the facts, the progress table and the changes."""
    action = action_detail(db, ref)
    if action is None:
        return None, [], [], []
    seen = as_seen(db, Recorded(action=action, changes=changes(db, ACTION, ref)))
    action, history = seen.action, seen.changes
    return action, _facts(action), _history(action), _changes(action, history)


@reads_database
@kept
def layout(ref: str | None = None, **_query) -> html.Div:
    if ref is None:
        return not_found("Action not found", "No action reference was given.")
    principal = auth.current()
    with database.session() as db:
        action, facts, progress, history = _sections(db, ref)
        form = action_form(db, ref)
    if action is None or form is None:
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
            html.Div(facts, id=FACTS),
            html.P(f"Source: {action.source or 'not recorded'}", className="small text-muted"),
            html.Section(progress, id=PROGRESS_TABLE, **{"aria-label": "Progress"}),
            _progress_form(action, form, principal),
            html.Section(history, id=CHANGES, **{"aria-label": "Changes"}),
            _measures(action),
            _recommendations(action),
            _teams(action),
        ]
    )


def _saved_words(on: date, status: str, action: ActionDetail | None) -> str:
    """What a saved update did: an update dated before the newest is history, and leaves the
    action's status as the newest update says."""
    saved = f"Your update of {date_text(on)} is in the progress table"
    if action is None or action.status == status or not action.updates:
        return f"{saved}, and the action's status is set."
    newest = action.updates[0]
    return (
        f"{saved}. The action's status stays {STATUS_WORDS[action.status]}, as the update of "
        f"{date_text(newest.date)}, the newest, says."
    )


@callback(
    *message_outputs(PROGRESS),
    Output(PROGRESS.store, "data"),
    Output(PROGRESS.field("note"), "value"),
    Output(PROGRESS.field("revised_due"), "value"),
    *field_outputs(PROGRESS),
    Output(FACTS, "children"),
    Output(PROGRESS_TABLE, "children"),
    Output(CHANGES, "children"),
    Input(PROGRESS.save, "n_clicks"),
    State(PROGRESS.store, "data"),
    *(State(PROGRESS.field(name), "value") for name in PROGRESS.fields),
    prevent_initial_call=True,
)
def save_progress(
    _clicks,
    state: RecordState,
    on: str | None,
    status: str | None,
    note: str | None,
    revised_due: str | None = None,
):
    """Add the update; or say which fields to put right; or that someone else saved first."""
    ref, version, cleared = state["ref"], state["version"], no_update
    errors: dict[str, str] = {}
    principal = auth.current()
    with database.session() as db:
        slugs = action_team_slugs(db, ref)  # not the whole action: it is read after the save
        auth.require(slugs is not None and principal.may_update_action(slugs))
        try:
            version = add_action_update(
                db,
                ref,
                on=on,
                status=status,
                note=note,
                by=principal.username,
                expected_version=version,
                revised_due=revised_due,
            )
            message = None  # said once the action is read again, below
            cleared = ""
        except EditRejected as rejected:
            errors = rejected.errors
            message = problem_message(PROGRESS, errors)
        except EditConflict as conflict:
            version = conflict.current_version
            message = conflict_message("action", conflict.changes_since)
        action, facts, progress, history = _sections(db, ref)
    if message is None:
        message = saved_message(_saved_words(date.fromisoformat(on), status, action))
    return (
        *message,
        {"ref": ref, "version": version},
        cleared,
        cleared,
        *field_feedback(PROGRESS, errors),
        facts,
        progress,
        history,
    )


focus_on_message_after_save(PROGRESS)
