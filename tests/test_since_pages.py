"""The clinic's and the scorecard's "what changed since" (dashboard/components/what_changed.py,
dashboard/components/scorecard_summary.py): on data that moves a month, the sections, each
measure's previous rating, the one-screen summary, and dates that cannot be used."""

from __future__ import annotations

import html as html_text
import re
from datetime import date

import pytest
from dash.development.base_component import Component

from dashboard import database
from dashboard.components.static_html import StaticHtml
from dashboard.rating import rate
from data_access.queries.indicators import list_indicators
from tests.conftest import as_role, make_app
from tests.since_data import AFTER, NEWLY_OVERDUE, SLIPPED, TEAM, moved_database

DEFAULT_PERIOD = {"asked": None, "heading": "Reporting period: July 2023"}


@pytest.fixture(scope="module")
def server(backend, tmp_path_factory):
    server = make_app(moved_database(backend, tmp_path_factory, "since_pages")).server
    server.test_client().get("/healthz")  # Dash gathers the pages on its first request
    return server


def _walk(node):
    if isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, Component):
        yield node
        if not isinstance(node, StaticHtml):
            yield from _walk(getattr(node, "children", None))


def _text(layout, static_id: str) -> str:
    """The words of the part of a page drawn as markup with this id."""
    found = next(n for n in _walk(layout) if isinstance(n, StaticHtml) and n.id == static_id)
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", found.html)).split())


def _layout(server, path: str, role: str = "director", **query):
    from dashboard.pages import clinic, scorecard

    module = clinic if path == "/clinic" else scorecard
    with as_role(server, path, role):
        return module.layout(**query)


def test_the_clinic_says_what_changed_since_the_previous_month(server):
    page = _layout(server, "/clinic")
    words = _text(page, "what-changed")
    assert words.startswith("What changed since June 2023")
    # 8, and a team's 8; 6, and another team's 8
    assert "Turned red (2)" in words and "Turned green (2)" in words
    assert (
        "8. Assessments completed within 45 working days (Tameside (all teams)): was ✓ Green "
        "85.7% (Mar 2023), now ✕ Red 70.0% (Jul 2023)"
    ) in words
    assert "8. Assessments completed within 45 working days (Duty and assessment)" in words
    # Nine actions of the 2022/23 plan were due on 30 June and are not complete.
    assert f"Actions newly overdue (9) Action {NEWLY_OVERDUE} " in words
    assert f"Other changes of status (1) Action {SLIPPED} " in words
    # Beside each exception, its rating then.
    authority = _text(page, "clinic-measures-authority")
    assert "In June 2023: ✓ Green" in authority


def test_the_scorecard_opens_with_a_one_screen_summary(server):
    page = _layout(server, "/")
    words = _text(page, "scorecard-summary")
    with server.app_context(), database.session() as db:
        measures = list_indicators(db, until=AFTER)
    red = [
        m
        for m in measures
        if m.latest and rate(m.latest.value, m.target, m.tolerance, m.polarity, m.unit).rag == "red"
    ]
    old = [m for m in red if m.latest.date < date(2022, 7, 31)]
    assert old, "the sample has red figures more than a year old"
    assert words.startswith("At a glance: July 2023")
    assert f"{len(red)} red, of which {len(old)} are more than a year old" in words
    assert "Red, and why" in words and "8. Assessments completed within 45 working days" in words
    assert "70.0% against a target of 85.0%: 15.0 points below" in words
    assert "Since June 2023: 1 turned red, 1 turned green" in words  # the authority's own
    drawn = "".join(n.html for n in _walk(page) if isinstance(n, StaticHtml))
    card = drawn[drawn.index('<span class="measure-ref">8</span>') :].split("</article>")[0]
    assert "In June 2023: " in card and "✓</span> Green" in card


def test_the_card_of_a_measure_says_its_rating_then(server):
    from dashboard.pages import scorecard

    with as_role(server, "/", "director"):
        cards, _showing, address = scorecard.update_cards(
            "category", "all", ["red"], DEFAULT_PERIOD, "2023-05-31"
        )
    card = cards.html[cards.html.index('<span class="measure-ref">8</span>') :]
    words = " ".join(
        html_text.unescape(re.sub(r"<[^>]+>", " ", card.split("</article>")[0])).split()
    )
    assert words.startswith("8 Assessments completed within 45 working days 70.0% Jul 2023 ✕ Red")
    assert "In May 2023: ✓ Green" in words
    assert address == "?rating=red&since=2023-05-31"


def test_a_viewer_sees_no_team_and_no_change_a_hidden_figure_would_tell(server):
    words = _text(_layout(server, "/", "viewer"), "what-changed")
    assert "Turned red (1)" in words and TEAM not in words and "Duty and assessment" not in words
    assert "6. Re-referrals" not in words.split("What moved most")[0]


@pytest.mark.parametrize(
    ("since", "words"),
    [
        ("2023-02-30", "'2023-02-30' is not a date"),
        ("2023-08-31", "is after the reporting date (2023-07-31)"),
        (["2023-05-31", "2023-06-30"], "Give since once"),
    ],
)
def test_a_since_that_cannot_be_used_says_why(server, since, words):
    for path in ("/", "/clinic"):
        page = str(_layout(server, path, since=since))
        assert "the dashboard cannot" in page and words in page


def test_the_choice_offers_the_earlier_months_the_previous_first(server):
    from dashboard.components.what_changed import SINCE_CHOICE

    page = _layout(server, "/clinic", since="2023-03-31")
    choice = next(n for n in _walk(page) if getattr(n, "id", None) == SINCE_CHOICE)
    assert choice.value == "2023-03-31"
    assert choice.options[0] == {"label": "June 2023 (previous)", "value": "2023-06-30"}
    assert all(option["value"] < "2023-07-31" for option in choice.options)
    assert "What changed since March 2023" in _text(page, "what-changed")
