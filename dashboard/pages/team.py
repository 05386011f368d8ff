"""One team's plan on a page: its measures on its own figures, the authority-wide measures it
contributes to on the authority's figures, its actions and its commentary.

Made to print on one A4 page (see the print rules in assets/dashboard.css).
"""

from __future__ import annotations

import logging

import dash
from dash import Input, Output, State, callback, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, configured, database
from dashboard import visible_figures as visible
from dashboard.auth import TEAM_DATA
from dashboard.components.badges import status_badge
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.edit_forms import (
    conflict_message,
    field_feedback,
    field_outputs,
    focus_on_message_after_save,
    message_outputs,
    problem_message,
    saved_message,
)
from dashboard.components.linked_items import (
    DAYS_OVERDUE,
    DUE_HEADERS,
    PRE_LINE,
    date_text,
    due_cells,
)
from dashboard.components.not_found import not_found
from dashboard.components.team_commentary import (
    CHANGES,
    LATEST,
    TEAM_COMMENTARY,
    TeamCommentaryState,
    latest_team_commentary,
    measure_options,
    team_commentary_changes_section,
    team_commentary_form,
    team_commentary_state,
)
from dashboard.components.team_plan import (
    TeamPage,
    measure_sections,
    team_rating,
    team_section,
)
from dashboard.page_cache import kept
from dashboard.rating import Rating
from dashboard.shell import reads_database
from data_access.authority import Authority
from data_access.edits import EditConflict, EditRejected, write_commentary
from data_access.queries.changes import team_commentary_changes
from data_access.queries.commentary import team_commentary_periods
from data_access.queries.links import actions_aimed_at
from data_access.queries.teams import (
    TeamAction,
    TeamMeasure,
    find_team,
    list_teams,
    team_actions,
    team_commentary,
    team_measures,
)

log = logging.getLogger(__name__)


def page_title(slug: str | None = None, **_path) -> str:
    try:
        with database.session() as db:
            team = find_team(db, slug) if slug else None
    except SQLAlchemyError:
        log.exception("The database cannot be read for the page title.")
        return "Team"
    return f"{team.name}: plan on a page" if team else "Team not found"


dash.register_page(
    __name__,
    path_template="/teams/<slug>",
    right=TEAM_DATA,
    team_argument="slug",
    title=page_title,
    name="Team",
)


def _action_row(action: TeamAction) -> list:
    update = (
        [
            html.Span(date_text(action.update_date), className="text-nowrap"),
            ": ",
            action.update_note,
        ]
        if action.update_date
        else "No update yet"
    )
    return [
        html.A(action.ref, href=f"/actions/{action.ref}", **{"aria-label": f"Action {action.ref}"}),
        html.Div(action.text, style=PRE_LINE, className="team-action-text"),
        status_badge(action.status, action.overdue),
        action.owner,
        *due_cells(action),
        html.Div(update, className="small team-update"),
    ]


def _headline(
    measures: list[TeamMeasure], ratings: list[Rating], actions: list[TeamAction], name: str
):
    own = [r for m, r in zip(measures, ratings) if not m.whole_authority]
    wide = [r for m, r in zip(measures, ratings) if m.whole_authority]
    red = sum(rating.rag == "red" for rating in own)
    parts = [
        f"{red} of {len(own)} measures red on the team's own figures"
        if own
        else "No measures with the team's own figures"
    ]
    if wide:
        wide_red = sum(rating.rag == "red" for rating in wide)
        parts.append(f"{len(wide)} authority-wide measures ({wide_red} red for {name})")
    overdue = sum(action.overdue for action in actions)
    parts.append(f"{overdue} of {len(actions)} actions overdue")
    return "; ".join(parts) + "."


def _commentary_section(page: TeamPage) -> html.Section:
    team, principal = page.team, auth.current()
    if principal.may_write_commentary(team.slug):
        form = team_commentary_form(team.slug, page.periods, principal.username)
    else:
        form = html.P(
            "The team's commentary is written by its managers, directors and performance analysts.",
            className="text-muted",
        )
    return team_section(
        "commentary",
        "Latest commentary",
        [
            html.Div(latest_team_commentary(page.commentary), id=LATEST),
            form,
            html.Div(
                team_commentary_changes_section(team.slug, team.name, page.history), id=CHANGES
            ),
        ],
    )


def _team_page(page: TeamPage, whole: Authority) -> html.Div:
    team, measures, actions = page.team, page.measures, page.actions
    ratings = [team_rating(measure) for measure in measures]
    return html.Div(
        [
            html.P(html.A("← All teams", href="/teams"), className="mb-2 d-print-none"),
            html.H1(team.name),
            html.P(
                [
                    f"{team.service}. ",
                    html.Strong(_headline(measures, ratings, actions, whole.name)),
                ],
                className="lead",
            ),
            *measure_sections(team, measures, ratings, whole, page.aimed),
            team_section(
                "actions",
                "Team actions",
                [
                    data_table(
                        ["Ref", "Action", "Status", "Owner", *DUE_HEADERS, "Latest update"],
                        [_action_row(action) for action in actions],
                        f"{team.name}'s actions, overdue first (the most days overdue first)",
                        numbers=(DAYS_OVERDUE,),
                        empty="No actions are linked to this team yet.",
                        class_name="stacking-table team-actions",
                        table_id="team-actions",
                        compact=True,
                    ),
                    download_links(f"/teams/{team.slug}", "team-actions", f"{team.name}'s actions"),
                ],
            ),
            _commentary_section(page),
        ],
        className="plan-on-a-page",
    )


@reads_database
@kept
def layout(slug: str | None = None, **_query) -> html.Div:
    with database.session() as db:
        team = find_team(db, slug) if slug else None
        if team is None:
            teams = list_teams(db)
            return not_found(
                "Team not found",
                "There is no team at this address. The teams are listed below.",
                [("All teams", "/teams")] + [(t.name, f"/teams/{t.slug}") for t in teams],
            )
        # Only a team's own managers (and staff who see every team) open this page, and they
        # see small numbers, so this changes nothing today; it keeps the one way figures reach
        # a page.
        measures = visible.measures(team_measures(db, team.slug))
        page = TeamPage(
            team,
            measures,
            team_actions(db, team.slug),
            actions_aimed_at(db, [measure.ref for measure in measures]),
            team_commentary(db, team.slug),
            team_commentary_periods(db, team.slug),
            team_commentary_changes(db, team.slug),
        )
    return _team_page(page, configured.authority())


@callback(
    Output(TEAM_COMMENTARY.field("text"), "value"),
    Input(TEAM_COMMENTARY.field("measure"), "value"),
    State(TEAM_COMMENTARY.store, "data"),
    State(TEAM_COMMENTARY.field("text"), "value"),
    prevent_initial_call=True,
)
def show_measure_commentary(ref: str | None, state: TeamCommentaryState, text: str | None):
    """Choosing a measure with commentary puts its text in the form to edit; choosing one
    without keeps what the person has typed."""
    existing = state["texts"].get(ref or "")
    return existing if existing is not None else (text or "")


@callback(
    *message_outputs(TEAM_COMMENTARY),
    Output(TEAM_COMMENTARY.store, "data"),
    Output(TEAM_COMMENTARY.field("measure"), "options"),
    *field_outputs(TEAM_COMMENTARY),
    Output(LATEST, "children"),
    Output(CHANGES, "children"),
    Input(TEAM_COMMENTARY.save, "n_clicks"),
    State(TEAM_COMMENTARY.store, "data"),
    *(State(TEAM_COMMENTARY.field(name), "value") for name in TEAM_COMMENTARY.fields),
    prevent_initial_call=True,
)
def save_team_commentary(_clicks, state: TeamCommentaryState, ref: str | None, text: str | None):
    """Write the team's commentary on the measure's newest team figure; or say which fields to
    put right; or that someone else saved first. Only for those who may write this team's
    commentary, whatever team the request names."""
    slug = state["team"]
    principal = auth.current()
    auth.require(principal.may_write_commentary(slug))
    errors: dict[str, str] = {}
    with database.session() as db:
        team = find_team(db, slug)
        auth.require(team is not None)
        if ref not in state["periods"]:
            errors = {"measure": "Choose one of the team's measures from the list."}
            message = problem_message(TEAM_COMMENTARY, errors)
        else:
            try:
                write_commentary(
                    db,
                    ref,
                    state["periods"][ref],
                    text,
                    principal.username,
                    state["versions"].get(ref, 0),
                    team=slug,
                )
                message = saved_message("The team's commentary is saved, and kept in the changes.")
            except EditRejected as rejected:
                errors = rejected.errors
                message = problem_message(TEAM_COMMENTARY, errors)
            except EditConflict as conflict:
                message = conflict_message("commentary", conflict.changes_since)
        periods = team_commentary_periods(db, slug)
        latest = team_commentary(db, slug)
        history = team_commentary_changes(db, slug)
    return (
        *message,
        team_commentary_state(slug, periods),
        measure_options(periods),
        *field_feedback(TEAM_COMMENTARY, errors),
        latest_team_commentary(latest),
        team_commentary_changes_section(slug, team.name, history),
    )


focus_on_message_after_save(TEAM_COMMENTARY)
