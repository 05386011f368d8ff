"""Ofsted's recommendations by inspection, each with how far its actions have got, how its
measures are rated, and an at-a-glance answer to "is this being met?"."""

from __future__ import annotations

from typing import NamedTuple

import dash
from dash import html

from dashboard import configured, database
from dashboard.action_progress import rollup_sentence
from dashboard.components.badges import ratings_rollup, verdict_badge
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import inspection_when, measure_rating
from dashboard.page_cache import kept
from dashboard.recommendation_status import HOW_WE_JUDGE, Verdict, judge, verdicts_sentence
from dashboard.shell import reads_database
from data_access.queries.recommendations import (
    RecommendationSummary,
    recommendations_by_inspection,
)

dash.register_page(
    __name__, path="/recommendations", title="Ofsted recommendations", name="Recommendations"
)


class Judged(NamedTuple):
    recommendation: RecommendationSummary
    rags: list[str | None]  # its measures' ratings on the authority's latest figure
    verdict: Verdict


def _judged(rec: RecommendationSummary) -> Judged:
    rags = [measure_rating(measure)[2].rag for measure in rec.measures]
    return Judged(rec, rags, judge(rec.rollup, rags))


def _row(item: Judged) -> list:
    rec = item.recommendation
    return [
        html.Td(
            [
                html.A(f"Recommendation {rec.id}", href=f"/recommendations/{rec.id}"),
                html.Div(rec.kind.capitalize(), className="small text-muted"),
            ],
            className="text-nowrap",
        ),
        html.Td(rec.text),
        html.Td(
            [verdict_badge(item.verdict), html.Div(item.verdict.reason, className="small")],
            className="verdict-cell",
        ),
        html.Td(rollup_sentence(rec.rollup), className="rollup-cell"),
        html.Td(ratings_rollup(item.rags), className="rollup-cell"),
    ]


def _inspection_section(items: list[Judged]) -> html.Section:
    inspection = items[0].recommendation.inspection
    heading_id = f"inspection-{inspection.key}"
    return html.Section(
        [
            html.H2(
                f"{inspection.title} — {inspection_when(inspection)}",
                id=heading_id,
                className="h4 mt-5",
            ),
            html.P(
                verdicts_sentence([item.verdict.key for item in items]) + ".",
                className="fw-semibold",
                id=f"verdicts-{inspection.key}",
            ),
            data_table(
                [
                    "Recommendation",
                    "What Ofsted asked for",
                    "Is it being met?",
                    "Actions",
                    "Measures",
                ],
                [_row(item) for item in items],
                f"{len(items)} recommendations from the {inspection.kind}: whether each is "
                "being met, its actions' status and its measures' latest ratings",
                table_id=f"recommendations-{inspection.key}",
                class_name="stacking-table",
            ),
            download_links(
                "/recommendations",
                f"recommendations-{inspection.key}",
                f"recommendations from the {inspection.title}",
            ),
        ],
        **{"aria-labelledby": heading_id},
    )


def _how_we_judge() -> html.Section:
    return html.Section(
        [
            html.H2("How we judge this", id="how-we-judge", className="h5"),
            html.P(HOW_WE_JUDGE, className="mb-0"),
        ],
        className="how-we-judge",
        **{"aria-labelledby": "how-we-judge"},
    )


@reads_database
@kept
def layout(**_query) -> html.Div:
    with database.session() as db:
        recommendations = recommendations_by_inspection(db)
    judged = [_judged(rec) for rec in recommendations]
    by_inspection: dict[str, list[Judged]] = {}
    for item in judged:
        by_inspection.setdefault(item.recommendation.inspection.key, []).append(item)
    return html.Div(
        [
            html.H1("Ofsted recommendations"),
            html.P(
                f"What each inspection and visit asked {configured.authority().name} to do, in "
                "Ofsted's words, with "
                "how far the actions that answer it have got and how the measures that evidence "
                "it are rated. Open a recommendation to see its actions and measures.",
                className="lead",
            ),
            html.P(
                html.Strong(
                    f"All inspections: {verdicts_sentence([i.verdict.key for i in judged])}."
                )
            )
            if judged
            else html.P("No recommendations are loaded yet."),
            _how_we_judge(),
            *[_inspection_section(items) for items in by_inspection.values()],
        ]
    )
