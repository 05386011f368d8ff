"""The performance clinic: each measure's newest figures for the authority and for every team
at once, the actions that are red or overdue with their teams, and the team-level measures a
director can compare teams on.

A fixed few queries whatever the number of teams: the newest figures of every series (a
measure for the whole area, or for one team) are read from the index in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import and_, case, func, null, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from data_access.authority import home_code
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
from data_access.queries.indicators import MeasureFigures, RecentFigure, count_back, from_period
from data_access.queries.plans import (
    ListedAction,
    action_columns,
    decision_date,
    due_date,
    most_overdue_first,
    past_due,
)
from data_access.queries.teams import TeamRow, is_red

JUDGED = ("up", "down")  # polarities that can be red or deteriorating (SPEC section 4)


@dataclass(frozen=True)
class Series(MeasureFigures):
    """One measure's newest figures, oldest first: the authority's as a whole when `team` is None,
    else that team's own. `red` is whether the newest figure is red, decided in SQL. From
    `judged_series`, `recent` holds the newest figure alone and `known` the values the
    clinic's rules read."""

    team: TeamRow | None = None
    red: bool = False
    known: tuple[float, ...] | None = None  # the newest values, oldest first, if read alone

    @property
    def values(self) -> list[float | None]:
        """The values of the figures read, oldest first (those without a value as None)."""
        if self.known is not None:
            return list(self.known)
        return [figure.value for figure in self.recent]


def _ended_by(figure, until: date | None) -> list:
    """The condition that a figure's period ended by `until` (none when it is None)."""
    return [] if until is None else [figure.period_end <= until]


def _starts(series) -> list:
    """Where a series' figures are read from: every start found for it."""
    return [column for column in series.c if column.name.startswith("since")]


def _series_figures(
    home_area: str, periods: int, which, until: date | None = None, known: int | None = None
):
    """SQL: the figures of the newest `periods` periods of every series of the measures
    `which` selects (a condition on Indicator): the authority's whole-area series, and each team's
    own series of a team-level measure linked to that team; with `until`, as they stood then
    (periods ended by that date); with `known`, only from the newest `known` figures that
    have a value. Each series' starting period is found in the index (`count_back`), and only
    its figures from then on are read."""
    home = select(Area.id).where(Area.code == home_area).scalar_subquery()
    earlier = aliased(Observation)

    def starts(indicator_id, team_condition) -> list:
        conditions = (
            earlier.indicator_id == indicator_id,
            earlier.area_id == home,
            team_condition,
            *_ended_by(earlier, until),
        )
        found = [count_back(periods, earlier, *conditions)]
        if known is not None:
            with_value = earlier.value.is_not(None)
            found.append(count_back(known, earlier, *conditions, with_value, name="since_known"))
        return found

    whole_area = (
        select(
            Indicator.id.label("indicator_id"),
            null().label("team_id"),
            *starts(Indicator.id, earlier.team_id.is_(None)),
        )
        .where(which)
        .cte("whole_area")
        .prefix_with("MATERIALIZED")
    )
    by_team = (
        select(
            team_indicator.c.indicator_id,
            team_indicator.c.team_id,
            *starts(team_indicator.c.indicator_id, earlier.team_id == team_indicator.c.team_id),
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
    return union_all(
        select(*figure_columns).join_from(
            whole_area,
            Observation,
            and_(
                Observation.indicator_id == whole_area.c.indicator_id,
                Observation.area_id == home,
                Observation.team_id.is_(None),
                *map(from_period, _starts(whole_area)),
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
                *map(from_period, _starts(by_team)),
                *_ended_by(Observation, until),
            ),
        ),
    ).subquery()


SERIES_COLUMNS = (
    Indicator.ref,
    Indicator.title,
    Indicator.unit,
    Indicator.polarity,
    Indicator.target,
    Indicator.tolerance,
    Team.slug,
    Team.name,
    Team.service,
)


def _new_series(ref, title, unit, polarity, target, tolerance, slug, name, service, **more):
    team = TeamRow(slug, name, service) if slug else None
    return Series(ref, title, unit, polarity, target, tolerance, team=team, **more)


def recent_series(session: Session, periods: int, which, until: date | None = None) -> list[Series]:
    """The newest `periods` figures of every series of the measures `which` selects (a
    condition on Indicator; see `_series_figures`): the authority's first, then each team's in the
    order the teams were loaded (which is by service); within each, measures in the
    scorecard's order. One query."""
    numbered = _series_figures(home_code(session), periods, which, until)
    red = is_red(numbered.c.value, Indicator.target, Indicator.tolerance, Indicator.polarity)
    rows = session.execute(
        select(
            *SERIES_COLUMNS,
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
    for row in rows:
        key = (row.ref, row.slug)
        if key not in series:
            series[key] = _new_series(*row[: len(SERIES_COLUMNS)])
        series[key].recent.append(RecentFigure(*row[len(SERIES_COLUMNS) + 1 :]))
        # Rows come oldest first, so a series' last row says whether its newest figure is red.
        newest_is_red[key] = bool(row[len(SERIES_COLUMNS)])
    return [replace(one, red=newest_is_red[key]) for key, one in series.items()]


def judged_series(
    session: Session, periods: int, known: int, until: date | None = None
) -> list[Series]:
    """Every series of a measure judged by its polarity (the ones that can be exceptions),
    in `recent_series`' order, each with what the clinic's rules read and nothing more: its
    newest figure (`latest`), and the values of its newest `known` figures that have a value
    among those of the newest `periods` periods (`values`, oldest first).

    One query, one row a series: the figures are ranked in SQL by series and the few needed
    are picked out there, so hundreds of series cost a few milliseconds, not tens of
    thousands of rows read into Python."""
    figures = _series_figures(
        home_code(session), periods, Indicator.polarity.in_(JUDGED), until, known
    )
    series_key = (figures.c.indicator_id, figures.c.team_id)
    ranked = select(
        figures,
        func.row_number()
        .over(partition_by=series_key, order_by=figures.c.period_end.desc())
        .label("newest"),
        func.row_number()
        .over(
            partition_by=(*series_key, figures.c.value.is_(None)),
            order_by=figures.c.period_end.desc(),
        )
        .label("known"),
    ).subquery()

    def newest(column):
        return func.max(case((ranked.c.newest == 1, column)))

    def known_value(place: int):  # 1 is the newest figure with a value
        return func.max(
            case((and_(ranked.c.value.is_not(None), ranked.c.known == place), ranked.c.value))
        )

    ends = (
        select(
            ranked.c.indicator_id,
            ranked.c.team_id,
            *(
                newest(column).label(column.name)
                for column in (
                    ranked.c.period_end,
                    ranked.c.period_label,
                    ranked.c.value,
                    ranked.c.symbol,
                    ranked.c.provenance,
                )
            ),
            *(known_value(place).label(f"known_{place}") for place in range(1, known + 1)),
        )
        .where(ranked.c.known <= known)
        .group_by(ranked.c.indicator_id, ranked.c.team_id)
        .subquery()
    )
    red = is_red(ends.c.value, Indicator.target, Indicator.tolerance, Indicator.polarity)
    rows = session.execute(
        select(
            *SERIES_COLUMNS,
            case((red, True), else_=False),
            ends.c.period_end,
            ends.c.period_label,
            ends.c.value,
            ends.c.symbol,
            ends.c.provenance,
            *(ends.c[f"known_{place}"] for place in range(known, 0, -1)),
        )
        .join(Indicator, Indicator.id == ends.c.indicator_id)
        .outerjoin(Team, Team.id == ends.c.team_id)
        .order_by(ends.c.team_id.is_not(None), ends.c.team_id, Indicator.sort_order)
    )
    count = len(SERIES_COLUMNS)
    return [
        _new_series(
            *row[:count],
            recent=[RecentFigure(*row[count + 1 : count + 6])],
            known=tuple(value for value in row[count + 6 :] if value is not None),
            red=bool(row[count]),
        )
        for row in rows
    ]


def measure_series(
    session: Session, ref: str, periods: int, until: date | None = None
) -> list[Series]:
    """One team-level measure's series: the authority's first, then each team's."""
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
    """Actions that are red or overdue on `on` (default: as at): the overdue first, most days
    overdue first, then those off track by due date; each with the teams linked to it. Two
    queries."""
    on = decision_date(session, on)
    rows = session.execute(
        select(Action.id, *action_columns(on))
        .join(Plan, Plan.id == Action.plan_id)
        .where(needs_attention(on))
        .order_by(
            most_overdue_first(on), due_date().nulls_last(), Plan.published, Action.sort_order
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
    return [ClinicAction(*row[1:], teams=teams.get(row[0], [])) for row in rows]
