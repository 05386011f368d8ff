"""The card of one headline measure: latest figure, rating, trend, sparkline and target,
written as markup: the scorecard draws hundreds at once (components/markup.py)."""

from __future__ import annotations

from dashboard.components.badges import (
    assurance_badge_html,
    rag_badge_html,
    trend_badge_html,
    variation_badge_html,
)
from dashboard.components.markup import Markup, element
from dashboard.components.series_tables import figure_text
from dashboard.components.sparkline import sparkline_html
from dashboard.disclosure import NOT_RATED
from dashboard.rating import Rating, Trend, format_value
from dashboard.spc import SpcVerdicts, plain_explanation
from data_access.queries.indicators import IndicatorSummary, RecentFigure


def _figure(summary: IndicatorSummary) -> list:
    latest = summary.latest
    if latest is None:
        return [element("span", "No figure yet", class_="measure-value")]
    shown = figure_text(latest.value, latest.symbol, summary.unit)
    parts = [element("span", shown, class_="measure-value"), " ", element("span", latest.label)]
    if latest.provenance == "published":
        parts += [" ", element("span", "published", class_="provenance")]
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


def _spc_badges(chart: SpcVerdicts | None, rag: str | None) -> list[Markup] | None:
    """The SPC variation and assurance icons, when the series is long enough for a chart,
    and what they mean in plain words: on hover (the icons' titles), and opened by keyboard or
    touch below them."""
    if chart is None:
        return None
    badges = [
        "SPC: ",
        variation_badge_html(chart.variation),
        " ",
        assurance_badge_html(chart.assurance),
    ]
    meaning = element(
        "details",
        element("summary", "What the SPC icons mean"),
        element(
            "p",
            plain_explanation(chart, rag),
            " ",
            element("a", "More in the glossary", href="/glossary#spc-icons"),
            class_="mb-1",
        ),
        class_="small spc-meaning",
    )
    return [element("p", badges, class_="mb-1 small spc-badges"), meaning]


def measure_card(
    summary: IndicatorSummary,
    recent: list[RecentFigure],
    rating: Rating,
    movement: Trend,
    chart: SpcVerdicts | None = None,
    previous: Markup | None = None,
) -> Markup:
    """The card; `previous` says its rating at the period compared with, when there is one."""
    target = (
        f"Target {format_value(summary.target, summary.unit)}"
        if summary.target is not None
        else "No target: shown for context"
    )
    link = element(
        "a",
        element("span", summary.ref, class_="measure-ref"),
        " ",
        summary.title,
        href=f"/indicator/{summary.ref}",
    )
    explanation = (
        element("p", rating.explanation, class_="small text-secondary mb-0")
        if rating.rag or rating.explanation == NOT_RATED
        else None
    )
    return element(
        "li",
        element(
            "article",
            element("h3", link, class_="h6 measure-title"),
            element("p", _figure(summary), class_="mb-1"),
            element(
                "p",
                rag_badge_html(rating.rag, rating.explanation),
                " ",
                trend_badge_html(movement),
                previous,
            ),
            _spc_badges(chart, rating.rag),
            sparkline_html([f.value for f in recent], _trend_description(summary, recent)),
            element("p", target, class_="small mb-1 mt-1"),
            explanation,
            class_=f"measure-card measure-{rating.rag or 'none'}",
        ),
    )
