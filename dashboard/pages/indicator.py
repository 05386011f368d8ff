"""One measure in depth: its trend against target and comparators, its rating and why, what
it means, the latest commentary, the actions meant to move it and the recommendations it
evidences, the teams' figures, and its data to download."""

from __future__ import annotations

import logging
from urllib.parse import quote

import dash
from dash import Input, Output, State, callback, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, database
from dashboard import visible_figures as visible
from dashboard.auth import SET_TARGETS
from dashboard.components.change_history import changes_section
from dashboard.components.download_links import download_links
from dashboard.components.edit_forms import (
    COMMENTARY,
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
    team_breakdown_section,
)
from dashboard.components.not_found import not_found
from dashboard.components.series_tables import (
    comparators_table,
    events_table,
    series_table,
)
from dashboard.components.trend_chart import (
    Line,
    event_label,
    trend_figure,
    trend_graph,
)
from dashboard.page_cache import kept
from dashboard.shell import reads_database
from data_access.edits import EditConflict, EditRejected, write_commentary
from data_access.queries import HOME_AREA
from data_access.queries.changes import INDICATOR, changes
from data_access.queries.commentary import (
    CommentaryRow,
    WrittenCommentary,
    commentary_periods,
    latest_commentary,
    measure_commentary,
)
from data_access.queries.events import events_between
from data_access.queries.indicators import IndicatorDetail, indicator_detail, indicator_title
from data_access.queries.links import linked_recommendations, measure_actions
from data_access.queries.observations import area_series, team_breakdown
from data_access.queries.plans import decision_date

log = logging.getLogger(__name__)

COMPARATOR_AREAS = ["E92000001", "E12000002", "SN"]  # England, North West, neighbours
CHART_ID = {"page": "indicator", "part": "trend-chart"}
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


def _trend(detail: IndicatorDetail, home: Line, comparators: list[Line], events) -> html.Section:
    summary = detail.summary
    if not home.points:
        return section("Trend", html.P("There are no figures for this measure yet."))
    compared = ", ".join(line.name for line in comparators)
    figure = trend_figure(
        title=f"{summary.ref} {summary.title}: Tameside"
        + (" and comparators" if comparators else ""),
        unit=summary.unit,
        polarity=summary.polarity,
        target=summary.target,
        tolerance=summary.tolerance,
        home=home,
        comparators=comparators,
        events=events,
    )
    caption = (
        f"Tameside's {len(home.points)} figures"
        + (f", with {compared}" if compared else "")
        + ". Diamonds mark published figures; dotted lines mark events. "
        "The same figures are in the tables below the chart."
    )
    span = f"{home.points[0].label} to {home.points[-1].label}"
    tables = [series_table(home.points, summary.unit, f"Tameside's figures, newest first ({span})")]
    if comparators:
        tables.append(comparators_table(comparators, summary.unit, f"{compared}: their figures"))
    charted = [event for event in events if event_label(event)]
    others = [event for event in events if not event_label(event)]
    return section(
        "Trend",
        trend_graph(figure, caption, CHART_ID),
        html.Details(
            [html.Summary("The figures in the chart, as tables"), *tables], className="mb-3"
        ),
        events_table(charted, f"Events drawn on the chart, {span}", charted=True),
        html.Details(
            [
                html.Summary(f"{len(others)} other events in this period"),
                events_table(others, f"Other events, {span}", charted=False),
            ],
            className="mb-3",
        )
        if others
        else None,
    )


def _downloads(ref: str, comparators: list[Line]) -> html.Section:
    base = f"/api/v1/indicators/{quote(ref, safe='')}/observations"
    items = [
        html.Li(html.A(f"Tameside's figures for measure {ref} as CSV", href=f"{base}?format=csv")),
        html.Li(
            html.A(
                f"Tameside's figures for measure {ref} as a spreadsheet (XLSX)",
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


@kept
@reads_database
def layout(ref: str | None = None, **_query) -> html.Div:
    if not ref:
        return _unknown(ref)
    with database.session() as db:
        # the actions and recommendations are read in full below, not as refs here
        detail = indicator_detail(db, ref, link_refs=False)
        if detail is None:
            return _unknown(ref)
        detail = visible.detail(detail)  # suppression first: nothing below sees a hidden figure
        found = area_series(db, ref, [HOME_AREA, *COMPARATOR_AREAS])
        areas = {line.code: line for line in visible.areas(found, detail.summary.unit)}
        dates = [figure.date for line in areas.values() for figure in line.figures]
        events = events_between(db, min(dates), max(dates)) if dates else []
        written = measure_commentary(db, ref)
        history = changes(db, INDICATOR, ref)
        actions = measure_actions(db, ref, decision_date(db))
        recommendations = linked_recommendations(db, ref)
        teams = team_breakdown(db, ref, HOME_AREA) if detail.team_level else []

    home_series = areas.get(HOME_AREA)
    home = Line(HOME_AREA, "Tameside", home_series.figures if home_series else [])
    comparators = [
        Line(code, areas[code].name, areas[code].figures)
        for code in COMPARATOR_AREAS
        if code in areas
    ]
    summary = detail.summary
    page = f"/indicator/{ref}"
    note = _latest(written)
    periods = form_periods(home_series.figures if home_series else [], written)
    sections = [
        rating_section(detail, home.points),
        _trend(detail, home, comparators, events),
        definition_section(detail),
        html.Div(commentary_section(note), id=LATEST_COMMENTARY),
        *_editing(ref, periods),
        html.Section(
            _changes(ref, history), id=CHANGES, **{"aria-label": "Changes to this measure"}
        ),
        section(
            "Actions to improve it",
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
    sections.append(team_breakdown_section(detail, teams, home.points))
    sections.append(_downloads(ref, comparators))
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
    Output(COMMENTARY.field("text"), "value"),
    Input(COMMENTARY.field("period"), "value"),
    State(COMMENTARY.store, "data"),
    State(COMMENTARY.field("text"), "value"),
    prevent_initial_call=True,
)
def show_period_commentary(period: str | None, state: dict, text: str | None):
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
def save_commentary(_clicks, state: dict, period, text):
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
