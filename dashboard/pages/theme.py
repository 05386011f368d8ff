"""One improvement theme: what it is about, its measures, its actions across plans, and the
inspection recommendations they answer, the most pressing first."""

from __future__ import annotations

import logging
from typing import NamedTuple

import dash
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import configured, database
from dashboard import visible_figures as visible
from dashboard.components.badges import rag_badge, status_badge, trend_badge
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import DAYS_OVERDUE, DUE_HEADERS, due_cells
from dashboard.components.not_found import not_found
from dashboard.components.series_tables import latest_text
from dashboard.components.suppressed import suppressed_note
from dashboard.page_cache import kept
from dashboard.rating import Rating, Trend, format_value, trend
from dashboard.shell import reads_database
from data_access.queries.indicators import MeasureFigures
from data_access.queries.plans import ListedAction
from data_access.queries.theme_page import (
    ThemeRecommendation,
    theme_actions,
    theme_measures,
    theme_recommendations,
)
from data_access.queries.themes import ThemeRow, find_theme, list_themes

log = logging.getLogger(__name__)
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}


def page_title(slug: str | None = None, **_path) -> str:
    try:
        with database.session() as db:
            theme = find_theme(db, slug) if slug else None
    except SQLAlchemyError:
        log.exception("The database cannot be read for the page title.")
        return "Theme"
    return f"Theme {theme.letter}: {theme.name}" if theme else "Theme not found"


dash.register_page(__name__, path_template="/theme/<slug>", title=page_title, name="Theme")


class RatedMeasure(NamedTuple):  # not a dataclass: Dash loads pages outside sys.modules
    measure: MeasureFigures
    rating: Rating
    movement: Trend


def rated_measures(measures: list[MeasureFigures]) -> list[RatedMeasure]:
    """Each measure rated on its latest figure, red first, then amber, green and not rated."""
    rated = []
    for measure in measures:
        rating = visible.rate_shown(
            measure.latest, measure.target, measure.tolerance, measure.polarity, measure.unit
        )
        values = [figure.value for figure in measure.recent]
        rated.append(RatedMeasure(measure, rating, trend(values, measure.polarity, measure.unit)))
    return sorted(rated, key=lambda item: RAG_ORDER.get(item.rating.rag, 3))


def summary_line(
    measures: list[RatedMeasure], actions: list[ListedAction], recommendations: int
) -> html.P:
    """Counts of what needs attention, each linking to its section."""
    ragged = [item.rating.rag for item in measures]
    overdue = sum(action.overdue for action in actions)
    off_track = sum(action.status == "red" for action in actions)
    return html.P(
        [
            html.Strong("At a glance: "),
            html.A(
                f"{ragged.count('red')} of {len(measures)} measures red, "
                f"{ragged.count('amber')} amber",
                href="#measures",
            ),
            "; ",
            html.A(
                f"{overdue} of {len(actions)} actions overdue, {off_track} off track",
                href="#actions",
            ),
            "; ",
            html.A(f"{recommendations} recommendations answered", href="#recommendations"),
            ".",
        ],
        className="theme-summary fs-5 border-start border-4 border-secondary ps-3 py-1",
    )


def _measure_row(item: RatedMeasure) -> list:
    measure, latest = item.measure, item.measure.latest
    figure, period = latest_text(latest, measure.unit)
    published = latest is not None and latest.provenance == "published"
    target = "–" if measure.target is None else format_value(measure.target, measure.unit)
    return [
        html.Td(measure.ref, className="text-nowrap"),
        html.Td(html.A(measure.title, href=f"/indicator/{measure.ref}")),
        html.Td([figure, html.Span(" published", className="provenance") if published else ""]),
        html.Td(period, className="text-nowrap"),
        html.Td(target),
        html.Td(
            [
                rag_badge(item.rating.rag, item.rating.explanation),
                html.Div(item.rating.explanation, className="small mt-1"),
            ]
        ),
        html.Td(trend_badge(item.movement)),
    ]


def _action_row(action: ListedAction) -> list:
    return [
        html.Td(
            html.A(
                action.ref,
                href=f"/actions/{action.ref}",
                **{"aria-label": f"Action {action.ref}"},
            )
        ),
        html.Td(action.text, style={"whiteSpace": "pre-line"}),
        html.Td(action.plan, className="small"),
        html.Td(action.owner),
        *due_cells(action),
        html.Td(status_badge(action.status, action.overdue)),
    ]


def _recommendation_row(recommendation: ThemeRecommendation) -> list:
    return [
        html.Td(
            html.A(
                recommendation.id,
                className="text-nowrap",
                href=f"/recommendations/{recommendation.id}",
                **{"aria-label": f"Recommendation {recommendation.id}"},
            )
        ),
        html.Td(recommendation.inspection, className="text-nowrap"),
        html.Td(recommendation.text),
    ]


def _section(anchor: str, heading: str, intro: str, *content) -> html.Section:
    return html.Section(
        [html.H2(heading, id=f"{anchor}-heading", className="h3 mt-4"), html.P(intro), *content],
        id=anchor,
        **{"aria-labelledby": f"{anchor}-heading"},
    )


def _theme_page(
    theme: ThemeRow,
    measures: list[RatedMeasure],
    actions: list[ListedAction],
    recommendations: list[ThemeRecommendation],
) -> html.Div:
    name = f"Theme {theme.letter}: {theme.name}"
    page = f"/theme/{theme.slug}"
    return html.Div(
        [
            html.H1(name),
            summary_line(measures, actions, len(recommendations)),
            html.P(
                html.A(
                    f"The scrutiny pack for theme {theme.letter} as a PDF",
                    href=f"/pack?theme={theme.slug}",
                ),
                className="small d-print-none",
            ),
            # The sample's themes are its plan's, in its words; another authority's have none.
            html.Section(
                [
                    html.H2("What this theme is about", className="h3 mt-4"),
                    html.Blockquote(html.P(theme.summary, className="mb-1"), className="ps-3"),
                    html.P(
                        "From the Improvement Plan 2017, section 7. The Voice of the Child "
                        "underpins all six themes.",
                        className="small",
                    ),
                ]
            )
            if theme.summary
            else None,
            _section(
                "measures",
                "Key measures",
                f"{configured.authority().possessive} latest figure on each measure of this "
                "theme, rated against its target: red first, then amber, green and measures "
                "that are not rated. The trend compares the newest three periods with the "
                "three before.",
                suppressed_note(visible.any_suppressed([item.measure.latest for item in measures])),
                data_table(
                    ["Ref", "Measure", "Latest", "Period", "Target", "Rating and why", "Trend"],
                    [_measure_row(item) for item in measures],
                    f"Measures of theme {theme.letter}",
                    table_id="theme-measures",
                ),
                download_links(page, "theme-measures", f"measures of theme {theme.letter}"),
            ),
            _section(
                "actions",
                "Actions",
                "Actions of the 2017 plan's theme and of later plans' priorities that serve it: "
                "overdue first (the most days overdue first), then off track, at risk, on track, "
                "not started and complete.",
                data_table(
                    ["Ref", "Action", "Plan", "Owner", *DUE_HEADERS, "Status"],
                    [_action_row(action) for action in actions],
                    f"Actions for theme {theme.letter}",
                    numbers=(DAYS_OVERDUE,),
                    table_id="theme-actions",
                ),
                download_links(page, "theme-actions", f"actions for theme {theme.letter}"),
            ),
            _section(
                "recommendations",
                "Recommendations it answers",
                "Inspection recommendations linked to this theme's actions or measures.",
                data_table(
                    ["Id", "Inspection", "Recommendation"],
                    [_recommendation_row(item) for item in recommendations],
                    f"Recommendations answered by theme {theme.letter}",
                    table_id="theme-recommendations",
                ),
                download_links(
                    page,
                    "theme-recommendations",
                    f"recommendations answered by theme {theme.letter}",
                ),
            ),
        ]
    )


def _theme_not_found(themes: list[ThemeRow]) -> html.Div:
    return not_found(
        "Theme not found",
        "There is no improvement theme at this address. The six themes are listed below.",
        [(f"Theme {theme.letter}: {theme.name}", f"/theme/{theme.slug}") for theme in themes],
    )


@reads_database
@kept
def layout(slug: str | None = None, **_query) -> html.Div:
    with database.session() as db:
        theme = find_theme(db, slug) if slug else None
        if theme is None:
            return _theme_not_found(list_themes(db))
        measures = rated_measures(visible.measures(theme_measures(db, theme.slug)))
        actions = theme_actions(db, theme.slug)
        recommendations = theme_recommendations(db, theme.slug)
    return _theme_page(theme, measures, actions, recommendations)
