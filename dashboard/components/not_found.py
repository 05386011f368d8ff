"""The helpful page for an address, or a ref in an address, that does not exist."""

from __future__ import annotations

from dash import html

PLACES = [
    ("The headline scorecard", "/"),
    ("The action tracker", "/actions"),
    ("Ofsted recommendations", "/recommendations"),
    ("Glossary of terms", "/glossary"),
]


def not_found(heading: str, message: str, more: list[tuple[str, str]] | None = None) -> html.Div:
    """A page saying what was not found and where to go instead; `more` adds (text, href)."""
    return html.Div(
        [
            html.H1(heading),
            html.P(message),
            html.H2("Where to go instead", className="h5"),
            html.Ul([html.Li(html.A(text, href=href)) for text, href in (more or []) + PLACES]),
        ],
        className="not-found",
    )


def refused(heading: str, message: str) -> html.Div:
    """In place of a page the asker may not see: why, and where they may go instead."""
    return not_found(heading, message, [("Sign in", "/login")])
