"""How many SQL statements each page and each of its callbacks sends (issue 7): no more than a
small bound written here, and the same on the sample database as on one with far more of
everything (tests/larger_database.py), so that a query per row (N+1) fails here rather than
slowing a board meeting down.

Every registered page is built as Dash's page router builds it (its layout, then its title) for
an administrator, and for a viewer where a viewer may open it; every server callback of a page
is called with the inputs a person would give it. The frame around the pages, and whole
requests with their sign-in check, are counted in test_query_counts_requests.py."""

from __future__ import annotations

import base64
import re
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

import dash
import pytest
from sqlalchemy.orm import Session

from dashboard import auth, database
from dashboard.components.user_forms import ACTIVE
from dashboard.pack import kept
from data_access.authority import DEFAULT_AUTHORITY_CODE as HOME_AREA
from data_access.edits import STATUSES, action_form, today
from data_access.queries.commentary import commentary_periods, team_commentary_periods
from data_access.targets import target_form
from tests.conftest import PASSWORD, as_role, assert_bounded, counted_queries, counts
from tests.larger_database import (
    ACTION,
    COLLEAGUE,
    MEASURE,
    OTHER_MEASURE,
    PLAN_2022,
    RECOMMENDATION,
    TEAM,
    TEAM_WITHOUT_OWN_FIGURES,
    THEME,
)

UPLOAD = (
    "indicator_ref,area_code,team_slug,period_end,value,numerator,denominator,symbol,"
    "provenance,source\n"
    f"{MEASURE},{HOME_AREA},,2005-01-31,80,,,,illustrative,\n"
    f"{MEASURE},{HOME_AREA},{TEAM},2005-01-31,75,,,,illustrative,\n"
)


VIEWER = auth.Principal(auth.VIEWER, "viewer", user_id=0)


def _viewer_may_open(path: str) -> bool:
    return auth.may_open(VIEWER, path)


# The pages


class Page(NamedTuple):
    module: str  # the page module's name in dashboard/pages
    arguments: dict  # its path arguments and query
    bound: int


# A page that names the authority reads its name and region once (dashboard/configured.py).
PAGES = [
    # themes; measures, their themes, latest figures (list_indicators); recent figures
    # the reporting periods; themes; measures, their themes, latest figures; recent figures;
    # the authority; what changed since: the ratings, the actions
    Page("scorecard", {}, 9),
    Page("scorecard", {"group": "theme", "theme": THEME, "rating": "red,amber"}, 9),
    # the title's theme; the theme; measures, their figures; as at, actions; recommendations;
    # the authority
    Page("theme", {"slug": THEME}, 8),
    # the title; measure, themes, latest figure; the areas' series; the neighbours' figures
    # (for their mean); events; commentary; changes; as at; actions; recommendations; the
    # teams' figures; the benchmark; the authority; for a viewer,
    # the periods of comparators' figures withheld (derived_figures.py) and the roles of who
    # wrote the commentary and made the changes (staff_names.py)
    Page("indicator", {"ref": MEASURE}, 17),
    Page("indicator", {"ref": OTHER_MEASURE}, 17),
    # as at; plans, owners, themes; the actions, split by plan, by theme, total; we said
    Page("actions", {}, 9),
    Page("actions", {"plan": PLAN_2022, "status": "green"}, 10),  # and the plan's priorities
    Page("actions", {"owner": "Director of Children's Services", "overdue": "1"}, 9),
    # as at; action, updates, recommendations, teams, measures, their figures; changes; form;
    # for a viewer, the roles of who recorded the updates and changes
    Page("action", {"ref": ACTION}, 10),
    # as at; recommendations; roll-ups; measure links; their latest figures; the authority
    Page("recommendations", {}, 6),
    # as at; recommendation; actions; roll-up; measures; their latest figures
    Page("recommendation", {"rec_id": RECOMMENDATION}, 6),
    Page("inspections", {}, 4),  # judgements; inspections with counts; events; the authority
    Page("teams", {}, 3),  # as at; teams with their counts; the authority
    # the title's team; team; measures, own figures; as at, actions; the actions aimed at its
    # measures; commentary, the commentary form's measures, its changes; the authority
    Page("team", {"slug": TEAM}, 11),
    Page("team", {"slug": TEAM_WITHOUT_OWN_FIGURES}, 12),  # and the authority's figures
    # the reporting periods; every series; actions, their teams; the actions aimed at red
    # measures; team-level measures; the comparison; the authority; what changed since: the
    # ratings, the actions, the measures and their recent figures for the SPC rules
    Page("clinic", {}, 12),
    Page("clinic", {"measure": OTHER_MEASURE}, 12),
    Page("target", {"ref": MEASURE}, 2),  # the form; changes
    Page("users", {}, 2),  # users with their teams; teams
    Page("audit", {}, 1),
    Page("audit", {"kind": "records"}, 1),
    Page("import_data", {}, 2),  # the person's latest import, running or done; the authority
    Page("pack", {}, 5),  # as at; themes; the kept pack's record, the data version; who asks
    Page("search", {"q": "care leavers"}, 3),  # the measures found; their themes; figures
    Page("search", {"q": "no such measure"}, 1),  # no measure found
    Page("glossary", {}, 1),  # the authority
    Page("about", {}, 1),  # the authority
    Page("not_found_404", {}, 0),
]


def _registered(module: str) -> dict:
    return dash.page_registry[f"dashboard.pages.{module}"]


def _address(page: Page) -> tuple[str, dict, dict]:
    """The page's path, its path arguments, and the rest of its arguments (its query)."""
    registered = _registered(page.module)
    template = registered.get("path_template") or registered["path"]
    names = re.findall(r"<(\w+)>", template)
    path = re.sub(r"<(\w+)>", lambda match: page.arguments[match.group(1)], template)
    path_arguments = {name: page.arguments[name] for name in names}
    return path, path_arguments, page.arguments


def _build(page: Page) -> Callable[[], Any]:
    """What the page router does for the page's address: its layout, then its title."""
    registered = _registered(page.module)
    _path, path_arguments, arguments = _address(page)

    def build():
        registered["layout"](**arguments)
        if callable(registered["title"]):
            registered["title"](**path_arguments)

    return build


def _page_id(page: Page) -> str:
    return "-".join([page.module, *map(str, page.arguments.values())])


def test_every_page_is_counted(apps):
    counted = {f"dashboard.pages.{page.module}" for page in PAGES}
    assert set(dash.page_registry) == counted


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_a_page_sends_a_bounded_number_of_statements_whatever_the_data(apps, page):
    """For an admin, and for a viewer too where a viewer may open the page."""
    path = _address(page)[0]
    for role in ["admin"] + (["viewer"] if _viewer_may_open(path) else []):
        found = counts(apps, path, role, _build(page))
        assert_bounded(found, page.bound)


# The callbacks


class Call(NamedTuple):
    module: str
    callback: str  # the callback function's name
    arguments: Callable[[Session], tuple]  # its inputs and states, read before counting
    bound: int
    saves: bool = False  # changes the data: for those whose job it is, not for a viewer


def _commentary(db: Session) -> tuple:
    newest = commentary_periods(db, MEASURE)[0]
    state = {"ref": MEASURE, "versions": {newest.period_end.isoformat(): newest.version}}
    return 1, state, newest.period_end.isoformat(), "Timeliness held up over the summer."


def _team_commentary(db: Session) -> tuple:
    rows = team_commentary_periods(db, TEAM)
    state = {
        "team": TEAM,
        "periods": {row.ref: row.period_end.isoformat() for row in rows},
        "versions": {row.ref: row.version for row in rows},
        "texts": {},
    }
    return 1, state, rows[0].ref, "The team's figures held up over the summer."


def _progress(db: Session) -> tuple:
    state = {"ref": ACTION, "version": action_form(db, ACTION).version}
    return 1, state, today().isoformat(), "amber", "Waiting for the panel's decision.", ""


def _target(db: Session) -> tuple:
    return 1, {"ref": MEASURE, "version": target_form(db, MEASURE).version}, 88, 4


def _upload(_db: Session) -> tuple:
    contents = "data:text/csv;base64," + base64.b64encode(UPLOAD.encode()).decode()
    return contents, "figures.csv"


EVERY_STATUS = list(STATUSES)
DEFAULT_PERIOD = {"asked": None, "heading": "Reporting period: June 2023"}  # as the page keeps it


def _ignore(*_progress) -> None:
    """A background callback's progress, not looked at here."""


CALLS = [
    # the reporting date; themes; measures, their themes, latest figures; recent figures;
    # the ratings at the date compared with
    Call(
        "scorecard", "update_cards", lambda _: ("theme", THEME, ["red", "amber"], DEFAULT_PERIOD), 7
    ),
    Call(
        "scorecard", "update_cards", lambda _: ("category", "all", EVERY_STATUS, DEFAULT_PERIOD), 7
    ),
    Call("actions", "offer_priorities", lambda _: (PLAN_2022, "all"), 2),  # themes; priorities
    # plans, owners, themes, priorities; as at; the actions, split by plan, by theme, total
    Call("actions", "update_tracker", lambda _: (PLAN_2022, "P1", "all", ["green"], []), 9),
    Call("actions", "update_tracker", lambda _: (None, "all", "all", EVERY_STATUS, ["1"]), 8),
    Call(
        "indicator",
        "show_period_commentary",
        lambda _: ("2023-03-31", {"texts": {}}, "Typed so far"),
        0,
    ),
    # the measure's unit; the authority; its and its comparators' series; the neighbours'
    # figures (for their mean); their withheld periods
    Call("indicator", "show_trend_tables", lambda _: (1, MEASURE), 5),
    Call("indicator", "show_trend_tables", lambda _: (1, OTHER_MEASURE), 5),
    # the measure, its themes, its latest figure; the authority; the areas' series; the
    # neighbours' figures; their withheld periods; events
    Call("indicator", "show_chart_view", lambda _: ("spc", MEASURE), 8),
    Call("indicator", "show_chart_view", lambda _: ("trend", OTHER_MEASURE), 8),
    Call("indicator", "show_chart_view", lambda _: ("forecast", "1a"), 8),
    # the measure, its periods, the commentary, the change, the data version; periods, latest,
    # changes again
    Call("indicator", "save_commentary", _commentary, 8, saves=True),
    Call(
        "team",
        "show_measure_commentary",
        lambda _: ("8", {"team": TEAM, "periods": {}, "versions": {}, "texts": {}}, "Typed"),
        0,
    ),
    # the team; the measure, the team, its link to the measure, the team's periods, the
    # commentary, the change, the data version; periods, latest, changes again
    Call("team", "save_team_commentary", _team_commentary, 11, saves=True),
    # the action's teams (may they?); form, its newest update (does the new one come after?),
    # update, id, the update, the change, the data version; then the page's parts again: as at,
    # action, updates, recommendations, teams, measures, figures; changes
    Call("action", "save_progress", _progress, 16, saves=True),
    # the reporting date; the series; the authority
    Call("clinic", "show_comparison", lambda _: (OTHER_MEASURE, DEFAULT_PERIOD), 3),
    # target, update, change, the data version; changes
    Call("target", "save_target", _target, 5, saves=True),
    # name taken?, teams, the user, their teams, the audit event; users, teams
    Call(
        "users",
        "add_user",
        lambda _: (1, "new-colleague", "team_manager", [TEAM], PASSWORD),
        7,
        saves=True,
    ),
    Call("users", "show_user", lambda _: (COLLEAGUE,), 1),
    # the user, their teams, the new teams, the audit event, the teams changed; users, teams
    Call(
        "users",
        "save_change",
        lambda _: (1, COLLEAGUE, "team_manager", [TEAM, TEAM_WITHOUT_OWN_FIGURES], ACTIVE),
        7,
        saves=True,
    ),
    # the user, their teams, the audit event, the new password, the end of their sessions
    Call("users", "save_password", lambda _: (1, COLLEAGUE, "another long password"), 5, True),
    # measures, areas, teams, count; the area's and the team's figures; the data version; count
    # and the import's record: begun, rows checked, ended
    Call("import_data", "import_upload", lambda db: (_ignore, *_upload(db)), 12, saves=True),
    Call("import_data", "stop_import", lambda _: (1,), 1, saves=True),  # the import's record
    Call("import_data", "follow_import", lambda _: (1,), 1),  # the import's record
    # the themes; the data version, the claim; the pack's contents (as test_pack_meeting.py
    # counts them for an admin, what changed included); the pages drawn, the pack kept, the
    # outdated packs forgotten
    Call("pack", "make_pack", lambda _: (_ignore, 1, "2023-03-31", "all"), 31, saves=True),
    Call("pack", "follow_pack", lambda _: (1, "2023-03-31", "all"), 99),
    Call(
        "import_data",
        "download_report",
        lambda _: (1, {"filename": "problems.csv", "rows": [[2, "value", "is empty"]]}),
        0,
    ),
]


def _call_id(call: Call) -> str:
    return f"{call.module}.{call.callback}"


def test_every_server_callback_of_every_page_is_counted(apps):
    server_callbacks = {
        (entry["callback"].__module__, entry["callback"].__name__)
        for app in apps.values()
        for entry in app.callback_map.values()
        if entry.get("callback") is not None
        and entry["callback"].__module__.startswith("dashboard.pages.")
    }
    counted = {(f"dashboard.pages.{call.module}", call.callback) for call in CALLS}
    assert server_callbacks == counted


@pytest.mark.parametrize("call", CALLS, ids=_call_id)
def test_a_callback_sends_a_bounded_number_of_statements_whatever_the_data(apps, call, monkeypatch):
    """For an admin, and for a viewer too where a viewer may use it (saves are not)."""
    # A pack's build says it is still going every few seconds of its run: a matter of time
    # (and of how busy the machine is), not of data, so not counted here.
    monkeypatch.setattr(kept, "STILL_GOING_EVERY", float("inf"))
    path = next(_address(page)[0] for page in PAGES if page.module == call.module)
    function = getattr(sys.modules[f"dashboard.pages.{call.module}"], call.callback)
    viewer = not call.saves and _viewer_may_open(path)
    for role in ["admin"] + (["viewer"] if viewer else []):
        found = {}
        for size, app in apps.items():
            with as_role(app.server, path, role):
                with database.session() as db:
                    arguments = call.arguments(db)
                with counted_queries(database.engine()) as statements:
                    function(*arguments)
            found[size] = len(statements)
        assert_bounded(found, call.bound)
