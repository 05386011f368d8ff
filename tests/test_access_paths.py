"""Every page, under every spelling of its address, for every role (SPEC section 8).

Dash's router strips the slashes round a path and matches templates by wildcard, and passes the
query's arguments (and any forged input) to the page over the path's. Whatever the spelling, a
page is shown only to those whose role the table in test_access.py gives it; any other answer
is a refusal, a "not found" page or a 4xx, never the page.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_app, router_body, user_client
from tests.test_access import OTHER_TEAM, PAGES, ROLES, TEAM

ALL_PAGES = {**PAGES, "/recommendations/2016-1": PAGES["/recommendations"]}
REFUSED_WORDS = ("You cannot see this page", "Sign in to see this")
NOT_FOUND_WORDS = ("Page not found", "not found")
ANONYMOUS, PUBLIC = "anonymous", "public"  # nobody signed in: on a private and a public site
# Query and forged-input arguments that try to swap the page's own argument for another.
SWAPS = {"slug": OTHER_TEAM, "ref": "9b", "rec_id": "2016-1"}


SAME_PAGE = 4  # the first spellings below, which Dash's router reads as the page itself


def _variants(path: str) -> list[str]:
    """The spellings of `path` a browser, a proxy or an attacker might send."""
    inner = path.strip("/")
    return [
        path,
        path + "/",
        "/" + path,
        "//" + inner + "//",
        path.replace("/", "//"),
        path.upper(),
        path[:1] + path[1:2].swapcase() + path[2:],
        "/" + quote(inner, safe=""),
        "/" + "".join(f"%{ord(c):02X}" for c in inner),
        path + "/.",
        "/./" + inner,
    ]


@pytest.fixture(scope="module")
def clients(seeded_url):
    private, public = make_app(seeded_url), make_app(seeded_url, PUBLIC_VIEW=True)
    found = {role: user_client(private.server, role, teams) for role, teams in ROLES.items()}
    found[ANONYMOUS] = private.server.test_client()
    found[PUBLIC] = public.server.test_client()
    for client in found.values():
        client.get("/healthz")  # Dash gathers the pages' callbacks on its first request
    return found


def _may(role: str, page: str) -> bool:
    return ("viewer" if role == PUBLIC else role) in ALL_PAGES[page]


def _shown(response) -> bool:
    """Whether the answer draws a page rather than refusing it or saying it is not there."""
    if response.status_code != 200:
        return False
    text = response.get_data(as_text=True)
    return not any(words in text for words in REFUSED_WORDS + NOT_FOUND_WORDS)


def _router(client, pathname: str, search: str = "", location_id: str = "_pages_location"):
    body = router_body(pathname)
    body["inputs"][1]["value"] = search
    for item in body["inputs"]:
        item["id"] = location_id
    return client.post("/_dash-update-component", json=body)


@pytest.mark.parametrize("role", [*ROLES, ANONYMOUS, PUBLIC])
def test_each_page_is_drawn_only_for_the_roles_that_may_see_it(clients, role):
    client = clients[role]
    for page in ALL_PAGES:
        drawn = _shown(_router(client, page))
        assert drawn == _may(role, page), (role, page)
        if _may(role, page):
            continue
        for number, variant in enumerate(_variants(page)):
            assert not _shown(_router(client, variant)), (role, variant)
            if number < SAME_PAGE:  # spellings Dash serves as the page itself
                raw = client.get("/", environ_overrides={"PATH_INFO": variant})
                assert raw.status_code != 200, (role, variant)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    role=st.sampled_from([*ROLES, ANONYMOUS, PUBLIC]),
    page=st.sampled_from(sorted(ALL_PAGES)),
    spelling=st.integers(0, 10),
    location_id=st.sampled_from(["_pages_location", "x", "_pages_location ", "url"]),
    swap=st.booleans(),
)
def test_no_spelling_forged_input_or_query_opens_a_page_to_a_role_without_it(
    clients, role, page, spelling, location_id, swap
):
    pathname = _variants(page)[spelling]
    search = "?" + "&".join(f"{name}={value}" for name, value in SWAPS.items()) if swap else ""
    response = _router(clients[role], pathname, search, location_id)
    assert response.status_code != 500
    # Swapping in the other team's slug leads to that team's page: judged as that page.
    shown_page = f"/teams/{OTHER_TEAM}" if swap and page == f"/teams/{TEAM}" else page
    if _shown(response):
        assert _may(role, shown_page), (role, pathname, location_id, search)


def test_a_team_manager_cannot_draw_another_team_s_page_by_a_query_argument(clients):
    mine = _router(clients["team_manager"], f"/teams/{TEAM}", f"?slug={OTHER_TEAM}")
    assert not _shown(mine)
    assert "You cannot see this page" in mine.get_data(as_text=True)


def test_a_public_visitor_is_told_a_page_is_for_staff_not_that_their_account_falls_short(clients):
    public = clients[PUBLIC]
    page = public.get("/admin/audit/")
    assert page.status_code == 403 and "for staff who have signed in" in page.text
    drawn = _router(public, "/admin/audit/").get_data(as_text=True)
    assert "for staff who have signed in" in drawn and "Your account" not in drawn
    forged = _router(public, "/admin/audit/", location_id="x").get_data(as_text=True)
    assert "Your account" not in forged
    api = public.get("/api/v1/indicators/9b/observations?team=" + TEAM)
    assert api.status_code == 403 and "for staff" in api.get_json()["error"]
