"""The note that says what `c` means, shown once on a page before its first suppressed figure."""

from __future__ import annotations

from dash import html

from dashboard.disclosure import MEANING, SUPPRESSED

GLOSSARY_ANCHOR = "c-suppressed"


def suppressed_note(shown: bool = True) -> html.P | None:
    """'c: fewer than 6 children; hidden to protect their privacy.', or None when `shown` is
    false (no figure on the page is suppressed)."""
    if not shown:
        return None
    return html.P(
        [
            html.Strong(SUPPRESSED),
            f": {MEANING}. ",
            html.A("More about suppressed figures", href=f"/glossary#{GLOSSARY_ANCHOR}"),
        ],
        className="small suppressed-note",
    )
