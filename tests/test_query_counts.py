"""How many SQL statements each page and each of its callbacks sends (issue 7): no more than a
small bound written here, and the same on the sample database as on one with far more of
everything, so that a query per row (N+1) fails here rather than slowing a board meeting down.

Every registered page is built as Dash's page router builds it (its layout, then its title) for
an administrator, and for a viewer where a viewer may open it; every server callback of a page
is called with the inputs a person would give it. The frame around the pages (the header), and
whole requests with their sign-in check, are counted too.
"""

from __future__ import annotations

import base64
import calendar
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import dash
import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from dashboard import auth, database, shell
from dashboard.components.user_forms import ACTIVE
from data_access import audit
from data_access.db import init_db, make_engine
from data_access.edits import STATUSES, action_form, target_form, today
from data_access.models import (
    Action,
    ActionUpdate,
    Area,
    AuditEvent,
    Change,
    Commentary,
    Event,
    Indicator,
    Inspection,
    Judgement,
    Observation,
    Plan,
    Priority,
    Recommendation,
    Team,
    Theme,
    User,
    action_recommendation,
    indicator_action,
    indicator_recommendation,
    indicator_theme,
    team_action,
    team_indicator,
    user_team,
)
from data_access.queries import HOME_AREA
from data_access.queries.commentary import commentary_periods
from data_access.seed import seed
from data_access.users import create_user
from tests.conftest import (
    PASSWORD,
    as_role,
    counted_queries,
    database_url,
    make_app,
    router_body,
    user_client,
)

SIZES = ("sample", "larger")
THEME = "demand-and-need"
MEASURE = "8"  # team-level, with actions, recommendations, commentary and team figures
OTHER_MEASURE = "12"
ACTION = "D11"  # with progress updates, measures, recommendations and teams
RECOMMENDATION = "2016-3"
TEAM = "duty-and-assessment"
TEAM_WITHOUT_OWN_FIGURES = "safeguarding-north"  # some of its measures are the authority's
PLAN_2022 = "improvement-plan-2022-23"
COLLEAGUE = "casey"  # a team manager, in both databases, for the users page's forms
UPLOAD = (
    "indicator_ref,area_code,team_slug,period_end,value,numerator,denominator,symbol,"
    "provenance,source\n"
    f"{MEASURE},{HOME_AREA},,1989-01-31,80,,,,illustrative,\n"
    f"{MEASURE},{HOME_AREA},{TEAM},1989-01-31,75,,,,illustrative,\n"
)


# The larger database: the sample data, and much more of everything a page lists.


def _month_ends(first: date, until: date) -> list[date]:
    """The last day of each month from `first`'s month up to, not including, `until`."""
    ends, year, month = [], first.year, first.month
    while (end := date(year, month, calendar.monthrange(year, month)[1])) < until:
        ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def _figure(indicator: Indicator, n: int) -> dict:
    """An illustrative figure; percentages with a numerator of 0 to 19, so some are small."""
    if indicator.unit == "percent":
        return {"value": (n % 20) * 5.0, "numerator": float(n % 20), "denominator": 20.0}
    return {"value": float(n % 40), "numerator": None, "denominator": None}


def _new_entities(db: Session) -> None:
    """A theme, a plan with priorities, teams, areas, measures and an inspection."""
    db.add(Theme(slug="extra-theme", letter="G", name="Extra theme", summary="For tests."))
    db.add(Plan(slug="extra-plan", title="Extra plan", published=date(2023, 1, 31), source=""))
    db.flush()
    themes = db.scalars(select(Theme).order_by(Theme.id)).all()
    plan_id = db.scalar(select(Plan.id).where(Plan.slug == "extra-plan"))
    db.add_all(
        Priority(plan_id=plan_id, code=f"X{n}", title=f"Extra priority {n}", theme_id=theme.id)
        for n, theme in enumerate(themes)
    )
    db.add_all(
        Team(slug=f"extra-team-{n}", name=f"Extra team {n}", service=f"Extra service {n % 3}")
        for n in range(10)
    )
    db.add_all(
        Area(code=f"E0899{n:04d}", name=f"Extra authority {n}", kind="local_authority")
        for n in range(5)
    )
    units, polarities = ("percent", "count", "rate_per_10k", "average"), ("up", "down", "neutral")
    db.add_all(
        Indicator(
            ref=f"X{n}",
            title=f"Extra measure {n}",
            category="Other",
            unit=units[n % 4],
            polarity=polarities[n % 3],
            frequency="monthly",
            target=50.0,
            tolerance=5.0,
            team_level=n % 2 == 0,
            sort_order=1000 + n,
        )
        for n in range(30)
    )
    db.add(
        Inspection(
            key="2024", kind="inspection", title="Extra inspection", published=date(2024, 5, 1)
        )
    )
    db.flush()
    inspection_id = db.scalar(select(Inspection.id).where(Inspection.key == "2024"))
    db.add_all(
        Judgement(inspection_id=inspection_id, area=area, grade="Good", sort_order=n)
        for n, area in enumerate(["Overall effectiveness", "Leadership", "Children in care"])
    )
    db.add_all(
        Recommendation(
            key=f"2024-{n}",
            inspection_id=inspection_id,
            number=n,
            kind="recommendation",
            text=f"Extra recommendation {n}",
        )
        for n in range(1, 21)
    )
    db.flush()


def _links(db: Session) -> None:
    """The new measures to themes, teams and recommendations; the new teams to measures."""
    themes = db.scalars(select(Theme.id).order_by(Theme.id)).all()
    new = db.scalars(select(Indicator).where(Indicator.ref.like("X%"))).all()
    db.execute(
        insert(indicator_theme),
        [{"indicator_id": m.id, "theme_id": themes[n % len(themes)]} for n, m in enumerate(new)],
    )
    # New teams to every team-level measure, new team-level measures to every team; links
    # between the sample's own teams and measures stay as they are, as do their pages' branches.
    new_teams = db.scalars(select(Team.id).where(Team.slug.like("extra-team-%"))).all()
    db.execute(
        insert(team_indicator),
        [
            {"team_id": team, "indicator_id": measure}
            for team in db.scalars(select(Team.id))
            for measure in db.scalars(select(Indicator.id).where(Indicator.team_level)).all()
            if team in new_teams or measure in {m.id for m in new if m.team_level}
        ],
    )
    measures = db.scalars(select(Indicator.id).order_by(Indicator.id)).all()
    recommendations = db.scalars(
        select(Recommendation.id).where(Recommendation.key.like("2024-%"))
    ).all()
    db.execute(
        insert(indicator_recommendation),
        [
            {"indicator_id": measures[(n * 7 + k) % len(measures)], "recommendation_id": rec}
            for n, rec in enumerate(recommendations)
            for k in range(3)
        ],
    )


def _observations(db: Session) -> None:
    """Five more years of every measure's figures for every area and team, before the first;
    and monthly figures since 2019 for the series of the new measures, areas and teams."""
    earliest = db.scalar(select(func.min(Observation.period_end)))
    older = _month_ends(date(earliest.year - 5, 1, 1), earliest)
    recent = _month_ends(date(2019, 1, 1), date(2023, 4, 1))
    existing = set(
        db.execute(
            select(Observation.indicator_id, Observation.area_id, Observation.team_id).distinct()
        )
    )
    indicators = db.scalars(select(Indicator)).all()
    areas = db.scalars(select(Area.id)).all()
    sample_areas = set(db.scalars(select(Area.id).where(~Area.code.like("E0899%"))))
    sample_teams = {None, *db.scalars(select(Team.id).where(~Team.slug.like("extra-team-%")))}
    home = db.scalar(select(Area.id).where(Area.code == HOME_AREA))
    series = [(indicator, area, None) for indicator in indicators for area in areas]
    by_id = {indicator.id: indicator for indicator in indicators}
    series += [
        (by_id[indicator_id], home, team_id)
        for team_id, indicator_id in db.execute(select(team_indicator))
    ]
    rows = []
    for indicator, area, team in series:
        if (indicator.id, area, team) in existing:
            months = older
        elif indicator.ref.startswith("X") or area not in sample_areas or team not in sample_teams:
            months = recent
        else:
            continue  # a series the sample lacks stays so: a team page shows the authority's
        rows += [
            {
                "indicator_id": indicator.id,
                "area_id": area,
                "team_id": team,
                "period_end": end,
                "period_label": f"{end:%b %Y}",
                "symbol": None,
                "provenance": "illustrative",
                "source": "",
                **_figure(indicator, n + indicator.id),
            }
            for n, end in enumerate(months)
        ]
    db.execute(insert(Observation), rows)


def _actions(db: Session) -> None:
    """150 more actions across every plan's priorities, with updates, measures, recommendations
    and teams; and more updates of the sample's actions."""
    priorities = db.execute(select(Priority.id, Priority.plan_id).order_by(Priority.id)).all()
    db.execute(
        insert(Action),
        [
            {
                "ref": f"X-{n}",
                "plan_id": priorities[n % len(priorities)].plan_id,
                "priority_id": priorities[n % len(priorities)].id,
                "text": f"Extra action {n}",
                "owner": f"Extra owner {n % 12}",
                "due": date(2016, 1, 31) + timedelta(days=25 * n),
                "status": STATUSES[n % len(STATUSES)],
                "source": "",
                "sort_order": 1000 + n,
            }
            for n in range(150)
        ],
    )
    actions = db.scalars(select(Action.id).order_by(Action.id)).all()
    db.execute(
        insert(ActionUpdate),
        [
            {
                "action_id": action,
                "date": date(2017, 4, 30) + timedelta(days=61 * k + n % 30),
                "status": STATUSES[(n + k) % len(STATUSES)],
                "note": f"Extra update {k}",
                "provenance": "published" if k % 3 == 0 else "illustrative",
                "source": "",
                "recorded_at": datetime(2023, 1, 1),
            }
            for n, action in enumerate(actions)
            for k in range(6)
        ],
    )
    measures = db.scalars(select(Indicator.id).order_by(Indicator.id)).all()
    recommendations = db.scalars(select(Recommendation.id).order_by(Recommendation.id)).all()
    teams = db.scalars(select(Team.id).order_by(Team.id)).all()
    new = db.scalars(select(Action.id).where(Action.ref.like("X-%")).order_by(Action.id)).all()
    for table, column, targets in (
        (indicator_action, "indicator_id", measures),
        (action_recommendation, "recommendation_id", recommendations),
        (team_action, "team_id", teams),
    ):
        db.execute(
            insert(table),
            [
                {"action_id": action, column: targets[(n * 5 + k) % len(targets)]}
                for n, action in enumerate(new)
                for k in range(2)
            ],
        )


def _history(db: Session) -> None:
    """Events, commentary, changes to the pages' measure and action, users and audit events."""
    db.execute(
        insert(Event),
        [
            {
                "date": date(2005, 1, 1) + timedelta(days=70 * n),
                "name": f"Extra {'intervention' if n % 4 == 0 else 'milestone'} {n}",
                "kind": ("governance", "milestone", "inspection")[n % 3],
                "description": "",
                "source": "",
            }
            for n in range(100)
        ],
    )
    earliest = db.scalar(select(func.min(Observation.period_end)))
    periods = _month_ends(date(earliest.year, 1, 1), date(earliest.year + 5, 1, 1))[::6]
    pairs = [(i, None) for i in db.scalars(select(Indicator.id))]
    pairs += list(db.execute(select(team_indicator.c.indicator_id, team_indicator.c.team_id)))
    db.execute(
        insert(Commentary),
        [
            {
                "indicator_id": indicator,
                "team_id": team,
                "period_end": period,
                "text": "Extra commentary.",
                "author": "Head of Performance",
                "provenance": "illustrative",
                "recorded_at": datetime(2023, 1, 1),
            }
            for indicator, team in pairs
            for period in periods
        ],
    )
    subjects = [("indicator", MEASURE, "target"), ("indicator", MEASURE, "commentary")]
    subjects += [("action", ACTION, "progress update"), ("action", "A1", "progress update")]
    db.execute(
        insert(Change),
        [
            {
                "changed_at": datetime(2022, 1, 1) + timedelta(hours=n),
                "changed_by": "analyst",
                "subject": subjects[n % 4][0],
                "subject_ref": subjects[n % 4][1],
                "record": subjects[n % 4][2],
                "period_end": date(2020, 1, 31) if subjects[n % 4][2] == "commentary" else None,
                "version": n + 1,
                "old_values": "{}",
                "new_values": '{"status": "green"}',
            }
            for n in range(300)
        ],
    )
    roles = ("viewer", "team_manager", "director", "analyst", "admin")
    db.execute(
        insert(User),
        [
            {
                "username": f"extra-user-{n}",
                "password_hash": "not a password",
                "role": roles[n % len(roles)],
                "active": n % 7 != 0,
                "created_at": datetime(2023, 1, 1),
            }
            for n in range(40)
        ],
    )
    managers = db.scalars(
        select(User.id).where(User.role == "team_manager", User.username.like("extra-user-%"))
    ).all()
    teams = db.scalars(select(Team.id).order_by(Team.id)).all()
    db.execute(
        insert(user_team),
        [
            {"user_id": user, "team_id": teams[(n + k) % len(teams)]}
            for n, user in enumerate(managers)
            for k in range(3)
        ],
    )
    events = (audit.SIGNED_IN, audit.SIGN_IN_REFUSED, audit.SIGNED_OUT, audit.USER_CHANGED)
    db.execute(
        insert(AuditEvent),
        [
            {
                "at": datetime(2023, 1, 1) + timedelta(minutes=n),
                "event": events[n % len(events)],
                "username": f"extra-user-{n % 40}",
                "address": f"10.0.0.{n % 250}",
                "detail": "",
            }
            for n in range(1000)
        ],
    )


def add_much_more(engine: Engine) -> None:
    """The sample data grown: more of every kind of record, and five more years of figures."""
    with Session(engine) as db:
        _new_entities(db)
        _links(db)
        _observations(db)
        _actions(db)
        _history(db)
        db.commit()


@pytest.fixture(scope="module")
def apps(backend, tmp_path_factory) -> dict[str, dash.Dash]:
    """The app on the sample data, and on the sample data with much more of everything: each
    its own database, as the save callbacks change them."""
    made = {}
    for size in SIZES:
        url = database_url(backend, f"counts_{size}", tmp_path_factory.mktemp(size))
        engine = make_engine(url)
        init_db(engine)
        seed(engine)
        if size == "larger":
            add_much_more(engine)
        with Session(engine) as db:
            create_user(db, COLLEAGUE, PASSWORD, "team_manager", [TEAM])
        engine.dispose()
        made[size] = make_app(url)
        user_client(made[size].server).get("/")  # Dash sets up its page router on first use
    return made


def counts(apps: dict, path: str, role: str, work: Callable[[], Any]) -> dict[str, int]:
    """The statements `work` sends, on each database, as `role` asking for `path`."""
    found = {}
    for size, app in apps.items():
        with as_role(app.server, path, role), counted_queries(database.engine()) as statements:
            work()
        found[size] = len(statements)
    return found


def assert_bounded(found: dict[str, int], bound: int) -> None:
    assert found["sample"] == found["larger"], f"grows with the data: {found}"
    assert found["sample"] <= bound, f"{found['sample']} statements, more than {bound}"


VIEWER = auth.Principal(auth.VIEWER, "viewer", user_id=0)


def _viewer_may_open(path: str) -> bool:
    return auth.may_open(VIEWER, path)


# The pages


class Page(NamedTuple):
    module: str  # the page module's name in dashboard/pages
    arguments: dict  # its path arguments and query
    bound: int


PAGES = [
    # themes; measures, their themes, latest figures (list_indicators); recent figures
    Page("scorecard", {}, 5),
    Page("scorecard", {"group": "theme", "theme": THEME, "rating": "red,amber"}, 5),
    # the title's theme; the theme; measures, their figures; as at, actions; recommendations
    Page("theme", {"slug": THEME}, 7),
    # the title; measure, themes, latest figure; the areas' series; events; commentary;
    # changes; as at; actions; recommendations; the teams' figures
    Page("indicator", {"ref": MEASURE}, 12),
    Page("indicator", {"ref": OTHER_MEASURE}, 12),
    # as at; plans, owners, themes; the actions, split by plan, by theme, total; we said
    Page("actions", {}, 9),
    Page("actions", {"plan": PLAN_2022, "status": "green"}, 10),  # and the plan's priorities
    Page("actions", {"owner": "Director of Children's Services", "overdue": "1"}, 9),
    # as at; action, updates, recommendations, teams, measures, their figures; changes; form
    Page("action", {"ref": ACTION}, 9),
    # as at; recommendations; roll-ups; measure links; their latest figures
    Page("recommendations", {}, 5),
    # as at; recommendation; actions; roll-up; measures; their latest figures
    Page("recommendation", {"rec_id": RECOMMENDATION}, 6),
    Page("inspections", {}, 3),  # judgements; inspections with counts; events
    Page("teams", {}, 2),  # as at; teams with their counts
    # the title's team; team; measures, own figures; as at, actions; commentary
    Page("team", {"slug": TEAM}, 7),
    Page("team", {"slug": TEAM_WITHOUT_OWN_FIGURES}, 8),  # and the authority's figures
    # as at; every series; actions, their teams; team-level measures; the comparison
    Page("clinic", {}, 6),
    Page("clinic", {"measure": OTHER_MEASURE}, 6),
    Page("target", {"ref": MEASURE}, 2),  # the form; changes
    Page("users", {}, 2),  # users with their teams; teams
    Page("audit", {}, 1),
    Page("audit", {"kind": "records"}, 1),
    Page("import_data", {}, 0),
    Page("glossary", {}, 0),
    Page("about", {}, 0),
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


def _progress(db: Session) -> tuple:
    state = {"ref": ACTION, "version": action_form(db, ACTION).version}
    return 1, state, today().isoformat(), "amber", "Waiting for the panel's decision."


def _target(db: Session) -> tuple:
    return 1, {"ref": MEASURE, "version": target_form(db, MEASURE).version}, 88, 4


def _upload(_db: Session) -> tuple:
    contents = "data:text/csv;base64," + base64.b64encode(UPLOAD.encode()).decode()
    return contents, "figures.csv"


EVERY_STATUS = list(STATUSES)
CALLS = [
    # themes; measures, their themes, latest figures; recent figures
    Call("scorecard", "update_cards", lambda _: ("theme", THEME, ["red", "amber"]), 5),
    Call("scorecard", "update_cards", lambda _: ("category", "all", EVERY_STATUS), 5),
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
    # the measure, its periods, the commentary, the change; periods, latest, changes again
    Call("indicator", "save_commentary", _commentary, 7, saves=True),
    # the action's teams (may they?); form, update, id, the update, the change; then the page's
    # parts again: as at, action, updates, recommendations, teams, measures, figures; changes
    Call("action", "save_progress", _progress, 14, saves=True),
    Call("clinic", "show_comparison", lambda _: (OTHER_MEASURE,), 1),
    Call("target", "save_target", _target, 4, saves=True),  # target, update, change; changes
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
    # the user, their teams, the audit event, the new password
    Call("users", "save_password", lambda _: (1, COLLEAGUE, "another long password"), 4, True),
    # measures, areas, teams, count; the area's and the team's figures; count
    Call("import_data", "import_upload", _upload, 7, saves=True),
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
def test_a_callback_sends_a_bounded_number_of_statements_whatever_the_data(apps, call):
    """For an admin, and for a viewer too where a viewer may use it (saves are not)."""
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


# The frame around the pages, and whole requests


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_the_header_sends_a_bounded_number_of_statements(apps, role):
    found = counts(apps, "/", role, shell.layout)
    assert_bounded(found, 2)  # as at; themes


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
    Request("frame", "/_dash-layout", None, 3),  # and the header: as at, themes
    Request("scorecard content", DASH_CALLBACK, lambda _: router_body("/"), 6),
    Request("measure content", DASH_CALLBACK, lambda _: router_body(f"/indicator/{MEASURE}"), 13),
    Request("scorecard filters", DASH_CALLBACK, _update_cards_body, 6),
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
