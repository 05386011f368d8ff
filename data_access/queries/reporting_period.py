"""The reporting period: the date the dashboard speaks for unless a page is asked for another.

By default it is the end of the newest month for which the authority has its own whole-area
figures. Only those figures decide it, because they are what the scorecard, the clinic and the
pack report on:
- a progress update or commentary is written when someone types it, often dated today; if it
  moved the date, one team manager's update would move the whole dashboard to today, emptying
  the clinic (figures more than a year before "today" are left out) and making every action due
  before today overdue;
- a target change has no date of its own to move it by;
- a DfE import brings other areas' figures (England, the region, the neighbours), often for a
  later year than the authority's own; they are comparisons, not the authority's period;
- a team's figures come from the same returns as the authority's; the authority's whole-area
  figure is the headline the period is named after;
- DfE's yearly statistics of the authority itself (source "DfE: ...", which the sample ships and
  `import-dfe` loads) come out a year or more after the council's own monthly returns, and their
  year ends, or a workforce census in September, are not the month the council reports on; they
  decide the period only for an authority that has no figures of its own yet (a new authority
  started on DfE's figures alone).
A month, not a day: figures are monthly returns (period ends are month ends), and a figure
quoted at a meeting on 7 June belongs to June's report, judged at 30 June. A period that has
not ended yet has no report, so the date is never later than today.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date

from sqlalchemy import Date, Select, asc, bindparam, desc, func, null, select
from sqlalchemy.orm import Session, aliased

from data_access.authority import home_code
from data_access.importers.document_figures import DFE_SOURCE
from data_access.models import Area, Indicator, Observation
from data_access.periods import today


def month_end(day: date) -> date:
    """The last day of the month `day` falls in."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@functools.cache
def _ends_query(earliest: bool, with_dfe: bool) -> Select:
    """The query `_authority_span` runs, built once: building it costs more than running it.
    Without `with_dfe`, DfE's own statistics of the authority are left out."""
    home = select(Area.id).where(Area.code == bindparam("area_code")).scalar_subquery()
    figure = aliased(Observation)

    def end_of_series(order):
        # ORDER BY ... LIMIT 1 rather than min() or max(): SQLite walks the whole range of
        # the index for max() under the "ended by today" condition, not for this.
        return (
            select(figure.period_end)
            .where(
                figure.indicator_id == Indicator.id,
                figure.area_id == home,
                figure.team_id.is_(None),
                figure.period_end <= bindparam("today", type_=Date),
                *(
                    ()
                    if with_dfe
                    else (func.coalesce(figure.source, "").not_like(f"{DFE_SOURCE}%"),)
                ),
            )
            .order_by(order(figure.period_end))
            .limit(1)
            .scalar_subquery()
        )

    ends = [end_of_series(desc).label("newest")]
    if earliest:
        ends.append(end_of_series(asc).label("earliest"))
    measures = (
        select(*ends)
        .select_from(Indicator)
        .cte("measure_ends")
        .prefix_with("MATERIALIZED")  # start from the measures, as the index does
    )
    first = func.min(measures.c.earliest) if earliest else null()
    return select(func.max(measures.c.newest), first)


def _authority_span(
    session: Session, area_code: str, *, earliest: bool
) -> tuple[date | None, date] | None:
    """The newest period end of the area's own whole-area figures that have ended by today (a
    mistyped future date is no report yet), and with `earliest` the earliest too; None when it
    has none. DfE's statistics count only when the area has no other figures (see the module's
    note). Each measure's ends are found in the index that starts with the measure: a lookup or
    two a measure, however many figures other areas have."""
    values = {"area_code": area_code, "today": today()}
    newest, first = session.execute(_ends_query(earliest, False), values).one()
    if newest is None:
        newest, first = session.execute(_ends_query(earliest, True), values).one()
    return (first, newest) if newest is not None else None


def reporting_date(session: Session, area_code: str | None = None) -> date | None:
    """The default reporting date: the end of the newest month with the authority's own
    figures (the configured authority unless `area_code` names another), or today if that
    month has not ended; None when it has no figures (see the module's note for why only
    those)."""
    span = _authority_span(session, area_code or home_code(session), earliest=False)
    return min(month_end(span[1]), today()) if span else None


def reporting_months(session: Session, area_code: str | None = None) -> list[date]:
    """The reporting dates a page offers, newest first: the default one, then the end of each
    earlier month back to the month of the authority's earliest figure."""
    span = _authority_span(session, area_code or home_code(session), earliest=True)
    if span is None:
        return []
    newest = min(month_end(span[1]), today())
    months = [newest]
    year, month = newest.year, newest.month
    while (year, month) > (span[0].year, span[0].month):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append(month_end(date(year, month, 1)))
    return months
