"""What a careful analyst would ask of a figure before loading it, beyond the shape of its cells:
can its date end one of its measure's periods, and does its label name that period; is a count
whole; may a team have it; and, once a file is written, is any team's figure above the whole
authority's (a warning: the file loads, and the report says where to look)."""

from __future__ import annotations

import functools
from datetime import date

from sqlalchemy import Connection, select

from data_access.importers.errors import RowError
from data_access.models import Observation
from data_access.periods import (
    EARLIEST,
    is_month_end,
    label_contradicts,
    label_names_day,
    month_end,
)

# Measures whose figures end a month: their periods are months, or quarters of months.
MONTH_END_FREQUENCIES = frozenset({"monthly", "quarterly"})
# The workforce is counted in full-time equivalents (12.5 social workers), so the counts of
# these measures need not be whole.
FTE_CATEGORY = "Staff"
PARTS = ("numerator", "denominator")


@functools.lru_cache(maxsize=4096)  # a file has a few hundred dates, each on many rows
def date_problems(
    period_end: date, frequency: str, label: str, today: date
) -> tuple[tuple[str, str], ...]:
    """(column, reason) for each way the figure's date or label cannot be right."""
    problems = []
    if period_end > today:
        problems.append(
            (
                "period_end",
                f"a figure dated in the future ({period_end}): a figure is dated at the end of "
                "its period, once the period is over",
            )
        )
    elif period_end < EARLIEST:
        problems.append(
            (
                "period_end",
                f"{period_end} is before {EARLIEST:%Y}, earlier than any figure of these "
                "measures: is the year mistyped?",
            )
        )
    if (
        frequency in MONTH_END_FREQUENCIES
        and not is_month_end(period_end)
        and not (label and label_names_day(label, period_end))
    ):
        problems.append(
            (
                "period_end",
                f"{period_end} is not the last day of its month: a {frequency} measure's figure "
                f"is dated at its month's end ({month_end(period_end)}); for a figure as at one "
                f"day, name the day in period_label ({period_end.day} {period_end:%b %Y})",
            )
        )
    if label and (said := label_contradicts(label, period_end)):
        problems.append(("period_label", f"'{label}' says {said}, but period_end is {period_end}"))
    return tuple(problems)


def counts_are_whole(category: str, comparator: bool) -> bool:
    """Whether a figure's counts must be whole: not for the workforce's measures (counted in
    full-time equivalents), nor a comparator's figure (the neighbours' mean of counts)."""
    return category != FTE_CATEGORY and not comparator


def count_problems(
    cells: dict[str, str], unit: str, numbers: tuple[float | None, ...]
) -> list[tuple[str, str]]:
    """A count is a whole number: a count measure's value, and any numerator or denominator.
    `numbers` are the value (given, or worked out from the numerator and denominator), the
    numerator and the denominator of the row whose cells are `cells`."""
    value, numerator, denominator = numbers
    problems = []
    if unit == "count" and value is not None and not value.is_integer():
        text = cells["value"] or f"{value:g} (numerator / denominator)"
        problems.append(("value", f"{text} is a count that is not a whole number"))
    for column, number in (("numerator", numerator), ("denominator", denominator)):
        if number is not None and not number.is_integer():
            problems.append((column, f"{cells[column]} is a count that is not a whole number"))
    return problems


def team_problems(ref: str, team_level: bool, area_code: str, home: str) -> list[tuple[str, str]]:
    """A team's figure is for the authority the team belongs to, on a measure that has them."""
    problems = []
    if not team_level:
        problems.append(
            (
                "team_slug",
                f"measure {ref} has no team figures (its figures are the whole area's only): "
                "leave team_slug empty",
            )
        )
    if area_code != home:
        problems.append(
            (
                "team_slug",
                f"a team's figure is for the authority the team belongs to ({home}), not "
                f"{area_code}: leave team_slug empty for the area's own figure",
            )
        )
    return problems


class TeamPeaks:
    """The largest team figure of each measure, period and column in a file, with its line, to
    set beside the whole authority's once the file is written. Small: one entry per measure,
    period and column however many teams the file has."""

    def __init__(self) -> None:
        self.peaks: dict[tuple[int, date, str], tuple[float, int]] = {}

    def note(self, line: int, record: dict, unit: str) -> None:
        # A count's value adds up over teams; a percentage or rate does not, its parts do.
        columns = ("value", "numerator", "denominator") if unit == "count" else PARTS
        for column in columns:
            number = record[column]
            key = (record["indicator_id"], record["period_end"], column)
            if number is not None and number > self.peaks.get(key, (-1.0, 0))[0]:
                self.peaks[key] = (number, line)

    def warnings(self, connection: Connection, home_id: int) -> list[RowError]:
        """A warning where a team's figure is above the authority's own for the same period:
        one for each measure, period and column, on the line of its largest team figure."""
        if not self.peaks:
            return []
        indicators = {indicator for indicator, _, _ in self.peaks}
        periods = [period for _, period, _ in self.peaks]
        query = select(
            Observation.indicator_id,
            Observation.period_end,
            Observation.value,
            Observation.numerator,
            Observation.denominator,
        ).where(
            Observation.area_id == home_id,
            Observation.team_id.is_(None),
            Observation.indicator_id.in_(sorted(indicators)),
            Observation.period_end.between(min(periods), max(periods)),
        )
        authority = {}
        for indicator, period, *numbers in connection.execute(query):
            for column, number in zip(("value", "numerator", "denominator"), numbers):
                authority[indicator, period, column] = number
        warnings = []
        for key, (number, line) in self.peaks.items():
            whole = authority.get(key)
            if whole is not None and number > whole:
                warnings.append(
                    RowError(
                        line,
                        key[2],
                        f"the team's {number:.15g} is above the whole authority's {whole:.15g} for "
                        f"the same period, though a team's figures are part of the "
                        "authority's: is the team or the figure wrong?",
                    )
                )
        return sorted(warnings, key=lambda warning: warning.line)
