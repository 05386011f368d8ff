"""The action tracker: the actions of every plan, filtered by plan, theme or priority, owner,
status and overdue (in the address too, so a view can be shared), their BRAG split by plan and
by theme, and the 2022/23 plan's "We said / We did"."""

from __future__ import annotations

from datetime import date

import dash
from dash import Input, Output, State, callback, dcc, html
from sqlalchemy.orm import Session

from dashboard import database
from dashboard.components.badges import status_badge
from dashboard.components.brag_split import brag_split_section
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import (
    DUE_HEADERS,
    PRE_LINE,
    action_link,
    date_text,
    due_cells,
)
from dashboard.components.static_html import StaticHtml
from dashboard.components.tracker_filters import (
    ALL,
    OVERDUE,
    OWNER,
    PLAN,
    STATUS,
    THEME,
    address_query,
    chosen_filter,
    filter_form,
    filter_from_controls,
    theme_options,
)
from dashboard.components.we_said_we_did import SAID_DID, SAID_DID_PLAN, we_said_we_did_section
from dashboard.page_cache import kept
from dashboard.shell import reads_database
from data_access.queries.action_tracker import (
    EVERY_ACTION,
    TrackerChoices,
    TrackerFilter,
    TrackerRow,
    action_total,
    action_tracker,
    plan_priorities,
    split_by_plan,
    split_by_theme,
    tracker_choices,
    we_said_we_did,
)
from data_access.queries.plans import decision_date
from data_access.queries.themes import list_themes

dash.register_page(__name__, path="/actions", title="Action tracker", name="Actions")

SHOWING, RESULTS, ADDRESS = "actions-showing", "actions-results", "actions-address"
HEADERS = ["Action", "Theme or priority", "What", "Owner", *DUE_HEADERS, "Status"]


def _plan_section(slug: str, title: str, actions: list[TrackerRow]) -> html.Section:
    rows = [
        [
            html.Td(cell, className=css, style=style)
            for cell, css, style in zip(
                (
                    action_link(action.ref),
                    f"{action.priority_code}. {action.priority_title}",
                    action.text,
                    action.owner,
                    *due_cells(action),
                    status_badge(action.status, action.overdue),
                ),
                ("text-nowrap", "small", "what-cell", None, None, None, "text-end", None),
                (None, None, PRE_LINE, None, None, None, None, None),
            )
        ]
        for action in actions
    ]
    noun = "action" if len(actions) == 1 else "actions"
    return html.Section(
        html.Details(
            [
                html.Summary(html.H3(title, id=f"actions-{slug}-heading", className="h5 d-inline")),
                data_table(
                    HEADERS,
                    rows,
                    f"{len(actions)} {noun} of the {title}",
                    class_name="stacking-table tracker-table",
                    table_id=f"actions-plan-{slug}",
                ),
                download_links("/actions", f"actions-plan-{slug}", f"actions of the {title}"),
            ],
            open=True,
        ),
        className="mt-4",
        **{"aria-labelledby": f"actions-{slug}-heading"},
    )


def tracker_results(db: Session, chosen: TrackerFilter, on: date | None) -> tuple[StaticHtml, str]:
    """The BRAG split and the actions the filter lets through, and 'Showing N of M actions.'"""
    on_text = f"as at {date_text(on)}" if on else "today"
    actions = action_tracker(db, on, chosen)
    plans = split_by_plan(db, on, chosen)
    themes = split_by_theme(db, on, chosen)
    total = action_total(db)
    by_plan: dict[tuple[str, str], list[TrackerRow]] = {}
    for action in actions:
        by_plan.setdefault((action.plan_slug, action.plan_title), []).append(action)
    listed = [_plan_section(slug, title, rows) for (slug, title), rows in by_plan.items()]
    if not actions:
        listed = [
            html.P(
                [
                    "No action matches these choices. ",
                    html.A(f"Show all {total:,} actions", href="/actions"),
                ]
            )
        ]
    filtered = chosen != EVERY_ACTION
    return StaticHtml(
        [
            brag_split_section(plans, themes, on_text, filtered),
            html.Section(
                [
                    html.H2("The actions", id="tracked-actions-heading", className="h4 mt-4"),
                    *listed,
                ],
                id="tracked-actions",
                tabIndex="-1",
                **{"aria-labelledby": "tracked-actions-heading"},
            ),
        ]
    ), f"Showing {len(actions):,} of {total:,} actions."


def _contents() -> html.Nav:
    links = [
        ("Filter the actions", "#actions-filters"),
        ("BRAG split", "#brag-split"),
        ("The actions", "#tracked-actions"),
        ("We said / We did (Improvement Plan 2022/23)", f"#{SAID_DID}"),
    ]
    return html.Nav(
        html.Ul(
            [html.Li(html.A(text, href=href)) for text, href in links],
            className="page-contents",
        ),
        className="in-page-index",
        **{"aria-label": "On this page"},
    )


def _plan_title(choices: TrackerChoices, slug: str) -> str:
    return next((c.label for c in choices.plans if c.value == slug), "Improvement Plan 2022/23")


@reads_database
@kept
def layout(plan=None, theme=None, owner=None, status=None, overdue=None, **_query) -> html.Div:
    with database.session() as db:
        on = decision_date(db)  # the reporting date: this page has no choice of period
        choices = tracker_choices(db, plan if isinstance(plan, str) else None)
        chosen = chosen_filter(choices, plan, theme, owner, status, overdue)
        results, showing = tracker_results(db, chosen, on)
        said_did = we_said_we_did(db, SAID_DID_PLAN, on)
    return html.Div(
        [
            dcc.Location(id=ADDRESS, refresh=False),
            html.H1("Action tracker"),
            html.P(
                "Every action of the improvement plans, its owner, its due date and its "
                "status. Filter them, see their BRAG split by plan and by theme, and read "
                "what the 2022/23 plan said it would do and what was done. Open an action "
                "for its history, and for the measures and Ofsted recommendations it is "
                "linked to.",
                className="lead",
            ),
            _contents(),
            filter_form(choices, chosen),
            html.P(showing, id=SHOWING, role="status", className="small mb-1"),
            html.Div(results, id=RESULTS),
            we_said_we_did_section(_plan_title(choices, SAID_DID_PLAN), said_did),
        ]
    )


@callback(
    Output(THEME, "options"),
    Output(THEME, "value"),
    Input(PLAN, "value"),
    State(THEME, "value"),
    prevent_initial_call=True,
)
def offer_priorities(plan: str | None, theme: str | None):
    """A chosen plan adds its own priorities to the theme choices; another plan drops them."""
    with database.session() as db:
        choices = TrackerChoices([], list_themes(db), plan_priorities(db, plan), [])
    options = theme_options(choices)
    return options, theme if theme in {option["value"] for option in options} else ALL


@callback(
    Output(RESULTS, "children"),
    Output(SHOWING, "children"),
    Output(ADDRESS, "search"),
    Input(PLAN, "value"),
    Input(THEME, "value"),
    Input(OWNER, "value"),
    Input(STATUS, "value"),
    Input(OVERDUE, "value"),
    prevent_initial_call=True,
)
@kept
def update_tracker(
    plan: str | None,
    theme: str | None,
    owner: str | None,
    statuses: list[str] | None,
    overdue: list[str] | None,
):
    """The filtered split and actions, and the address that opens this view."""
    with database.session() as db:
        choices = tracker_choices(db, plan)
        chosen = filter_from_controls(choices, plan, theme, owner, statuses, overdue)
        results, showing = tracker_results(db, chosen, decision_date(db))
    return results, showing, address_query(chosen)
