"""The scorecard's one-screen summary: how many measures are red, amber, green and not rated;
what is red and why, a line each; and what changed since the period compared with. Red
figures more than a year old are counted apart, as the clinic leaves them out. No queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from dash import html

from dashboard import visible_figures as visible
from dashboard.changes_since import ChangesSince, SinceChoice
from dashboard.components.badges import rag_badge_html
from dashboard.components.markup import Markup, element
from dashboard.components.reporting_period import period_words
from dashboard.components.static_html import StaticHtml
from dashboard.components.what_changed import (
    SECTION,
    counts_sentence,
    since_choice,
    what_changed_section,
)
from dashboard.rating import Rating
from dashboard.reporting_period import ReportingPeriod
from data_access.queries.indicators import IndicatorSummary

STALE_AFTER = timedelta(days=365)  # as the clinic: an older figure is history
RED_LINES = 8  # red measures listed before "N more"
HEADING = "scorecard-summary-heading"


def is_stale(summary: IndicatorSummary, on: date | None) -> bool:
    """Whether a measure's newest figure is for a period ending more than a year before `on`."""
    latest = summary.latest
    return on is not None and latest is not None and latest.date < on - STALE_AFTER


def _red_line(summary: IndicatorSummary, rating: Rating, on: date | None) -> Markup:
    old = (
        f" (its newest figure, {summary.latest.label}, is more than a year old)"
        if is_stale(summary, on)
        else ""
    )
    return element(
        "li",
        element("a", f"{summary.ref}. {summary.title}", href=f"/indicator/{summary.ref}"),
        f": {rating.explanation}{old}",
    )


def counts_line(rated: Sequence[tuple[IndicatorSummary, Rating]], on: date | None) -> Markup:
    """'[✕ Red] 7 red, of which 2 are more than a year old; [! Amber] 5 amber; ...'"""
    red = [summary for summary, rating in rated if rating.rag == "red"]
    stale = sum(is_stale(summary, on) for summary in red)
    parts = []
    for rag, word in (("red", "red"), ("amber", "amber"), ("green", "green"), (None, "not rated")):
        count = sum(rating.rag == rag for _, rating in rated)
        extra = f", of which {stale} {'is' if stale == 1 else 'are'} more than a year old"
        words = f"{count} {word}" + (extra if rag == "red" and stale else "")
        parts.append(element("li", rag_badge_html(rag), " ", words))
    return element("ul", parts, class_="list-inline-items mb-2", aria_label="Measures by rating")


def scorecard_summary(
    rated: Sequence[tuple[IndicatorSummary, Rating]],
    on: date | None,
    changes: ChangesSince | None,
) -> StaticHtml:
    """The summary at the top of the scorecard, for every measure whatever the filters."""
    red = [(summary, rating) for summary, rating in rated if rating.rag == "red"]
    red.sort(key=lambda pair: is_stale(pair[0], on))  # current figures first
    lines = [_red_line(summary, rating, on) for summary, rating in red]
    listed = element("ul", lines[:RED_LINES]) if lines else element("p", "No measure is red.")
    if len(lines) > RED_LINES:
        more = element(
            "details",
            element("summary", f"{len(lines) - RED_LINES} more red measures"),
            element("ul", lines[RED_LINES:]),
        )
        listed = Markup(listed + more)
    since = (
        element(
            "p",
            element("strong", f"Since {period_words(changes.since)}: "),
            counts_sentence(changes, teams=False),
            " ",
            element("a", "What changed", href=f"#{SECTION}"),
            class_="mb-0",
        )
        if changes is not None
        else None
    )
    when = f": {period_words(on)}" if on else ""
    return StaticHtml(
        element(
            "section",
            element("h2", f"At a glance{when}", id=HEADING, class_="h4"),
            counts_line(rated, on),
            element("h3", "Red, and why", class_="h6 mb-1"),
            listed,
            since,
            class_="scorecard-summary",
            aria_labelledby=HEADING,
        ),
        id="scorecard-summary",
    )


def summary_parts(
    summaries: Sequence[IndicatorSummary],
    period: ReportingPeriod,
    compared: SinceChoice | None,
    changes: ChangesSince | None,
    all_teams: str,
) -> list:
    """The top of the scorecard under its reporting period: the date compared with, the
    summary, and what changed since, in full, folded away. `summaries`: every measure, with
    its latest figure as the asker may see it."""
    rated = [
        (s, visible.rate_shown(s.latest, s.target, s.tolerance, s.polarity, s.unit))
        for s in summaries
    ]
    if compared is None or changes is None:  # no figures yet
        return [scorecard_summary(rated, period.on, None)]
    return [
        since_choice("/", period, compared.on, compared.default),
        scorecard_summary(rated, period.on, changes),
        html.Details(
            [
                html.Summary(f"What changed since {period_words(changes.since)}, in full"),
                what_changed_section(changes, all_teams, teams=False),
            ],
            className="mb-3",
        ),
    ]
