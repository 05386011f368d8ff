"""One Ofsted recommendation, verbatim, and whether it is being met: its actions and measures."""

from __future__ import annotations

import dash
from dash import html

from dashboard import database
from dashboard.action_progress import rollup_sentence
from dashboard.components.badges import ratings_rollup, verdict_badge
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import (
    first_upper,
    inspection_when,
    linked_actions_table,
    linked_measures_table,
    measure_rating,
)
from dashboard.components.not_found import not_found
from dashboard.page_cache import kept
from dashboard.recommendation_status import HOW_WE_JUDGE, judge
from dashboard.shell import reads_database
from data_access.queries.recommendations import RecommendationDetail, recommendation_detail


def title(rec_id: str | None = None, **_path) -> str:
    return f"Recommendation {rec_id}" if rec_id else "Recommendation"


dash.register_page(
    __name__, path_template="/recommendations/<rec_id>", title=title, name="Recommendation"
)


def _facts(detail: RecommendationDetail) -> html.Dl:
    summary = detail.summary
    facts = [
        ("Inspection", summary.inspection.title),
        ("When", first_upper(inspection_when(summary.inspection))),
        ("Kind", summary.kind.capitalize()),
    ]
    items = []
    for term, description in facts:
        items += [html.Dt(term, className="col-sm-3"), html.Dd(description, className="col-sm-9")]
    return html.Dl(items, className="row")


def _being_met(detail: RecommendationDetail) -> html.Section:
    key = detail.summary.id
    rags = [measure_rating(measure)[2].rag for measure in detail.measures]
    verdict = judge(detail.summary.rollup, rags)
    page = f"/recommendations/{key}"
    actions = (
        [
            linked_actions_table(
                detail.actions,
                f"Actions that answer recommendation {key}",
                table_id="recommendation-actions",
            ),
            download_links(
                page, "recommendation-actions", f"actions that answer recommendation {key}"
            ),
        ]
        if detail.actions
        else [html.P("No actions are linked to this recommendation yet.")]
    )
    measures = (
        [
            linked_measures_table(
                detail.measures,
                f"Measures that evidence recommendation {key}, with their latest rating",
                table_id="recommendation-measures",
            ),
            download_links(
                page, "recommendation-measures", f"measures that evidence recommendation {key}"
            ),
        ]
        if detail.measures
        else [html.P("No measures are linked to this recommendation yet.")]
    )
    return html.Section(
        [
            html.H2("Is this being met?", id="being-met", className="h4 mt-4"),
            html.P(
                [verdict_badge(verdict), " ", verdict.reason],
                className="verdict-line",
                id="recommendation-verdict",
            ),
            html.Ul(
                [
                    html.Li(rollup_sentence(detail.summary.rollup)),
                    html.Li(ratings_rollup(rags, show_sentence=True)),
                ],
                className="rollup",
            ),
            html.Details(
                [html.Summary("How we judge this"), html.P(HOW_WE_JUDGE, className="mt-2")],
                className="how-we-judge small",
            ),
            html.H3("Actions", className="h5 mt-3"),
            *actions,
            html.H3("Measures", className="h5 mt-3"),
            *measures,
        ],
        **{"aria-labelledby": "being-met"},
    )


@reads_database
@kept
def layout(rec_id: str | None = None, **_query) -> html.Div:
    if rec_id is None:
        return not_found("Recommendation not found", "No recommendation was given.")
    with database.session() as db:
        detail = recommendation_detail(db, rec_id)
    if detail is None:
        return not_found(
            "Recommendation not found",
            f"There is no recommendation “{rec_id}”. Recommendations are numbered by the "
            "year of their inspection, such as 2016-3.",
        )
    return html.Div(
        [
            html.P(html.A("← All recommendations", href="/recommendations"), className="mb-2"),
            html.H1(f"Recommendation {detail.summary.id}"),
            html.Blockquote(html.P(detail.summary.text, className="lead"), className="blockquote"),
            _facts(detail),
            _being_met(detail),
        ]
    )
