"""Writing a checked plan (data_access/importers/plan_checks.py) inside the caller's one
transaction: each row matched to what is there by its natural key (slug, ref, id), added or
updated, and left alone when it is the same, so importing the same workbook changes nothing.

Nothing is deleted: an action keeps its progress history whatever the workbook says of it, and a
plan, action or team the workbook leaves out is kept (the report lists them). The links are the
workbook's: a link it does not have is removed. A change to an action made by an import is
recorded in the change history, by whoever imported it, as a change in the app is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.edits import record_change
from data_access.importers.errors import ImportRejected, RowError
from data_access.importers.plan_checks import CheckedPlan
from data_access.importers.plan_sheets import (
    ACTIONS,
    INSPECTIONS,
    LINK_KINDS,
    LINK_TABLES,
    LINKS,
    PLANS,
    PRIORITIES,
    RECOMMENDATIONS,
    SHEETS,
    TEAMS,
)
from data_access.models import (
    Action,
    ActionUpdate,
    Indicator,
    Inspection,
    Plan,
    Priority,
    Recommendation,
    Team,
    Theme,
)
from data_access.queries.changes import ACTION

PLAN_IMPORT = "plan import"  # the record a change to an action by an import is kept as
# What an action's change history says of it, in the workbook's words.
ACTION_FIELDS = ("plan", "priority", "text", "owner", "due", "revised_due", "status", "source")
CHANGED_MEANWHILE = (
    "progress was recorded on this action while the plan was being imported; import it again"
)
KEPT_SHOWN = 10  # keys named of the things kept, per sheet


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def __str__(self) -> str:
        removed = f", {self.removed:,} removed" if self.removed else ""
        return (
            f"{self.added:,} added, {self.updated:,} updated{removed}, {self.unchanged:,} unchanged"
        )


@dataclass(frozen=True)
class PlanReport:
    """What an import did, sheet by sheet; what the dashboard keeps that the workbook left out
    (sheet -> keys); and warnings: what was imported otherwise than the workbook says."""

    tallies: dict[str, Tally]
    kept: dict[str, list[str]] = field(default_factory=dict)
    warnings: tuple[RowError, ...] = ()

    @property
    def rows(self) -> int:
        return sum(t.added + t.updated + t.unchanged for t in self.tallies.values())

    def total(self, name: str) -> int:
        return sum(getattr(tally, name) for tally in self.tallies.values())

    def lines(self) -> list[str]:
        """A line for each sheet, then one for each sheet with things kept."""
        lines = [f"{sheet}: {tally}" for sheet, tally in self.tallies.items()]
        for sheet, keys in self.kept.items():
            named = ", ".join(keys[:KEPT_SHOWN])
            more = f" and {len(keys) - KEPT_SHOWN:,} more" if len(keys) > KEPT_SHOWN else ""
            lines.append(f"Kept, though the workbook does not have them: {sheet} {named}{more}")
        return lines

    def __str__(self) -> str:
        text = f"Imported the plan workbook: {self.rows:,} row(s).\n"
        text += "\n".join(f"  {line}" for line in self.lines())
        if self.warnings:
            text += f"\n{len(self.warnings):,} warning(s), imported all the same: please check"
            text += "".join(f"\n  {warning}" for warning in self.warnings)
        return text


def upsert_rows(
    session: Session, model, key: str | tuple[str, ...], rows: Iterable[dict], tally: Tally
) -> dict:
    """Each of `rows` (dicts of values) as the row of `model` whose `key` (a column, or
    columns) matches, updated where it differs, or a new one; every row of the model by key.
    The rows there already are read in one query, not one each."""
    names = (key,) if isinstance(key, str) else key

    def key_of(values) -> object:
        found = tuple(
            values[name] if isinstance(values, dict) else getattr(values, name) for name in names
        )
        return found[0] if isinstance(key, str) else found

    existing = {key_of(row): row for row in session.scalars(select(model))}
    for values in rows:
        row = existing.get(key_of(values))
        if row is None:
            existing[key_of(values)] = row = model(**values)
            session.add(row)
            tally.added += 1
            continue
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        for name, value in changed.items():
            setattr(row, name, value)
        if changed:
            tally.updated += 1
        else:
            tally.unchanged += 1
    return existing


def _ids(session: Session, column, id_column) -> dict:
    return dict(session.execute(select(column, id_column)).all())


def _words(values: dict) -> dict:
    """Values as the change history keeps them (JSON): dates as YYYY-MM-DD."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


class _Writer:
    def __init__(self, session: Session, checked: CheckedPlan, by: str | None):
        self.session, self.checked, self.by = session, checked, by
        self.tallies = {sheet: Tally() for sheet in SHEETS}
        self.warnings: list[RowError] = []
        self.moved = False  # whether an action is now in another place in its list

    def plans_and_priorities(self) -> None:
        upsert_rows(self.session, Plan, "slug", self.checked.values(PLANS), self.tallies[PLANS])
        self.session.flush()
        plans = _ids(self.session, Plan.slug, Plan.id)
        themes = _ids(self.session, Theme.slug, Theme.id)
        rows = [
            {
                "plan_id": plans[values["plan"]],
                "code": values["code"],
                "title": values["title"],
                "theme_id": themes.get(values["theme"]),
            }
            for values in self.checked.values(PRIORITIES)
        ]
        upsert_rows(self.session, Priority, ("plan_id", "code"), rows, self.tallies[PRIORITIES])
        self.session.flush()

    def actions(self) -> None:
        session, tally = self.session, self.tallies[ACTIONS]
        plans = _ids(session, Plan.slug, Plan.id)
        plan_slugs = {id_: slug for slug, id_ in plans.items()}
        priorities = {
            (plan_id, code): id_
            for id_, plan_id, code in session.execute(
                select(Priority.id, Priority.plan_id, Priority.code)
            )
        }
        codes = {id_: code for (_plan, code), id_ in priorities.items()}
        existing = {action.ref: action for action in session.scalars(select(Action))}
        with_history = set(session.scalars(select(ActionUpdate.action_id).distinct()))
        for order, (row, values) in enumerate(self.checked.sheets[ACTIONS]):
            plan_id = plans[values["plan"]]
            wanted = {**values, "plan_id": plan_id}
            wanted["priority_id"] = priorities[(plan_id, values["priority"])]
            action = existing.get(values["ref"])
            if action is None:
                columns = {k: v for k, v in wanted.items() if k not in ("plan", "priority")}
                session.add(Action(**columns, sort_order=order, version=1))
                self._history(values["ref"], 1, {}, {k: values[k] for k in ACTION_FIELDS})
                tally.added += 1
                continue
            if action.id in with_history and action.status != values["status"]:
                self.warnings.append(
                    RowError(
                        row.line,
                        "status",
                        f"kept as '{action.status}', as the action's progress updates say, not "
                        f"'{values['status']}': record progress on the action's page to change it",
                        row.sheet,
                    )
                )
                values = {**values, "status": action.status}
            now = {
                **{name: getattr(action, name) for name in ACTION_FIELDS[2:]},
                "plan": plan_slugs[action.plan_id],
                "priority": codes[action.priority_id],
            }
            changed = [name for name in ACTION_FIELDS if now[name] != values[name]]
            if action.sort_order != order:
                action.sort_order, self.moved = order, True
            if not changed:
                tally.unchanged += 1
                continue
            version = action.version + 1
            # Only if no progress was recorded on it since it was read: else that would be lost.
            written = session.execute(
                update(Action)
                .where(Action.id == action.id, Action.version == action.version)
                .values(
                    **{name: values[name] for name in ACTION_FIELDS[2:]},
                    plan_id=plan_id,
                    priority_id=wanted["priority_id"],
                    version=version,
                )
            )
            if written.rowcount != 1:
                raise ImportRejected([RowError(row.line, "ref", CHANGED_MEANWHILE, row.sheet)])
            self._history(
                action.ref,
                version,
                {name: now[name] for name in changed},
                {name: values[name] for name in changed},
            )
            tally.updated += 1
        session.flush()

    def _history(self, ref: str, version: int, old: dict, new: dict) -> None:
        if self.by is not None:
            record_change(
                self.session, ACTION, ref, PLAN_IMPORT, version, self.by, _words(old), _words(new)
            )

    def inspections_and_teams(self) -> None:
        session = self.session
        rows = self.checked.values(INSPECTIONS)
        upsert_rows(session, Inspection, "key", rows, self.tallies[INSPECTIONS])
        session.flush()
        inspections = _ids(session, Inspection.key, Inspection.id)
        rows = [
            {
                **{k: v for k, v in values.items() if k != "inspection"},
                "inspection_id": inspections[values["inspection"]],
            }
            for values in self.checked.values(RECOMMENDATIONS)
        ]
        upsert_rows(session, Recommendation, "key", rows, self.tallies[RECOMMENDATIONS])
        upsert_rows(session, Team, "slug", self.checked.values(TEAMS), self.tallies[TEAMS])
        session.flush()

    def links(self) -> None:
        session, tally = self.session, self.tallies[LINKS]
        ids = {
            "indicator_ref": _ids(session, Indicator.ref, Indicator.id),
            "action_ref": _ids(session, Action.ref, Action.id),
            "recommendation_id": _ids(session, Recommendation.key, Recommendation.id),
            "team_slug": _ids(session, Team.slug, Team.id),
        }
        wanted: dict[str, dict[tuple[int, int], str]] = {kind: {} for kind in LINK_KINDS}
        for values in self.checked.values(LINKS):
            kind = LINK_KINDS[values["link"]]
            pair = (ids[kind.first][values["first"]], ids[kind.second][values["second"]])
            wanted[values["link"]][pair] = values["basis"]
        for name, kind in LINK_KINDS.items():
            table, first_column, second_column = LINK_TABLES[name]
            first, second = table.c[first_column], table.c[second_column]
            basis = table.c.get("basis")
            there = {
                (a, b): (rest[0] if rest else "")
                for a, b, *rest in session.execute(
                    select(first, second, *([basis] if basis is not None else []))
                )
            }
            gone = [{"a": a, "b": b} for a, b in there.keys() - wanted[name].keys()]
            new = [
                {first.name: a, second.name: b, **({"basis": text} if kind.has_basis else {})}
                for (a, b), text in wanted[name].items()
                if (a, b) not in there
            ]
            changed = [
                {"a": a, "b": b, "text": text}
                for (a, b), text in wanted[name].items()
                if (a, b) in there and there[(a, b)] != text
            ]
            same = first == bindparam("a"), second == bindparam("b")
            connection = session.connection()
            if gone:
                connection.execute(delete(table).where(*same), gone)
            if new:
                connection.execute(insert(table), new)
            if changed:
                connection.execute(
                    update(table).where(*same).values(basis=bindparam("text")), changed
                )
            tally.added += len(new)
            tally.updated += len(changed)
            tally.removed += len(gone)
            tally.unchanged += len(wanted[name]) - len(new) - len(changed)

    def kept(self) -> dict[str, list[str]]:
        """What the dashboard holds that the workbook does not have, by sheet."""
        session = self.session
        wanted = {
            PLANS: {v["slug"] for v in self.checked.values(PLANS)},
            ACTIONS: {v["ref"] for v in self.checked.values(ACTIONS)},
            INSPECTIONS: {v["key"] for v in self.checked.values(INSPECTIONS)},
            RECOMMENDATIONS: {v["key"] for v in self.checked.values(RECOMMENDATIONS)},
            TEAMS: {v["slug"] for v in self.checked.values(TEAMS)},
        }
        there = {
            PLANS: session.scalars(select(Plan.slug).order_by(Plan.id)),
            ACTIONS: session.scalars(select(Action.ref).order_by(Action.sort_order, Action.id)),
            INSPECTIONS: session.scalars(select(Inspection.key).order_by(Inspection.id)),
            RECOMMENDATIONS: session.scalars(
                select(Recommendation.key).order_by(Recommendation.id)
            ),
            TEAMS: session.scalars(select(Team.slug).order_by(Team.id)),
        }
        kept = {sheet: [key for key in there[sheet] if key not in wanted[sheet]] for sheet in there}
        return {sheet: keys for sheet, keys in kept.items() if keys}


def write_plan(session: Session, checked: CheckedPlan, by: str | None) -> PlanReport:
    """Write a checked plan; what was done. `by` is who imported it, for the change history of
    the actions it changes; None for the sample data, whose loading is not a change."""
    writer = _Writer(session, checked, by)
    writer.plans_and_priorities()
    writer.actions()
    writer.inspections_and_teams()
    writer.links()
    report = PlanReport(writer.tallies, writer.kept(), tuple(writer.warnings))
    if writer.moved or any(tally.changed for tally in report.tallies.values()):
        data_version.bump(session)
    return report
