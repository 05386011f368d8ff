"""One measure in depth: its trend against target and comparators, its rating and why, what
it means, the latest commentary, the actions meant to move it and the recommendations it
evidences, the teams' figures, and its data to download."""

from __future__ import annotations

import logging
from urllib.parse import quote

import dash
from dash import Input, Output, State, callback, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, configured, database
from dashboard import visible_figures as visible
from dashboard.action_progress import unaddressed
from dashboard.auth import SET_TARGETS, TEAM_DATA
from dashboard.components.benchmark_section import benchmark_section
from dashboard.components.change_history import changes_section
from dashboard.components.chart_views import VIEW_OUTPUTS, ChartChoice
from dashboard.components.download_links import download_links
from dashboard.components.edit_forms import (
    COMMENTARY,
    CommentaryState,
    commentary_form,
    commentary_state,
    conflict_message,
    field_feedback,
    field_outputs,
    focus_on_message_after_save,
    form_periods,
    message_outputs,
    period_options,
    problem_message,
    saved_message,
)
from dashboard.components.linked_items import linked_actions_table, linked_recommendations_table
from dashboard.components.measure_sections import (
    commentary_section,
    definition_section,
    rating_section,
    section,
    shown_rating,
    team_breakdown_section,
)
from dashboard.components.measure_trend import (
    HIDE_TABLES,
    SHOW_TABLES,
    TABLES,
    TABLES_BUTTON,
    TABLES_REF,
    VIEW,
    chart_view,
    measure_lines,
    trend_section,
    trend_tables,
)
from dashboard.components.not_found import not_found
from dashboard.components.open_actions import no_open_action
from dashboard.components.team_commentary import teams_commentary_section
from dashboard.components.trend_chart import Line
from dashboard.page_cache import kept
from dashboard.shell import reads_database
from dashboard.staff_names import Recorded, as_seen
from data_access.authority import possessive
from data_access.edits import EditConflict, EditRejected, write_commentary
from data_access.queries.benchmark import benchmark
from data_access.queries.changes import INDICATOR, changes
from data_access.queries.commentary import (
    CommentaryRow,
    WrittenCommentary,
    commentary_periods,
    latest_commentary,
    measure_commentary,
    teams_commentary,
)
from data_access.queries.events import events_between
from data_access.queries.indicators import indicator_detail, indicator_title
from data_access.queries.links import linked_recommendations, measure_actions
from data_access.queries.observations import team_breakdown
from data_access.queries.plans import decision_date

log = logging.getLogger(__name__)

LATEST_COMMENTARY, CHANGES = "measure-commentary", "measure-changes"


def page_title(ref: str | None = None, **_path) -> str:
    """The browser tab's title: the measure's ref and title."""
    if ref is None:
        return "Measure"
    try:
        with database.session() as db:
            title = indicator_title(db, ref)
    except SQLAlchemyError:
        log.exception("The database cannot be read.")
        return "Measure"
    return f"{ref} {title} · Measure" if title else "Measure not found"


dash.register_page(__name__, path_template="/indicator/<ref>", title=page_title, name="Measure")


def _unknown(ref: str | None) -> html.Div:
    message = (
        f"There is no measure '{ref}'. Check the reference in the address, or choose a "
        "measure from the scorecard."
        if ref
        else "The address does not name a measure. Choose one from the scorecard."
    )
    return not_found("Measure not found", message)


def _downloads(ref: str, home: Line, comparators: list[Line]) -> html.Section:
    base = f"/api/v1/indicators/{quote(ref, safe='')}/observations"
    whose = possessive(home.name)
    items = [
        html.Li(html.A(f"{whose} figures for measure {ref} as CSV", href=f"{base}?format=csv")),
        html.Li(
            html.A(
                f"{whose} figures for measure {ref} as a spreadsheet (XLSX)",
                href=f"{base}?format=xlsx",
            )
        ),
    ]
    items += [
        html.Li(html.A(f"{line.name} figures as CSV", href=f"{base}?area={line.code}&format=csv"))
        for line in comparators
    ]
    return section("Download the data", html.Ul(items))


def _latest(written: list[WrittenCommentary]) -> CommentaryRow | None:
    """The latest commentary: the first of the measure's commentary, newest period first."""
    if not written:
        return None
    newest = written[0]
    return CommentaryRow(newest.period_end, newest.text, newest.author, newest.provenance, None)


def _changes(ref: str, history) -> list:
    return changes_section(
        "Changes to this measure",
        history,
        f"/indicator/{ref}",
        "change-history",
        f"measure {ref}'s target and commentary",
    )


def _editing(ref: str, periods) -> list:
    """The commentary form and a link to set the target, for those whose job they are."""
    principal = auth.current()
    parts = []
    if principal.may(SET_TARGETS):
        parts.append(html.P(html.A("Set the target and tolerance", href=f"/targets/{ref}")))
    if principal.may_write_commentary():
        return [*parts, commentary_form(ref, periods, principal.username)]
    note = "Commentary on the figures is written by directors and performance analysts."
    return [*parts, html.P(note, className="text-muted")]


@reads_database
@kept
def layout(ref: str | None = None, **_query) -> html.Div:
    if not ref:
        return _unknown(ref)
    with database.session() as db:
        # the actions and recommendations are read in full below, not as refs here
        detail = indicator_detail(db, ref, link_refs=False)
        if detail is None:
            return _unknown(ref)
        detail = visible.detail(detail)  # suppression first: nothing below sees a hidden figure
        home, comparators = measure_lines(db, ref, detail.summary.unit)
        dates = [point.date for line in [home, *comparators] for point in line.points]
        events = events_between(db, min(dates), max(dates)) if dates else []
        recorded = Recorded(
            commentary=measure_commentary(db, ref), changes=changes(db, INDICATOR, ref)
        )
        seen = as_seen(db, recorded)
        written, history = seen.commentary, seen.changes
        actions = measure_actions(db, ref, decision_date(db))
        recommendations = linked_recommendations(db, ref)
        teams = team_breakdown(db, ref, home.code) if detail.team_level else []
        principal = auth.current()
        # each team's commentary for those who see its figures, as the breakdown above
        notes = teams_commentary(db, ref) if teams and principal.may(TEAM_DATA) else []
        team_notes = [note for note in notes if principal.sees_team(note.team)]
        compared = visible.benchmark(benchmark(db, ref, neighbour_set=configured.neighbour_set()))

    summary = detail.summary
    page = f"/indicator/{ref}"
    note = _latest(written)
    periods = form_periods(home.points, written)
    sections = [
        rating_section(detail, home.points),
        trend_section(detail, home, comparators, events),
        benchmark_section(compared),
        definition_section(detail),
        html.Div(commentary_section(note), id=LATEST_COMMENTARY),
        *_editing(ref, periods),
        html.Section(
            _changes(ref, history), id=CHANGES, **{"aria-label": "Changes to this measure"}
        ),
        section(
            "Actions to improve it",
            no_open_action(len(actions))
            if unaddressed(shown_rating(detail).rag, [action.status for action in actions])
            else None,
            linked_actions_table(
                actions,
                f"Improvement plan actions linked to measure {ref}",
                table_id="linked-actions",
                empty="No actions are linked to this measure.",
            ),
            download_links(page, "linked-actions", f"actions linked to measure {ref}"),
        ),
        section(
            "Ofsted recommendations it evidences",
            linked_recommendations_table(
                recommendations,
                f"Inspection recommendations linked to measure {ref}",
                table_id="linked-recommendations",
                empty="No inspection recommendations are linked to this measure.",
            ),
            download_links(
                page, "linked-recommendations", f"recommendations linked to measure {ref}"
            ),
        ),
    ]
    # team-level figures are for staff, each team's for its own managers (SPEC section 8)
    sections.append(team_breakdown_section(detail, teams, home.points, home.name))
    sections.append(teams_commentary_section(team_notes))
    sections.append(_downloads(ref, home, comparators))
    return html.Div(
        [
            html.Nav(
                html.Ol(
                    [
                        html.Li(html.A("Scorecard", href="/"), className="breadcrumb-item"),
                        html.Li(summary.category, className="breadcrumb-item"),
                        html.Li(
                            f"Measure {ref}",
                            className="breadcrumb-item active",
                            **{"aria-current": "page"},
                        ),
                    ],
                    className="breadcrumb",
                ),
                **{"aria-label": "Breadcrumb"},
            ),
            html.H1([html.Span(f"Measure {ref}: ", className="text-muted"), summary.title]),
            *sections,
        ],
        className="indicator-page",
    )


@callback(
    Output(TABLES, "children"),
    Output(TABLES_BUTTON, "children"),
    Output(TABLES_BUTTON, "aria-expanded"),
    Input(TABLES_BUTTON, "n_clicks"),
    State(TABLES_REF, "data"),
    prevent_initial_call=True,
)
def show_trend_tables(clicks: int | None, ref: str):
    """The chart's figures as tables, shown and hidden again with the same button."""
    if (clicks or 0) % 2 == 0:
        return [], SHOW_TABLES, "false"
    return trend_tables(ref), HIDE_TABLES, "true"


@callback(*VIEW_OUTPUTS, Input(VIEW, "value"), State(TABLES_REF, "data"), prevent_initial_call=True)
def show_chart_view(view: ChartChoice, ref: str):
    """The chart the switch asks for, drawn in the graph already on the page, and its words."""
    return chart_view(view, ref)


@callback(
    Output(COMMENTARY.field("text"), "value"),
    Input(COMMENTARY.field("period"), "value"),
    State(COMMENTARY.store, "data"),
    State(COMMENTARY.field("text"), "value"),
    prevent_initial_call=True,
)
def show_period_commentary(period: str | None, state: CommentaryState, text: str | None):
    """Choosing a period that has commentary puts its text in the form to edit; choosing one
    without keeps what the person has typed."""
    existing = state.get("texts", {}).get(period)
    return existing if existing is not None else (text or "")


@callback(
    *message_outputs(COMMENTARY),
    Output(COMMENTARY.store, "data"),
    Output(COMMENTARY.field("period"), "options"),
    *field_outputs(COMMENTARY),
    Output(LATEST_COMMENTARY, "children"),
    Output(CHANGES, "children"),
    Input(COMMENTARY.save, "n_clicks"),
    State(COMMENTARY.store, "data"),
    *(State(COMMENTARY.field(name), "value") for name in COMMENTARY.fields),
    prevent_initial_call=True,
)
def save_commentary(_clicks, state: CommentaryState, period: str | None, text: str | None):
    """Write the commentary; or say which fields to put right; or that someone else saved
    first (their change is shown, and saving again is then deliberate)."""
    principal = auth.current()
    auth.require(principal.may_write_commentary())
    ref = state["ref"]
    version = state["versions"].get(period or "", 0)
    errors: dict[str, str] = {}
    with database.session() as db:
        try:
            write_commentary(db, ref, period, text, principal.username, version)
            message = saved_message("Your commentary is saved and kept in the changes below.")
        except EditRejected as rejected:
            errors = rejected.errors
            message = problem_message(COMMENTARY, errors)
        except EditConflict as conflict:
            message = conflict_message("commentary", conflict.changes_since)
        periods = commentary_periods(db, ref)
        note = latest_commentary(db, ref)
        history = changes(db, INDICATOR, ref)
    fresh = commentary_state(ref, periods)
    return (
        *message,
        fresh,
        period_options(periods),
        *field_feedback(COMMENTARY, errors),
        commentary_section(note),
        _changes(ref, history),
    )


focus_on_message_after_save(COMMENTARY)
