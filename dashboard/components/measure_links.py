"""A measure's links as tables: its actions (with their newest progress update) and the
recommendations it evidences. No queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.badges import status_badge
from dashboard.components.data_table import data_table
from data_access.queries.links import LinkedAction, LinkedRecommendation

PRE_LINE = {"whiteSpace": "pre-line"}  # the plans' texts keep their own line breaks


def _day(when: date | None) -> str:
    return f"{when:%-d %b %Y}" if when else "No date"


def _action_cell(action: LinkedAction) -> list:
    return [
        html.A(f"Action {action.ref}", href=f"/actions/{action.ref}", className="fw-semibold"),
        html.Div(action.text, className="small", style=PRE_LINE),
        html.Div(action.plan, className="small text-muted"),
    ]


def _update_cell(action: LinkedAction) -> list | str:
    if action.update_date is None:
        return "No update recorded"
    return [
        html.Div(_day(action.update_date), className="fw-semibold small"),
        html.Div(action.update_note or "", className="small", style=PRE_LINE),
    ]


def measure_actions_table(actions: Sequence[LinkedAction], caption: str) -> dbc.Table:
    rows = [
        [
            _action_cell(action),
            status_badge(action.status, action.overdue),
            action.owner,
            _day(action.due),
            _update_cell(action),
        ]
        for action in actions
    ]
    return data_table(
        ["Action", "Status", "Owner", "Due", "Latest update"],
        rows,
        caption,
        empty="No actions are linked to this measure.",
        class_name="linked-actions align-top",
        id="linked-actions",
    )


def _inspection(recommendation: LinkedRecommendation) -> html.Span:
    year = recommendation.inspection[:4]  # inspection keys begin with their year
    return html.Span(
        f"{recommendation.inspection_kind.capitalize()} {year}",
        title=recommendation.inspection_title,
    )


def measure_recommendations_table(
    recommendations: Sequence[LinkedRecommendation], caption: str
) -> dbc.Table:
    rows = [
        [
            html.A(
                f"Recommendation {item.id}",
                href=f"/recommendations/{item.id}",
                className="fw-semibold text-nowrap",
            ),
            _inspection(item),
            item.kind.capitalize(),
            html.Span(item.text, className="small"),
        ]
        for item in recommendations
    ]
    return data_table(
        ["Recommendation", "Inspection", "Kind", "What it asks"],
        rows,
        caption,
        empty="No inspection recommendations are linked to this measure.",
        class_name="linked-recommendations align-top",
        id="linked-recommendations",
    )
