"""The monthly performance clinic: the exceptions first (red or deteriorating measures, for
the authority and by service and team; actions off track or overdue), then a comparison of the
teams on one team-level measure, chosen with `?measure=<ref>`."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import configured, database
from dashboard.auth import ALL_TEAMS
from dashboard.changes_since import asked_since, changes_since
from dashboard.components.clinic_comparison import COMPARISON_TABLE, comparison_table
from dashboard.components.clinic_exceptions import (
    DETERIORATING,
    MeasureException,
    action_exceptions_table,
    measure_exception_tables,
    measure_exceptions,
)
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import date_text
from dashboard.components.reporting_period import (
    PERIOD,
    PeriodShown,
    asked_date,
    bad_date_note,
    bad_date_page,
    period_choice,
    period_store,
)
from dashboard.components.what_changed import SECTION as SINCE_SECTION
from dashboard.components.what_changed import since_choice, what_changed_section
from dashboard.date_arguments import BadDate
from dashboard.page_cache import kept
from dashboard.rating import DETERIORATION_PERIODS, JUDGED_FIGURES, current_since
from dashboard.reporting_period import asked_period, period_in_callback
from dashboard.shell import reads_database
from data_access.queries.clinic import (
    ClinicAction,
    Series,
    TeamLevelMeasure,
    clinic_actions,
    judged_series,
    measure_series,
    team_level_measures,
)
from data_access.queries.links import actions_aimed_at
from data_access.queries.plans import decision_date

dash.register_page(
    __name__, path="/clinic", right=ALL_TEAMS, title="Performance clinic", name="Performance clinic"
)

MEASURE, SHOWING, COMPARISON, ADDRESS = (
    "clinic-measure",
    "clinic-showing",
    "clinic-comparison",
    "clinic-address",
)
RECENT_PERIODS = 24  # as on the scorecard and the team pages, so the trends agree


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary_line(
    exceptions: list[MeasureException], actions: list[ClinicAction], on_text: str, name: str
) -> html.P:
    """How many red and deteriorating measures, red and overdue actions, at the reporting date."""
    red = [e for e in exceptions if e.red]
    red_teams = sum(e.series.team is not None for e in red)
    deteriorating = sum(e.deteriorating for e in exceptions)
    red_actions = sum(action.status == "red" for action in actions)
    overdue = sum(action.overdue for action in actions)
    return html.P(
        [
            f"As at {on_text}: ",
            html.Strong(_counted(len(red), "red measure", "red measures")),
            f" ({len(red) - red_teams} for {name}, {red_teams} for teams), ",
            html.Strong(f"{deteriorating} deteriorating"),
            f" for {DETERIORATION_PERIODS} periods, ",
            html.Strong(_counted(red_actions, "red action", "red actions")),
            " and ",
            html.Strong(_counted(overdue, "overdue action", "overdue actions")),
            ".",
        ],
        className="lead clinic-summary",
    )


def _section(anchor: str, heading: str, content: list) -> html.Section:
    return html.Section(
        [html.H2(heading, id=f"{anchor}-heading", className="h3 mt-4"), *content],
        id=anchor,
        **{"aria-labelledby": f"{anchor}-heading"},
    )


def _contents() -> html.Nav:
    links = [
        ("What changed", f"#{SINCE_SECTION}"),
        ("Measures to discuss", "#measures"),
        ("Actions to discuss", "#actions"),
        ("Compare teams", "#compare"),
    ]
    return html.Nav(
        html.Ul(
            [html.Li(html.A(name, href=anchor)) for name, anchor in links],
            className="page-contents",
        ),
        **{"aria-label": "On this page"},
    )


def _option(measure: TeamLevelMeasure, red_teams: int) -> dict:
    label = f"{measure.ref}. {measure.title}"
    if red_teams:
        label += f" ({_counted(red_teams, 'team', 'teams')} red)"
    return {"label": label, "value": measure.ref}


def _measure_chooser(
    measures: list[TeamLevelMeasure], series: list[Series], chosen: str
) -> html.Div:
    red_teams = {
        measure.ref: sum(
            one.red and one.team is not None and one.ref == measure.ref for one in series
        )
        for measure in measures
    }
    return html.Div(
        [
            html.Label("Measure to compare", htmlFor=MEASURE, className="fw-semibold mb-1"),
            dbc.Select(
                id=MEASURE,
                options=[_option(measure, red_teams[measure.ref]) for measure in measures],
                value=chosen,
            ),
        ],
        className="clinic-chooser",
    )


def comparing(series: list[Series]) -> str:
    """What the comparison shows, said when it changes (for screen readers)."""
    teams = sum(one.team is not None for one in series)
    if not series:
        return "No team has figures for this measure yet."
    return f"Comparing {_counted(teams, 'team', 'teams')} on {series[0].ref}. {series[0].title}."


@reads_database
@kept
def layout(
    measure: str | None = None, as_at: object = None, since: object = None, **_query
) -> html.Div:
    with database.session() as db:
        try:
            period = asked_period(db, as_at)
            on = decision_date(db, period.on)
            compared_with = asked_since(since, on)
        except BadDate as bad:
            return bad_date_page("Performance clinic", "/clinic", str(bad))
        changes = changes_since(db, compared_with.on, on)
        series = judged_series(db, RECENT_PERIODS, JUDGED_FIGURES, on)
        actions = clinic_actions(db, on)
        aimed = actions_aimed_at(db, sorted({one.ref for one in series if one.red}))
        measures = team_level_measures(db)
        refs = [m.ref for m in measures]
        chosen = measure if measure in refs else (refs[0] if refs else None)
        compared = measure_series(db, chosen, RECENT_PERIODS, on) if chosen else []
    on_text = date_text(on)
    authority = configured.authority()
    exceptions = measure_exceptions(series, current_since(on))
    comparison = (
        [
            _measure_chooser(measures, series, chosen),
            html.P(comparing(compared), id=SHOWING, role="status", className="small"),
            html.Div(comparison_table(compared, authority), id=COMPARISON),
            download_links("/clinic", COMPARISON_TABLE, "the team comparison"),
        ]
        if measures
        else [html.P("No measure has team figures yet.")]
    )
    return html.Div(
        [
            dcc.Location(id=ADDRESS, refresh=False),
            period_store(period),
            html.H1("Performance clinic"),
            period_choice("/clinic", period),
            since_choice("/clinic", period, compared_with.on, compared_with.default),
            summary_line(exceptions, actions, on_text, authority.name),
            html.P(
                [
                    "The exceptions first: measures whose latest figure is red (worse than "
                    "target by more than the tolerance) or that are ",
                    html.Strong(DETERIORATING.lower()),
                    f" (worse in each of the last {DETERIORATION_PERIODS} periods, by more "
                    f"than a stable change), for {authority.name} and for each team on its own "
                    "figures; then the actions off track or overdue. Measures whose newest "
                    "figure is more than a year old are left out. Follow a team to its plan on "
                    "a page.",
                ]
            ),
            _contents(),
            what_changed_section(changes, authority.all_teams),
            _section(
                "measures",
                "Measures to discuss",
                measure_exception_tables(exceptions, authority, aimed, changes),
            ),
            _section(
                "actions",
                "Actions to discuss",
                [
                    action_exceptions_table(actions, on_text),
                    download_links("/clinic", "clinic-actions", "actions to discuss"),
                ],
            ),
            _section(
                "compare",
                "Compare teams",
                [
                    html.P(
                        "Choose a team-level measure to see each team's latest figure, rating, "
                        f"trend and the difference from {authority.possessive} figure for the "
                        "same period."
                    ),
                    *comparison,
                ],
            ),
        ],
        className="clinic",
    )


@callback(
    Output(COMPARISON, "children"),
    Output(SHOWING, "children"),
    Output(ADDRESS, "search"),
    Input(MEASURE, "value"),
    State(PERIOD, "data"),
    prevent_initial_call=True,
)
def show_comparison(ref: str | None, period: PeriodShown | None):
    """The comparison table for the measure chosen, at the page's reporting period, a sentence
    saying what it shows, and the address that opens it (so that a download, a bookmark or a
    reload gives the same table)."""
    with database.session() as db:
        try:
            on = period_in_callback(db, asked := asked_date(period))
        except BadDate as bad:
            return bad_date_note(str(bad)), str(bad), no_update
        compared = measure_series(db, ref, RECENT_PERIODS, on) if ref else []
    query = {"measure": ref} if ref else {}
    if asked:
        query["as_at"] = asked
    address = f"?{urlencode(query)}" if query else ""
    table = comparison_table(compared, configured.authority(), fallback_title=ref or "")
    return table, comparing(compared), address
