"""Kept pages (dashboard/page_cache.py): a kept page is the page built afresh; a change to the
data is seen at once; people who may see different things never share a page; workers share
pages through Redis, and pages are still built when Redis is out of reach."""

from __future__ import annotations

import functools
import os

import pytest
import redis
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dashboard import database
from dashboard.components.what_changed import SINCE
from dashboard.page_cache import EXTENSION, MemoryStore
from data_access.edits import write_commentary
from data_access.queries.commentary import commentary_periods
from data_access.seed import seed
from tests.conftest import counted_queries, make_app, router_body, user_client

# One sign-in per app and person: the tests share a database, and sign-ins are throttled.
signed_in = functools.cache(user_client)

REDIS_URL = os.environ.get("TEST_REDIS_URL")
DEFAULT_PERIOD = {"asked": None, "heading": "Reporting period: June 2023"}  # as the page keeps it
PAGES = [
    "/",
    "/clinic",
    "/indicator/8",
    "/theme/quality-practice-and-compliance",
    "/teams",
    "/teams/leaving-care",
    "/actions",
    "/actions/D11",
    "/recommendations",
    "/inspections",
]


def engine_of(app):
    with app.server.app_context():
        return database.engine()


def drawn(client, path: str, search: str = "") -> dict:
    body = router_body(path)
    body["inputs"][1]["value"] = search
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def filtered(client, app, group: str, theme: str, ratings: list[str]) -> dict:
    """The scorecard's answer when its filters change, as the browser asks for it."""
    output, entry = next(
        (output, entry)
        for output, entry in app.callback_map.items()
        if getattr(entry.get("callback"), "__name__", "") == "update_cards"
    )
    values = {"scorecard-group": group, "scorecard-theme": theme, "scorecard-ratings": ratings}
    body = {
        "output": output,
        "outputs": [
            dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
            for part in output.strip(".").split("...")
        ],
        "inputs": [{**item, "value": values[item["id"]]} for item in entry["inputs"]],
        "state": [  # the reporting period; no "compare with" date (the previous period)
            {**item, "value": None if item["id"] == SINCE else DEFAULT_PERIOD}
            for item in entry["state"]
        ],
        "changedPropIds": ["scorecard-ratings.value"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def ready(app):
    """The app after its first request: Dash gives the pages' own callbacks (the scorecard's
    filters) to the app that answers first, so each app here answers once when it is made."""
    signed_in(app.server).get("/")
    return app


@pytest.fixture(scope="module")
def fresh(seeded_url):
    """The app with nothing kept: what every page should be."""
    return ready(make_app(seeded_url, PAGE_CACHE=False))


@pytest.fixture(scope="module")
def keeping(seeded_url):
    return ready(make_app(seeded_url))


@pytest.fixture
def kept(keeping):
    """The app keeping pages in its memory: a new, empty store for each test."""
    keeping.server.extensions[EXTENSION] = MemoryStore()
    return keeping


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_page_is_the_page_built_afresh(fresh, kept, path):
    expected = drawn(signed_in(fresh.server), path)
    client = signed_in(kept.server)
    assert drawn(client, path) == expected  # built, then kept
    assert drawn(client, path) == expected  # kept


def test_the_page_arguments_are_part_of_the_key(fresh, kept):
    client, expected = signed_in(kept.server), signed_in(fresh.server)
    for search in ("", "?status=red", "?status=green", "?overdue=yes"):
        assert drawn(client, "/actions", search) == drawn(expected, "/actions", search)


def test_a_kept_filter_answer_is_the_answer_built_afresh(fresh, kept):
    client = signed_in(kept.server)
    for choices in [("theme", "all", ["red"]), ("category", "demand-and-need", ["green", "amber"])]:
        expected = filtered(signed_in(fresh.server), fresh, *choices)
        with counted_queries(engine_of(kept)) as built:
            assert filtered(client, kept, *choices) == expected
        with counted_queries(engine_of(kept)) as reused:
            assert filtered(client, kept, *choices) == expected
        assert len(reused) < len(built)


@pytest.mark.parametrize(
    "path, people",
    [
        ("/", [("admin", ()), ("viewer", ()), ("director", ())]),
        ("/indicator/8", [("viewer", ()), ("analyst", ())]),
        ("/teams", [("team_manager", ("leaving-care",)), ("team_manager", ("safeguarding-east",))]),
        # forms say whom they save as
        ("/indicator/8", [("analyst", (), "analyst"), ("analyst", (), "another-analyst")]),
        ("/actions/F3", [("admin", (), "admin"), ("admin", (), "another-admin")]),
    ],
)
def test_people_who_see_different_things_never_share_a_page(fresh, kept, path, people):
    for person in people:
        expected = drawn(signed_in(fresh.server, *person), path)
        assert drawn(signed_in(kept.server, *person), path) == expected, person


def test_viewers_share_a_kept_page(kept):
    one, two = (signed_in(kept.server, "viewer", (), name) for name in ("viewer", "other-viewer"))
    with counted_queries(engine_of(kept)) as built:
        expected = drawn(one, "/")
    with counted_queries(engine_of(kept)) as shared:
        assert drawn(two, "/") == expected
    assert len(shared) < len(built)


def test_a_change_to_the_data_is_seen_at_once(empty_url):
    app = make_app(empty_url)
    seed(engine_of(app))
    client = user_client(app.server)
    before = str(drawn(client, "/indicator/8"))
    assert "Seen at once." not in before
    with Session(engine_of(app)) as db:
        newest = commentary_periods(db, "8")[0]
        write_commentary(db, "8", newest.period_end, "Seen at once.", "Analyst", newest.version)
    assert "Seen at once." in str(drawn(client, "/indicator/8"))


def test_a_page_that_could_not_read_the_database_is_not_kept(fresh, kept, monkeypatch):
    from dashboard.pages import teams

    def unreadable(*_args):
        raise OperationalError("SELECT", None, Exception("the database is restarting"))

    with monkeypatch.context() as patched:
        patched.setattr(teams, "list_teams", unreadable)
        assert "cannot be reached" in str(drawn(signed_in(kept.server), "/teams"))
    assert drawn(signed_in(kept.server), "/teams") == drawn(signed_in(fresh.server), "/teams")


def test_the_memory_store_keeps_the_most_recently_used_within_its_limit():
    store = MemoryStore(limit=10)
    store.set("a", b"1234")
    store.set("b", b"5678")
    assert store.get("a") == b"1234"  # a is now the most recently used
    store.set("c", b"90")
    store.set("d", b"ab")  # 12 bytes: b, the least recently used, goes
    assert (store.get("a"), store.get("b"), store.get("c"), store.get("d")) == (
        b"1234",
        None,
        b"90",
        b"ab",
    )
    store.set("e", b"x" * 11)  # bigger than the whole store: not kept, nothing dropped
    assert store.get("e") is None and store.get("a") == b"1234"


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
def test_workers_share_kept_pages_through_redis(seeded_url, fresh):
    redis.Redis.from_url(REDIS_URL).flushdb()
    first, second = (make_app(seeded_url, REDIS_URL=REDIS_URL) for _ in range(2))
    expected = drawn(signed_in(fresh.server), "/clinic")
    one, two = user_client(first.server), user_client(second.server)
    with counted_queries(engine_of(first)) as built:
        assert drawn(one, "/clinic") == expected
    with counted_queries(engine_of(second)) as shared:
        assert drawn(two, "/clinic") == expected
    assert len(shared) < len(built)  # the second worker read the page the first one built
    assert redis.Redis.from_url(REDIS_URL).keys("dashboard:page:*")


def test_pages_are_built_when_redis_is_out_of_reach(seeded_url, fresh):
    app = make_app(seeded_url, REDIS_URL="redis://127.0.0.1:1/0")
    expected = drawn(signed_in(fresh.server), "/")
    assert drawn(user_client(app.server), "/") == expected
