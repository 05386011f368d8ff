"""Rating badges that carry their meaning in a word and an icon, never colour alone."""

from __future__ import annotations

from dash import html

RAG_STYLES = {
    "green": ("✓", "Green", "rag-green"),
    "amber": ("!", "Amber", "rag-amber"),
    "red": ("✕", "Red", "rag-red"),
    None: ("–", "Not rated", "rag-none"),
}


def rag_badge(rag: str | None, explanation: str | None = None) -> html.Span:
    icon, word, css = RAG_STYLES.get(rag, RAG_STYLES[None])
    return html.Span(
        [html.Span(icon, className="rag-icon", **{"aria-hidden": "true"}), " ", word],
        className=f"rag-badge {css}",
        title=explanation,
    )
