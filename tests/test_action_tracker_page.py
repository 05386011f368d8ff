"""The action tracker page: its layout read from the address, and its callbacks called
directly. The queries and rules behind it are tested in test_action_tracker.py."""

from __future__ import annotations

from dash import html
from dash.development.base_component import Component

from dashboard.components.static_html import StaticHtml
from tests.conftest import as_role, counted_queries
from tests.test_action_tracker import PLAN_2022, THEMES
from tests.test_theme_page import components, text_of


def _layout(client, **query):
    from dashboard.pages import actions

    with as_role(client.application, "/"):
        return actions.layout(**query)


def _value(tree, control_id):
    return next(c for c in components(tree, Component) if getattr(c, "id", None) == control_id)


def _table_ids(tree) -> list[str]:
    return [table.id for table in components(tree, StaticHtml) if getattr(table, "id", None)]


def test_the_page_shows_the_split_the_actions_and_we_said_we_did(client):
    page = _layout(client)
    text = text_of(page)
    assert "Showing 101 of 101 actions." in text
    assert "Of 101 actions: 1% red, 4% amber, 13% green, 82% blue and 0% not started." in text
    assert "Plan: Improvement Plan 2022/23" in text and "Theme: Sustainability" in text
    assert "We said / We did: Improvement Plan 2022/23" in text
    assert "Priority P7:" in text and "Nothing recorded yet" not in text
    ids = _table_ids(page)
    assert ids[:3] == [
        "actions-brag-split",
        "actions-plan-improvement-plan-2017",
        "actions-plan-improvement-plan-2022-23",
    ]
    assert ids[3:] == [f"we-said-we-did-p{n}" for n in range(1, 8)]
    links = [a.href for a in components(page, html.A)]
    assert "#we-said-we-did" in links and "/actions/D11" in links
    search = next(c for c in components(page, html.Form) if c.role == "search")
    assert search.id == "actions-filters"
    assert _value(page, "actions-showing").role == "status"


def test_the_layout_reads_its_filters_from_the_address(client):
    page = _layout(client, plan=PLAN_2022, theme="P2", status="green,amber", overdue="0")
    assert _value(page, "actions-plan").value == PLAN_2022
    assert _value(page, "actions-theme").value == "P2"
    assert "P2" in [option["value"] for option in _value(page, "actions-theme").options]
    assert _value(page, "actions-status").value == ["amber", "green"]
    assert _value(page, "actions-overdue").value == []
    text = text_of(_value(page, "actions-results"))
    assert "Action P2.1" in text and "Action P1.1" not in text and "Action D11" not in text
    assert "Showing 3 of 101 actions." in text_of(page)
    assert _table_ids(_value(page, "actions-results"))[1:] == [
        "actions-plan-improvement-plan-2022-23"
    ]


def test_unknown_values_in_the_address_show_every_action(client):
    page = _layout(client, plan="nope", theme="P9", owner="Nobody", status="purple", overdue="x")
    assert _value(page, "actions-plan").value == "all"
    assert _value(page, "actions-theme").value == "all"
    assert "Showing 101 of 101 actions." in text_of(page)


def test_overdue_only_from_the_address(client):
    page = _layout(client, overdue="1")
    # D9 and E7 (never revised), C5, B2 and D11 (revised to dates before 30 June 2023)
    assert "Showing 5 of 101 actions." in text_of(page)
    assert _value(page, "actions-overdue").value == ["overdue"]


def test_the_filter_callback_updates_the_rows_the_status_line_and_the_address(client):
    from dashboard.pages import actions

    with as_role(client.application, "/"):
        results, showing, search = actions.update_tracker(
            PLAN_2022, "all", "all", ["red", "amber"], []
        )
        _, everything, no_search = actions.update_tracker(
            "all", "all", "all", ["red", "amber", "green", "blue", "not_started"], []
        )
        _, none, none_search = actions.update_tracker("all", "all", "all", [], [])
        _, overdue, overdue_search = actions.update_tracker(
            "all", "quality-practice-and-compliance", "all", ["red", "amber"], ["overdue"]
        )
    assert showing == "Showing 0 of 101 actions."
    assert search == f"?plan={PLAN_2022}&status=red,amber"
    assert "No action matches these choices" in text_of(html.Div(results))
    assert (everything, no_search) == ("Showing 101 of 101 actions.", "")
    assert (none, none_search) == ("Showing 0 of 101 actions.", "?status=none")
    assert overdue == "Showing 2 of 101 actions."
    assert overdue_search == "?theme=quality-practice-and-compliance&status=red,amber&overdue=1"


def test_choosing_a_plan_offers_its_priorities(client):
    from dashboard.pages import actions

    with as_role(client.application, "/"):
        options, value = actions.offer_priorities(PLAN_2022, "demand-and-need")
        fewer, reset = actions.offer_priorities("all", "P4")
    values = [option["value"] for option in options]
    assert (
        values[0] == "all"
        and values[1:7] == THEMES
        and values[7:] == [f"P{n}" for n in range(1, 8)]
    )
    assert value == "demand-and-need"  # a theme stays chosen across plans
    assert [option["value"] for option in fewer][0] == "all" and len(fewer) == 7
    assert reset == "all"  # a priority of a plan no longer chosen is dropped


def test_the_page_and_its_callback_make_a_fixed_number_of_queries(client):
    from dashboard import database
    from dashboard.pages import actions

    with as_role(client.application, "/"):
        with counted_queries(database.engine()) as statements:
            actions.layout(plan=PLAN_2022, status="green")
        # as at, plans, themes, priorities, owners, tracker, two splits, total, we said
        assert len(statements) == 10
        with counted_queries(database.engine()) as statements:
            actions.update_tracker(PLAN_2022, "P1", "all", ["green"], [])
        assert len(statements) == 9  # the same, without "We said / We did"
