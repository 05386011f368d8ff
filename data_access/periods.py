"""Periods: how one is named from its end date (May 2020, 2020-21 Q1, 2015/16), which dates a
figure may have, and whether a name given with a figure says the same period as its date."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/London")
# No figure this dashboard holds is older: the statutory returns its measures come from (the
# children in need census, the workforce census, Ofsted's inspections of the Children Act 1989's
# services) and the DfE's published series all begin after it, so an earlier date is a slip of
# the keyboard (1900 for 2000, 1023 for 2023), not history.
EARLIEST = date(2000, 1, 1)
_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: number for number, name in enumerate(_NAMES, 1)}  # not the locale's names
# What a label may name, in ASCII digits: a month, perhaps with its day (2 Aug 2017, Aug 2017,
# August 2017), a financial quarter (2020-21 Q1), a year over two (2015/16) or a year (2015).
_MONTH = re.compile(r"(?:(?<!\d)(\d{1,2}) )?\b([A-Za-z]{3})[a-z]* (\d{4})(?!\d)", re.ASCII)
_QUARTER = re.compile(r"\b(\d{4})-(\d{2}) Q([1-4])\b", re.ASCII)
_TWO_YEARS = re.compile(r"\b(\d{4})/(\d{2})\b", re.ASCII)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)", re.ASCII)


def today() -> date:
    """Today in the council's own time zone: what "a date in the future" is judged against."""
    return datetime.now(LOCAL_TIME).date()


def period_label(period_end: date, frequency: str) -> str:
    if frequency == "monthly":
        return period_end.strftime("%b %Y")
    if frequency == "quarterly":
        # Financial-year quarters: April-June is Q1.
        start_year = period_end.year if period_end.month > 3 else period_end.year - 1
        quarter = ((period_end.month - 4) % 12) // 3 + 1
        return f"{start_year}-{str(start_year + 1)[2:]} Q{quarter}"
    if period_end.month in (3, 8):
        # Financial year to 31 March, academic year to 31 August.
        return f"{period_end.year - 1}/{str(period_end.year)[2:]}"
    if period_end.month == 12:
        return str(period_end.year)
    return f"Year to {period_end.strftime('%b %Y')}"


def is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _last_month(label: str) -> tuple[str, str, str] | None:
    """The last month `label` names, as its (day or '', month, year) texts, or None."""
    months = [found for found in _MONTH.findall(label) if found[1].lower() in MONTHS]
    return months[-1] if months else None


def label_names_day(label: str, day: date) -> bool:
    """Whether `label` ends by naming the day itself (2 Aug 2017): a figure as at one day."""
    month = _last_month(label)
    return month is not None and month[0] != "" and not label_contradicts(label, day)


def label_contradicts(label: str, period_end: date) -> str | None:
    """What `label` says the period is, when that is not the period ending on `period_end`.

    A label is read by the end it names: its last month (`Dec 2015 to Dec 2016`, `12 months to
    May 2020`, with a day if it gives one), else a quarter (`2020-21 Q1`), a year that runs over
    two (`2015/16`, ending in the second) or a year (`mid-2015`). Words it cannot read as a
    period (`Latest`) contradict nothing.
    """
    if last := _last_month(label):
        day, month, year = last
        said = (int(year), MONTHS[month.lower()], int(day) if day else period_end.day)
        if said != (period_end.year, period_end.month, period_end.day):
            return " ".join(part for part in last if part)
        return None
    quarter = _QUARTER.search(label)
    if quarter:
        named = quarter.group(0)
        return None if named == period_label(period_end, "quarterly") else named
    years = _TWO_YEARS.search(label)
    if years:
        first, second = int(years.group(1)), int(years.group(2))
        if (first + 1) % 100 != second or (first + 1) != period_end.year:
            return years.group(0)
        return None
    year = _YEAR.findall(label)
    if year and int(year[-1]) != period_end.year:
        return year[-1]
    return None
