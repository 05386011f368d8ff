"""The reporting period a page is drawn for: `?as_at=YYYY-MM-DD` in its address when given
(checked as every date in an address is), else the default one, the end of the newest month
with the authority's own figures (data_access/queries/reporting_period.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from dashboard.date_arguments import checked_date
from data_access.queries.plans import decision_date
from data_access.queries.reporting_period import month_end, reporting_months


@dataclass(frozen=True)
class ReportingPeriod:
    """What a page with a choice of reporting period is drawn for."""

    on: date | None  # the date its figures and "overdue" are judged at; None: no figures yet
    asked: date | None  # the date its address gives; None: the default one
    months: tuple[date, ...]  # the periods offered, newest first: the default one first

    @property
    def latest(self) -> date | None:
        return self.months[0] if self.months else None


def asked_period(db: Session, as_at: object) -> ReportingPeriod:
    """The period a page's `as_at` argument asks for; BadDate when it cannot be used. A date
    that is not a month's end (a pack's date, an old link) is offered as itself beside the
    months, so the choice shows what the page is drawn for."""
    asked = checked_date("as_at", as_at)
    months = reporting_months(db)
    on = asked or (months[0] if months else None)
    if on is not None and on not in months:
        months = sorted({*months, on}, reverse=True)
    return ReportingPeriod(on, asked, tuple(months))


def period_in_callback(db: Session, asked: object) -> date:
    """The date a page's callback judges at, from the date its layout was drawn for (kept in
    the page); BadDate, as for an address, if a forged request gives one that cannot be used
    (the callback says so in the page: a request of the right shape is answered)."""
    return decision_date(db, checked_date("as_at", asked))


def is_month_end(day: date) -> bool:
    return month_end(day) == day
