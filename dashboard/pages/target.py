"""Setting a measure's target and tolerance (SPEC section 4): for analysts, and admins."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, html

from dashboard import auth, database
from dashboard.auth import SET_TARGETS
from dashboard.components.change_history import changes_section
from dashboard.components.edit_forms import (
    TARGET,
    RecordState,
    conflict_message,
    field_feedback,
    field_outputs,
    focus_on_message_after_save,
    message_outputs,
    problem_message,
    saved_message,
    target_form,
)
from dashboard.components.not_found import not_found
from dashboard.components.trend_chart import AXIS_TITLES
from dashboard.shell import reads_database
from data_access.edits import EditConflict, EditRejected
from data_access.queries.changes import INDICATOR, changes
from data_access.targets import set_target
from data_access.targets import target_form as target_form_data


def page_title(ref: str | None = None, **_path) -> str:
    return f"Target for measure {ref}" if ref else "Target"


dash.register_page(
    __name__,
    path_template="/targets/<ref>",
    right=SET_TARGETS,
    title=page_title,
    name="Target",
)

CHANGES = "target-changes"


def _changes(db, ref: str) -> list:
    history = changes(db, INDICATOR, ref, record="target")
    return changes_section(
        "Changes to the target", history, f"/targets/{ref}", "change-history", "this target"
    )


@reads_database
def layout(ref: str | None = None, **_query) -> html.Div:
    missing = not_found("Measure not found", f"There is no measure with the reference “{ref}”.")
    if not ref:
        return missing
    with database.session() as db:
        form = target_form_data(db, ref)
        history = _changes(db, ref) if form else []
    if form is None:
        return missing
    return html.Div(
        [
            html.P(html.A(f"← Measure {ref}", href=f"/indicator/{ref}"), className="mb-2"),
            html.H1([html.Span(f"Target for measure {ref}: ", className="text-muted"), form.title]),
            html.P(
                "A measure with a target is rated red, amber or green against it; a context "
                "measure (one whose direction is neutral) is never rated."
                if form.polarity != "neutral"
                else "This is a context measure: it is shown for information and not rated, "
                "whatever its target.",
            ),
            target_form(ref, form, AXIS_TITLES.get(form.unit, form.unit).lower(), _by()),
            html.Section(history, id=CHANGES, **{"aria-label": "Changes to the target"}),
        ]
    )


def _by() -> str:
    return auth.current().username


@callback(
    *message_outputs(TARGET),
    Output(TARGET.store, "data"),
    *field_outputs(TARGET),
    Output(CHANGES, "children"),
    Input(TARGET.save, "n_clicks"),
    State(TARGET.store, "data"),
    *(State(TARGET.field(name), "value") for name in TARGET.fields),
    prevent_initial_call=True,
)
def save_target(_clicks, state: RecordState, target: str | None, tolerance: str | None):
    """Set the target; or say which fields to put right; or that someone else saved first."""
    auth.require(auth.current().may(SET_TARGETS))
    ref, version = state["ref"], state["version"]
    errors: dict[str, str] = {}
    with database.session() as db:
        try:
            version = set_target(db, ref, target, tolerance, _by(), version)
            message = saved_message("The new target is in use; the old one is in the changes.")
        except EditRejected as rejected:
            errors = rejected.errors
            message = problem_message(TARGET, errors)
        except EditConflict as conflict:
            version = conflict.current_version
            message = conflict_message("target", conflict.changes_since)
        history = _changes(db, ref)
    return (*message, {"ref": ref, "version": version}, *field_feedback(TARGET, errors), history)


focus_on_message_after_save(TARGET)
