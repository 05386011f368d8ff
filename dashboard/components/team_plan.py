"""The parts of a team's plan on a page: its measures' tables, on its own figures or the
authority's, with the actions on each red measure. No queries."""

from __future__ import annotations

from dataclasses import dataclass

from dash import html

from dashboard import visible_figures as visible
from dashboard.components.badges import rag_badge, trend_badge
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.open_actions import aimed_actions
from dashboard.components.series_tables import latest_text
from dashboard.components.sparkline import sparkline
from dashboard.rating import Rating, format_value, trend
from data_access.authority import Authority
from data_access.queries.changes import ChangeRow
from data_access.queries.commentary import TeamCommentaryPeriod
from data_access.queries.links import AimedAction
from data_access.queries.teams import TeamAction, TeamCommentary, TeamMeasure, TeamRow


@dataclass(frozen=True)
class TeamPage:
    """What a team's page shows, read in one session."""

    team: TeamRow
    measures: list[TeamMeasure]
    actions: list[TeamAction]
    aimed: dict[str, list[AimedAction]]  # the actions aimed at each measure, by its ref
    commentary: list[TeamCommentary]
    periods: list[TeamCommentaryPeriod]  # what the commentary form offers
    history: list[ChangeRow]  # the changes to the team's commentary


MEASURE_HEADERS = [
    "Measure",
    "Latest",
    "Period",
    "Rating and why",
    "Trend",
    "Last 24 periods",
    "Target",
]


def team_rating(measure: TeamMeasure) -> Rating:
    return visible.rate_shown(
        measure.latest, measure.target, measure.tolerance, measure.polarity, measure.unit
    )


def _measure_row(
    measure: TeamMeasure, rating: Rating, team: TeamRow, whole: str, aimed: list[AimedAction]
) -> list:
    """A measure's row: on the team's own figures, or on the authority's (`whole`: "Stockport
    (all teams)"). A red one links to the team's actions aimed at it, or says none is open."""
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
            aimed_actions(aimed, "Actions on it") if rating.rag == "red" else None,
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
            class_name="stacking-table team-measures",
            table_id=table_id,
            compact=True,
        ),
        download_links(f"/teams/{team.slug}", table_id, caption),
    ]


def measure_sections(
    team: TeamRow,
    measures: list[TeamMeasure],
    ratings: list[Rating],
    whole: Authority,
    aimed: dict[str, list[AimedAction]],
):
    own, authority = [], []
    for measure, rating in zip(measures, ratings):
        mine = [action for action in aimed.get(measure.ref, []) if action.for_team(team.slug)]
        row = _measure_row(measure, rating, team, whole.all_teams, mine)
        (authority if measure.whole_authority else own).append(row)
    sections = [
        team_section(
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
            team_section(
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


def team_section(anchor: str, heading: str, content: list) -> html.Section:
    return html.Section(
        [html.H2(heading, id=f"{anchor}-heading", className="h4 mt-3"), *content],
        id=anchor,
        **{"aria-labelledby": f"{anchor}-heading"},
    )
