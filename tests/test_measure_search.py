"""Finding a measure by its reference or by words: the query, the API's `?q=` and the page."""

from __future__ import annotations

import pytest
from dash import html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Indicator
from data_access.queries.measure_search import (
    LONGEST_SEARCH,
    BadSearch,
    find_measures,
    search_words,
)
from tests.conftest import as_role, user_client
from tests.test_theme_page import components, text_of

FIXTURES = [HealthCheck.function_scoped_fixture]


def _found(client, words: str) -> list[dict]:
    response = client.get("/api/v1/indicators", query_string={"q": words})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_reference_comes_first_whatever_its_case(client):
    assert _found(client, "9B")[0]["ref"] == "9b"
    assert _found(client, " k1 ")[0]["ref"] == "K1"


def test_words_find_titles_holding_every_word_in_any_case(client):
    refs = [item["ref"] for item in _found(client, "CARE leavers")]
    assert {"21a", "21c", "22a"} <= set(refs)
    assert "9b" not in refs  # looked after children: "care" is not in its title
    titles_first = _found(client, "looked after reviews")
    assert [item["ref"] for item in titles_first[:4]] == ["17a", "17b", "17c", "17d"]
    assert all(item["latest"] is None or "rag" in item["latest"] for item in titles_first)


def test_wildcards_and_quotes_are_only_characters(client):
    percent = _found(client, "%")
    assert percent and {"17d", "22b"} <= {item["ref"] for item in percent}
    assert len(percent) < len(client.get("/api/v1/indicators").get_json())
    assert _found(client, "_") == []
    assert _found(client, "children's hub")[0]["ref"] == "1b"
    assert _found(client, "'; drop table indicator; --") == []
    assert _found(client, '"') == []


def test_nothing_to_search_for_finds_nothing(client):
    assert _found(client, "") == []
    assert _found(client, "   ") == []
    assert _found(client, "no such measure at all") == []


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("x" * (LONGEST_SEARCH + 1), "at most 100 characters, not 101"),
        ("care\x07leavers", "control characters"),
        ("care\x00leavers", "NUL character"),
    ],
)
def test_a_search_that_cannot_be_made_is_refused_in_words(client, words, reason):
    response = client.get("/api/v1/indicators", query_string={"q": words})
    assert response.status_code == 400
    assert reason in response.get_json()["error"]


def test_found_measures_download_as_csv(client):
    response = client.get("/api/v1/indicators?q=9b&format=csv")
    assert response.status_code == 200
    assert response.get_data(as_text=True).splitlines()[1].startswith("9b,")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=LONGEST_SEARCH + 5))
def test_any_search_is_found_or_refused_never_an_error(client, words):
    response = client.get("/api/v1/indicators", query_string={"q": words})
    assert response.status_code in (200, 400)
    body = response.get_json()
    assert isinstance(body, list) if response.status_code == 200 else body["error"]


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=LONGEST_SEARCH + 5))
def test_search_words_are_the_lowered_words_or_a_reason(words):
    try:
        found = search_words(words)
    except BadSearch as bad:
        assert str(bad)
        return
    assert found == words.lower().split()
    assert all(word.strip() == word and word for word in found)


@pytest.fixture(scope="module")
def measure_words(seeded_engine) -> dict[str, tuple[str, str]]:
    """Each measure's ref: its title and definition, lower-cased, read once."""
    with Session(seeded_engine) as db:
        rows = db.execute(select(Indicator.ref, Indicator.title, Indicator.definition))
        return {ref: (title.lower(), definition.lower()) for ref, title, definition in rows}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(["care", "Leavers", "%", "_", "'s", "9b", "within", "45", "x_y", "(%)"]),
        max_size=3,
    )
)
def test_the_database_finds_exactly_the_measures_holding_every_word(
    seeded_engine, measure_words, words
):
    text = " ".join(words)
    wanted = [w.lower() for w in words]
    expected = {
        ref
        for ref, (title, definition) in measure_words.items()
        if ref.lower() == " ".join(wanted)
        or (wanted and all(w in title or w in definition or w in ref.lower() for w in wanted))
    }
    with Session(seeded_engine) as db:
        found = [summary.ref for summary in find_measures(db, text)]
    assert sorted(found) == sorted(expected)
    in_title = [all(w in measure_words[ref][0] for w in wanted) for ref in found]
    if found and found[0].lower() != " ".join(wanted):
        assert in_title == sorted(in_title, reverse=True)  # titles before definitions


def test_a_viewer_finds_measures_with_small_numbers_hidden(app):
    viewer = user_client(app.server, "viewer")
    assert _found(viewer, "9b")[0]["ref"] == "9b"
    assert app.server.test_client().get("/api/v1/indicators?q=9b").status_code == 401


def _search_page(client, **query):
    from dashboard.pages import search

    with as_role(client.application, role="viewer"):
        return search.layout(**query)


def test_the_results_page_links_each_found_measure_reference_first(client):
    page = _search_page(client, q=" 9b ")
    links = [a.href for a in components(page, html.A)]
    assert links[0] == "/indicator/9b"
    assert "found for “9b”" in text_of(page)


def test_the_results_page_says_why_nothing_was_found(client):
    assert "No measure has the reference or the words “zzz”" in text_of(
        _search_page(client, q="zzz")
    )
    assert "at most 100 characters" in text_of(_search_page(client, q="x" * 101))
    assert "search box" in text_of(_search_page(client))
    assert "search box" in text_of(_search_page(client, q={"forged": "input"}))


def test_every_page_has_a_labelled_search_box_leading_to_the_results(client):
    from dashboard import shell

    form = shell.search_form()
    assert form.role == "search" and form.method == "get" and form.action == "/search"
    [label] = components(form, html.Label)
    assert label.htmlFor == "measure-search" and text_of(label) == "Find a measure"
