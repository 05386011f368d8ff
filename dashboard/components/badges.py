"""Badges that carry their meaning in a word and an icon, never colour alone (WCAG 1.4.1)."""

from __future__ import annotations

from dash import html

from dashboard.rating import Trend

RAG_STYLES = {
    "green": ("✓", "Green", "rag-green"),
    "amber": ("!", "Amber", "rag-amber"),
    "red": ("✕", "Red", "rag-red"),
    None: ("–", "Not rated", "rag-none"),
}

STATUS_STYLES = {
    "blue": ("✓", "Complete", "status-blue"),
    "green": ("●", "On track", "status-green"),
    "amber": ("!", "At risk", "status-amber"),
    "red": ("✕", "Off track", "status-red"),
    "not_started": ("○", "Not started", "status-not-started"),
}


def _badge(icon: str, word: str, css: str, title: str | None) -> html.Span:
    return html.Span(
        [html.Span(icon, className="badge-icon", **{"aria-hidden": "true"}), " ", word],
        className=f"rag-badge {css}",
        title=title,
    )


def rag_badge(rag: str | None, explanation: str | None = None) -> html.Span:
    """A measure's rating: green, amber, red or not rated."""
    return _badge(*RAG_STYLES.get(rag, RAG_STYLES[None]), explanation)


def status_badge(status: str, overdue: bool = False) -> html.Span:
    """An action's BRAG status, and 'overdue' beside it when it is past its due date."""
    badge = _badge(*STATUS_STYLES.get(status, ("?", status, "status-not-started")), None)
    if not overdue:
        return badge
    return html.Span([badge, " ", _badge("⚠\ufe0e", "Overdue", "status-overdue", None)])


def trend_badge(movement: Trend) -> html.Span:
    """The arrow and word of a trend, with its sentence as the tooltip."""
    if movement.direction is None:
        return html.Span("No trend yet", className="trend trend-none", title=movement.sentence)
    return html.Span(
        [
            html.Span(movement.arrow, className="trend-arrow", **{"aria-hidden": "true"}),
            " ",
            movement.direction.capitalize(),
        ],
        className=f"trend trend-{movement.direction}",
        title=movement.sentence,
    )
