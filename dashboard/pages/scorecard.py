"""The headline scorecard: every measure's latest figure and rating, by scorecard category."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import database
from dashboard.components.badges import rag_badge
from dashboard.rating import format_value, rate
from dashboard.shell import reads_database
from data_access.queries.indicators import IndicatorSummary, list_indicators

dash.register_page(__name__, path="/", title="Scorecard", name="Scorecard")

CONTEXT = "Context figures published in the documents"


def _row(summary: IndicatorSummary) -> html.Tr:
    latest = summary.latest
    if latest is None:
        figure, period, rating = "No figure", "", rate(None, None, None, "", "")
    elif latest.value is None:
        figure, period = f"Suppressed ({latest.symbol})", latest.label
        rating = rate(None, None, None, "", "")
    else:
        figure, period = format_value(latest.value, summary.unit), latest.label
        rating = rate(
            latest.value, summary.target, summary.tolerance, summary.polarity, summary.unit
        )
    target = format_value(summary.target, summary.unit) if summary.target is not None else "–"
    published = latest is not None and latest.provenance == "published"
    return html.Tr(
        [
            html.Td(summary.ref),
            html.Td(summary.title),
            html.Td([figure, html.Span(" published", className="provenance") if published else ""]),
            html.Td(period),
            html.Td(target),
            html.Td(rag_badge(rating.rag, rating.explanation)),
            html.Td(rating.explanation, className="small"),
        ]
    )


def _groups(summaries: list[IndicatorSummary]) -> dict[str, list[IndicatorSummary]]:
    """Plan measures by category in the scorecard's order, then the documents' context figures."""
    groups: dict[str, list[IndicatorSummary]] = {}
    for summary in summaries:
        context = summary.ref.startswith("C")
        groups.setdefault(CONTEXT if context else summary.category, []).append(summary)
    if CONTEXT in groups:
        groups[CONTEXT] = groups.pop(CONTEXT)
    return groups


@reads_database
def layout(**_query) -> html.Div:
    with database.session() as db:
        summaries = list_indicators(db)
    sections = []
    for category, members in _groups(summaries).items():
        sections.append(
            html.Section(
                [
                    html.H2(category, className="h4 mt-4"),
                    dbc.Table(
                        [
                            html.Thead(
                                html.Tr(
                                    [
                                        html.Th(label, scope="col")
                                        for label in (
                                            "Ref",
                                            "Measure",
                                            "Latest",
                                            "Period",
                                            "Target",
                                            "Rating",
                                            "Why",
                                        )
                                    ]
                                )
                            ),
                            html.Tbody([_row(summary) for summary in members]),
                        ],
                        bordered=False,
                        hover=True,
                        responsive=True,
                        className="scorecard-table",
                    ),
                ],
                **{"aria-label": category},
            )
        )
    return html.Div(
        [
            html.H1("Headline scorecard"),
            html.P(
                "The latest figure for Tameside on every measure of the improvement plan's "
                "scorecard and its themes' key indicators, rated against its target. "
                "Context figures that the documents publish come last.",
                className="lead",
            ),
            *sections,
        ]
    )
