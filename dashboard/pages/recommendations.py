"""Ofsted's recommendations by inspection, each with how far its actions have got."""

from __future__ import annotations

import dash
from dash import html

from dashboard import database
from dashboard.action_progress import rollup_sentence
from dashboard.components.linked_items import captioned_table, inspection_when
from dashboard.shell import reads_database
from data_access.queries.recommendations import (
    RecommendationSummary,
    recommendations_by_inspection,
)

dash.register_page(
    __name__, path="/recommendations", title="Ofsted recommendations", name="Recommendations"
)


def _inspection_section(recommendations: list[RecommendationSummary]) -> html.Section:
    inspection = recommendations[0].inspection
    heading = f"{inspection.title} — {inspection_when(inspection)}"
    rows = [
        html.Tr(
            [
                html.Td(
                    html.A(f"Recommendation {rec.id}", href=f"/recommendations/{rec.id}"),
                    className="text-nowrap",
                ),
                html.Td(rec.kind.capitalize()),
                html.Td(rec.text),
                html.Td(rollup_sentence(rec.rollup), style={"minWidth": "11rem"}),
            ]
        )
        for rec in recommendations
    ]
    return html.Section(
        [
            html.H2(heading, className="h4 mt-5"),
            captioned_table(
                f"{len(recommendations)} recommendations from the {inspection.kind}, with the "
                "status of the actions that answer them",
                ["Recommendation", "Kind", "What Ofsted asked for", "Actions"],
                rows,
            ),
        ],
        **{"aria-label": inspection.title},
    )


@reads_database
def layout(**_query) -> html.Div:
    with database.session() as db:
        recommendations = recommendations_by_inspection(db)
    by_inspection: dict[str, list[RecommendationSummary]] = {}
    for rec in recommendations:
        by_inspection.setdefault(rec.inspection.key, []).append(rec)
    return html.Div(
        [
            html.H1("Ofsted recommendations"),
            html.P(
                "What each inspection and visit asked Tameside to do, in Ofsted's words, with "
                "how far the actions that answer it have got. Open a recommendation to see "
                "its actions and the measures that show whether it is being met.",
                className="lead",
            ),
            *[_inspection_section(members) for members in by_inspection.values()],
        ]
    )
