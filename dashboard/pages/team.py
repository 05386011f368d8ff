"""One team's plan on a page: its measures on its own figures, the authority-wide measures it
contributes to on the authority's figures, its actions and its commentary.

Made to print on one A4 page (see the print rules in assets/dashboard.css).
"""

from __future__ import annotations

import logging

import dash
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import configured, database
from dashboard import visible_figures as visible
from dashboard.auth import TEAM_DATA
from dashboard.components.badges import rag_badge, status_badge, trend_badge
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import (
    DAYS_OVERDUE,
    DUE_HEADERS,
    PRE_LINE,
    date_text,
    due_cells,
)
from dashboard.components.not_found import not_found
from dashboard.components.provenance import provenance_suffix
from dashboard.components.series_tables import latest_text
from dashboard.components.sparkline import sparkline
from dashboard.page_cache import kept
from dashboard.rating import Rating, format_value, trend
from dashboard.shell import reads_database
from data_access.authority import Authority
from data_access.queries.teams import (
    TeamAction,
    TeamCommentary,
    TeamMeasure,
    TeamRow,
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

MEASURE_HEADERS = [
    "Measure",
    "Latest",
    "Period",
    "Rating and why",
    "Trend",
    "Last 24 periods",
    "Target",
]


def _rating(measure: TeamMeasure) -> Rating:
    return visible.rate_shown(
        measure.latest, measure.target, measure.tolerance, measure.polarity, measure.unit
    )


def _measure_row(measure: TeamMeasure, rating: Rating, team: TeamRow, whole: str) -> list:
    """A measure's row: on the team's own figures, or on the authority's (`whole`: "Stockport
    (all teams)")."""
    values = [figure.value for figure in measure.recent]
    figure, period = latest_text(measure.latest, measure.unit)
    first = measure.recent[0].label if measure.recent else ""
    whose = whole if measure.whole_authority else team.name
    return [
        html.A(f"{measure.ref}. {measure.title}", href=f"/indicator/{measure.ref}"),
        [figure, html.Div(whole, className="authority-figure")]
        if measure.whole_authority
        else figure,
        period,
        [
            rag_badge(rating.rag, rating.explanation),
            html.Div(rating.explanation, className="small"),
        ],
        trend_badge(trend(values, measure.polarity, measure.unit)),
        sparkline(
            values,
            f"{whose}, {measure.title}: {len(values)} figures from {first} to {period}",
        ),
        "–" if measure.target is None else format_value(measure.target, measure.unit),
    ]


def _measures_table(team: TeamRow, rows: list, caption: str, table_id: str, empty: str) -> list:
    return [
        data_table(
            MEASURE_HEADERS,
            rows,
            caption,
            numbers=("Latest", "Target"),
            empty=empty,
            class_name="team-measures",
            table_id=table_id,
            compact=True,
        ),
        download_links(f"/teams/{team.slug}", table_id, caption),
    ]


def _measure_sections(
    team: TeamRow, measures: list[TeamMeasure], ratings: list[Rating], whole: Authority
):
    own, authority = [], []
    for measure, rating in zip(measures, ratings):
        row = _measure_row(measure, rating, team, whole.all_teams)
        (authority if measure.whole_authority else own).append(row)
    sections = [
        _section(
            "measures",
            "Measures with this team's own figures",
            _measures_table(
                team,
                own,
                f"{team.name}'s measures, on the team's own figures",
                "team-measures",
                "No measure linked to this team has figures for the team itself yet."
                + (" See the authority-wide measures below." if authority else ""),
            ),
        )
    ]
    if authority:
        sections.append(
            _section(
                "authority-wide",
                "Authority-wide measures this team contributes to",
                [
                    html.P(
                        f"These measures are counted for {whole.name} as a whole, not team by "
                        f"team, so the figures are {whole.all_teams}, not the team's own. They do "
                        "not count toward the team's red measures.",
                        className="small",
                    ),
                    *_measures_table(
                        team,
                        authority,
                        f"Measures {team.name} contributes to, on {whole.all_teams} figures",
                        "authority-measures",
                        "",
                    ),
                ],
            )
        )
    return sections


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


def _commentary(items: list[TeamCommentary]) -> list:
    if not items:
        return [html.P("No commentary has been written for this team yet.")]
    return [
        html.Figure(
            [
                html.Blockquote(html.P(item.text, className="mb-1"), className="ps-3"),
                html.Figcaption(
                    [
                        f"{item.author}, on ",
                        html.A(f"{item.ref}. {item.title}", href=f"/indicator/{item.ref}"),
                        f", period ending {date_text(item.period_end)}"
                        + provenance_suffix(item.provenance),
                    ],
                    className="small text-muted",
                ),
            ]
        )
        for item in items
    ]


def _section(anchor: str, heading: str, content: list) -> html.Section:
    return html.Section(
        [html.H2(heading, id=f"{anchor}-heading", className="h4 mt-3"), *content],
        id=anchor,
        **{"aria-labelledby": f"{anchor}-heading"},
    )


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


def _team_page(
    team: TeamRow,
    measures: list[TeamMeasure],
    actions: list[TeamAction],
    commentary: list[TeamCommentary],
    whole: Authority,
) -> html.Div:
    ratings = [_rating(measure) for measure in measures]
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
            *_measure_sections(team, measures, ratings, whole),
            _section(
                "actions",
                "Team actions",
                [
                    data_table(
                        ["Ref", "Action", "Status", "Owner", *DUE_HEADERS, "Latest update"],
                        [_action_row(action) for action in actions],
                        f"{team.name}'s actions, overdue first (the most days overdue first)",
                        numbers=(DAYS_OVERDUE,),
                        empty="No actions are linked to this team yet.",
                        class_name="team-actions",
                        table_id="team-actions",
                        compact=True,
                    ),
                    download_links(f"/teams/{team.slug}", "team-actions", f"{team.name}'s actions"),
                ],
            ),
            _section("commentary", "Latest commentary", _commentary(commentary)),
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
        actions = team_actions(db, team.slug)
        commentary = team_commentary(db, team.slug)
    return _team_page(team, measures, actions, commentary, configured.authority())
