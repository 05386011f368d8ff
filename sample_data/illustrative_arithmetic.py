"""The calendar and whole-number arithmetic the illustrative-figure generator uses: month ends,
period labels, proportional splits that add up exactly, and exact fractions."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from fractions import Fraction


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def months_between(first: date, last: date) -> list[date]:
    dates, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        dates.append(month_end(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def d(text: str) -> date:
    """'2017-07' is the end of July 2017; '2017-08-02' is that day."""
    if len(text) == 7:
        return month_end(int(text[:4]), int(text[5:]))
    return date.fromisoformat(text)


def split(
    total: int, weights: dict, rng: random.Random, caps: list[int] | None = None
) -> list[int]:
    """Whole numbers in proportion to the weights that add up to total exactly."""
    names = list(weights)
    weight_sum = sum(weights.values()) or 1
    raw = [total * weights[n] / weight_sum for n in names]
    parts = [math.floor(x) for x in raw]
    if caps:
        parts = [min(p, c) for p, c in zip(parts, caps)]
    order = sorted(range(len(names)), key=lambda i: raw[i] - parts[i], reverse=True)
    missing = total - sum(parts)
    while missing > 0:
        for i in order:
            if missing and (not caps or parts[i] < caps[i]):
                parts[i] += 1
                missing -= 1
    return parts


def fit_total(series: dict[date, int], window: list[date], total: int, fixed: set[date]) -> None:
    """Scale the months of a window so that they add up to total exactly.

    Months in `fixed` (published, or already fitted to an earlier total) keep their values, and
    the window's months join them, so overlapping windows all keep their totals.
    """
    free = [day for day in window if day not in fixed]
    wanted = total - sum(series[day] for day in window if day in fixed)
    factor = wanted / sum(series[day] for day in free)
    for day in free:
        series[day] = round(series[day] * factor)
    series[free[-1]] += wanted - sum(series[day] for day in free)
    fixed.update(window)


def exact_fraction(share: float, near: int) -> tuple[int, int]:
    """A numerator and denominator close to `near` whose ratio is exactly `share`."""
    fraction = Fraction(str(round(share, 6))).limit_denominator(100_000)
    step = fraction.denominator
    denominator = max(step, round(near / step) * step)
    return fraction.numerator * denominator // step, denominator


def label_for(day: date, frequency: str) -> str:
    if frequency == "monthly":
        return day.strftime("%b %Y")
    if frequency == "quarterly":
        start = day.year if day.month > 3 else day.year - 1
        return f"{start}-{str(start + 1)[2:]} Q{((day.month - 4) % 12) // 3 + 1}"
    return f"{day.year - 1}/{str(day.year)[2:]}"


def value_text(value: float, unit: str) -> str:
    if unit == "count" or float(value).is_integer():
        return str(int(round(value)))
    return (
        f"{value:.1f}" if unit in ("percent", "rate_per_10k", "average", "days") else f"{value:.2f}"
    )
