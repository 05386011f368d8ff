"""Signing in, tried as an outsider would: where the sign-in form sends a person afterwards,
the slowing down of password guessing, and the client's address behind a proxy (SPEC
section 8)."""

from __future__ import annotations

from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dashboard.sign_in import _local
from tests.conftest import PASSWORD, form_token, make_app, user_client

# Addresses that lead elsewhere once a browser has dropped tabs and line breaks, or read a
# backslash as a slash; and ones that break a header.
ELSEWHERE = [
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "//evil.example",
    " //evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/\r\nSet-Cookie: x=y",
    "\x00/",
    "/\u3000/evil.example",
]
# Characters that make up addresses, the awkward ones often.
ADDRESS = st.text(
    st.sampled_from("/\\:.?#&=%@ \t\r\n\x00\x0b\x7f\u00a0\u2028ae") | st.characters(),
    max_size=40,
)


def _elsewhere(location: str) -> bool:
    """Whether a browser on this site that follows `location` leaves the site."""
    return urlsplit(urljoin("http://localhost/here", location)).netloc != "localhost"


@given(ADDRESS)
@example("/clinic?kind=refused#top")
@example("/\t/evil.example")
@example("/\r\n")
def test_after_sign_in_only_a_path_on_this_site_whatever_was_asked(asked):
    lands = _local(asked)
    parts = urlsplit(lands)
    assert not parts.scheme and not parts.netloc and lands.startswith("/")
    assert lands.isprintable() and " " not in lands and "\\" not in lands
    assert not lands.startswith("//") and not _elsewhere(lands)
    assert lands in ("/", asked)  # refused, or kept as it was: never cleaned into something new


def test_addresses_that_lead_elsewhere_are_refused():
    for asked in ELSEWHERE:
        assert _local(asked) == "/", repr(asked)
    for asked in ("/clinic", "/teams/leaving-care?x=1&y=2", "/indicator/9b#chart", "/a%20b"):
        assert _local(asked) == asked


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(ELSEWHERE) | ADDRESS)
def test_the_sign_in_form_never_fails_and_never_sends_anyone_to_another_site(app, asked):
    user_client(app.server, "viewer")
    client = app.server.test_client()
    form = client.get(f"/login?next={quote(asked, safe='')}")
    if "\x00" in asked:  # no address may carry a NUL character (dashboard/request_size.py)
        assert form.status_code == 400
        return
    assert form.status_code == 200
    token = form_token(client)
    data = {"csrf_token": token, "username": "viewer", "password": PASSWORD, "next": asked}
    response = client.post("/login", data=data)
    assert response.status_code == 303
    assert not _elsewhere(response.headers["Location"])


def test_the_sign_in_page_is_asked_to_go_back_to_the_very_address_asked_for(app):
    anonymous = app.server.test_client()
    for asked in ("/%0d%0aSet-Cookie:%20x=y", "/admin/audit?kind=refused&user=a%26b", "/%09/x"):
        response = anonymous.get(asked)
        assert response.status_code == 302, asked
        location = response.headers["Location"]
        assert location.startswith("/login?next=") and "&" not in location
        back = unquote(location.removeprefix("/login?next="))  # as the sign-in form reads it
        assert unquote(back) == unquote(asked)  # the same address, maybe spelt differently


def _sign_in_from(server, address: str, username: str, password: str = PASSWORD, **request):
    """The sign-in form sent from `address` (each test its own, so that the tries counted by
    address in one test do not slow down another's)."""
    client = server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = form_token(client, **request)
    data = {"csrf_token": token, "username": username, "password": password}
    return client.post("/login", data=data, **request)


def test_tries_are_counted_by_the_name_as_signed_in_whatever_its_case_or_spaces(app):
    from dashboard import database
    from data_access.models import AuditEvent

    user_client(app.server, "viewer", username="spelled")
    spellings = ["spelled", "SPELLED ", " Spelled", "spelleD\t", "sPeLlEd"]
    for attempt, spelling in enumerate(spellings):
        response = _sign_in_from(app.server, "192.0.2.21", spelling, f"wrong guess {attempt}")
        assert response.status_code == 401, spelling
    late = _sign_in_from(app.server, "192.0.2.22", "SPELLED ")  # the right password, too late
    assert late.status_code == 429 and "Too many tries" in late.text
    assert _sign_in_from(app.server, "192.0.2.23", "spelled").status_code == 429
    with app.server.app_context(), database.session() as db:
        logged = db.scalars(
            select(AuditEvent.username).where(AuditEvent.address.like("192.0.2.2_"))
        ).all()
    assert logged == ["spelled"] * 7  # five wrong passwords and two tries too many


def _refusals_from(server, address: str, count: int) -> None:
    """`count` refused sign-ins from `address` in the audit log, just now."""
    from dashboard import database
    from data_access import audit

    with server.app_context(), database.session() as db:
        for attempt in range(count):
            audit.record(db, audit.SIGN_IN_REFUSED, f"nobody{attempt}", address, "wrong details")


def _last_sign_in_address(server) -> str:
    from dashboard import database
    from data_access.models import AuditEvent

    with server.app_context(), database.session() as db:
        return db.scalar(
            select(AuditEvent.address)
            .where(AuditEvent.event == "signed in")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )


def test_behind_a_proxy_the_client_s_own_address_is_counted_and_logged(seeded_url):
    server = make_app(seeded_url, PROXY_COUNT=1).server
    user_client(server, "viewer", username="proxied")
    proxy = "10.0.0.2"  # every request comes from the proxy
    _refusals_from(server, "203.0.113.9", 20)

    def through_proxy(forwarded_for: str, **request):
        headers = {"X-Forwarded-For": forwarded_for} | request.pop("headers", {})
        return _sign_in_from(server, proxy, "proxied", headers=headers, **request)

    assert through_proxy("203.0.113.9").status_code == 429  # the guesser
    # ... however they fill in the header themselves: the proxy adds the address it saw
    assert through_proxy("198.51.100.1, 203.0.113.9").status_code == 429
    assert through_proxy("203.0.113.10").status_code == 303  # someone else, same proxy
    assert _last_sign_in_address(server) == "203.0.113.10"
    secure = through_proxy("203.0.113.10", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in secure.headers["Set-Cookie"]  # the proxy says the client used HTTPS


def test_without_a_proxy_nobody_can_choose_their_address(app):
    user_client(app.server, "viewer", username="direct")
    _refusals_from(app.server, "192.0.2.31", 20)
    forged = {"X-Forwarded-For": "203.0.113.11", "X-Forwarded-Proto": "https"}
    guesser = _sign_in_from(app.server, "192.0.2.31", "direct", headers=forged)
    assert guesser.status_code == 429
    someone = _sign_in_from(app.server, "192.0.2.32", "direct", headers=forged)
    assert someone.status_code == 303 and "Secure" not in someone.headers["Set-Cookie"]
    assert _last_sign_in_address(app.server) == "192.0.2.32"


def test_a_proxy_count_that_is_not_a_number_stops_the_app_with_a_reason(seeded_url):
    for wrong in ("one", "-1", "²"):
        with pytest.raises(RuntimeError, match="number of proxies"):
            make_app(seeded_url, PROXY_COUNT=wrong)
