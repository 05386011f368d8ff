"""The forms that record progress on an action and write commentary on a measure, and the
messages a save gives back: saved, the fields to put right, or that someone else changed the
record first. No queries; user text is only ever shown as text, never as HTML."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple, TypedDict

import dash_bootstrap_components as dbc
from dash import Input, Output, clientside_callback, dcc, html

from dashboard.components.change_history import local_time, values_text
from dashboard.components.tracker_filters import STATUS_LABELS
from data_access.edits import STATUSES, TEXT_LIMIT
from data_access.queries.changes import ChangeRow
from data_access.queries.commentary import CommentaryPeriod, WrittenCommentary
from data_access.queries.observations import Figure
from data_access.targets import TargetForm

MESSAGE = "-message"  # the end of every form's message id: where a save says what happened


class RecordState(TypedDict):
    """What a record's form remembers: the record, and its version when the form was opened."""

    ref: str
    version: int


class CommentaryState(TypedDict):
    """What the commentary form remembers: each period's version and text when it was opened."""

    ref: str
    versions: dict[str, int]
    texts: dict[str, str]


class FormIds(NamedTuple):
    """The ids of one form's parts: its fields (name -> label), its store, button and message."""

    prefix: str
    fields: dict[str, str]

    def field(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def error(self, name: str) -> str:
        return f"{self.prefix}-{name}-error"

    @property
    def store(self) -> str:
        return f"{self.prefix}-form-state"

    @property
    def save(self) -> str:
        return f"{self.prefix}-save"

    @property
    def message(self) -> str:
        return f"{self.prefix}{MESSAGE}"


PROGRESS = FormIds(
    "progress",
    {
        "date": "Date of the update",
        "status": "New status",
        "note": "What has been done",
        "revised_due": "New due date (optional)",
    },
)
COMMENTARY = FormIds("commentary", {"period": "Period", "text": "Commentary"})
TARGET = FormIds("target", {"target": "Target", "tolerance": "Tolerance"})


def form_field(ids: FormIds, name: str, control, hint: str | None = None) -> html.Div:
    """A labelled control, its hint, and the place its error appears beside it."""
    parts = [dbc.Label(ids.fields[name], html_for=ids.field(name), className="fw-bold mb-1")]
    if hint:
        parts.append(html.Div(hint, className="form-text mt-0 mb-1"))
    parts += [control, dbc.FormFeedback(id=ids.error(name), type="invalid")]
    return html.Div(parts, className="mb-3")


def edit_form(ids: FormIds, heading: str, intro: str, by: str, state, fields: list, button: str):
    """A form with its heading, what it does, who it is saved as, its fields and button."""
    return html.Section(
        [
            html.H2(heading, id=f"{ids.prefix}-form-heading", className="h4 mt-4"),
            html.P(intro),
            html.P(["Saved as ", html.Strong(by), ", the account you are signed in with."]),
            html.Div(id=ids.message, tabIndex="-1", **{"aria-live": "polite"}),
            dcc.Store(id=ids.store, data=state),
            *fields,
            dbc.Button(button, id=ids.save, type="button", color="primary", n_clicks=0),
        ],
        className="edit-form",
        style={"maxWidth": "48rem"},
        **{"aria-labelledby": f"{ids.prefix}-form-heading"},
    )


def progress_form(ref: str, version: int, status: str, earliest: date | None, today: date, by: str):
    """The form to add a dated progress update to action `ref` and set its status, saved as
    the signed-in user `by`."""
    status_options = [{"label": STATUS_LABELS[value], "value": value} for value in STATUSES]
    fields = [
        form_field(
            PROGRESS,
            "date",
            dbc.Input(
                id=PROGRESS.field("date"),
                type="date",
                value=today.isoformat(),
                max=today.isoformat(),
                min=earliest.isoformat() if earliest else None,
            ),
            "The day the progress was made: today or earlier"
            + (f", not before the plan was published ({earliest:%-d %B %Y})." if earliest else "."),
        ),
        form_field(
            PROGRESS,
            "status",
            dbc.Select(id=PROGRESS.field("status"), options=status_options, value=status),
        ),
        form_field(
            PROGRESS,
            "note",
            dbc.Textarea(id=PROGRESS.field("note"), value="", rows=4),
            f"Plain text, at most {TEXT_LIMIT:,} characters.",
        ),
        form_field(
            PROGRESS,
            "revised_due",
            dbc.Input(id=PROGRESS.field("revised_due"), type="date", value=""),
            "Only if the action's due date moves: the day it is now due. Leave empty to keep it.",
        ),
    ]
    return edit_form(
        PROGRESS,
        "Record progress",
        "Add a dated update on this action. Saving adds it to the progress table and sets "
        "the action's status; the change is kept in the history below.",
        by,
        {"ref": ref, "version": version},
        fields,
        "Save the update",
    )


def form_periods(
    figures: Sequence[Figure], written: Sequence[WrittenCommentary]
) -> list[CommentaryPeriod]:
    """The periods a measure has figures for, newest first, each with its commentary if any."""
    by_period = {note.period_end: note for note in written}
    periods = []
    for figure in sorted(figures, key=lambda f: f.date, reverse=True):
        note = by_period.get(figure.date)
        periods.append(
            CommentaryPeriod(
                figure.date,
                figure.label,
                note.version if note else 0,
                note.text if note else "",
                note.author if note else "",
            )
        )
    return periods


def period_options(periods: list[CommentaryPeriod]) -> list[dict]:
    return [
        {
            "label": period.label + (" (has commentary)" if period.version else ""),
            "value": period.period_end.isoformat(),
        }
        for period in periods
    ]


def commentary_state(ref: str, periods: list[CommentaryPeriod]) -> CommentaryState:
    """What the commentary form remembers: each period's version and text when it was opened."""
    return {
        "ref": ref,
        "versions": {p.period_end.isoformat(): p.version for p in periods},
        "texts": {p.period_end.isoformat(): p.text for p in periods if p.version},
    }


def commentary_form(ref: str, periods: list[CommentaryPeriod], by: str) -> html.Section:
    """The form to write, or rewrite, the commentary on measure `ref` for one of its periods,
    saved as the signed-in user `by`."""
    newest = periods[0] if periods else None
    fields = [
        form_field(
            COMMENTARY,
            "period",
            dbc.Select(
                id=COMMENTARY.field("period"),
                options=period_options(periods),
                value=newest.period_end.isoformat() if newest else None,
            ),
            "The period whose figures the commentary is about, newest first.",
        ),
        form_field(
            COMMENTARY,
            "text",
            dbc.Textarea(id=COMMENTARY.field("text"), value=newest.text if newest else "", rows=5),
            f"What the data tells us, in plain text, at most {TEXT_LIMIT:,} characters. If the "
            "period has commentary already, it is shown here to edit; the old text is kept in "
            "the changes below.",
        ),
    ]
    return edit_form(
        COMMENTARY,
        "Write commentary",
        "Say what the figures for a period tell us. Saving shows it as the latest commentary "
        "when it is for the newest period with commentary.",
        by,
        commentary_state(ref, periods),
        fields,
        "Save the commentary",
    )


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def target_form(ref: str, form: TargetForm, unit_words: str, by: str) -> html.Section:
    """The form to set, change or clear measure `ref`'s target and tolerance."""
    fields = [
        form_field(
            TARGET,
            "target",
            dbc.Input(id=TARGET.field("target"), type="text", value=_number_text(form.target)),
            f"A number in the measure's own unit ({unit_words}"
            + (", such as 92 or 92%" if form.unit == "percent" else "")
            + "). Leave it empty for no target: the measure is then not rated.",
        ),
        form_field(
            TARGET,
            "tolerance",
            dbc.Input(
                id=TARGET.field("tolerance"), type="text", value=_number_text(form.tolerance)
            ),
            "How far the figure may fall short of the target and still be amber rather than "
            "red, in the same units. Leave it empty for none.",
        ),
    ]
    return edit_form(
        TARGET,
        "Set the target",
        "Saving rates the measure against the new target everywhere at once; the old target "
        "is kept in the changes below.",
        by,
        {"ref": ref, "version": form.version},
        fields,
        "Save the target",
    )


def message_outputs(ids: FormIds) -> tuple[Output, Output, Output]:
    """What a save callback sets of the form's message: its words, class and role."""
    return (
        Output(ids.message, "children"),
        Output(ids.message, "className"),
        Output(ids.message, "role"),
    )


def field_outputs(ids: FormIds) -> list[Output]:
    """For each field in order: whether it is invalid, and its message (`field_feedback`)."""
    return [
        Output(target, prop)
        for name in ids.fields
        for target, prop in ((ids.field(name), "invalid"), (ids.error(name), "children"))
    ]


def field_feedback(ids: FormIds, errors: dict[str, str]) -> list:
    """For each field in order: whether it is invalid, and its message."""
    out: list = []
    for name in ids.fields:
        out += [name in errors, errors.get(name, "")]
    return out


def saved_message(text: str) -> tuple[list, str, str]:
    """The message, its class and role after a save."""
    return [html.Strong("Saved. "), text], "alert alert-success", "status"


def not_saved_message(words: str) -> tuple[list, str, str]:
    """The save could not be made for a reason outside the form (the data is busy or cannot be
    reached): said as an alert; what the person typed stays in the form."""
    return [html.Strong("Not saved. "), words], "alert alert-danger", "alert"


def problem_message(ids: FormIds, errors: dict[str, str]) -> tuple[list, str, str]:
    """A summary of what to put right, each linked to its field, announced as an alert."""
    items = [
        html.Li(
            html.A(
                f"{ids.fields.get(name, name)}: {message}",
                href=f"#{ids.field(name)}",
                className="alert-link",
            )
        )
        for name, message in errors.items()
    ]
    heading = (
        "Nothing was saved. Please put this right:"
        if len(items) == 1
        else ("Nothing was saved. Please put these right:")
    )
    return (
        [html.P(html.Strong(heading), className="mb-1"), html.Ul(items, className="mb-0")],
        ("alert alert-danger"),
        "alert",
    )


def _change_item(change: ChangeRow) -> html.Li:
    what = change.record + (
        f" for the period to {change.period_end:%-d %B %Y}" if change.period_end else ""
    )
    return html.Li(
        [
            f"{change.changed_by}, at {local_time(change.changed_at)}, {what}: ",
            html.Span(values_text(change.new_values), style={"whiteSpace": "pre-line"}),
        ]
    )


def conflict_message(what: str, changes_since: list[ChangeRow]) -> tuple[list, str, str]:
    """Someone else saved first: when, what they changed, and that the person's text is kept."""
    when = f" at {local_time(changes_since[0].changed_at)}" if changes_since else ""
    return (
        [
            html.P(
                html.Strong(f"Someone else changed this {what}{when}, after you opened this form."),
                className="mb-1",
            ),
            html.P("Here is what they changed:", className="mb-1") if changes_since else None,
            html.Ul([_change_item(change) for change in changes_since]),
            html.P(
                "Nothing of yours was saved. Your text is kept in the form: check it against "
                "their change and save again.",
                className="mb-0",
            ),
        ],
        "alert alert-warning",
        "alert",
    )


def focus_on_message_after_save(ids: FormIds) -> None:
    """After a save, focus moves to the form's message, so that it is read out and the
    keyboard goes on from there."""
    clientside_callback(
        f"""function (children) {{
            const message = document.getElementById("{ids.message}");
            if (children && message) {{ setTimeout(() => message.focus(), 0); }}
            return window.dash_clientside.no_update;
        }}""",
        Output(ids.message, "data-focused"),
        Input(ids.message, "children"),
        prevent_initial_call=True,
    )
