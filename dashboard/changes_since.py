"""What changed between two reporting dates, as the person asking may see it: the measures whose
rating changed, the special causes (SPC) that appeared, the actions whose status changed or that
became overdue, and the measures that moved most. Read once for the API, the clinic and the
scorecard; the rules that judge it are the pure functions here (`new_special_causes`,
`moved_most`), on plain values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from dashboard import visible_figures as visible
from dashboard.date_arguments import BadDate, checked_date
from dashboard.rating import RATED_POLARITIES, Rating, stable_change
from dashboard.spc import RECENT_POINTS, recent_values, special_causes_after
from data_access.queries.indicators import RecentFigure, recent_figures
from data_access.queries.reporting_period import month_end
from data_access.queries.since import (
    ActionChange,
    MeasureChange,
    action_changes,
    measure_changes,
    measure_facts,
)

MOVED_MOST = 5  # the measures a "what moved most" list names


def default_since(as_at: date) -> date:
    """The previous reporting period: the end of the month before `as_at`'s."""
    return month_end(as_at.replace(day=1) - timedelta(days=1))


@dataclass(frozen=True)
class RatingChange:
    """A measure (the authority's, or a team's) whose rating differs at the two dates, with
    each rating and its sentence as the asker may see them."""

    change: MeasureChange
    before: Rating
    after: Rating

    @property
    def slug(self) -> str | None:  # for visible.teams
        return self.change.team


@dataclass(frozen=True)
class NewSpecialCause:
    """A point after `since` that the SPC chart as at `as_at` flags."""

    ref: str
    title: str
    unit: str
    date: date
    value: float
    kind: str  # "improvement", "concern" or "neutral"
    side: str  # "high" or "low"


@dataclass(frozen=True)
class Movement:
    """How far a measure's figure moved, in stable changes (rating.stable_change)."""

    change: MeasureChange
    size: float  # the change over the largest change that counts as no real change
    direction: str  # "better", "worse", "rising" or "falling"


@dataclass(frozen=True)
class ChangesSince:
    since: date
    as_at: date
    measures: list[RatingChange]  # the ratings that changed, authority first then teams
    special_causes: list[NewSpecialCause]
    actions: list[ActionChange]
    moved_most: list[Movement]

    def previous(self, ref: str, team: str | None = None) -> Rating | None:
        """A series' rating at `since`, when it differs from its rating now; None when not."""
        for one in self.measures:
            if one.change.ref == ref and one.change.team == team:
                return one.before
        return None


def new_special_causes(
    points: Sequence[tuple[date, float]], polarity: str, target: float | None, since: date
) -> list[tuple[date, float, str, str]]:
    """(date, value, kind, side) of each point after `since` that the chart of `points` (the
    figures as at the later date) flags as a special cause. A chart's limits move a little
    with each new figure, so an older point newly flagged is not news; a run that ends after
    `since` is, and its points after `since` say so. Fewer than 12 points gives none. (The
    target plays no part: it moves the assurance, not the special causes.)"""
    return special_causes_after(points, polarity, since)


def movement(change: MeasureChange) -> Movement | None:
    """How far the authority's figure moved between the dates, when both have a value and the
    move is more than a stable change (one point for percentages, 2% otherwise)."""
    if change.before is None or change.after is None:
        return None
    start, end = change.before.value, change.after.value
    if start is None or end is None:
        return None
    moved = end - start
    stable = stable_change(start, change.unit)
    if abs(moved) <= stable or stable == 0:
        return None
    if change.polarity in RATED_POLARITIES:
        better = (moved > 0) == (change.polarity == "up")
        direction = "better" if better else "worse"
    else:
        direction = "rising" if moved > 0 else "falling"
    return Movement(change, abs(moved) / stable, direction)


def moved_most(changes: Sequence[MeasureChange], count: int = MOVED_MOST) -> list[Movement]:
    """The authority's measures whose figure moved most, biggest first."""
    moves = [movement(one) for one in changes if one.team is None]
    found = [one for one in moves if one is not None]
    return sorted(found, key=lambda one: -one.size)[:count]


def _shown(change: MeasureChange) -> MeasureChange | None:
    """The change as the asker may see it; None when a figure of it is hidden from them (its
    rating, or that it changed, would say which side of the target the hidden figure lies)."""
    if not visible.hides_small_numbers():
        return change
    figures = [f for f in (change.before, change.after) if f is not None]
    shown = visible.series(figures, change.unit)
    if visible.any_suppressed(shown):
        return None
    return change


def _rated(change: MeasureChange) -> RatingChange:
    def rated(figure):
        return visible.rate_shown(
            figure, change.target, change.tolerance, change.polarity, change.unit
        )

    return RatingChange(change, rated(change.before), rated(change.after))


# Measures (anything with ref, title, unit, polarity and target: IndicatorSummary), and their
# recent figures by ref as the asker may see them, as the scorecard has read them already.
Read = tuple[Sequence, Mapping[str, Sequence[RecentFigure]]]


def _special_causes(
    db: Session, since: date, as_at: date, read: Read | None
) -> list[NewSpecialCause]:
    if read is None:
        measures = measure_facts(db)
        units = {ref: measure.unit for ref, measure in measures.items()}
        recent = visible.recent(recent_figures(db, RECENT_POINTS, until=as_at), units)
    else:
        measures, recent = {one.ref: one for one in read[0]}, read[1]
    found = []
    for ref, figures in recent.items():
        measure = measures[ref]
        for when, value, kind, side in new_special_causes(
            recent_values(figures), measure.polarity, measure.target, since
        ):
            found.append(NewSpecialCause(ref, measure.title, measure.unit, when, value, kind, side))
    order = {ref: place for place, ref in enumerate(measures)}
    return sorted(found, key=lambda one: (order[one.ref], one.date))


def _shown_changes(db: Session, since: date, as_at: date, teams: bool) -> list[MeasureChange]:
    """The measures' changes as the asker may see them: teams they may not see are left out,
    and any change a hidden figure would tell."""
    changes = measure_changes(db, since, as_at, teams)
    shown = [one for one in map(_shown, changes) if one is not None]
    teams = visible.teams([_rated(one) for one in shown if one.team])
    return [one for one in shown if one.team is None] + [one.change for one in teams]


def _rating_changes(shown: Sequence[MeasureChange]) -> list[RatingChange]:
    rated = [_rated(one) for one in shown]
    return [one for one in rated if one.before.rag != one.after.rag]


def rating_changes(db: Session, since: date, as_at: date, teams: bool = True) -> list[RatingChange]:
    """The measures whose rating changed, as the asker may see them (one statement);
    `teams`: False for the authority's alone."""
    return _rating_changes(_shown_changes(db, since, as_at, teams))


def changes_since(
    db: Session, since: date, as_at: date, read: Read | None = None, teams: bool = True
) -> ChangesSince:
    """Everything that changed between `since` and `as_at`, as the asker may see it; `read`:
    the measures and their recent figures (RECENT_POINTS) as at `as_at`, if read already;
    `teams`: False for the authority's measures alone (the scorecard shows no team's)."""
    shown = _shown_changes(db, since, as_at, teams)
    return ChangesSince(
        since,
        as_at,
        _rating_changes(shown),
        _special_causes(db, since, as_at, read),
        action_changes(db, since, as_at),
        moved_most(shown),
    )


@dataclass(frozen=True)
class SinceChoice:
    """The date a page compares with: as its address asks (`asked`, None for the default) or
    the previous reporting period (`default`)."""

    asked: date | None
    default: date

    @property
    def on(self) -> date:
        return self.asked or self.default


def asked_since(asked: object, as_at: date) -> SinceChoice:
    """The `since` a page's address asks for, to compare with its reporting date `as_at`;
    BadDate when it cannot be used, or is after `as_at`."""
    since = checked_date("since", asked)
    if since is not None and since > as_at:
        raise BadDate(
            f"since={since.isoformat()} is after the reporting date ({as_at.isoformat()}): "
            "give a since date on or before it, for example the month before."
        )
    return SinceChoice(since, default_since(as_at))
