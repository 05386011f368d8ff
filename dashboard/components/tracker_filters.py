"""The action tracker's filters: the form of labelled controls, and the same choices read from
and written to the page's address, so that a filtered view can be shared and bookmarked.

Values the address gives that no control offers are ignored. No queries here.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html

from dashboard.action_progress import BRAG_ORDER
from data_access.queries.action_tracker import TrackerChoices, TrackerFilter

PLAN, THEME, OWNER, STATUS, OVERDUE = (
    "actions-plan",
    "actions-theme",
    "actions-owner",
    "actions-status",
    "actions-overdue",
)
ALL = "all"
NO_STATUS = "none"  # in the address: every status box unticked
OVERDUE_ONLY = "overdue"
STATUS_LABELS = {
    "red": "Red: off track",
    "amber": "Amber: at risk",
    "green": "Green: on track",
    "blue": "Blue: complete",
    "not_started": "Not started",
}
YES = ("1", "true", "yes", "on", OVERDUE_ONLY)


def _one(value) -> str:
    """One value from the address: Dash gives a list when a name is repeated; keep the last."""
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _statuses(status: str) -> tuple[str, ...] | None:
    """'red,amber' -> ('red', 'amber'); None (every status) when nothing known is named."""
    named = {value.strip().replace("-", "_") for value in status.split(",")}
    if named == {NO_STATUS}:
        return ()
    known = tuple(value for value in BRAG_ORDER if value in named)
    return known if known and len(known) < len(BRAG_ORDER) else None


def chosen_filter(
    choices: TrackerChoices, plan=None, theme=None, owner=None, status=None, overdue=None
) -> TrackerFilter:
    """The filter the address asks for, keeping only values the controls offer.

    `theme` is an improvement theme's slug, or a priority code of the chosen plan (P4).
    """
    plan, theme, owner = _one(plan), _one(theme), _one(owner)
    plan = plan if plan in {choice.value for choice in choices.plans} else None
    priorities = {choice.value for choice in choices.priorities} if plan else set()
    return TrackerFilter(
        plan=plan,
        theme=theme if theme in {row.slug for row in choices.themes} else None,
        priority=theme if theme in priorities else None,
        owner=owner if owner in choices.owners else None,
        statuses=_statuses(_one(status)),
        overdue_only=_one(overdue).lower() in YES,
    )


def filter_from_controls(
    choices: TrackerChoices,
    plan: str | None,
    theme: str | None,
    owner: str | None,
    statuses: list[str] | None,
    overdue: list[str] | None,
) -> TrackerFilter:
    """The filter the controls show, read by the same rules as the address."""
    return chosen_filter(
        choices,
        plan,
        theme,
        owner,
        ",".join(statuses or []) or NO_STATUS,
        "1" if overdue else "",
    )


def address_query(chosen: TrackerFilter) -> str:
    """The query string that opens this filtered view: '?plan=...&status=red,amber', or ''."""
    pairs = {
        "plan": chosen.plan,
        "theme": chosen.priority or chosen.theme,
        "owner": chosen.owner,
        "status": None if chosen.statuses is None else ",".join(chosen.statuses) or NO_STATUS,
        "overdue": "1" if chosen.overdue_only else None,
    }
    query = urlencode({name: value for name, value in pairs.items() if value}, safe=",")
    return f"?{query}" if query else ""


def _shortened(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def theme_options(choices: TrackerChoices) -> list[dict]:
    """The six themes (across plans), then the chosen plan's own priorities, if it has any."""
    everything = "All themes and priorities" if choices.priorities else "All themes"
    return (
        [{"label": everything, "value": ALL}]
        + [
            {"label": f"Theme {row.letter}: {row.name}", "value": row.slug}
            for row in choices.themes
        ]
        + [
            {
                "label": f"Priority {choice.value}: {_shortened(choice.label)}",
                "value": choice.value,
                "title": choice.label,
            }
            for choice in choices.priorities
        ]
    )


def _select(control_id: str, label: str, options: list[dict], value: str) -> dbc.Col:
    return dbc.Col(
        [
            html.Label(label, htmlFor=control_id, className="fw-semibold mb-1"),
            dbc.Select(id=control_id, options=options, value=value),
        ],
        md=4,
        className="mb-2",
    )


def filter_form(choices: TrackerChoices, chosen: TrackerFilter) -> html.Form:
    """Plan, theme or priority, owner, status and 'overdue only', set to `chosen`."""
    plans = [{"label": "All plans", "value": ALL}] + [
        {"label": choice.label, "value": choice.value} for choice in choices.plans
    ]
    owners = [{"label": "All owners", "value": ALL}] + [
        {"label": owner, "value": owner} for owner in choices.owners
    ]
    statuses = list(BRAG_ORDER if chosen.statuses is None else chosen.statuses)
    return html.Form(
        [
            dbc.Row(
                [
                    _select(PLAN, "Plan", plans, chosen.plan or ALL),
                    _select(
                        THEME,
                        "Theme or priority",
                        theme_options(choices),
                        chosen.priority or chosen.theme or ALL,
                    ),
                    _select(OWNER, "Owner", owners, chosen.owner or ALL),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        html.Fieldset(
                            [
                                html.Legend("Status"),
                                dbc.Checklist(
                                    id=STATUS,
                                    options=[
                                        {"label": STATUS_LABELS[status], "value": status}
                                        for status in BRAG_ORDER
                                    ],
                                    value=statuses,
                                    inline=True,
                                ),
                            ]
                        ),
                        md=8,
                    ),
                    dbc.Col(
                        html.Fieldset(
                            [
                                html.Legend("Due date"),
                                dbc.Checklist(
                                    id=OVERDUE,
                                    options=[{"label": "Overdue only", "value": OVERDUE_ONLY}],
                                    value=[OVERDUE_ONLY] if chosen.overdue_only else [],
                                ),
                            ]
                        ),
                        md=4,
                    ),
                ],
                className="mt-1",
            ),
            html.A("Clear the filters", href="/actions", className="small"),
        ],
        id="actions-filters",
        tabIndex="-1",
        className="scorecard-filters",
        role="search",
        **{"aria-label": "Filter the actions"},
    )
