"""The made-up children, workers and dates of the synthetic Annex A: identifiers that are
numbers drawn for the file, birth dates drawn for an age, workers known only by a code, and
working days (Monday to Friday) for the timescales. All from one seeded random source.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from datetime import date, timedelta

from data_access.annex_a.synthetic_codes import (
    ETHNICITIES,
    ETHNICITY_WEIGHTS,
    GENDER_WEIGHTS,
    GENDERS,
    TEAMS,
)

DAYS_A_YEAR = 365.25
FIRST_ID, LAST_ID = 1_000_000, 9_999_999


def add_working_days(day: date, count: int) -> date:
    """The day `count` working days (Monday to Friday) after `day`. Bank holidays are not
    skipped, so a case drawn as in time stays in time under the importer's count."""
    weeks, rest = divmod(count, 5)
    day += timedelta(weeks=weeks)
    while rest:
        day += timedelta(days=1)
        if day.weekday() < 5:
            rest -= 1
    return day


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every calendar month from `first`'s to `last`'s."""
    starts, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        starts.append(date(year, month, 1))
        year, month = year + month // 12, month % 12 + 1
    return starts


def month_end(first: date) -> date:
    """The last day of `first`'s month."""
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def whole_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class Child:
    """One made-up child: an identifier and what Annex A says about them."""

    __slots__ = ("id", "born", "gender", "ethnicity", "disabled", "plans")

    def __init__(self, id: int, born: date, gender: str, ethnicity: str, disabled: bool):
        self.id, self.born, self.gender, self.ethnicity = id, born, gender, ethnicity
        self.disabled = disabled
        self.plans = 0  # child protection plans drawn for the child so far


class Draw:
    """The one random source of a synthetic Annex A, and the draws it is made of."""

    def __init__(self, seed: int, as_at: date, scale: float):
        self.random = random.Random(seed)
        self.as_at = as_at
        self.scale = scale
        self._ids: set[int] = set()
        self._weights: dict[tuple, list[float]] = {}
        number = itertools.count(1)
        self.workers = {
            team.slug: [f"SW{next(number):04d}" for _ in range(max(1, round(team.workers * scale)))]
            for team in TEAMS
        }

    def chance(self, probability: float) -> bool:
        return self.random.random() < probability

    def between(self, low: float, high: float) -> float:
        return self.random.uniform(low, high)

    def whole(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def pick(self, options: Sequence, weights: Sequence[float] | None = None):
        if weights is None:
            return options[self.random.randrange(len(options))]
        key = tuple(weights)
        cumulative = self._weights.get(key)
        if cumulative is None:
            cumulative = self._weights[key] = list(itertools.accumulate(weights))
        point = self.random.random() * cumulative[-1]
        return options[bisect.bisect_right(cumulative, point)]

    def share(self, shares: dict[str, float]) -> str:
        """A team slug, each as likely as its share."""
        return self.pick(tuple(shares), tuple(shares.values()))

    def count(self, per_month: float, fraction: float = 1.0) -> int:
        """How many things happen in a month (or the `fraction` of one), about `per_month` at
        the sample authority's size, give or take a little."""
        return round(per_month * self.scale * fraction * self.random.uniform(0.92, 1.08))

    def day(self, first: date, last: date) -> date:
        """A day from `first` to `last`, both included (`first` if `last` is before it)."""
        span = (last - first).days
        return first + timedelta(days=self.random.randint(0, span)) if span > 0 else first

    def days_before(self, day: date, low: int, high: int, earliest: date) -> date:
        """A day `low` to `high` days before `day`, but not before `earliest`."""
        return max(earliest, day - timedelta(days=self.random.randint(low, high)))

    def worker(self, team: str) -> str:
        return self.pick(self.workers[team])

    def child_id(self) -> int:
        while True:
            found = self.random.randint(FIRST_ID, LAST_ID)
            if found not in self._ids:
                self._ids.add(found)
                return found

    def child(self, on: date, youngest: float, oldest: float, disabled: bool = False) -> Child:
        """A new child aged `youngest` to `oldest` years on `on`."""
        age = timedelta(days=round(self.between(youngest, oldest) * DAYS_A_YEAR))
        return Child(
            self.child_id(),
            min(on, on - age),
            self.pick(GENDERS, GENDER_WEIGHTS),
            self.pick(ETHNICITIES, ETHNICITY_WEIGHTS),
            disabled or self.chance(0.04),
        )

    def person(self, child: Child) -> tuple:
        """The columns every child-level list begins with."""
        age = max(0, whole_years(child.born, self.as_at))
        return (child.id, child.gender, child.ethnicity, child.born, age)

    def months(self, count: float) -> timedelta:
        return timedelta(days=round(count * DAYS_A_YEAR / 12))
