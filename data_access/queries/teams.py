"""Teams: the list with what needs attention, and one team's "plan on a page" (its measures
with its own figures, or the authority's where the team has none, its actions with their
latest update, and its latest commentary).

Red measures and overdue actions are counted in SQL; a page makes a fixed few queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from data_access.authority import home_code
from data_access.models import (
    Action,
    Area,
    Commentary,
    Indicator,
    Observation,
    Plan,
    Team,
    team_action,
    team_indicator,
)
from data_access.queries.indicators import MEASURE_COLUMNS, MeasureFigures, recent_figures
from data_access.queries.plans import (
    ListedAction,
    action_columns,
    decision_date,
    most_overdue_first,
    newest_updates,
    past_due,
)

RECENT_PERIODS = 24  # the sparkline's span; the trend rule uses the newest six of them
EPSILON = 1e-9  # as in dashboard.rating: a figure on the edge of the tolerance is amber


@dataclass(frozen=True)
class TeamRow:
    slug: str
    name: str
    service: str


@dataclass(frozen=True)
class TeamSummary:
    slug: str
    name: str
    service: str
    measures: int
    red_measures: int
    actions: int
    overdue_actions: int
    own_measures: int  # linked measures with the team's own figures; the rest are authority-wide


@dataclass(frozen=True)
class TeamMeasure(MeasureFigures):
    """A team's linked measure with its recent figures: the team's own, or, where the team has
    no figures of its own for it (`whole_authority`), the authority's figures for all teams."""

    whole_authority: bool = False


@dataclass(frozen=True)
class TeamAction(ListedAction):
    update_date: date | None
    update_note: str | None


@dataclass(frozen=True)
class TeamCommentary:
    ref: str
    title: str
    period_end: date
    text: str
    author: str
    provenance: str


def is_red(value, target, tolerance, polarity):
    """SQL: a figure worse than its target by more than the tolerance (SPEC section 4).

    NULL (not rated) when there is no figure or no target, so it never counts as red.
    """
    slack = func.coalesce(tolerance, 0.0) + EPSILON
    return or_(
        and_(polarity == "up", value < target - slack),
        and_(polarity == "down", value > target + slack),
    )


def list_teams(session: Session, on: date | None = None) -> list[TeamSummary]:
    """Every team in the order they were loaded (by service), with how many of its measures
    are red on its own latest figure and how many of its actions are overdue as at `on`.

    Measures the team has no figures of its own for are not counted red: their authority-wide
    figure is every linked team's at once, so it would say nothing about this team and would
    make teams look alike. `own_measures` counts the measures with the team's own figures."""
    on = decision_date(session, on)
    home = select(Area.id).where(Area.code == home_code(session)).scalar_subquery()
    earlier = aliased(Observation)
    own_series = (
        earlier.indicator_id == team_indicator.c.indicator_id,
        earlier.area_id == home,
        earlier.team_id == team_indicator.c.team_id,
    )
    # Each link's newest figure, looked up in the index: a join back to the figures by date
    # let PostgreSQL sort every team figure (200,000 on the large set) to find 1,700.
    newest = (
        select(
            team_indicator.c.team_id,
            team_indicator.c.indicator_id,
            select(func.max(earlier.period_end))
            .where(*own_series)
            .scalar_subquery()
            .label("period_end"),
            select(earlier.value)
            .where(*own_series)
            .order_by(earlier.period_end.desc())
            .limit(1)
            .scalar_subquery()
            .label("value"),
        )
        .cte("newest")
        .prefix_with("MATERIALIZED")  # start from the links, and look each one up in the index
    )
    red_case = case(
        (is_red(newest.c.value, Indicator.target, Indicator.tolerance, Indicator.polarity), 1),
        else_=0,
    )
    red = (
        select(
            newest.c.team_id,
            func.sum(red_case).label("red"),
            func.count(newest.c.period_end).label("own"),
        )
        .join(Indicator, Indicator.id == newest.c.indicator_id)
        .group_by(newest.c.team_id)
        .subquery()
    )
    measures = (
        select(team_indicator.c.team_id, func.count().label("measures"))
        .group_by(team_indicator.c.team_id)
        .subquery()
    )
    actions = (
        select(
            team_action.c.team_id,
            func.count().label("actions"),
            func.sum(case((past_due(on), 1), else_=0)).label("overdue"),
        )
        .join(Action, Action.id == team_action.c.action_id)
        .group_by(team_action.c.team_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Team.slug,
            Team.name,
            Team.service,
            func.coalesce(measures.c.measures, 0),
            func.coalesce(red.c.red, 0),
            func.coalesce(actions.c.actions, 0),
            func.coalesce(actions.c.overdue, 0),
            func.coalesce(red.c.own, 0),
        )
        .outerjoin(measures, measures.c.team_id == Team.id)
        .outerjoin(red, red.c.team_id == Team.id)
        .outerjoin(actions, actions.c.team_id == Team.id)
        .order_by(Team.id)
    ).all()
    return [TeamSummary(*row[:3], *(int(count) for count in row[3:])) for row in rows]


def find_team(session: Session, slug: str) -> TeamRow | None:
    row = session.execute(
        select(Team.slug, Team.name, Team.service).where(Team.slug == slug)
    ).first()
    return TeamRow(*row) if row else None


def team_measures(session: Session, slug: str) -> list[TeamMeasure]:
    """The team's linked measures in the scorecard's order, each with the team's own recent
    figures, or the authority's (all teams) where the team has none of its own.

    Three queries at most, whatever the number of measures: the measures, the team's own
    figures, then the authority's figures of the measures the team has none for."""
    rows = session.execute(
        select(*MEASURE_COLUMNS)
        .join(team_indicator, team_indicator.c.indicator_id == Indicator.id)
        .join(Team, Team.id == team_indicator.c.team_id)
        .where(Team.slug == slug)
        .order_by(Indicator.sort_order)
    ).all()
    if not rows:
        return []
    own = recent_figures(
        session, RECENT_PERIODS, indicator_ids=[row.id for row in rows], team_slug=slug
    )
    lacking = [row.id for row in rows if row.ref not in own]
    authority = recent_figures(session, RECENT_PERIODS, indicator_ids=lacking) if lacking else {}
    return [
        TeamMeasure(
            *row[1:],
            recent=own.get(row.ref) or authority.get(row.ref, []),
            whole_authority=row.ref not in own,
        )
        for row in rows
    ]


def team_actions(session: Session, slug: str, on: date | None = None) -> list[TeamAction]:
    """The team's actions, overdue first, each with its newest progress update."""
    on = decision_date(session, on)
    updates = newest_updates()
    rows = session.execute(
        select(
            *action_columns(on),
            updates.c.date,
            updates.c.note,
        )
        .join(Plan, Plan.id == Action.plan_id)
        .join(team_action, team_action.c.action_id == Action.id)
        .join(Team, Team.id == team_action.c.team_id)
        .outerjoin(updates, updates.c.action_id == Action.id)
        .where(Team.slug == slug)
        .order_by(most_overdue_first(on), Plan.published, Action.sort_order)
    ).all()
    return [TeamAction(*row) for row in rows]


def team_commentary(session: Session, slug: str) -> list[TeamCommentary]:
    """The newest commentary written for the team on each measure, newest first."""
    newest_first = func.row_number().over(
        partition_by=Commentary.indicator_id,
        order_by=(
            Commentary.period_end.desc(),
            Commentary.recorded_at.desc(),
            Commentary.id.desc(),
        ),
    )
    numbered = (
        select(
            Indicator.ref,
            Indicator.title,
            Commentary.period_end,
            Commentary.text,
            Commentary.author,
            Commentary.provenance,
            newest_first.label("position"),
        )
        .join(Indicator, Indicator.id == Commentary.indicator_id)
        .join(Team, Team.id == Commentary.team_id)
        .where(Team.slug == slug)
        .subquery()
    )
    rows = session.execute(
        select(*[column for column in numbered.c if column.name != "position"])
        .where(numbered.c.position == 1)
        .order_by(numbered.c.period_end.desc(), numbered.c.ref)
    ).all()
    return [TeamCommentary(*row) for row in rows]
