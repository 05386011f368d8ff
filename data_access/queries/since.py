"""What changed between two reporting dates, for the monthly clinic's "since last time": the
measures whose rating changed (or whose figure moved), the actions whose status changed or that
became overdue, and the figures the SPC rules read at each date. Not the edit history (that is
queries/changes.py).

Each measure is judged on its newest figure whose period ended by each date, and each action on
its newest progress update dated by each date, so a date is a reporting date: an update typed
today does not move what the dashboard said last month. Ratings are made in SQL by the rules of
dashboard/rating.py (SPEC section 4); one statement for the measures, one for the actions.
The SPC rules read the figures `queries.indicators.recent_figures` gives as at `as_at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Date,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from data_access.authority import home_code
from data_access.models import (
    Action,
    Area,
    Indicator,
    Observation,
    Plan,
    Team,
    team_indicator,
)
from data_access.queries.plans import newest_updates, revised_due_on

EDGE = 1e-9  # as in dashboard.rating: a figure this close to the target is on it
RATED = ("up", "down")


def rag(value, target, tolerance, polarity):
    """SQL: the rating `dashboard.rating.rate` gives a figure: 'green', 'amber', 'red', or NULL
    when it is not rated (no figure, no target, or a context measure)."""
    gap = value - target  # the same arithmetic as rate(), so the edges fall the same way
    better = or_(and_(polarity == "up", gap > -EDGE), and_(polarity == "down", gap < EDGE))
    shortfall = case((polarity == "up", -gap), else_=gap)
    return case(
        (or_(value.is_(None), target.is_(None), polarity.not_in(RATED)), null()),
        (better, literal("green")),
        (shortfall <= func.coalesce(tolerance, 0.0) + EDGE, literal("amber")),
        else_=literal("red"),
    )


@dataclass(frozen=True)
class FigureThen:
    """A series' newest figure as at one of the two dates (anything `visible_figures` reads)."""

    date: date
    label: str
    value: float | None
    symbol: str | None
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class MeasureChange:
    """One series (the authority's whole-area figures, or one team's) at the two dates. The
    ratings are the query's, on every figure; a view rates the figures it may show."""

    ref: str
    title: str
    unit: str
    polarity: str
    target: float | None
    tolerance: float | None
    team: str | None  # the team's slug; None for the authority as a whole
    team_name: str | None
    before: FigureThen | None
    after: FigureThen | None
    from_rag: str | None
    to_rag: str | None

    @property
    def rating_changed(self) -> bool:
        return self.from_rag != self.to_rag


def _newest_end(figure, same_series, until_name: str):
    """SQL: the period end of a series' newest figure ended by the date `until_name` binds;
    `same_series(figure)` picks the series' figures out of the alias `figure`."""
    return (
        select(figure.period_end)
        .where(*same_series(figure), figure.period_end <= bindparam(until_name, type_=Date))
        .order_by(figure.period_end.desc())
        .limit(1)
        .scalar_subquery()
    )


def _changed_series(name: str, series, same_series, whole_area: bool):
    """SQL: the rows of the series `series` selects (indicator_id, team_id) whose figure as at
    `since` and as at `as_at` differ in rating, or for the whole area in value: the measure,
    the team, both figures and both ratings. `same_series(figure, columns)` picks the
    series' figures out of an alias of Observation, so each branch keeps to its own index."""
    earlier = aliased(Observation)
    ends = select(
        series,
        _newest_end(earlier, lambda f: same_series(f, series.c), "since").label("since_end"),
        _newest_end(earlier, lambda f: same_series(f, series.c), "as_at").label("as_at_end"),
    )
    # Materialised: each series' two ends are looked up once, in the index, then joined.
    ends = ends.cte(name).prefix_with("MATERIALIZED")
    then, now = aliased(Observation), aliased(Observation)
    rating = [
        rag(figure.value, Indicator.target, Indicator.tolerance, Indicator.polarity)
        for figure in (then, now)
    ]
    differs = rating[0].is_distinct_from(rating[1])
    if whole_area:
        differs = or_(differs, then.value.is_distinct_from(now.value))
    figure_columns = [
        column
        for figure in (then, now)
        for column in (
            figure.period_end,
            figure.period_label,
            figure.value,
            figure.symbol,
            figure.numerator,
            figure.denominator,
        )
    ]
    return (
        select(ends.c.indicator_id, ends.c.team_id, *figure_columns, *rating)
        .select_from(ends)
        .join(Indicator, Indicator.id == ends.c.indicator_id)
        .outerjoin(then, and_(*same_series(then, ends.c), then.period_end == ends.c.since_end))
        .outerjoin(now, and_(*same_series(now, ends.c), now.period_end == ends.c.as_at_end))
        .where(or_(ends.c.since_end.is_not(None), ends.c.as_at_end.is_not(None)), differs)
    )


def measure_changes(
    session: Session, since: date, as_at: date, teams: bool = True
) -> list[MeasureChange]:
    """The authority's whole-area series of every measure, and each team's own series of a
    team-level measure linked to it, whose rating differs between `since` and `as_at`, and
    the authority's whole-area series whose figure differs (for "what moved most"): the
    authority's first, then each team's, in the scorecard's order. `teams`: False for the
    authority's series alone (the scorecard's). One statement."""
    home = select(Area.id).where(Area.code == home_code(session)).scalar_subquery()
    whole_area = select(
        Indicator.id.label("indicator_id"), cast(null(), Integer).label("team_id")
    ).subquery()
    by_team = (
        select(team_indicator.c.indicator_id, team_indicator.c.team_id)
        .join(Indicator, Indicator.id == team_indicator.c.indicator_id)
        .where(Indicator.team_level.is_(True))
        .subquery()
    )

    def area_figures(figure, columns):
        return (
            figure.indicator_id == columns.indicator_id,
            figure.area_id == home,
            figure.team_id.is_(None),
        )

    def team_figures(figure, columns):
        return (
            figure.indicator_id == columns.indicator_id,
            figure.area_id == home,
            figure.team_id == columns.team_id,
        )

    changed = _changed_series("area_ends", whole_area, area_figures, True)
    if teams:
        changed = union_all(changed, _changed_series("team_ends", by_team, team_figures, False))
    changed = changed.subquery()
    query = (
        select(
            Indicator.ref,
            Indicator.title,
            Indicator.unit,
            Indicator.polarity,
            Indicator.target,
            Indicator.tolerance,
            Team.slug,
            Team.name,
            *list(changed.c)[2:],
        )
        .join(Indicator, Indicator.id == changed.c.indicator_id)
        .outerjoin(Team, Team.id == changed.c.team_id)
        .order_by(changed.c.team_id.is_not(None), changed.c.team_id, Indicator.sort_order)
    )
    rows = session.execute(query, {"since": since, "as_at": as_at})
    return [
        MeasureChange(
            *row[:8],
            before=FigureThen(*row[8:14]) if row[8] is not None else None,
            after=FigureThen(*row[14:20]) if row[14] is not None else None,
            from_rag=row[20],
            to_rag=row[21],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ActionChange:
    """An action whose status changed, or that became overdue, between the two dates."""

    ref: str
    plan: str
    text: str
    owner: str  # a role title
    due: date | None
    from_status: str
    to_status: str
    was_overdue: bool
    overdue: bool

    @property
    def newly_overdue(self) -> bool:
        return self.overdue and not self.was_overdue

    @property
    def completed(self) -> bool:
        return self.to_status == "blue" and self.from_status != "blue"


def action_changes(session: Session, since: date, as_at: date) -> list[ActionChange]:
    """Actions of plans published by `as_at` whose status on `since` differs from their status
    on `as_at`, or that were not overdue on `since` and are on `as_at`. A status on a date is
    that of the newest progress update dated by then (not started when there was none, as the
    pack says it); overdue is past the due date, as revised by then, and not complete. One
    statement."""
    before, after = newest_updates(until=since), newest_updates(until=as_at)
    from_status = func.coalesce(before.c.status, "not_started")
    to_status = func.coalesce(after.c.status, "not_started")

    def overdue(status, on: date):  # past the due date as revised by then
        return and_(func.coalesce(revised_due_on(on), Action.due) < on, status != "blue")

    query = (
        select(
            Action.ref,
            Plan.title,
            Action.text,
            Action.owner,
            Action.due,
            from_status,
            to_status,
            case((overdue(from_status, since), True), else_=False),
            case((overdue(to_status, as_at), True), else_=False),
        )
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(before, before.c.action_id == Action.id)
        .outerjoin(after, after.c.action_id == Action.id)
        .where(
            or_(Plan.published.is_(None), Plan.published <= as_at),
            or_(
                from_status != to_status,
                and_(overdue(to_status, as_at), ~overdue(from_status, since)),
            ),
        )
        .order_by(Plan.published, Action.sort_order, Action.ref)
    )
    return [
        ActionChange(*row[:7], was_overdue=bool(row[7]), overdue=bool(row[8]))
        for row in session.execute(query)
    ]


@dataclass(frozen=True)
class MeasureFacts:
    title: str
    unit: str
    polarity: str
    target: float | None


def measure_facts(session: Session) -> dict[str, MeasureFacts]:
    """Every measure's title, unit, polarity and target by ref, in the scorecard's order."""
    rows = session.execute(
        select(
            Indicator.ref, Indicator.title, Indicator.unit, Indicator.polarity, Indicator.target
        ).order_by(Indicator.sort_order)
    )
    return {ref: MeasureFacts(*facts) for ref, *facts in rows}
