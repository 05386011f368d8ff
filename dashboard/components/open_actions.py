"""What is being done about a red measure: links to the actions aimed at it, and a flag, in
words and an icon, when no open action addresses it. No queries."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.action_progress import STATUS_WORDS, is_open
from dashboard.components.markup import Markup, element
from dashboard.components.static_html import read_back
from data_access.queries.links import AimedAction

NO_OPEN_ACTION = "No open action addresses this measure"


def no_open_action_html(closed: int = 0) -> Markup:
    """The flag, saying how many linked actions are complete when there are some."""
    icon = element("span", "⚠\ufe0e", class_="badge-icon", aria_hidden="true")
    words = [element("strong", NO_OPEN_ACTION)]
    if closed:
        words.append(f" ({closed} linked {'action is' if closed == 1 else 'actions are'} complete)")
    return element("div", icon, " ", *words, class_="no-open-action small")


def no_open_action(closed: int = 0):
    return read_back(no_open_action_html(closed))


def aimed_actions_html(actions: Sequence[AimedAction], heading: str) -> Markup:
    """The actions aimed at a red measure, each linked with its status; the flag when none of
    them is open."""
    if not any(is_open(action.status) for action in actions):
        return no_open_action_html(len(actions))
    items = [
        element(
            "li",
            element("a", f"Action {action.ref}", href=f"/actions/{action.ref}"),
            f" ({STATUS_WORDS.get(action.status, action.status)})",
        )
        for action in actions
    ]
    return element(
        "div",
        element("span", heading, class_="fw-bold"),
        element("ul", items, class_="list-unstyled mb-0"),
        class_="aimed-actions small",
    )


def aimed_actions(actions: Sequence[AimedAction], heading: str):
    return read_back(aimed_actions_html(actions, heading))
