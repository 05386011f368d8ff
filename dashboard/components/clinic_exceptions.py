"""The performance clinic's exceptions: measures that are red or deteriorating, for the authority
and by service and team, and actions that are red or overdue with their teams. No queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from dashboard.changes_since import ChangesSince
from dashboard.components.badges import rag_badge_html, status_badge_html, trend_badge_html
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import (
    DAYS_OVERDUE,
    DUE_HEADERS,
    PRE_LINE,
    due_cells,
)
from dashboard.components.markup import Markup, element
from dashboard.components.open_actions import aimed_actions_html
from dashboard.components.series_tables import latest_text
from dashboard.components.what_changed import previous_rating_html
from dashboard.rating import DETERIORATION_PERIODS, deteriorating_for, format_value, rate, trend
from data_access.authority import Authority
from data_access.queries.clinic import ClinicAction, Series
from data_access.queries.links import AimedAction

RED = "Red"
DETERIORATING = f"Deteriorating for {DETERIORATION_PERIODS} periods"
MEASURE_COLUMNS = ["Team", "Measure", "Latest", "Period", "Rating and why", "Exception", "Trend"]


@dataclass(frozen=True)
class MeasureException:
    """A series to discuss, and why: red, deteriorating, or both."""

    series: Series
    red: bool
    deteriorating: bool


def measure_exceptions(series: Sequence[Series], current_since: date) -> list[MeasureException]:
    """The series whose newest figure is red or that are deteriorating, in the given order.

    A series whose newest figure is for a period ending before `current_since` is left out:
    an old figure is history, not something to discuss this month.
    """
    found = []
    for one in series:
        if one.latest is None or one.latest.date < current_since:
            continue
        deteriorating = deteriorating_for(one.values, one.polarity, one.unit)
        if one.red or deteriorating:
            found.append(MeasureException(one, one.red, deteriorating))
    return found


def slug(text: str) -> str:
    """A name as an id: 'Children's social care' -> 'children-s-social-care'."""
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words)


def team_link(series: Series, authority: Authority) -> Markup | str:
    """The team's plan on a page, or the authority as a whole."""
    team = series.team
    return element("a", team.name, href=f"/teams/{team.slug}") if team else authority.all_teams


def deteriorating_run(series: Series) -> str:
    """The figures of the deteriorating run, oldest first: '80.0% → 78.0% → 76.5% → 75.0%'."""
    known = [value for value in series.values if value is not None]
    return " → ".join(
        format_value(value, series.unit) for value in known[-(DETERIORATION_PERIODS + 1) :]
    )


def _reasons(exception: MeasureException, aimed: Sequence[AimedAction]) -> list:
    """Red, with what is being done about it (on a team's row, the team's own actions and the
    whole authority's), and the deteriorating run."""
    reasons = []
    if exception.red:
        team = exception.series.team
        mine = [action for action in aimed if action.for_team(team.slug if team else None)]
        reasons.append(element("div", element("strong", RED), aimed_actions_html(mine, "Actions")))
    if exception.deteriorating:
        run = element("div", deteriorating_run(exception.series), class_="small")
        reasons.append(element("div", element("strong", DETERIORATING), run))
    return reasons


def _measure_row(
    exception: MeasureException,
    authority: Authority,
    aimed: Mapping[str, list[AimedAction]],
    changes: ChangesSince | None = None,
) -> list:
    series = exception.series
    latest = series.latest
    figure, period = latest_text(latest, series.unit)
    rating = rate(
        latest.value if latest else None,
        series.target,
        series.tolerance,
        series.polarity,
        series.unit,
    )
    return [
        team_link(series, authority),
        element("a", f"{series.ref}. {series.title}", href=f"/indicator/{series.ref}"),
        figure,
        element("span", period, class_="text-nowrap"),
        Markup(
            rag_badge_html(rating.rag, rating.explanation)
            + element("div", rating.explanation, class_="small")
            + _previous(series, changes)
        ),
        Markup("".join(_reasons(exception, aimed.get(series.ref, [])))),
        trend_badge_html(trend(series.values, series.polarity, series.unit)),
    ]


def _previous(series: Series, changes: ChangesSince | None) -> Markup:
    """The series' rating at the date compared with, beside its rating now."""
    if changes is None:
        return Markup("")
    team = series.team.slug if series.team else None
    return previous_rating_html(changes.previous(series.ref, team), changes.since)


def _group_table(
    heading: str, caption: str, table_id: str, rows: list, *, teams: bool
) -> html.Section:
    """A group's table; the authority's has no team column, its heading says whose figures
    they are."""
    heading_id = f"{table_id}-heading"
    columns = MEASURE_COLUMNS if teams else MEASURE_COLUMNS[1:]
    rows = rows if teams else [row[1:] for row in rows]
    return html.Section(
        [
            html.H3(heading, id=heading_id, className="h4 mt-3"),
            data_table(
                columns,
                rows,
                caption,
                numbers=["Latest"],
                table_id=table_id,
                class_name="stacking-table clinic-exceptions",
            ),
            download_links("/clinic", table_id, caption),
        ],
        **{"aria-labelledby": heading_id},
    )


def measure_exception_tables(
    exceptions: Sequence[MeasureException],
    authority: Authority,
    aimed: Mapping[str, list[AimedAction]],
    changes: ChangesSince | None = None,
) -> list:
    """A table for the authority as a whole, then one per service with its teams' exceptions,
    each team's rows together in the order the teams were loaded. `aimed`: the actions aimed
    at each red measure, by its ref; with `changes`, each measure's rating at the date
    compared with beside its rating now."""
    if not exceptions:
        return [html.P("No measure is red or deteriorating.")]
    whole, authority = authority, [e for e in exceptions if e.series.team is None]
    by_service: dict[str, list[MeasureException]] = {}
    for exception in exceptions:
        if exception.series.team is not None:
            by_service.setdefault(exception.series.team.service, []).append(exception)
    tables = []
    if authority:
        tables.append(
            _group_table(
                whole.all_teams,
                f"{whole.possessive} own figures that are red or deteriorating, in the "
                "scorecard's order",
                "clinic-measures-authority",
                [_measure_row(e, whole, aimed, changes) for e in authority],
                teams=False,
            )
        )
    for service, members in by_service.items():
        tables.append(
            _group_table(
                service,
                f"{service}: teams' own figures that are red or deteriorating, team by team",
                f"clinic-measures-{slug(service)}",
                [_measure_row(e, whole, aimed, changes) for e in members],
                teams=True,
            )
        )
    return tables


def _teams(action: ClinicAction) -> Markup | str:
    if not action.teams:
        return "No team linked"
    return element(
        "ul",
        [element("li", element("a", t.name, href=f"/teams/{t.slug}")) for t in action.teams],
        class_="list-unstyled mb-0",
    )


def action_exceptions_table(actions: Sequence[ClinicAction], on_text: str) -> dbc.Table:
    """Actions off track or overdue, with their owner, due date, status and teams."""
    rows = [
        [
            element(
                "span",
                element("a", f"Action {action.ref}", href=f"/actions/{action.ref}"),
                class_="text-nowrap",
            ),
            action.plan,
            element("div", action.text, style=PRE_LINE, class_="clinic-action-text"),
            action.owner,
            *due_cells(action),
            status_badge_html(action.status, action.overdue),
            _teams(action),
        ]
        for action in actions
    ]
    return data_table(
        ["Action", "Plan", "What", "Owner", *DUE_HEADERS, "Status", "Teams"],
        rows,
        f"Actions overdue or off track (red) as at {on_text}: the most days overdue first, then "
        "those off track by due date",
        numbers=(DAYS_OVERDUE,),
        empty="No action is off track or overdue.",
        table_id="clinic-actions",
        class_name="stacking-table clinic-actions",
        compact=True,  # nine columns: the whole row fits a laptop's screen
    )
