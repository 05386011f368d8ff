"""The Annex A columns the measures read, and how a council's own header is recognised as one.

The column names and patterns are those of Social Finance Digital Labs' liia-tools Annex A
specification (liiatools/spec/annex_a/annex-a-merge.yml, MIT licence, copyright (c) 2022 Social
Finance Digital Labs; see README.md beside this module), copied here so that the product does not
read the specification at run time. Only the columns some measure needs are listed: the others,
including every date of birth, are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of cell: how a cell is read (reader.py).
DATE, COUNT, TEXT, CHILD, TEAM, WORKER = "date", "count", "text", "child", "team", "worker"
IN_TOUCH, SUITABLE, ACTIVITY = "in touch", "suitable", "activity"


@dataclass(frozen=True)
class Column:
    key: str  # the name the measures know it by
    name: str  # Ofsted's name for it, as the liia-tools specification gives it
    kind: str
    may_be_blank: bool
    patterns: tuple[str, ...] = ()  # liia-tools' regular expressions, case-insensitive


_CHILD = Column("child", "Child Unique ID", CHILD, False, (r".*child.*id.*",))
_TEAM = Column("team", "Allocated Team", TEAM, True)
_WORKER = Column("worker", "Allocated Worker", WORKER, True)

LIST_COLUMNS: dict[int, tuple[Column, ...]] = {
    1: (Column("contact", "Date of Contact", DATE, False, (r".*date.*contact.*",)),),
    3: (
        Column("referral", "Date of referral", DATE, False, (r".*date of.*referral.*",)),
        Column("referrals_12m", "Number of Referrals in Last 12 Months", COUNT, False),
        _TEAM,
    ),
    4: (
        Column("assessment_start", "Continuous Assessment Start Date", DATE, False),
        Column("authorised", "Continuous Assessment Date of Authorisation", DATE, True),
        _TEAM,
    ),
    5: (
        Column(
            "strategy",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            DATE,
            False,
        ),
        Column("icpc", "Date of Initial Child Protection Conference", DATE, True),
        _TEAM,
    ),
    6: (
        _CHILD,
        Column("cin_start", "CIN Start Date", DATE, True),
        Column("cin_end", "CIN Closure Date", DATE, True),
        _TEAM,
        _WORKER,
    ),
    7: (
        _CHILD,
        Column("cp_start", "Child Protection Plan Start Date", DATE, False),
        Column("cp_end", "Child Protection Plan End Date", DATE, True),
        Column("previous_plans", "Number of Previous Child Protection Plans", COUNT, False),
        _TEAM,
        _WORKER,
    ),
    8: (
        _CHILD,
        Column("lac_start", "Date Started to be Looked After", DATE, False),
        Column("lac_end", "Date Ceased to be Looked After", DATE, True),
        Column("visit", "Date of Last Social Work Visit", DATE, True),
        Column("health", "Date of Last Health Assessment", DATE, True),
        Column("dental", "Date of Last Dental Check", DATE, True),
        Column("placements_12m", "Number of Placements in the Last 12 months", COUNT, False),
        Column(
            "missing_12m",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last "
            "12 months",
            COUNT,
            False,
            (
                r".*Number of Episodes the Child has been.*Missing.*from their Placement in the "
                r"last 12 months.*",
            ),
        ),
        _TEAM,
        _WORKER,
    ),
    9: (
        Column("in_touch", "LA in Touch", IN_TOUCH, False),
        Column("suitable", "Suitability of Accommodation", SUITABLE, True),
        Column("activity", "Activity Status", ACTIVITY, True),
        _TEAM,
    ),
}

LIST_NAMES = {
    1: "contacts",
    2: "early help",
    3: "referrals",
    4: "assessments",
    5: "section 47 enquiries and ICPCs",
    6: "children in need",
    7: "child protection",
    8: "children looked after",
    9: "care leavers",
    10: "adoption",
    11: "adopters",
}

_SHEET = re.compile(r"list[\s_-]*0?(\d{1,2})")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def list_number(sheet_title: str) -> int | None:
    """The list a sheet is, by its name: `List 3`, `list3`, ` LIST  03 ` are List 3."""
    found = _SHEET.fullmatch(sheet_title.strip().lower())
    number = int(found.group(1)) if found else None
    return number if number in LIST_NAMES else None


def plain(text: str) -> str:
    """A header as words only: case, spacing, quotes and punctuation set aside."""
    return _NOT_WORD.sub(" ", text.lower().replace("\u2019", "'").replace("'", "")).strip()


def matches(column: Column, header: str) -> bool:
    """Whether a council's `header` is `column`: its name, whatever the case, spacing and
    punctuation, or one of the liia-tools patterns."""
    if plain(header) == plain(column.name):
        return True
    return any(
        re.fullmatch(pattern, header.strip(), re.IGNORECASE | re.DOTALL)
        for pattern in column.patterns
    )
