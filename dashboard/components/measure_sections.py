"""The sections of the measure page that show one measure's own words and figures: its latest
rating with the sentence that explains it, its definition and its latest commentary. No queries."""

from __future__ import annotations

from dash import html

from dashboard.components.badges import rag_badge, trend_badge
from dashboard.components.provenance import provenance_suffix
from dashboard.components.series_tables import figure_text
from dashboard.rating import amount_text, rate, trend
from data_access.queries.commentary import CommentaryRow
from data_access.queries.indicators import IndicatorDetail

POLARITY_WORDS = {
    "up": "Higher is better",
    "down": "Lower is better",
    "neutral": "A context measure: shown for information, not rated",
}


def section(heading: str, *children, **props) -> html.Section:
    """A page section with its h2; children that are None are left out."""
    parts = [child for child in children if child is not None]
    return html.Section([html.H2(heading, className="h4 mt-4"), *parts], **props)


def _themes(slugs: list[str]) -> list:
    links: list = []
    for slug in slugs:
        name = slug.replace("-", " ").capitalize()
        links += [", "] if links else []
        links.append(html.A(name, href=f"/theme/{slug}"))
    return links or ["None"]


def rating_section(detail: IndicatorDetail, values: list[float | None]) -> html.Section:
    """The latest figure, its RAG badge and trend, the rating sentence and the target."""
    summary, latest = detail.summary, detail.summary.latest
    unit = summary.unit
    value = latest.value if latest else None
    rating = rate(value, summary.target, summary.tolerance, summary.polarity, unit)
    movement = trend(values, summary.polarity, unit)
    figure, period = "No figure yet", ""
    if latest is not None:
        kind = "published figure" if latest.provenance == "published" else "illustrative figure"
        figure = figure_text(latest.value, latest.symbol, unit)
        period = f"{latest.label}, {kind}"
    target = "None set" if summary.target is None else figure_text(summary.target, None, unit)
    facts = [
        ("Target", target),
        ("Tolerance", amount_text(summary.tolerance, unit) if summary.tolerance else "None"),
        ("Direction", POLARITY_WORDS.get(summary.polarity, summary.polarity)),
        ("Reported", summary.frequency.capitalize()),
        ("Themes", _themes(summary.themes)),
    ]
    return section(
        "Latest figure and rating",
        html.P([html.Span(figure, className="fs-2 fw-bold me-2"), period]),
        html.P([rag_badge(rating.rag, rating.explanation), " ", trend_badge(movement)]),
        html.P(html.Strong(rating.explanation), className="rating-sentence mb-1"),
        html.P(movement.sentence, className="trend-sentence"),
        html.Dl(
            [
                part
                for name, text in facts
                for part in (
                    html.Dt(name, className="col-sm-3"),
                    html.Dd(text, className="col-sm-9 mb-1"),
                )
            ],
            className="row small mb-0",
        ),
        className="measure-rating",
    )


def definition_section(detail: IndicatorDetail) -> html.Section:
    return section(
        "What this measures",
        html.H3("Definition", className="h6"),
        html.P(detail.definition or "No definition recorded."),
        html.H3("Why it matters", className="h6"),
        html.P(detail.why_it_matters or "Not recorded."),
        html.H3("Source", className="h6"),
        html.P(detail.source or "Not recorded.", className="small"),
    )


def commentary_section(note: CommentaryRow | None) -> html.Section:
    if note is None:
        return section("Latest commentary", html.P("No commentary has been written yet."))
    kind = provenance_suffix(note.provenance)
    return section(
        "Latest commentary",
        html.Blockquote(
            [
                html.P(note.text, className="mb-1"),
                html.Footer(f"{note.author}, on the figures to {note.period_end:%-d %B %Y}{kind}"),
            ],
            className="border-start border-3 ps-3",
        ),
    )
