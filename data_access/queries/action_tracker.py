"""The action tracker: actions filtered by plan, theme or priority, owner, status and
overdue; their BRAG counts by plan and by theme; and the 2022/23 plan's "We said / We did".

Filters, counts and whether an action is overdue are all decided in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from data_access.models import (
    Action,
    Plan,
    Priority,
    Theme,
)
from data_access.queries.plans import (
    days_overdue,
    decision_date,
    is_overdue,
    most_overdue_first,
    newest_updates,
    past_due,
)
from data_access.queries.themes import ThemeRow, list_themes


@dataclass(frozen=True)
class TrackerFilter:
    """What the tracker shows; None (or False) means no filter on that part.

    `priority` is a priority code of `plan` (P4, W2) and is ignored without a plan;
    `statuses` is a tuple of BRAG statuses, empty for none at all.
    """

    plan: str | None = None
    theme: str | None = None
    priority: str | None = None
    owner: str | None = None
    statuses: tuple[str, ...] | None = None
    overdue_only: bool = False


EVERY_ACTION = TrackerFilter()


def _tracked(*columns):
    """A select of actions joined to their plan, priority and (if any) theme."""
    return (
        select(*columns)
        .select_from(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Priority, Priority.id == Action.priority_id)
        .outerjoin(Theme, Theme.id == Priority.theme_id)
    )


def tracker_conditions(chosen: TrackerFilter, on: date) -> list:
    """The SQL conditions for a tracker filter; `_tracked` provides the joins."""
    conditions = []
    if chosen.plan:
        conditions.append(Plan.slug == chosen.plan)
        if chosen.priority:
            conditions.append(Priority.code == chosen.priority)
    if chosen.theme:
        conditions.append(Theme.slug == chosen.theme)
    if chosen.owner:
        conditions.append(Action.owner == chosen.owner)
    if chosen.statuses is not None:
        conditions.append(Action.status.in_(chosen.statuses))
    if chosen.overdue_only:
        conditions.append(past_due(on))
    return conditions


@dataclass(frozen=True)
class TrackerRow:
    ref: str
    plan_slug: str
    plan_title: str
    priority_code: str
    priority_title: str
    text: str
    owner: str
    due: date | None  # as the plan set it
    revised_due: date | None  # the date it was moved to, if it was
    status: str
    days_overdue: int | None  # None: not overdue

    @property
    def overdue(self) -> bool:
        return self.days_overdue is not None


def action_tracker(
    session: Session, on: date | None = None, chosen: TrackerFilter = EVERY_ACTION
) -> list[TrackerRow]:
    """The actions the filter lets through, in their plan's order, plans oldest first; when
    only the overdue are asked for, the most days overdue first."""
    on = decision_date(session, on)
    order = (Plan.published, Action.sort_order)
    if chosen.overdue_only:
        order = (most_overdue_first(on), *order)
    rows = session.execute(
        _tracked(
            Action.ref,
            Plan.slug,
            Plan.title,
            Priority.code,
            Priority.title,
            Action.text,
            Action.owner,
            Action.due,
            Action.revised_due,
            Action.status,
            days_overdue(on),
        )
        .where(*tracker_conditions(chosen, on))
        .order_by(*order)
    )
    return [TrackerRow(*row) for row in rows]


def action_total(session: Session) -> int:
    """How many actions there are in all, whatever the filter."""
    return session.scalar(select(func.count(Action.id))) or 0


@dataclass(frozen=True)
class Choice:
    value: str  # a plan's slug, a priority's code
    label: str  # its title


@dataclass(frozen=True)
class TrackerChoices:
    """The values each tracker filter can take; priorities are those of one plan."""

    plans: list[Choice]
    themes: list[ThemeRow]
    priorities: list[Choice]
    owners: list[str]


def plan_priorities(session: Session, plan: str | None) -> list[Choice]:
    """A plan's priorities to filter by, in their order; none without a plan.

    The 2017 plan's priorities A-F are the improvement themes themselves (same letter), so they
    are offered once, as themes.
    """
    if not plan:
        return []
    rows = session.execute(
        select(Priority.code, Priority.title)
        .join(Plan, Plan.id == Priority.plan_id)
        .outerjoin(Theme, Theme.id == Priority.theme_id)
        .where(Plan.slug == plan, or_(Theme.letter.is_(None), Theme.letter != Priority.code))
        .order_by(Priority.id)
    )
    return [Choice(*row) for row in rows]


def tracker_choices(session: Session, plan: str | None = None) -> TrackerChoices:
    """The plans that have actions, the themes, the given plan's priorities and the owners'
    role titles."""
    has_actions = select(Action.id).where(Action.plan_id == Plan.id).exists()
    plans = session.execute(
        select(Plan.slug, Plan.title).where(has_actions).order_by(Plan.published)
    )
    owners = session.scalars(select(Action.owner).distinct().order_by(Action.owner))
    return TrackerChoices(
        plans=[Choice(*row) for row in plans],
        themes=list_themes(session),
        priorities=plan_priorities(session, plan),
        owners=list(owners),
    )


@dataclass(frozen=True)
class ActionCounts:
    by_status: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def action_counts(session: Session, on: date | None = None) -> ActionCounts:
    """How many actions have each BRAG status, and how many are overdue: one grouped query."""
    on = decision_date(session, on)
    rows = session.execute(
        select(
            Action.status,
            func.count(Action.id),
            func.sum(case((past_due(on), 1), else_=0)),
        ).group_by(Action.status)
    ).all()
    return ActionCounts(
        by_status={status: count for status, count, _ in rows},
        overdue=sum(int(overdue or 0) for *_, overdue in rows),
    )


@dataclass(frozen=True)
class SplitRow:
    """One row of the BRAG split: a plan or a theme, and its filtered actions' counts."""

    slug: str | None
    name: str
    counts: ActionCounts


def _split_by(
    session: Session, on: date, chosen: TrackerFilter, keys: tuple, order_by: tuple
) -> list[SplitRow]:
    """Counts by status and overdue for each value of `keys` (slug, name, ...): one query."""
    rows = session.execute(
        _tracked(
            *keys,
            Action.status,
            func.count(Action.id),
            func.sum(case((past_due(on), 1), else_=0)),
        )
        .where(*tracker_conditions(chosen, on))
        .group_by(*keys, Action.status)
        .order_by(*order_by)
    )
    by_status: dict[tuple, dict[str, int]] = {}
    overdue: dict[tuple, int] = defaultdict(int)
    for row in rows:
        key, (status, count, late) = tuple(row[:2]), row[-3:]
        by_status.setdefault(key, {})[status] = count
        overdue[key] += int(late or 0)
    return [
        SplitRow(slug, name, ActionCounts(counts, overdue[(slug, name)]))
        for (slug, name), counts in by_status.items()
    ]


def split_by_plan(
    session: Session, on: date | None = None, chosen: TrackerFilter = EVERY_ACTION
) -> list[SplitRow]:
    """The filtered actions' BRAG counts for each plan, oldest plan first."""
    on = decision_date(session, on)
    keys = (Plan.slug, Plan.title, Plan.published)
    return _split_by(session, on, chosen, keys, (Plan.published,))


def split_by_theme(
    session: Session, on: date | None = None, chosen: TrackerFilter = EVERY_ACTION
) -> list[SplitRow]:
    """The filtered actions' BRAG counts for each improvement theme, across plans, A to F;
    actions whose priority has no theme come last, with no slug."""
    on = decision_date(session, on)
    keys = (Theme.slug, Theme.name, Theme.letter)
    return _split_by(session, on, chosen, keys, (Theme.letter.is_(None), Theme.letter))


@dataclass(frozen=True)
class WeSaidWeDid:
    """An action as the plan reported it: what we said, and its newest update as what we did."""

    priority_code: str
    priority_title: str
    ref: str
    said: str
    status: str
    overdue: bool
    did: str | None
    did_on: date | None
    did_provenance: str | None
    did_source: str | None


def we_said_we_did(
    session: Session, plan: str = "improvement-plan-2022-23", on: date | None = None
) -> list[WeSaidWeDid]:
    """Each action of a plan beside its newest published update (else its newest update):
    one query."""
    on = decision_date(session, on)
    did = newest_updates(published_first=True)
    rows = session.execute(
        select(
            Priority.code,
            Priority.title,
            Action.ref,
            Action.text,
            Action.status,
            is_overdue(on),
            did.c.note,
            did.c.date,
            did.c.provenance,
            did.c.source,
        )
        .join(Plan, Plan.id == Action.plan_id)
        .join(Priority, Priority.id == Action.priority_id)
        .outerjoin(did, did.c.action_id == Action.id)
        .where(Plan.slug == plan)
        .order_by(Action.sort_order)
    )
    return [
        WeSaidWeDid(code, title, ref, said, status, bool(late), *update)
        for code, title, ref, said, status, late, *update in rows
    ]
