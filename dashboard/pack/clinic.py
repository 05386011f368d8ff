"""The performance clinic's page of the scrutiny pack: its exceptions as the clinic finds them
(dashboard/pages/clinic.py), its actions off track or overdue, and the teams compared on each
team-level measure that a team is an exception on. Four queries, whatever the number of
measures and teams.

Only for those who may open the clinic (team figures are not for a viewer's pack).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_
from sqlalchemy.orm import Session

from dashboard import auth
from dashboard.components.clinic_exceptions import MeasureException, measure_exceptions
from dashboard.rating import JUDGED_FIGURES, current_since, is_current
from data_access.authority import Authority
from data_access.models import Indicator
from data_access.queries.clinic import (
    ClinicAction,
    Series,
    clinic_actions,
    judged_series,
    recent_series,
)


@dataclass(frozen=True)
class PackClinic:
    authority: Authority  # whose clinic it is
    exceptions: list[MeasureException]  # red or deteriorating, with a current newest figure
    red_not_current: int  # series whose newest figure is red but more than a year old
    actions: list[ClinicAction]  # off track or overdue
    compared: list[list[Series]]  # each discussed measure's series, the authority's first


def clinic_for_pack(
    session: Session,
    asker: auth.Principal,
    home: Authority,
    on: date,
    refs: set[str],
    periods: int,
) -> PackClinic | None:
    """The clinic as at `on`, on the measures `refs` (the pack's), reading `periods` figures
    of each series as the clinic does; or None when the asker may not open the clinic."""
    if not auth.may_open(asker, "/clinic"):
        return None
    judged = [s for s in judged_series(session, periods, JUDGED_FIGURES, on) if s.ref in refs]
    exceptions = measure_exceptions(judged, current_since(on))
    # Teams are compared on the measures with a team among the exceptions: what the meeting
    # discusses, and a few pages rather than one per team-level measure.
    discussed = sorted({e.series.ref for e in exceptions if e.series.team is not None})
    team_level = and_(Indicator.team_level.is_(True), Indicator.ref.in_(discussed))
    by_measure: dict[str, list[Series]] = {}
    for one in recent_series(session, periods, team_level, on):
        by_measure.setdefault(one.ref, []).append(one)
    return PackClinic(
        authority=home,
        exceptions=exceptions,
        red_not_current=sum(
            one.red and one.latest is not None and not is_current(one.latest.date, on)
            for one in judged
        ),
        actions=clinic_actions(session, on),
        compared=[
            series for series in by_measure.values() if any(one.team is not None for one in series)
        ],
    )
