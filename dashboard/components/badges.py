"""Badges that carry their meaning in a word and an icon, never colour alone (WCAG 1.4.1)."""

from __future__ import annotations

from collections import Counter

from dash import html

from dashboard.action_progress import RATING_ORDER, ratings_sentence
from dashboard.rating import Trend
from dashboard.recommendation_status import Verdict
from dashboard.spc import assurance_words, variation_words

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


VERDICT_STYLES = {
    "progress": ("✓", "verdict-progress"),
    "partly": ("◐", "verdict-partly"),
    "not_met": ("✕", "verdict-not-met"),
    "no_evidence": ("–", "verdict-none"),
}


def verdict_badge(verdict: Verdict) -> html.Span:
    """Whether a recommendation is being met, in words and an icon, its reason as the tooltip."""
    icon, css = VERDICT_STYLES.get(verdict.key, VERDICT_STYLES["no_evidence"])
    return _badge(icon, verdict.word, css, verdict.reason)


def rag_count_badge(rag: str | None, count: int) -> html.Span:
    """How many measures have one rating, as '✓ 2 Green': the count beside the word and icon."""
    icon, word, css = RAG_STYLES.get(rag, RAG_STYLES[None])
    return _badge(icon, f"{count} {word}", f"{css} rag-count", None)


def ratings_rollup(rags: list[str | None], *, show_sentence: bool = False) -> html.Span:
    """A set of measures' ratings as counted badges ('✓ 2 Green ✕ 1 Red'), read out as the
    sentence of `ratings_sentence`; with `show_sentence` the sentence is shown too."""
    sentence = ratings_sentence(rags)
    if not rags:
        return html.Span(sentence)
    counts = Counter(rags)
    badges = [rag_count_badge(rag, counts[rag]) for rag, _word in RATING_ORDER if counts[rag]]
    return html.Span(
        [
            html.Span(sentence, className="me-2" if show_sentence else "visually-hidden"),
            html.Span(badges, className="rating-counts", **{"aria-hidden": "true"}),
        ],
        className="ratings-rollup",
    )


# Making Data Count's icons as a shape and words: blue for improvement, orange for concern,
# purple for a change in a measure that is not judged, grey for common cause.
VARIATION_STYLES = {
    "common_cause": ("~", "Common cause", "spc-common"),
    "improvement_high": ("▲", "Improvement, higher", "spc-improvement"),
    "improvement_low": ("▼", "Improvement, lower", "spc-improvement"),
    "concern_high": ("▲", "Concern, higher", "spc-concern"),
    "concern_low": ("▼", "Concern, lower", "spc-concern"),
    "neutral_high": ("▲", "Higher than usual", "spc-neutral"),
    "neutral_low": ("▼", "Lower than usual", "spc-neutral"),
}

ASSURANCE_STYLES = {
    "always_met": ("✓", "Target always met", "spc-improvement"),
    "never_met": ("✕", "Target never met", "spc-concern"),
    "not_assured": ("?", "Target not assured", "spc-common"),
}


def variation_badge(variation: str) -> html.Span:
    """The SPC variation verdict of the latest figure: an icon and words, the full words as
    the tooltip."""
    icon, word, css = VARIATION_STYLES[variation]
    return _badge(icon, word, f"spc-badge {css}", variation_words(variation))


def assurance_badge(assurance: str | None) -> html.Span | None:
    """Whether the process limits assure the target, as an icon and words; None without a
    target to judge against."""
    if assurance is None:
        return None
    icon, word, css = ASSURANCE_STYLES[assurance]
    return _badge(icon, word, f"spc-badge {css}", assurance_words(assurance))
