"""What changed since the previous reporting period, as the clinic and the scorecard show it:
the "Since" choice, the "What changed since ..." section, and a measure's previous rating
beside its current one. Written as markup (components/markup.py); no queries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.changes_since import ChangesSince, Movement, NewSpecialCause, RatingChange
from dashboard.components.badges import rag_badge_html, status_badge_html
from dashboard.components.markup import Markup, element
from dashboard.components.reporting_period import period_words
from dashboard.components.series_tables import figure_text
from dashboard.components.static_html import StaticHtml
from dashboard.rating import Rating, amount_text
from dashboard.reporting_period import ReportingPeriod
from data_access.queries.since import ActionChange, FigureThen

SINCE_CHOICE, SINCE = "since-choice", "since-date"  # the choice's id, and what the page keeps
SECTION = "since"  # the section's anchor
KIND_WORDS = {
    "concern": "concern",
    "improvement": "improvement",
    "neutral": "a change in a context measure",
}
SIDE_WORDS = {"high": "higher", "low": "lower"}


def since_choice(path: str, period: ReportingPeriod, since: date, default: date) -> html.Form:
    """'Compare with [May 2023 (previous) v] [Show]': a form that opens `path` comparing with
    the month chosen (assets/since_choice.js keeps the page's other choices, and leaves
    `since` out for the previous period)."""
    if period.on is None:
        return html.Form(className="d-none")
    months = sorted({*(m for m in period.months if m < period.on), since}, reverse=True)
    return html.Form(
        [
            html.Label("Compare with", htmlFor=SINCE_CHOICE, className="fw-semibold mb-0"),
            dbc.Select(
                id=SINCE_CHOICE,
                name="since",
                options=[
                    {
                        "label": period_words(month) + (" (previous)" if month == default else ""),
                        "value": month.isoformat(),
                    }
                    for month in months
                ],
                value=since.isoformat(),
                class_name="reporting-period-select",
            ),
            html.Button("Show", type="submit", className="btn btn-outline-primary"),
        ],
        method="get",
        action=path,
        className="since-choice reporting-period-choice-like d-print-none",
        **{"data-default": default.isoformat()},
    )


def since_store(asked: date | None) -> dcc.Store:
    """The `since` date the page's address asked for (None: the previous period), which its
    callbacks compare with."""
    return dcc.Store(id=SINCE, data=asked.isoformat() if asked else None)


def _when(figure: FigureThen | None, unit: str) -> str:
    if figure is None:
        return "no figure"
    return f"{figure_text(figure.value, figure.symbol, unit)} ({figure.label})"


def previous_rating_html(before: Rating | None, since: date) -> Markup:
    """'In May 2023: [Amber]' when the rating then differs from now; else 'Unchanged since
    May 2023'."""
    words = period_words(since)
    if before is None:
        return element("span", f"Unchanged since {words}", class_="since-rating small")
    return element(
        "span",
        f"In {words}: ",
        rag_badge_html(before.rag, before.explanation),
        class_="since-rating small",
    )


def _measure_item(one: RatingChange, all_teams: str) -> Markup:
    change = one.change
    whose = change.team_name or all_teams
    return element(
        "li",
        element("a", f"{change.ref}. {change.title}", href=f"/indicator/{change.ref}"),
        f" ({whose}): was ",
        rag_badge_html(one.before.rag),
        f" {_when(change.before, change.unit)}, now ",
        rag_badge_html(one.after.rag, one.after.explanation),
        f" {_when(change.after, change.unit)}",
    )


def _cause_item(one: NewSpecialCause) -> Markup:
    kind = KIND_WORDS[one.kind]
    return element(
        "li",
        element("a", f"{one.ref}. {one.title}", href=f"/indicator/{one.ref}"),
        f": {kind} ({SIDE_WORDS[one.side]}), {figure_text(one.value, None, one.unit)} "
        f"in {one.date:%B %Y}",
    )


def _action_item(one: ActionChange) -> Markup:
    due = f"due {one.due.day} {one.due:%B %Y}" if one.due else "no due date"
    return element(
        "li",
        element("a", f"Action {one.ref}", href=f"/actions/{one.ref}"),
        f" ({one.owner}, {due}): was ",
        status_badge_html(one.from_status, one.was_overdue),
        ", now ",
        status_badge_html(one.to_status, one.overdue),
    )


def _moved_item(one: Movement) -> Markup:
    change = one.change
    before, after = change.before, change.after
    return element(
        "li",
        element("a", f"{change.ref}. {change.title}", href=f"/indicator/{change.ref}"),
        f": {_when(before, change.unit)} to {_when(after, change.unit)}, "
        f"{amount_text(after.value - before.value, change.unit)} {one.direction}",
    )


SHOWN_AT_ONCE = 5  # items a part lists before "show N more", so the section stays short


def _part(heading: str, items: Sequence, draw: Callable, empty: str, at_once: int | None) -> Markup:
    at_once = len(items) if at_once is None else at_once
    body = element("ul", [draw(one) for one in items[:at_once]]) if items else element("p", empty)
    if len(items) > at_once:
        rest = items[at_once:]
        more = element(
            "details",
            element("summary", f"{len(rest)} more"),
            element("ul", [draw(one) for one in rest]),
        )
        body = Markup(body + more)
    return element(
        "div", element("h3", f"{heading} ({len(items)})", class_="h5"), body, class_="since-part"
    )


def counts_sentence(changes: ChangesSince, teams: bool = True) -> str:
    """'2 turned red, 1 turned green, 3 new special causes, 1 action newly overdue, 2
    completed.' for a one-line summary."""
    measures = [m for m in changes.measures if teams or m.change.team is None]
    red = sum(m.after.rag == "red" for m in measures)
    green = sum(m.after.rag == "green" for m in measures)
    overdue = sum(a.newly_overdue for a in changes.actions)
    done = sum(a.completed for a in changes.actions)
    causes = len(changes.special_causes)
    return (
        f"{red} turned red, {green} turned green, {causes} new special "
        f"{'cause' if causes == 1 else 'causes'}, {overdue} "
        f"{'action' if overdue == 1 else 'actions'} newly overdue, {done} completed."
    )


def what_changed_markup(
    changes: ChangesSince,
    all_teams: str,
    *,
    teams: bool = True,
    at_once: int | None = SHOWN_AT_ONCE,
) -> Markup:
    """'What changed since May 2023': measures that turned red or green (or changed rating
    otherwise), new special causes, actions newly overdue, completed or otherwise changed,
    and what moved most. `teams`: show the teams' measures too (the clinic); `at_once`: the
    items each part lists before the rest are folded away (None: all, as a printed pack does)."""
    measures = [m for m in changes.measures if teams or m.change.team is None]
    red = [m for m in measures if m.after.rag == "red"]
    green = [m for m in measures if m.after.rag == "green"]
    other = [m for m in measures if m.after.rag not in ("red", "green")]
    causes = sorted(
        changes.special_causes,
        key=lambda c: (
            ("concern", "improvement").index(c.kind) if c.kind in ("concern", "improvement") else 2
        ),
    )
    overdue = [a for a in changes.actions if a.newly_overdue]
    done = [a for a in changes.actions if a.completed]
    moved = [a for a in changes.actions if not a.newly_overdue and not a.completed]
    since, as_at = period_words(changes.since), period_words(changes.as_at)

    def rated(one):
        return _measure_item(one, all_teams)

    parts = [
        _part(heading, items, draw, empty, at_once)
        for heading, items, draw, empty in (
            ("Turned red", red, rated, "No measure turned red."),
            ("Turned green", green, rated, "No measure turned green."),
            ("Other changes of rating", other, rated, "No other rating changed."),
            ("New special causes (SPC)", causes, _cause_item, "No new special cause."),
            ("Actions newly overdue", overdue, _action_item, "No action became overdue."),
            ("Actions completed", done, _action_item, "No action was completed."),
            ("Other changes of status", moved, _action_item, "No other action changed."),
            ("What moved most", changes.moved_most, _moved_item, "No figure moved much."),
        )
    ]
    heading_id = f"{SECTION}-heading"
    return element(
        "section",
        element("h2", f"What changed since {since}", id=heading_id, class_="h3 mt-4"),
        element(
            "p",
            f"Between the reporting periods of {since} and {as_at}: "
            + counts_sentence(changes, teams)
            + " A rating is judged on each measure's newest figure at each date; an "
            "action's status on its newest progress update dated by then. Special causes "
            "are the SPC chart's, on figures after "
            f"{since}. What moved most: the biggest moves against the usual ups and downs.",
            class_="small",
        ),
        element("div", parts, class_="since-parts"),
        id=SECTION,
        aria_labelledby=heading_id,
        class_="what-changed",
    )


def what_changed_section(changes: ChangesSince, all_teams: str, *, teams: bool = True):
    """The section (`what_changed_markup`) on a page."""
    return StaticHtml(what_changed_markup(changes, all_teams, teams=teams), id="what-changed")


@dataclass(frozen=True)
class Previous:
    """The authority's ratings at the date compared with, of the measures whose rating has
    changed since, for the scorecard's cards."""

    since: date
    ratings: dict[str, Rating]

    @classmethod
    def of(cls, changes: Sequence[RatingChange], since: date) -> Previous:
        ratings = {one.change.ref: one.before for one in changes if one.change.team is None}
        return cls(since, ratings)

    def html(self, ref: str) -> Markup:
        return previous_rating_html(self.ratings.get(ref), self.since)
