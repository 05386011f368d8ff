"""Where an update or a commentary comes from, in words: published in a document, entered in
the dashboard by someone, or illustrative sample data."""

from __future__ import annotations

PUBLISHED, RECORDED = "published", "recorded"


def provenance_text(provenance: str, source: str = "") -> str:
    """'Published (source)', 'Recorded in the dashboard by (who)', or 'Illustrative'."""
    if provenance == PUBLISHED:
        return f"Published ({source})" if source else "Published"
    if provenance == RECORDED:
        return f"Recorded in the dashboard by {source}" if source else "Recorded in the dashboard"
    return "Illustrative"


def provenance_suffix(provenance: str) -> str:
    """What follows a commentary's author and date: nothing when published or recorded in the
    dashboard (the author is the source), ' (illustrative)' for sample text."""
    return "" if provenance in (PUBLISHED, RECORDED) else " (illustrative)"
