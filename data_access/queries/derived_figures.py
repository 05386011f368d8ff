"""The periods in which a figure worked out from other areas' figures (the statistical
neighbours' average, a region's, England's) includes an authority's small number.

Such a figure gives the small number back to whoever sees the others: ten times the neighbours'
mean less the nine shown, or a region's total less its authorities'. Which numbers are small is
the caller's rule (`dashboard.disclosure`), given here as the smallest number shown; which
fields count is the same rule, written once more in SQL so that the database does the search
(tests/test_derived_figures.py checks the two agree).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from data_access.authority import home_code
from data_access.models import Area, Indicator, Observation, StatisticalNeighbour
from data_access.neighbour_sets import DEFAULT_NEIGHBOUR_SET

AUTHORITY = "local_authority"
NEIGHBOURS_AVERAGE = "comparator"  # the `SN` area: the mean of the home authority's neighbours
# Units whose numerator counts children (as dashboard.disclosure.COUNTED_NUMERATORS).
COUNTED_NUMERATORS = ("percent", "rate_per_10k")


def _small(column, smallest_shown: int):
    return and_(column >= 1, column < smallest_shown)


def _has_small_number(smallest_shown: int):
    """A figure that primary suppression hides (dashboard.disclosure.needs_primary_suppression)."""
    return and_(
        Observation.symbol.is_(None),
        or_(
            and_(Indicator.unit == "count", _small(Observation.value, smallest_shown)),
            and_(
                Indicator.unit.in_(COUNTED_NUMERATORS),
                _small(Observation.numerator, smallest_shown),
            ),
            and_(Indicator.unit != "count", _small(Observation.denominator, smallest_shown)),
        ),
    )


def small_part_periods(
    session: Session,
    refs: Sequence[str],
    area_codes: Sequence[str],
    smallest_shown: int,
    neighbour_set: str = DEFAULT_NEIGHBOUR_SET,
) -> dict[str, set[tuple[str, date]]]:
    """For each area among `area_codes` whose figures are worked out from authorities' (the
    neighbours' average from the home authority's neighbours in `neighbour_set`, the set it is
    worked out from; a region or England from every authority, as which authorities a region
    holds is not recorded), the (ref, period end) of the measures in `refs` in which one of
    those authorities has a small number. Areas with no such period are left out. One
    statement."""
    if not refs or not area_codes:
        return {}
    neighbours = (
        select(StatisticalNeighbour.neighbour_area_id)
        .join(Area, Area.id == StatisticalNeighbour.home_area_id)
        .where(Area.code == home_code(session), StatisticalNeighbour.neighbour_set == neighbour_set)
    )
    authorities = select(Area.id).where(Area.kind == AUTHORITY)
    derived = aliased(Area)
    parts = or_(
        and_(derived.kind == NEIGHBOURS_AVERAGE, Observation.area_id.in_(neighbours)),
        and_(
            derived.kind.not_in((AUTHORITY, NEIGHBOURS_AVERAGE)),
            Observation.area_id.in_(authorities),
        ),
    )
    rows = session.execute(
        select(derived.code, Indicator.ref, Observation.period_end)
        .distinct()
        .join_from(derived, Observation, parts)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(
            derived.code.in_(area_codes),
            Indicator.ref.in_(refs),
            Observation.team_id.is_(None),
            _has_small_number(smallest_shown),
        )
    )
    found: dict[str, set[tuple[str, date]]] = {}
    for code, ref, period in rows:
        found.setdefault(code, set()).add((ref, period))
    return found
