"""Monthly series as a forecast reads them: the month ends that follow a figure, and the newest
run of figures that follow one another month by month (dashboard/forecast.py)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

MINIMUM_POINTS = 24  # a forecast's fewest figures in a row: two turns of the year
LONGEST_GAP = 3  # months missing between two figures of one monthly series


def month_ends_after(last: date, months: int) -> list[date]:
    """The last days of the `months` months after the month of `last`."""
    ends = []
    year, month = last.year, last.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        ends.append(date(year, month, calendar.monthrange(year, month)[1]))
    return ends


def monthly_run(points: Sequence[tuple[date, float]]) -> list[tuple[date, float]]:
    """The figures to forecast from, oldest first: the newest run of MINIMUM_POINTS or more
    that follow one another month by month (else the newest run). More than LONGEST_GAP
    months missing between two figures ends a run: yearly figures after monthly ones (DfE's
    year ends after the last monthly figure) are not a month's growth each."""
    ordered = sorted(points, key=lambda point: point[0])
    runs: list[list[tuple[date, float]]] = []
    for point in ordered:
        if runs:
            before, after = runs[-1][-1][0], point[0]
            if (after.year - before.year) * 12 + after.month - before.month - 1 <= LONGEST_GAP:
                runs[-1].append(point)
                continue
        runs.append([point])
    long_enough = [run for run in runs if len(run) >= MINIMUM_POINTS]
    return (long_enough or runs or [[]])[-1]
