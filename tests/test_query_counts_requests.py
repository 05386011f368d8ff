"""How many SQL statements the frame around the pages (the header) and whole requests send,
their sign-in check included: a small bound, the same on the sample database as on one with far
more of everything (tests/larger_database.py), as for the pages in test_query_counts.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import dash
import pytest

from dashboard import database, shell
from tests.conftest import assert_bounded, counted_queries, counts, router_body, user_client
from tests.larger_database import MEASURE, THEME

# The frame around the pages, and whole requests

DEFAULT_PERIOD = {"asked": None, "heading": "Reporting period"}  # as the scorecard keeps it


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_the_header_sends_a_bounded_number_of_statements(apps, role):
    found = counts(apps, "/", role, shell.layout)
    # the reporting date; when the data last changed; themes; the authority's name and region
    assert_bounded(found, 4)


def _update_cards_body(app) -> dict:
    """What the browser posts when the scorecard's filters change."""
    values = {"scorecard-group": "theme", "scorecard-theme": THEME, "scorecard-ratings": ["red"]}
    for output, entry in app.callback_map.items():
        function = entry.get("callback")
        if function is not None and function.__name__ == "update_cards":
            return {
                "output": output,
                "outputs": [
                    dict(zip(("id", "property"), part.rsplit(".", 1)))
                    for part in output.strip(".").split("...")
                ],
                "inputs": [{**item, "value": values[item["id"]]} for item in entry["inputs"]],
                "state": [  # the period kept, and no `since` asked for
                    {**item, "value": DEFAULT_PERIOD if item["id"] == "reporting-period" else None}
                    for item in entry["state"]
                ],
                "changedPropIds": ["scorecard-ratings.value"],
            }
    raise LookupError("no update_cards callback")


class Request(NamedTuple):
    what: str
    path: str
    body: Callable[[dash.Dash], dict] | None  # what a post sends; None for a GET
    bound: int  # each request begins with the sign-in check


DASH_CALLBACK = "/_dash-update-component"
REQUESTS = [
    Request("page", "/", None, 1),
    Request("measure page", f"/indicator/{MEASURE}", None, 2),  # and the title
    # and the header: the reporting date, when the data last changed, themes, the authority
    Request("frame", "/_dash-layout", None, 5),
    # Pages and answers built afresh: and the data version, for the kept ones (page_cache.py);
    # and the authority, for a page that names it; and what changed since (ratings, actions)
    Request("scorecard content", DASH_CALLBACK, lambda _: router_body("/"), 11),
    # (and the neighbours' figures, for their mean; for a viewer, the periods of comparators'
    # figures withheld and the roles of who wrote commentary and made changes)
    Request("measure content", DASH_CALLBACK, lambda _: router_body(f"/indicator/{MEASURE}"), 19),
    # and the period, and the ratings at the date compared with
    Request("scorecard filters", DASH_CALLBACK, _update_cards_body, 9),
    # the measure with its themes, latest figure and links; the area; the series
    Request("measure's SPC chart", f"/api/v1/indicators/{MEASURE}/spc", None, 8),
    # the measure with its themes and latest figure; the area; the benchmark, in one statement
    # (the larger database has other authorities' figures to rank among, the sample none)
    Request("measure's benchmark", f"/api/v1/indicators/{MEASURE}/benchmark", None, 6),
]


@pytest.fixture(scope="module")
def clients(apps) -> dict[tuple[str, str], Any]:
    """A test client signed in through the form, for each database and role."""
    return {
        (size, role): user_client(app.server, role)
        for size, app in apps.items()
        for role in ("admin", "viewer")
    }


@pytest.mark.parametrize("role", ["admin", "viewer"])
@pytest.mark.parametrize("request_", REQUESTS, ids=[r.what for r in REQUESTS])
def test_a_request_sends_a_bounded_number_of_statements_sign_in_check_included(
    apps, clients, request_, role
):
    found = {}
    for size, app in apps.items():
        client = clients[(size, role)]
        with app.server.app_context():
            engine = database.engine()
        with counted_queries(engine) as statements:
            if request_.body is None:
                response = client.get(request_.path)
            else:
                response = client.post(request_.path, json=request_.body(app))
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        found[size] = len(statements)
    assert_bounded(found, request_.bound)
