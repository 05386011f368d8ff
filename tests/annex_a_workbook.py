"""A tiny Annex A workbook worked out by hand, for the import's tests (as at 31 December 2025,
two months: November and December 2025), and the figures it must give.

Christmas Day and Boxing Day 2025 fall on a Thursday and a Friday, so assessments and
conferences over them sit on the 45- and 15-working-day edges only when the bank holidays are
left out. Teams: `Duty and Assessment` (duty-and-assessment), `Cared-for children` and `Leaving
care` by their names in other spellings; `Locality 9` is no team; `#N/A` is none.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

AS_AT = "2025-12-31"
NOV, DEC = "2025-11-30", "2025-12-31"
D, C, L = "duty-and-assessment", "cared-for-children", "leaving-care"
# Children's identifiers, birth dates and workers' names: none may be stored, logged or told.
CHILDREN = [f"QZ{n:04d}XK" for n in range(1, 10)]
X1, X2, X3, X4, X5, X6, X7, X8, X9 = CHILDREN
BIRTH_DATES = ["2013-07-19", "2011-02-23", "2016-10-07", "2009-04-29"]
WORKERS = ["Ffion Quarrington", "Bartholomew Ystrad", "Oona Pettigrew", "Ximena Dowlais"]
WA, WB, WC, WD = WORKERS
WE, WF = "Perpetua Llanwern", "Isambard Tregaron"
PRIVATE = [*CHILDREN, *BIRTH_DATES, *WORKERS, WE, WF, "19/07/2013", "23/02/2011"]


def day(text: str) -> datetime:
    return datetime.fromisoformat(text)


B1, B2, B3, B4 = (day(text) for text in BIRTH_DATES)
DUTY, CARED, LEAVING = "Duty and Assessment", "cared for CHILDREN", "Leaving  care"

LISTS = {
    "List 1": (
        ["Child Unique ID", "Gender", "Date of Birth", "Date of Contact", "Contact Source"],
        [
            [X1, "a) Male", B1, day("2025-11-03"), "q) 6: Police"],
            [X2, "b) Female", B2, "01/12/2025", "q) 6: Police"],
            [X3, "b) Female", B3, day("2025-12-24"), "s) 8: Other"],
            [X4, "a) Male", B4, day("2025-10-31"), "s) 8: Other"],  # before the months
        ],
    ),
    " list  3 ": (
        ["Child Unique ID", "Date of Birth", "Date of Referral", "Referral Source",
         "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
        [
            [X1, B1, day("2025-11-10"), "Police", 0, DUTY, WA],
            [X2, B2, day("2025-12-05"), "Police", 2, "duty & assessment", WA],
            [X3, B3, day("2025-12-15"), "Health", 1, "Locality 9", WB],
            [X4, B4, day("2025-12-20"), "Health", 0, "#N/A", "#N/A"],
        ],
    ),
    "LIST 4": (
        ["Child Unique ID", "Continuous Assessment Start Date",
         "Continuous Assessment Date of Authorisation", "Allocated Team"],
        [
            [X1, day("2025-10-23"), day("2025-12-29"), DUTY],  # 45 working days: in time
            [X2, day("2025-10-22"), day("2025-12-29"), DUTY],  # 46: late
            [X3, day("2025-11-03"), day("2025-11-20"), CARED],  # 13
            [X4, day("2025-12-01"), None, CARED],  # not yet authorised
        ],
    ),
    "List 5": (
        ["Child Unique ID", "Strategy discussion initiating Section 47 Enquiry Start Date",
         "Date of Initial Child Protection Conference", "Allocated Team"],
        [
            [X1, day("2025-12-08"), day("2025-12-31"), DUTY],  # 15 working days: in time
            [X2, day("2025-12-05"), day("2025-12-31"), DUTY],  # 16: late
            [X3, day("2025-11-03"), None, CARED],  # no conference
            [X4, day("2025-11-03"), day("2025-11-21"), CARED],  # 14
        ],
    ),
    "List 6": (
        ["Child Unique ID", "Date of Birth", "CIN Start Date", "CIN Closure Date",
         "Allocated Team", "Allocated Worker"],
        [
            [X1, B1, day("2025-01-10"), None, DUTY, WA],  # on a plan too
            [X2, B2, day("2025-06-01"), day("2025-12-10"), DUTY, WA],  # closed in December
            [X3, B3, None, None, CARED, WB],
            [X4, B4, day("2025-12-01"), None, DUTY, WC],  # opened in December
            [X5, B1, day("2024-03-01"), None, CARED, WB],  # looked after too
        ],
    ),
    "List 7": (
        ["Child Unique ID", "Child Protection Plan Start Date", "Child Protection Plan End Date",
         "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"],
        [
            [X1, day("2025-11-15"), None, 1, DUTY, WA],  # a second plan, from November
            [X6, day("2024-05-20"), day("2025-12-31"), 0, DUTY, WD],  # over 18 months; ended
            [X7, day("2025-12-02"), None, 0, CARED, WB],  # a first plan, from December
        ],
    ),
    "List 8": (
        ["Child Unique ID", "Date of Birth", "Date Started to be Looked After",
         "Date Ceased to be Looked After", "Date of Last Social Work Visit",
         "Date of Last Health Assessment", "Date of Last Dental Check",
         "Number of Placements in the Last 12 months",
         "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the "
         "last 12 months", "Allocated Team", "Allocated Worker"],
        [
            [X5, B1, day("2024-03-01"), None, day("2025-11-20"), day("2025-01-05"),
             day("2024-12-01"), 3, 2, CARED, WE],
            [X8, B2, day("2025-09-01"), None, day("2025-11-01"), day("2025-09-10"), None, 1, 0,
             CARED, WE],
            [X9, B3, day("2023-01-01"), day("2025-12-15"), day("2025-12-01"), day("2025-06-01"),
             day("2025-06-01"), 4, 5, CARED, WF],  # ceased in December
        ],
    ),
    "List 9": (
        ["Child Unique ID", "Date of Birth", "Allocated Team", "Allocated Worker", "LA in Touch",
         "Suitability of Accommodation", "Activity Status"],
        [
            [X1, B4, LEAVING, WE, "a) Yes", "a) Suitable", "F1: Full time in higher education"],
            [X2, B4, LEAVING, WE, "b) No", None, "G5: Not in education, employment or training"],
            [X3, B4, "leaving care", WE, "a) Yes", "b) Unsuitable", None],
            [X4, B4, LEAVING, WE, "Yes", "Suitable", "P2"],
        ],
    ),
}  # fmt: skip

# (measure, team or None, period end): (value, numerator, denominator), worked out by hand.
EXPECTED = {
    ("1a", None, NOV): (1, None, None),
    ("1a", None, DEC): (2, None, None),
    ("4", None, NOV): (1, None, None),
    ("4", None, DEC): (3, None, None),
    ("6", None, NOV): (0, 0, 1),
    ("6", None, DEC): (66.666667, 2, 3),
    ("8", None, NOV): (100, 1, 1),
    ("8", C, NOV): (100, 1, 1),
    ("8", None, DEC): (50, 1, 2),
    ("8", D, DEC): (50, 1, 2),
    ("9a", None, NOV): (7, None, None),
    ("9a", C, NOV): (4, None, None),
    ("9a", D, NOV): (3, None, None),
    ("9a", None, DEC): (6, None, None),
    ("9a", C, DEC): (4, None, None),
    ("9a", D, DEC): (2, None, None),
    ("9b", None, NOV): (3, None, None),
    ("9b", C, NOV): (3, None, None),
    ("9b", None, DEC): (2, None, None),
    ("9b", C, DEC): (2, None, None),
    ("9c", None, NOV): (2, None, None),
    ("9c", D, NOV): (2, None, None),
    ("9c", C, NOV): (0, None, None),
    ("9c", None, DEC): (2, None, None),
    ("9c", D, DEC): (1, None, None),
    ("9c", C, DEC): (1, None, None),
    ("9d", None, NOV): (2, None, None),
    ("9d", D, NOV): (1, None, None),
    ("9d", C, NOV): (1, None, None),
    ("9d", None, DEC): (2, None, None),
    ("9d", D, DEC): (1, None, None),
    ("9d", C, DEC): (1, None, None),
    ("11", None, NOV): (1, None, None),
    ("11", None, DEC): (2, None, None),
    ("12", None, NOV): (100, 1, 1),
    ("12", C, NOV): (100, 1, 1),
    ("12", None, DEC): (50, 1, 2),
    ("12", D, DEC): (50, 1, 2),
    ("13", None, NOV): (1, None, None),
    ("13", None, DEC): (0, None, None),
    ("19a", None, DEC): (100, 1, 1),
    ("19b", None, DEC): (0, 0, 1),
    ("20a", None, DEC): (50, 1, 2),
    ("21a", None, DEC): (75, 3, 4),
    ("21b", None, DEC): (25, 1, 4),
    ("21c", None, DEC): (50, 2, 4),
    ("25", None, NOV): (1.4, 7, 5),
    ("25", C, NOV): (1.333333, 4, 3),
    ("25", D, NOV): (1.5, 3, 2),
    ("25", None, DEC): (1.5, 6, 4),
    ("25", C, DEC): (2, 4, 2),
    ("25", D, DEC): (1, 2, 2),
    ("34", None, DEC): (0.583333, None, None),  # 7 episodes in the 12 months, a month's
    ("K3", None, DEC): (50, 1, 2),
    ("K3", C, DEC): (50, 1, 2),
    ("K6", None, NOV): (1, None, None),
    ("K6", None, DEC): (0, None, None),
}


def write_workbook(path: Path, lists: dict | None = None) -> Path:
    """The workbook of `lists` (by default LISTS) at `path`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in (LISTS if lists is None else lists).items():
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path
