"""Where a figure, an update or a commentary comes from, in words: published in a document,
computed by the dashboard from other figures (its source says from what), entered in the
dashboard by someone, or illustrative sample data."""

from __future__ import annotations

PUBLISHED, COMPUTED, RECORDED = "published", "computed", "recorded"
WORDS = {PUBLISHED: "Published", COMPUTED: "Computed", RECORDED: "Recorded in the dashboard"}


def provenance_word(provenance: str) -> str:
    """'Published', 'Computed', 'Recorded in the dashboard' or 'Illustrative'."""
    return WORDS.get(provenance, "Illustrative")


def provenance_text(provenance: str, source: str = "") -> str:
    """'Published (source)', 'Computed (from what)', 'Recorded in the dashboard by (who)', or
    'Illustrative'."""
    if provenance in (PUBLISHED, COMPUTED):
        word = provenance_word(provenance)
        return f"{word} ({source})" if source else word
    if provenance == RECORDED:
        return f"Recorded in the dashboard by {source}" if source else "Recorded in the dashboard"
    return "Illustrative"


def provenance_suffix(provenance: str) -> str:
    """What follows a commentary's author and date: nothing when published or recorded in the
    dashboard (the author is the source), ' (illustrative)' for sample text."""
    return "" if provenance in (PUBLISHED, RECORDED) else " (illustrative)"
