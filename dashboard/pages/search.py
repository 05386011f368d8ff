"""The measures a search found, by reference or words, each a link to its page: where the
search box in every page's header leads."""

from __future__ import annotations

import dash
from dash import html

from dashboard import database
from dashboard.shell import SEARCH_PATH, reads_database
from data_access.queries.measure_search import BadSearch, find_measures

dash.register_page(__name__, path=SEARCH_PATH, title="Find a measure", name="Find a measure")


def _found(words: str) -> list:
    """What the search found, in words and links, or why it could not be made."""
    try:
        with database.session() as db:
            found = find_measures(db, words)
    except BadSearch as bad:
        return [html.P(str(bad), role="alert")]
    if not found:
        return [
            html.P(
                [
                    f"No measure has the reference or the words “{words}”. Try fewer words, or "
                    "see every measure on the ",
                    html.A("scorecard", href="/"),
                    ".",
                ],
                role="status",
            )
        ]
    count = "1 measure" if len(found) == 1 else f"{len(found)} measures"
    return [
        html.P(f"{count} found for “{words}”.", role="status"),
        html.Ul(
            [
                html.Li(
                    html.A(
                        [html.Span(m.ref, className="measure-ref"), " ", m.title],
                        href=f"/indicator/{m.ref}",
                    )
                )
                for m in found
            ],
            className="search-results",
        ),
    ]


@reads_database
def layout(q=None, **_query) -> html.Div:
    words = q.strip() if isinstance(q, str) else ""
    return html.Div(
        [
            html.H1("Find a measure"),
            *(
                _found(words)
                if words
                else [html.P("Type a measure's reference or words in the search box above.")]
            ),
        ]
    )
