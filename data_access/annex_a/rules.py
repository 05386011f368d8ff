"""The scorecard's measures computed from Annex A: one pure function each, over plain rows (dicts
of the columns columns.py names) and one month, returning a tally for the whole authority (key
None) and for each allocated team (by the team's key). No database, no workbook: a test calls
them with rows it writes by hand. Each one's definition and source are in measures.py, beside it.

Flow measures count events in the month (up to the as-at date in its month); stock measures take
the month's last day (or the as-at date) as a snapshot. Some columns hold only the latest value
(a child's last health assessment, placements in the last 12 months), so the measures that read
them are taken at the as-at date only: the list cannot say what they were at an earlier month end.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from data_access.annex_a.working_days import within_working_days

Row = Mapping[str, object]
Lists = Mapping[int, Sequence[Row]]
CIN_CENSUS = "DfE children in need census guidance, computed from Ofsted Annex A"
SSDA903 = "DfE SSDA903 (children looked after) guidance, computed from Ofsted Annex A"
DAYS_45, ICPC_DAYS = 45, 15  # working days: assessments, initial conferences
VISIT_DAYS = 42  # six weeks


@dataclass(frozen=True)
class Month:
    """A month of figures: its first day, and its last day or the as-at date if earlier."""

    first: date
    last: date


@dataclass
class Tally:
    numerator: int = 0
    denominator: int = 0


Tallies = dict[str | None, Tally]  # None: the whole authority


def tally(units: Iterable[tuple[str | None, int, int]]) -> Tallies:
    """Add up (team, numerator, denominator) units for the authority and for each team."""
    tallies: Tallies = {None: Tally()}
    for team, numerator, denominator in units:
        keys = (None,) if team is None else (None, team)
        for key in keys:
            found = tallies.setdefault(key, Tally())
            found.numerator += numerator
            found.denominator += denominator
    return tallies


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day if it has no such day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _in(day: object, month: Month) -> bool:
    return isinstance(day, date) and month.first <= day <= month.last


def _open(row: Row, start: str, end: str, day: date) -> bool:
    """Open on `day`: begun on or before it (a blank start is long begun), not yet ended."""
    began, ended = row.get(start), row.get(end)
    return (began is None or began <= day) and (ended is None or ended > day)


def _team(row: Row) -> str | None:
    return row.get("team")


def contacts(lists: Lists, month: Month) -> Tallies:
    return tally((None, _in(row["contact"], month), 0) for row in lists[1])


def referrals(lists: Lists, month: Month) -> Tallies:
    return tally((_team(row), _in(row["referral"], month), 0) for row in lists[3])


def rereferrals(lists: Lists, month: Month) -> Tallies:
    return tally(
        (_team(row), row["referrals_12m"] >= 1, 1)
        for row in lists[3]
        if _in(row["referral"], month)
    )


def assessments_in_time(lists: Lists, month: Month) -> Tallies:
    return tally(
        (_team(row), within_working_days(row["assessment_start"], row["authorised"], DAYS_45), 1)
        for row in lists[4]
        if _in(row["authorised"], month)
    )


def looked_after(lists: Lists, month: Month) -> Tallies:
    return tally(
        (_team(row), _open(row, "lac_start", "lac_end", month.last), 0) for row in lists[8]
    )


def on_plan(lists: Lists, month: Month) -> Tallies:
    return tally((_team(row), _open(row, "cp_start", "cp_end", month.last), 0) for row in lists[7])


# Where an open case is held when a child is on more than one list: looked after first, then
# on a child protection plan, then in need.
_CASE_LISTS = ((8, "lac_start", "lac_end"), (7, "cp_start", "cp_end"), (6, "cin_start", "cin_end"))


def _open_cases(lists: Lists, day: date) -> dict[str, Row]:
    """Each child with an open case on `day`, and the row that holds it."""
    cases: dict[str, Row] = {}
    for number, start, end in _CASE_LISTS:
        for row in lists[number]:
            if _open(row, start, end, day):
                cases.setdefault(row["child"], row)
    return cases


def _every_team(lists: Lists, numbers: Iterable[int]) -> list[tuple[str | None, int, int]]:
    """A zero for each team on the lists, so that a team with none still has its figure."""
    return [(_team(row), 0, 0) for number in numbers for row in lists[number]]


def open_cases(lists: Lists, month: Month) -> Tallies:
    cases = _open_cases(lists, month.last)
    units = [(_team(row), 1, 0) for row in cases.values()]
    return tally(_every_team(lists, (6, 7, 8)) + units)


def other_children_in_need(lists: Lists, month: Month) -> Tallies:
    day = month.last
    elsewhere = {
        row["child"]
        for number, start, end in _CASE_LISTS[:2]
        for row in lists[number]
        if _open(row, start, end, day)
    }
    counted: dict[str, Row] = {}
    for row in lists[6]:
        if _open(row, "cin_start", "cin_end", day) and row["child"] not in elsewhere:
            counted.setdefault(row["child"], row)
    return tally(_every_team(lists, (6,)) + [(_team(row), 1, 0) for row in counted.values()])


def icpcs(lists: Lists, month: Month) -> Tallies:
    return tally((_team(row), _in(row["icpc"], month), 0) for row in lists[5])


def icpcs_in_time(lists: Lists, month: Month) -> Tallies:
    return tally(
        (_team(row), within_working_days(row["strategy"], row["icpc"], ICPC_DAYS), 1)
        for row in lists[5]
        if _in(row["icpc"], month)
    )


def second_plans(lists: Lists, month: Month) -> Tallies:
    return tally(
        (_team(row), _in(row["cp_start"], month) and row["previous_plans"] >= 1, 0)
        for row in lists[7]
    )


def _in_last_year(day: object, on: date) -> bool:
    return isinstance(day, date) and months_before(on, 12) <= day <= on


def _in_care_a_year(lists: Lists, on: date) -> list[Row]:
    return [
        row
        for row in lists[8]
        if _open(row, "lac_start", "lac_end", on) and row["lac_start"] <= months_before(on, 12)
    ]


def health_assessments(lists: Lists, month: Month) -> Tallies:
    on = month.last
    return tally(
        (_team(row), _in_last_year(row["health"], on), 1) for row in _in_care_a_year(lists, on)
    )


def dental_checks(lists: Lists, month: Month) -> Tallies:
    on = month.last
    return tally(
        (_team(row), _in_last_year(row["dental"], on), 1) for row in _in_care_a_year(lists, on)
    )


def three_placements(lists: Lists, month: Month) -> Tallies:
    return tally(
        (_team(row), row["placements_12m"] >= 3, 1)
        for row in lists[8]
        if _open(row, "lac_start", "lac_end", month.last)
    )


def leavers_in_touch(lists: Lists, month: Month) -> Tallies:
    return tally((_team(row), row["in_touch"], 1) for row in lists[9])


def leavers_neet(lists: Lists, month: Month) -> Tallies:
    return tally((_team(row), row["activity"] == "neet", 1) for row in lists[9])


def leavers_suitably_housed(lists: Lists, month: Month) -> Tallies:
    return tally((_team(row), row["suitable"] is True, 1) for row in lists[9])


def caseload(lists: Lists, month: Month) -> Tallies:
    """Open cases with an allocated worker over the workers holding them: a worker in two teams
    is one of each team's workers and one of the authority's."""
    cases = [row for row in _open_cases(lists, month.last).values() if row.get("worker")]
    tallies = tally(_every_team(lists, (6, 7, 8)) + [(_team(row), 1, 0) for row in cases])
    workers: dict[str | None, set[str]] = {}
    for row in cases:
        for key in {None, _team(row)}:
            workers.setdefault(key, set()).add(str(row["worker"]).casefold())
    for key, found in tallies.items():
        found.denominator = len(workers.get(key, ()))
    return tallies


def missing_episodes(lists: Lists, month: Month) -> Tallies:
    """Over the children looked after at some time in the 12 months: one who left care before
    them cannot have gone missing from a placement in them."""
    since = months_before(month.last, 12)
    return tally(
        (_team(row), row["missing_12m"], 0)
        for row in lists[8]
        if not isinstance(row["lac_end"], date) or row["lac_end"] > since
    )


def visits_in_time(lists: Lists, month: Month) -> Tallies:
    on = month.last
    return tally(
        (
            _team(row),
            isinstance(row["visit"], date) and on - timedelta(days=VISIT_DAYS) <= row["visit"],
            1,
        )
        for row in lists[8]
        if _open(row, "lac_start", "lac_end", on)
    )


def long_plans(lists: Lists, month: Month) -> Tallies:
    on = month.last
    return tally(
        (
            _team(row),
            _open(row, "cp_start", "cp_end", on) and row["cp_start"] < months_before(on, 18),
            0,
        )
        for row in lists[7]
    )
