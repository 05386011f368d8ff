"""What several of the pack's pages word alike: an action's row, and a count of red measures."""

from __future__ import annotations

from dashboard.components.badges import STATUS_STYLES
from dashboard.components.linked_items import date_text
from data_access.queries.plans import ListedAction


def counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def red_words(red: int, not_current: int) -> str:
    """'7 red, of which 2 are more than a year old': a red count, and how many of them rest
    on a newest figure more than a year older than the reporting date."""
    if not not_current:
        return f"{red} red"
    verb = "is" if not_current == 1 else "are"
    return f"{red} red, of which {not_current} {verb} more than a year old"


def action_row(action: ListedAction) -> dict:
    """An action as the pack's tables show it: ref, text, plan, owner, due date and status."""
    icon, word, css = STATUS_STYLES.get(action.status, ("?", action.status, "status-not-started"))
    return {
        "ref": action.ref,
        "text": action.text,
        "plan": action.plan,
        "owner": action.owner,
        "due": date_text(action.due)
        + (f", moved to {date_text(action.revised_due)}" if action.revised_due else ""),
        "status_icon": icon,
        "status_word": word,
        "status_class": css,
        "overdue": action.overdue,
    }
