"""Every team, by service, with how many of its measures are red on its own figures, how many
authority-wide measures it contributes to, and how many of its actions are overdue."""

from __future__ import annotations

import dash
from dash import html

from dashboard import configured, database
from dashboard import visible_figures as visible
from dashboard.auth import TEAM_DATA
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.page_cache import kept
from dashboard.shell import reads_database
from data_access.queries.teams import TeamSummary, list_teams

dash.register_page(__name__, path="/teams", right=TEAM_DATA, title="Teams", name="Teams")


def _count(count: int, total: int, noun: str) -> html.Span:
    """'1 of 5', bold when any need attention."""
    text = f"{count} of {total}"
    return html.Span(
        html.Strong(text) if count else text, **{"aria-label": f"{count} of {total} {noun}"}
    )


def _red(team: TeamSummary) -> html.Span | str:
    if not team.own_measures:
        return "No team figures"
    return _count(team.red_measures, team.own_measures, "measures red on the team's own figures")


def _service_table(service: str, teams: list[TeamSummary]) -> html.Section:
    rows = [
        [
            html.A(team.name, href=f"/teams/{team.slug}"),
            _red(team),
            team.measures - team.own_measures,
            _count(team.overdue_actions, team.actions, "actions overdue"),
        ]
        for team in teams
    ]
    anchor = "service-" + "".join(c if c.isalnum() else "-" for c in service.lower())
    table_id = f"teams-{anchor.removeprefix('service-')}"
    return html.Section(
        [
            html.H2(service, id=anchor, className="h3 mt-4"),
            data_table(
                ["Team", "Measures red", "Authority-wide measures", "Actions overdue"],
                rows,
                f"Teams in {service}: red measures on the team's own latest figure, "
                "authority-wide measures, and overdue actions",
                numbers=("Measures red", "Authority-wide measures", "Actions overdue"),
                row_headers=True,
                empty="No teams.",
                table_id=table_id,
                compact=True,
            ),
            download_links("/teams", table_id, f"teams in {service}"),
        ],
        **{"aria-labelledby": anchor},
    )


@reads_database
@kept
def layout(**_query) -> html.Div:
    with database.session() as db:
        every = list_teams(db)
    teams = visible.teams(every)  # a team manager: their own teams only
    by_service: dict[str, list[TeamSummary]] = {}
    for team in teams:  # services in the order their first team was loaded
        by_service.setdefault(team.service, []).append(team)
    services = list(by_service.items())
    authority = configured.authority()
    return html.Div(
        [
            html.H1("Teams"),
            html.P(
                "Each team's plan on a page: its actions, its team-level measures rated on the "
                "team's own figures, and its commentary. A measure is red when the team's latest "
                "figure is worse than the target by more than the tolerance; an action is overdue "
                "when it is past its due date and not complete. Authority-wide measures are "
                f"counted only for {authority.name} as a whole: a team's page shows them on "
                f"{authority.possessive} figures, and they are not counted among the team's "
                "red measures, since their figure is shared by every team that contributes to "
                "them."
            ),
            html.P("Your own teams are listed: other teams' figures are for their managers.")
            if len(teams) < len(every)
            else None,
            *(
                [_service_table(service, group) for service, group in services]
                if services
                else [
                    html.P(
                        "Your account is not tied to a team yet: ask an administrator."
                        if every
                        else "No teams are loaded yet."
                    )
                ]
            ),
        ]
    )
