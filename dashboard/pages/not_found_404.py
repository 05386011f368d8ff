"""The page for an address that does not exist."""

import dash
from dash import html

dash.register_page(__name__, title="Page not found")


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1("Page not found"),
            html.P(
                "There is no page at this address. It may have moved, or the link may be wrong."
            ),
            html.Ul(
                [
                    html.Li(html.A("The headline scorecard", href="/")),
                    html.Li(html.A("The measures in the API", href="/api/v1/indicators")),
                ]
            ),
        ]
    )
