"""The card of one headline measure: latest figure, rating, trend, sparkline and target."""

from __future__ import annotations

from dash import html

from dashboard.components.badges import assurance_badge, rag_badge, trend_badge, variation_badge
from dashboard.components.series_tables import figure_text
from dashboard.components.sparkline import sparkline
from dashboard.disclosure import NOT_RATED
from dashboard.rating import Rating, Trend, format_value
from dashboard.spc import SpcChart
from data_access.queries.indicators import IndicatorSummary, RecentFigure


def _figure(summary: IndicatorSummary) -> list:
    latest = summary.latest
    if latest is None:
        return [html.Span("No figure yet", className="measure-value")]
    shown = figure_text(latest.value, latest.symbol, summary.unit)
    parts = [html.Span(shown, className="measure-value"), " ", html.Span(latest.label)]
    if latest.provenance == "published":
        parts += [" ", html.Span("published", className="provenance")]
    return parts


def _trend_description(summary: IndicatorSummary, recent: list[RecentFigure]) -> str:
    known = [f for f in recent if f.value is not None]
    if len(known) < 2:
        return ""
    first, last = known[0], known[-1]
    return (
        f"Trend line of {summary.title}: {format_value(first.value, summary.unit)} in "
        f"{first.label} to {format_value(last.value, summary.unit)} in {last.label}."
    )


def _spc_badges(chart: SpcChart | None) -> html.P | None:
    """The SPC variation and assurance icons, when the series is long enough for a chart."""
    if chart is None:
        return None
    badges = ["SPC: ", variation_badge(chart.variation), " ", assurance_badge(chart.assurance)]
    return html.P(badges, className="mb-1 small spc-badges")


def measure_card(
    summary: IndicatorSummary,
    recent: list[RecentFigure],
    rating: Rating,
    movement: Trend,
    chart: SpcChart | None = None,
) -> html.Li:
    target = (
        f"Target {format_value(summary.target, summary.unit)}"
        if summary.target is not None
        else "No target: shown for context"
    )
    return html.Li(
        html.Article(
            [
                html.H3(
                    html.A(
                        [html.Span(summary.ref, className="measure-ref"), " ", summary.title],
                        href=f"/indicator/{summary.ref}",
                    ),
                    className="h6 measure-title",
                ),
                html.P(_figure(summary), className="mb-1"),
                html.P([rag_badge(rating.rag, rating.explanation), " ", trend_badge(movement)]),
                _spc_badges(chart),
                sparkline([f.value for f in recent], _trend_description(summary, recent)),
                html.P(target, className="small mb-1 mt-1"),
                html.P(rating.explanation, className="small text-secondary mb-0")
                if rating.rag or rating.explanation == NOT_RATED
                else None,
            ],
            className=f"measure-card measure-{rating.rag or 'none'}",
        )
    )
