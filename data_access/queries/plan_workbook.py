"""The plan workbook as the dashboard holds it (`GET /export/plan.xlsx`): each sheet of
data_access/importers/plan_sheets.py as its columns and rows of text, in a fixed order, so that
importing it changes nothing and exporting again gives the same workbook."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, aliased

from data_access.importers.plan_sheets import (
    ACTIONS,
    EXAMPLE,
    INSPECTIONS,
    LINK_KINDS,
    LINK_TABLES,
    LINKED_COLUMNS,
    LINKS,
    MEANINGS,
    PLANS,
    PRIORITIES,
    RECOMMENDATIONS,
    SHEETS,
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
)

Sheets = dict[str, tuple[tuple[str, ...], list[list[str | int]]]]
# What each column of a link table names: the model, its natural key, and the order it is
# listed in.
KEY_OF = {
    "indicator_id": (Indicator, "ref", "sort_order"),
    "action_id": (Action, "ref", "sort_order"),
    "recommendation_id": (Recommendation, "key", "id"),
    "team_id": (Team, "slug", "id"),
}


def _text(value: object) -> str | int:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, int) else str(value)


def _rows(session: Session, query) -> list[list[str | int]]:
    return [[_text(value) for value in row] for row in session.execute(query)]


def _links(session: Session) -> list[list[str | int]]:
    rows = []
    for name, kind in LINK_KINDS.items():
        table, first_column, second_column = LINK_TABLES[name]
        model, key, order = KEY_OF[first_column]
        firsts = aliased(model)
        first_key, first_order = getattr(firsts, key), getattr(firsts, order)
        model, key, order = KEY_OF[second_column]
        seconds = aliased(model)
        second_key, second_order = getattr(seconds, key), getattr(seconds, order)
        query = (
            select(first_key, second_key, *_basis(table))
            .select_from(table)
            .join(firsts, firsts.id == table.c[first_column])
            .join(seconds, seconds.id == table.c[second_column])
            .order_by(first_order, firsts.id, second_order, seconds.id)
        )
        for first, second, *basis in session.execute(query):
            cells = dict.fromkeys(LINKED_COLUMNS, "") | {kind.first: first, kind.second: second}
            rows.append([name, *(cells[column] for column in LINKED_COLUMNS), *(basis or [""])])
    return rows


def _basis(table: Table) -> list:
    return [table.c.basis] if "basis" in table.c else []


def plan_workbook(session: Session) -> Sheets:
    """Every sheet's columns and rows, as the dashboard holds them now."""
    priority_plans = aliased(Plan)
    action_plans, action_priorities = aliased(Plan), aliased(Priority)
    rows = {
        PLANS: _rows(
            session,
            select(Plan.slug, Plan.title, Plan.published, Plan.source).order_by(Plan.id),
        ),
        PRIORITIES: _rows(
            session,
            select(priority_plans.slug, Priority.code, Priority.title, Theme.slug)
            .join(priority_plans, priority_plans.id == Priority.plan_id)
            .outerjoin(Theme, Theme.id == Priority.theme_id)
            .order_by(priority_plans.id, Priority.id),
        ),
        ACTIONS: _rows(
            session,
            select(
                Action.ref,
                action_plans.slug,
                action_priorities.code,
                Action.text,
                Action.owner,
                Action.due,
                Action.revised_due,
                Action.status,
                Action.source,
            )
            .join(action_plans, action_plans.id == Action.plan_id)
            .join(action_priorities, action_priorities.id == Action.priority_id)
            .order_by(Action.sort_order, Action.id),
        ),
        INSPECTIONS: _rows(
            session,
            select(
                Inspection.key,
                Inspection.kind,
                Inspection.title,
                Inspection.start_date,
                Inspection.end_date,
                Inspection.published,
                Inspection.overall,
                Inspection.source,
            ).order_by(Inspection.id),
        ),
        RECOMMENDATIONS: _rows(
            session,
            select(
                Recommendation.key,
                Inspection.key,
                Recommendation.number,
                Recommendation.kind,
                Recommendation.text,
            )
            .join(Inspection, Inspection.id == Recommendation.inspection_id)
            .order_by(Recommendation.id),
        ),
        TEAMS: _rows(session, select(Team.slug, Team.name, Team.service).order_by(Team.id)),
        LINKS: _links(session),
    }
    return {sheet: (SHEETS[sheet].columns, rows[sheet]) for sheet in SHEETS}


def _example(sheet: str, column: str) -> str | int:
    """The example's cell, a number written as one, as the exported plan writes it."""
    value = EXAMPLE[sheet][column]
    return int(value) if column == "number" else value


READ_ME = "read me"  # the template's first sheet, which an import passes over


def plan_template() -> Sheets:
    """The empty workbook to fill in: first a sheet saying what each column holds, then each
    sheet's columns and its worked example row."""
    read_me = [
        [sheet, column, "yes" if column in SHEETS[sheet].required else "no", meaning]
        for sheet, meanings in MEANINGS.items()
        for column, meaning in meanings.items()
    ]
    examples = {
        sheet: (
            SHEETS[sheet].columns,
            [[_example(sheet, column) for column in SHEETS[sheet].columns]],
        )
        for sheet in SHEETS
    }
    return {READ_ME: (("sheet", "column", "required", "what it holds"), read_me), **examples}
