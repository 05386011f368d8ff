"""The page for an address that does not exist."""

import dash

from dashboard.components.not_found import not_found

dash.register_page(__name__, title="Page not found")


def layout(**_query):
    return not_found(
        "Page not found",
        "There is no page at this address. It may have moved, or the link may be wrong.",
    )
