"""The sample data grown: more of every kind of record, and five more years of figures; and the
app on each, for the query-count tests (test_query_counts.py, test_query_counts_requests.py)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import dash
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.authority import DEFAULT_AUTHORITY_CODE as HOME_AREA
from data_access.db import init_db, make_engine
from data_access.edits import STATUSES
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
from data_access.seed import seed
from data_access.users import create_user
from tests.conftest import PASSWORD, database_url, make_app, user_client

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


def sample_and_larger_apps(backend, tmp_path_factory) -> dict[str, dash.Dash]:
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
