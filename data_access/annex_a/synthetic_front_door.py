"""The front door of the synthetic Annex A, month by month: contacts (List 1), referrals
(List 3), assessments (List 4), section 47 enquiries and initial conferences (List 5), and the
child in need and child protection plans they lead to, which synthetic_cases.py carries on.

Volumes are the sample authority's, about: 1,050 contacts and 255 referrals a month, a
quarter of them re-referrals, 235 assessments, 85 section 47 enquiries and 43 initial conferences.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from data_access.annex_a.synthetic_codes import (
    A_YES,
    ASSESSING,
    B_NO,
    NO,
    SOURCE_WEIGHTS,
    SOURCES,
    STRUGGLING_TEAM,
    TEAMS,
    YES,
)
from data_access.annex_a.synthetic_people import (
    Child,
    Draw,
    add_working_days,
    month_end,
    month_starts,
)

CONTACTS_A_MONTH = 1_050
REFERRED = 0.243  # of contacts
REFERRED_AGAIN = 0.26  # of referrals: a child referred in the 12 months before
REPEAT_CONTACT = 0.2  # of contacts that are not referrals: a child contacted before
RECENT_CONTACTS = 5_000  # the children contacted lately, of whom a repeat contact is one
NO_FURTHER_ACTION = 0.08  # of referrals
# What each assessment leads to: a section 47 enquiry, a child in need plan, or neither.
PATHS, PATH_WEIGHTS = ("enquiry", "in need", "neither"), (0.36, 0.5, 0.14)
CONFERENCE_NEEDED = 0.52  # of section 47 enquiries
PLAN_AGREED = 0.82  # of initial conferences
PROFILES = {team.slug: team for team in TEAMS}
FRONT_DOOR = "front-door-mash"  # the team that holds the referrals needing no further action
A_YEAR = timedelta(days=365)


@dataclass
class FrontDoor:
    """What the front door made: the rows of Lists 1, 3, 4 and 5, and the plans that began."""

    lists: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    in_need: list[tuple[Child, date, str]] = field(default_factory=list)
    protection: list[tuple[Child, date, str]] = field(default_factory=list)


def by_child(events: list[tuple[int, date]]) -> dict[int, list[date]]:
    """Each child's event days, in order."""
    days_by_child: dict[int, list[date]] = defaultdict(list)
    for child, day in events:
        days_by_child[child].append(day)
    for days in days_by_child.values():
        days.sort()
    return days_by_child


def in_year_before(days_by_child: dict[int, list[date]], child: int, day: date) -> int:
    """How many of the child's events fell in the 365 days before `day` (not on it)."""
    days = days_by_child.get(child, [])
    return bisect.bisect_left(days, day) - bisect.bisect_left(days, day - A_YEAR)


class _Flow:
    def __init__(self, draw: Draw, names: dict[str, str]):
        self.draw, self.names, self.made = draw, names, FrontDoor()
        self.referred: list[tuple[date, Child]] = []  # in day order, month by month
        self.contacted: list[Child] = []
        self.referrals: list[list] = []
        self.enquiries: list[list] = []

    def month(self, first: date, last: date, fraction: float) -> None:
        draw = self.draw
        recent = bisect.bisect_left(self.referred, first - A_YEAR, key=lambda r: r[0])
        month_referred = []
        days = sorted(draw.day(first, last) for _ in range(draw.count(CONTACTS_A_MONTH, fraction)))
        for day in days:  # in day order, so that a child contacted again was born by then
            referred = draw.chance(REFERRED)
            if referred and recent < len(self.referred) and draw.chance(REFERRED_AGAIN):
                child = self.referred[draw.whole(recent, len(self.referred) - 1)][1]
            elif self.contacted and not referred and draw.chance(REPEAT_CONTACT):
                latest = len(self.contacted) - 1
                child = self.contacted[draw.whole(max(0, latest - RECENT_CONTACTS), latest)]
            else:
                child = draw.child(day, 0, 17.9)
                self.contacted.append(child)
            source = draw.pick(SOURCES, SOURCE_WEIGHTS)
            self.made.lists["List 1"].append((*draw.person(child), day, source))
            if referred:
                month_referred.append((day, child))
                self.referral(child, day, source)
        self.referred.extend(sorted(month_referred, key=lambda r: r[0]))

    def allocated(self, team: str) -> tuple[str, str]:
        return self.names[team], self.draw.worker(team)

    def referral(self, child: Child, day: date, source: str) -> None:
        draw = self.draw
        if draw.chance(NO_FURTHER_ACTION):
            team, answer = FRONT_DOOR, YES
        else:
            team, answer = draw.share(ASSESSING), NO
            child.disabled = child.disabled or team == STRUGGLING_TEAM
        self.referrals.append([child, day, source, answer, *self.allocated(team)])
        if answer == NO:
            self.assessment(child, add_working_days(day, draw.whole(0, 2)), team)

    def assessment(self, child: Child, start: date, team: str) -> None:
        draw, as_at = self.draw, self.draw.as_at
        if start > as_at:
            return
        in_time = draw.chance(PROFILES[team].assessments_in_time)
        done = add_working_days(start, draw.whole(8, 45) if in_time else draw.whole(46, 85))
        authorised = done if done <= as_at else None
        path = draw.pick(PATHS, PATH_WEIGHTS)
        support = None if authorised is None else (NO if path == "neither" else YES)
        seen = YES if draw.chance(0.97) else NO
        disability = A_YES if child.disabled else B_NO
        row = (*draw.person(child), disability, start, seen, authorised, support)
        self.made.lists["List 4"].append((*row, *self.allocated(team)))
        if path == "enquiry":
            self.enquiry(child, add_working_days(start, draw.whole(0, 3)), team)
        elif path == "in need" and authorised is not None:
            self.made.in_need.append((child, authorised, team))

    def enquiry(self, child: Child, strategy: date, team: str) -> None:
        draw, as_at = self.draw, self.draw.as_at
        if strategy > as_at:
            return
        needed = draw.chance(CONFERENCE_NEEDED)
        held = plan = None
        if needed:
            in_time = draw.chance(PROFILES[team].conferences_in_time)
            day = add_working_days(strategy, draw.whole(4, 15) if in_time else draw.whole(16, 32))
            if day <= as_at:
                held, plan = day, draw.chance(PLAN_AGREED)
        result = None if held is None else (YES if plan else NO)
        row = [child, strategy, NO if needed else YES, held, result, *self.allocated(team)]
        self.enquiries.append(row)
        if plan:
            self.made.protection.append((child, held, team))
        elif held is not None or (not needed and draw.chance(0.5)):
            begun = add_working_days(held or strategy, 10)
            if begun <= as_at:
                self.made.in_need.append((child, begun, team))

    def finish(self) -> FrontDoor:
        draw, lists = self.draw, self.made.lists
        referred = by_child([(row[0].id, row[1]) for row in self.referrals])
        for child, day, source, answer, team, worker in self.referrals:
            count = in_year_before(referred, child.id, day)
            lists["List 3"].append((*draw.person(child), day, source, answer, count, team, worker))
        enquired = by_child([(row[0].id, row[1]) for row in self.enquiries])
        held = by_child([(row[0].id, row[3]) for row in self.enquiries if row[3] is not None])
        for child, strategy, unnecessary, conference, result, team, worker in self.enquiries:
            disability = A_YES if child.disabled else B_NO
            counts = (
                in_year_before(enquired, child.id, strategy),
                in_year_before(held, child.id, strategy),
            )
            row = (disability, strategy, unnecessary, conference, result, *counts, team, worker)
            lists["List 5"].append((*draw.person(child), *row))
        return self.made


def front_door(draw: Draw, first: date, names: dict[str, str]) -> FrontDoor:
    """Contacts, referrals, assessments and enquiries from `first` to the as-at date."""
    flow = _Flow(draw, names)
    for start in month_starts(first, draw.as_at):
        last = min(month_end(start), draw.as_at)
        flow.month(start, last, ((last - start).days + 1) / month_end(start).day)
    return flow.finish()
