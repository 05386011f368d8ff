"""Working days: Monday to Friday less England and Wales bank holidays (from the `holidays`
library, which follows the Government's published list, including one-off days such as a
coronation), counted from the day after the start up to and including the end."""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays
import numpy as np


@functools.lru_cache(maxsize=64)
def bank_holidays(year: int) -> tuple[date, ...]:
    """England and Wales bank holidays in `year` (the two nations share them)."""
    return tuple(sorted(holidays.country_holidays("GB", subdiv="ENG", years=year)))


def _holidays_between(first: date, last: date) -> list[date]:
    return [day for year in range(first.year, last.year + 1) for day in bank_holidays(year)]


def working_days_between(start: date, end: date) -> int:
    """The working days after `start` up to and including `end`: 0 when `end` is on or before
    `start`. A piece of work started on a Friday and finished the next Monday took 1."""
    if end <= start:
        return 0
    first = start + timedelta(days=1)
    return int(
        np.busday_count(first, end + timedelta(days=1), holidays=_holidays_between(first, end))
    )


def within_working_days(start: date, end: date, limit: int) -> bool:
    """Whether `end` came within `limit` working days of `start`: at most `limit`."""
    return working_days_between(start, end) <= limit
