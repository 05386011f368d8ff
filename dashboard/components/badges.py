"""Badges that carry their meaning in a word and an icon, never colour alone (WCAG 1.4.1).

Each badge is written once, as markup (`..._html`), for the long lists drawn as one piece
(components/static_html.py); the component a layout holds is read back from it."""

from __future__ import annotations

from collections import Counter

from dash import html

from dashboard.action_progress import RATING_ORDER, ratings_sentence
from dashboard.components.markup import Markup, element
from dashboard.components.static_html import read_back
from dashboard.rating import Trend
from dashboard.recommendation_status import Verdict
from dashboard.spc import PLAIN_ASSURANCE, PLAIN_VARIATION, assurance_words, variation_words

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


def _badge_html(icon: str, word: str, css: str, title: str | None) -> Markup:
    icon_part = element("span", icon, class_="badge-icon", aria_hidden="true")
    return element("span", icon_part, " ", word, class_=f"rag-badge {css}", title=title)


def _badge(icon: str, word: str, css: str, title: str | None) -> html.Span:
    return read_back(_badge_html(icon, word, css, title))


def rag_badge_html(rag: str | None, explanation: str | None = None) -> Markup:
    """A measure's rating: green, amber, red or not rated."""
    return _badge_html(*RAG_STYLES.get(rag, RAG_STYLES[None]), explanation)


def rag_badge(rag: str | None, explanation: str | None = None) -> html.Span:
    return read_back(rag_badge_html(rag, explanation))


def status_badge_html(status: str, overdue: bool = False) -> Markup:
    """An action's BRAG status, and 'overdue' beside it when it is past its due date."""
    badge = _badge_html(*STATUS_STYLES.get(status, ("?", status, "status-not-started")), None)
    if not overdue:
        return badge
    return element("span", badge, " ", _badge_html("⚠\ufe0e", "Overdue", "status-overdue", None))


def status_badge(status: str, overdue: bool = False) -> html.Span:
    return read_back(status_badge_html(status, overdue))


def trend_badge_html(movement: Trend) -> Markup:
    """The arrow and word of a trend, with its sentence as the tooltip."""
    if movement.direction is None:
        return element("span", "No trend yet", class_="trend trend-none", title=movement.sentence)
    arrow = element("span", movement.arrow, class_="trend-arrow", aria_hidden="true")
    return element(
        "span",
        arrow,
        " ",
        movement.direction.capitalize(),
        class_=f"trend trend-{movement.direction}",
        title=movement.sentence,
    )


def trend_badge(movement: Trend) -> html.Span:
    return read_back(trend_badge_html(movement))


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


def variation_badge_html(variation: str) -> Markup:
    """The SPC variation verdict of the latest figure: an icon and words, the full words as
    the tooltip."""
    icon, word, css = VARIATION_STYLES[variation]
    title = f"{variation_words(variation)}. {PLAIN_VARIATION[variation]}"
    return _badge_html(icon, word, f"spc-badge {css}", title)


def variation_badge(variation: str) -> html.Span:
    return read_back(variation_badge_html(variation))


def assurance_badge_html(assurance: str | None) -> Markup | None:
    """Whether the process limits assure the target, as an icon and words; None without a
    target to judge against."""
    if assurance is None:
        return None
    icon, word, css = ASSURANCE_STYLES[assurance]
    title = f"{assurance_words(assurance)}. {PLAIN_ASSURANCE[assurance]}"
    return _badge_html(icon, word, f"spc-badge {css}", title)


def assurance_badge(assurance: str | None) -> html.Span | None:
    written = assurance_badge_html(assurance)
    return None if written is None else read_back(written)
