"""The performance clinic: each measure's newest figures for Tameside and for every team at
once, the actions that are red or overdue with their teams, and the team-level measures a
director can compare teams on.

A fixed few queries whatever the number of teams: the newest figures of every series (a
measure for the whole area, or for one team) are read from the index in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import and_, case, null, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from data_access.models import (
    Action,
    Area,
    Indicator,
    Observation,
    Plan,
    Team,
    team_action,
    team_indicator,
)
from data_access.queries import HOME_AREA
from data_access.queries.indicators import MeasureFigures, RecentFigure, count_back, from_period
from data_access.queries.plans import ListedAction, action_columns, decision_date, past_due
from data_access.queries.teams import TeamRow, is_red

JUDGED = ("up", "down")  # polarities that can be red or deteriorating (SPEC section 4)


@dataclass(frozen=True)
class Series(MeasureFigures):
    """One measure's newest figures, oldest first: Tameside's as a whole when `team` is None,
    else that team's own. `red` is whether the newest figure is red, decided in SQL."""

    team: TeamRow | None = None
    red: bool = False

    @property
    def values(self) -> list[float | None]:
        return [figure.value for figure in self.recent]


def _ended_by(figure, until: date | None) -> list:
    """The condition that a figure's period ended by `until` (none when it is None)."""
    return [] if until is None else [figure.period_end <= until]


def recent_series(session: Session, periods: int, which, until: date | None = None) -> list[Series]:
    """The newest `periods` figures of every measure `which` selects (a condition on
    Indicator): Tameside's whole-area series, and each team's own series of a team-level
    measure linked to that team; with `until`, as they stood then (periods ended by that
    date). Tameside's first, then each team's in the order the teams were loaded (which is by
    service); within each, measures in the scorecard's order.

    One query: each series' starting period is found in the index (`count_back`), and only
    its figures from then on are read, the whole-area and the team series side by side.
    """
    home = select(Area.id).where(Area.code == HOME_AREA).scalar_subquery()
    earlier = aliased(Observation)
    whole_area = (
        select(
            Indicator.id.label("indicator_id"),
            null().label("team_id"),
            count_back(
                periods,
                earlier,
                earlier.indicator_id == Indicator.id,
                earlier.area_id == home,
                earlier.team_id.is_(None),
                *_ended_by(earlier, until),
            ),
        )
        .where(which)
        .cte("whole_area")
        .prefix_with("MATERIALIZED")
    )
    by_team = (
        select(
            team_indicator.c.indicator_id,
            team_indicator.c.team_id,
            count_back(
                periods,
                earlier,
                earlier.indicator_id == team_indicator.c.indicator_id,
                earlier.area_id == home,
                earlier.team_id == team_indicator.c.team_id,
                *_ended_by(earlier, until),
            ),
        )
        .join(Indicator, Indicator.id == team_indicator.c.indicator_id)
        .where(which, Indicator.team_level.is_(True))
        .cte("by_team")
        .prefix_with("MATERIALIZED")
    )
    figure_columns = (
        Observation.indicator_id,
        Observation.team_id,
        Observation.period_end,
        Observation.period_label,
        Observation.value,
        Observation.symbol,
        Observation.provenance,
    )
    numbered = union_all(
        select(*figure_columns).join_from(
            whole_area,
            Observation,
            and_(
                Observation.indicator_id == whole_area.c.indicator_id,
                Observation.area_id == home,
                Observation.team_id.is_(None),
                from_period(whole_area.c.since),
                *_ended_by(Observation, until),
            ),
        ),
        select(*figure_columns).join_from(
            by_team,
            Observation,
            and_(
                Observation.indicator_id == by_team.c.indicator_id,
                Observation.area_id == home,
                Observation.team_id == by_team.c.team_id,
                from_period(by_team.c.since),
                *_ended_by(Observation, until),
            ),
        ),
    ).subquery()
    red = is_red(numbered.c.value, Indicator.target, Indicator.tolerance, Indicator.polarity)
    rows = session.execute(
        select(
            Indicator.ref,
            Indicator.title,
            Indicator.unit,
            Indicator.polarity,
            Indicator.target,
            Indicator.tolerance,
            Team.slug,
            Team.name,
            Team.service,
            case((red, True), else_=False),
            numbered.c.period_end,
            numbered.c.period_label,
            numbered.c.value,
            numbered.c.symbol,
            numbered.c.provenance,
        )
        .join(Indicator, Indicator.id == numbered.c.indicator_id)
        .outerjoin(Team, Team.id == numbered.c.team_id)
        .order_by(
            numbered.c.team_id.is_not(None),
            numbered.c.team_id,
            Indicator.sort_order,
            numbered.c.period_end,
        )
    )
    series: dict[tuple[str, str | None], Series] = {}
    newest_is_red: dict[tuple[str, str | None], bool] = {}
    for (
        ref,
        title,
        unit,
        polarity,
        target,
        tolerance,
        slug,
        name,
        service,
        red_now,
        *figure,
    ) in rows:
        key = (ref, slug)
        if key not in series:
            team = TeamRow(slug, name, service) if slug else None
            series[key] = Series(ref, title, unit, polarity, target, tolerance, team=team)
        series[key].recent.append(RecentFigure(*figure))
        # Rows come oldest first, so a series' last row says whether its newest figure is red.
        newest_is_red[key] = bool(red_now)
    return [replace(one, red=newest_is_red[key]) for key, one in series.items()]


def judged_series(session: Session, periods: int, until: date | None = None) -> list[Series]:
    """Every series of a measure judged by its polarity: the ones that can be exceptions."""
    return recent_series(session, periods, Indicator.polarity.in_(JUDGED), until)


def measure_series(
    session: Session, ref: str, periods: int, until: date | None = None
) -> list[Series]:
    """One team-level measure's series: Tameside's first, then each team's."""
    return recent_series(session, periods, and_(Indicator.ref == ref, Indicator.team_level), until)


@dataclass(frozen=True)
class TeamLevelMeasure:
    ref: str
    title: str


def team_level_measures(session: Session) -> list[TeamLevelMeasure]:
    """The team-level measures that have team figures, in the scorecard's order."""
    with_team_figures = (
        select(Observation.id)
        .where(Observation.indicator_id == Indicator.id, Observation.team_id.is_not(None))
        .exists()
    )
    rows = session.execute(
        select(Indicator.ref, Indicator.title)
        .where(Indicator.team_level.is_(True), with_team_figures)
        .order_by(Indicator.sort_order)
    )
    return [TeamLevelMeasure(*row) for row in rows]


@dataclass(frozen=True)
class ClinicAction(ListedAction):
    teams: list[TeamRow] = field(default_factory=list)


def needs_attention(on: date):
    """SQL: an action off track (red) or overdue on `on`."""
    return or_(Action.status == "red", past_due(on))


def clinic_actions(session: Session, on: date | None = None) -> list[ClinicAction]:
    """Actions that are red or overdue on `on` (default: as at), red and overdue first, then
    red, then overdue, oldest due date first; each with the teams linked to it. Two queries."""
    on = decision_date(session, on)
    rows = session.execute(
        select(Action.id, *action_columns(on))
        .join(Plan, Plan.id == Action.plan_id)
        .where(needs_attention(on))
        .order_by(
            (Action.status == "red").desc(),
            past_due(on).desc(),
            Action.due.nulls_last(),
            Plan.published,
            Action.sort_order,
        )
    ).all()
    teams: dict[int, list[TeamRow]] = {}
    for action_id, slug, name, service in session.execute(
        select(team_action.c.action_id, Team.slug, Team.name, Team.service)
        .join(Team, Team.id == team_action.c.team_id)
        .join(Action, Action.id == team_action.c.action_id)
        .where(needs_attention(on))
        .order_by(Team.id)
    ):
        teams.setdefault(action_id, []).append(TeamRow(slug, name, service))
    return [
        ClinicAction(ref, plan, text, owner, due, status, bool(overdue), teams.get(id_, []))
        for id_, ref, plan, text, owner, due, status, overdue in rows
    ]
