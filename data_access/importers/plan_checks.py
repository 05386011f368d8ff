"""Checking a plan's rows (the sheets of data_access/importers/plan_sheets.py) before anything
is written: each row on its own, each sheet against the sheets before it and against what the
dashboard holds already. Every problem is named by sheet, line, column and reason. The sample
data's plan files are checked by the same rules when they are seeded (data_access/seed.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.edits import STATUSES
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.owner_titles import owner_problem
from data_access.importers.plan_sheets import (
    ACTIONS,
    INSPECTIONS,
    LINK_KINDS,
    LINKED_COLUMNS,
    LINKS,
    PLANS,
    PRIORITIES,
    RECOMMENDATIONS,
    TEAMS,
)
from data_access.models import (
    Action,
    Indicator,
    Inspection,
    Plan,
    Priority,
    Recommendation,
    Team,
    Theme,
    User,
)

NOT_STARTED = "not_started"
MAX_ERRORS = 1_000  # checking stops after this many problems
# Refs and ids are part of pages' addresses (/actions/P1.1, /recommendations/2016-3), and
# slugs are the addresses' words (/teams/leaving-care).
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
KEY_WORDS = "letters, digits, '.', '-' or '_', starting with a letter or digit"
SLUG_WORDS = "lower-case letters and digits in words joined by hyphens, such as leaving-care"


@dataclass(frozen=True)
class SheetRow:
    """A row to check: where it was read (a sheet's name, or a sample file's), its line there,
    and its cells by column, trimmed; a column the sheet leaves out is empty."""

    sheet: str
    line: int
    cells: dict[str, str]


PlanRows = dict[str, list[SheetRow]]  # by the sheet of SHEETS the rows are for


@dataclass(frozen=True)
class Known:
    """What the dashboard holds already, by natural key, that a plan's rows may name."""

    plans: frozenset[str]
    priorities: frozenset[tuple[str, str]]  # (plan slug, code)
    actions: frozenset[str]
    inspections: frozenset[str]
    recommendations: frozenset[str]
    teams: frozenset[str]
    indicators: frozenset[str]
    themes: frozenset[str]
    usernames: frozenset[str]  # in lower case

    @classmethod
    def load(cls, session: Session) -> Known:
        def keys(column) -> frozenset:
            return frozenset(session.scalars(select(column)))

        priorities = select(Plan.slug, Priority.code).join(Plan, Plan.id == Priority.plan_id)
        return cls(
            plans=keys(Plan.slug),
            priorities=frozenset(tuple(row) for row in session.execute(priorities)),
            actions=keys(Action.ref),
            inspections=keys(Inspection.key),
            recommendations=keys(Recommendation.key),
            teams=keys(Team.slug),
            indicators=keys(Indicator.ref),
            themes=keys(Theme.slug),
            usernames=keys(func.lower(User.username)),
        )


@dataclass
class CheckedPlan:
    """Each sheet's rows with their values checked and converted (dates as dates, numbers as
    numbers), in the sheet's order; natural keys, not ids, name what a row refers to."""

    sheets: dict[str, list[tuple[SheetRow, dict]]] = field(default_factory=dict)

    def values(self, sheet: str) -> list[dict]:
        return [values for _row, values in self.sheets.get(sheet, [])]


def _length(column) -> int | None:
    return getattr(column.type, "length", None)


class _Cells:
    """One row's cells read as the values they stand for, each problem noted as found."""

    def __init__(self, row: SheetRow, errors: list[RowError]):
        self.row, self.errors = row, errors

    def problem(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row.line, column, reason, self.row.sheet))

    def text(self, column: str, model_column=None, *, required: bool = False) -> str:
        value = self.row.cells.get(column, "")
        limit = _length(model_column) if model_column is not None else None
        if required and not value:
            self.problem(column, "is empty")
        elif limit is not None and len(value) > limit:
            self.problem(column, f"is {len(value):,} characters long; it can be at most {limit}")
        return value

    def key(self, column: str, model_column, pattern: re.Pattern = KEY) -> str:
        """A ref, id or slug: required, and written so that it can be part of an address."""
        value = self.text(column, model_column, required=True)
        if value and not pattern.fullmatch(value):
            words = SLUG_WORDS if pattern is SLUG else KEY_WORDS
            self.problem(column, f"'{value}' must be {words} (it is part of a page's address)")
        return value

    def date(self, column: str) -> date | None:
        value = self.row.cells.get(column, "")
        if not value:
            return None
        try:
            day = date.fromisoformat(value)
            if day.isoformat() != value:  # 20230430 or 2023-W17-7 are not
                raise ValueError
        except ValueError:
            self.problem(column, f"'{value}' is not a date as YYYY-MM-DD")
            return None
        return day

    def known(self, column: str, value: str, keys: Collection, what: str, where: str) -> None:
        if value and value not in keys:
            self.problem(column, f"'{value}' is not a known {what} ({where})")


def _where(sheet: str) -> str:
    return f"neither on the {sheet} sheet nor already in the dashboard"


class _Checker:
    """Checks the sheets in order, gathering the keys each defines for the sheets after it."""

    def __init__(self, known: Known):
        self.known = known
        self.errors: list[RowError] = []
        self.defined: dict[str, set] = {sheet: set() for sheet in (PLANS, PRIORITIES, ACTIONS)}
        self.defined |= {sheet: set() for sheet in (INSPECTIONS, RECOMMENDATIONS, TEAMS)}

    def keys(self, sheet: str, known: frozenset) -> set:
        return self.defined[sheet] | known

    def unique(self, cells: _Cells, sheet: str, key, column: str, seen: dict) -> None:
        """Note a row's key; a key given twice is a problem on its second row."""
        if not key or (isinstance(key, tuple) and not all(key)):
            return
        first = seen.setdefault(key, cells.row.line)
        if first != cells.row.line:
            cells.problem(column, f"duplicates the row on line {first}")
        if sheet in self.defined:
            self.defined[sheet].add(key)

    def plan(self, cells: _Cells) -> dict:
        return {
            "slug": cells.key("slug", Plan.slug, SLUG),
            "title": cells.text("title", Plan.title, required=True),
            "published": cells.date("published"),
            "source": cells.text("source"),
        }

    def priority(self, cells: _Cells) -> dict:
        plan = cells.text("plan", required=True)
        cells.known("plan", plan, self.keys(PLANS, self.known.plans), "plan", _where(PLANS))
        theme = cells.text("theme")
        themes = ", ".join(sorted(self.known.themes))
        cells.known("theme", theme, self.known.themes, "theme", f"the themes are {themes}")
        return {
            "plan": plan,
            "code": cells.key("code", Priority.code),
            "title": cells.text("title", required=True),
            "theme": theme or None,
        }

    def action(self, cells: _Cells) -> dict:
        plan = cells.text("plan", required=True)
        cells.known("plan", plan, self.keys(PLANS, self.known.plans), "plan", _where(PLANS))
        priority = cells.text("priority", required=True)
        priorities = self.keys(PRIORITIES, self.known.priorities)
        if plan and priority and (plan, priority) not in priorities:
            reason = f"'{priority}' is not a known priority of plan '{plan}' ({_where(PRIORITIES)})"
            cells.problem("priority", reason)
        owner = cells.text("owner", Action.owner, required=True)
        problem = owner_problem(owner, self.known.usernames) if owner else None
        if problem:
            cells.problem("owner", problem)
        status = cells.text("status") or NOT_STARTED
        if status not in STATUSES:
            cells.problem("status", f"'{status}' is not one of {', '.join(STATUSES)}")
        return {
            "ref": cells.key("ref", Action.ref),
            "plan": plan,
            "priority": priority,
            "text": cells.text("text", required=True),
            "owner": owner,
            "due": cells.date("due"),
            "revised_due": cells.date("revised_due"),
            "status": status,
            "source": cells.text("source"),
        }

    def inspection(self, cells: _Cells) -> dict:
        start, end = cells.date("start_date"), cells.date("end_date")
        if start and end and end < start:
            cells.problem("end_date", f"{end} is before the start date, {start}")
        return {
            "key": cells.key("id", Inspection.key),
            "kind": cells.text("kind", Inspection.kind, required=True),
            "title": cells.text("title", required=True),
            "start_date": start,
            "end_date": end,
            "published": cells.date("published"),
            "overall": cells.text("overall", Inspection.overall) or None,
            "source": cells.text("source"),
        }

    def recommendation(self, cells: _Cells) -> dict:
        inspection = cells.text("inspection_id", required=True)
        known = self.keys(INSPECTIONS, self.known.inspections)
        cells.known("inspection_id", inspection, known, "inspection", _where(INSPECTIONS))
        number = cells.text("number", required=True)
        if number and not (number.isascii() and number.isdigit() and 0 < int(number) < 10_000):
            cells.problem("number", f"'{number}' is not a whole number from 1 to 9999")
        return {
            "key": cells.key("id", Recommendation.key),
            "inspection": inspection,
            "number": int(number) if number.isascii() and number.isdigit() else None,
            "kind": cells.text("kind", Recommendation.kind, required=True),
            "text": cells.text("text", required=True),
        }

    def team(self, cells: _Cells) -> dict:
        return {
            "slug": cells.key("slug", Team.slug, SLUG),
            "name": cells.text("name", Team.name, required=True),
            "service": cells.text("service", Team.service),
        }

    def link(self, cells: _Cells) -> dict:
        kind_name = cells.text("link", required=True)
        kind = LINK_KINDS.get(kind_name)
        if kind is None:
            if kind_name:
                cells.problem("link", f"'{kind_name}' is not one of {', '.join(LINK_KINDS)}")
            return {"link": kind_name, "first": "", "second": "", "basis": ""}
        for column in (kind.first, kind.second):
            self.linked(cells, column)
        for column in LINKED_COLUMNS:
            if column not in (kind.first, kind.second) and cells.row.cells.get(column):
                cells.problem(column, f"is not part of a {kind_name} link; leave it empty")
        basis = cells.text("basis")
        if basis and not kind.has_basis:
            cells.problem("basis", f"a {kind_name} link has no basis; leave it empty")
        first, second = cells.row.cells.get(kind.first, ""), cells.row.cells.get(kind.second, "")
        return {"link": kind_name, "first": first, "second": second, "basis": basis}

    def linked(self, cells: _Cells, column: str) -> None:
        value = cells.text(column, required=True)
        keys, what, sheet = {
            "indicator_ref": (self.known.indicators, "measure ref", ""),
            "action_ref": (self.keys(ACTIONS, self.known.actions), "action ref", ACTIONS),
            "recommendation_id": (
                self.keys(RECOMMENDATIONS, self.known.recommendations),
                "recommendation id",
                RECOMMENDATIONS,
            ),
            "team_slug": (self.keys(TEAMS, self.known.teams), "team slug", TEAMS),
        }[column]
        where = _where(sheet) if sheet else "the dashboard's measures are not set by a plan"
        cells.known(column, value, keys, what, where)


_ROW_KEYS = {
    PLANS: (lambda v: v["slug"], "slug"),
    PRIORITIES: (lambda v: (v["plan"], v["code"]), "code"),
    ACTIONS: (lambda v: v["ref"], "ref"),
    INSPECTIONS: (lambda v: v["key"], "id"),
    RECOMMENDATIONS: (lambda v: v["key"], "id"),
    TEAMS: (lambda v: v["slug"], "slug"),
    LINKS: (lambda v: (v["link"], v["first"], v["second"]), "link"),
}


def check_plan(rows: PlanRows, known: Known) -> CheckedPlan:
    """Every row of every sheet checked, or ImportRejected naming every problem found."""
    checker = _Checker(known)
    check_row = {
        PLANS: checker.plan,
        PRIORITIES: checker.priority,
        ACTIONS: checker.action,
        INSPECTIONS: checker.inspection,
        RECOMMENDATIONS: checker.recommendation,
        TEAMS: checker.team,
        LINKS: checker.link,
    }
    checked = CheckedPlan()
    for sheet in (PLANS, PRIORITIES, ACTIONS, INSPECTIONS, RECOMMENDATIONS, TEAMS, LINKS):
        key_of, key_column = _ROW_KEYS[sheet]
        seen: dict = {}
        checked.sheets[sheet] = []
        for row in rows.get(sheet, []):
            cells = _Cells(row, checker.errors)
            values = check_row[sheet](cells)
            checker.unique(cells, sheet, key_of(values), key_column, seen)
            checked.sheets[sheet].append((row, values))
            if len(checker.errors) >= MAX_ERRORS:
                raise ImportRejected(checker.errors, stopped_early=True)
    if checker.errors:
        raise ImportRejected(checker.errors)
    return checked
