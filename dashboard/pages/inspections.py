"""Inspection history: judgements by area, 2016 beside 2019, and every inspection and visit."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import configured, database
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import date_text, first_upper, inspection_when
from dashboard.page_cache import kept
from dashboard.shell import reads_database
from data_access.queries.inspections import (
    InspectionJudgements,
    JudgementRow,
    TimelineEntry,
    inspection_timeline,
    judgements_by_inspection,
)

PATH = "/inspections"
dash.register_page(__name__, path=PATH, title="Inspection history", name="Inspections")

# Areas the 2016 (SIF) and 2019 (ILACS) frameworks both judge, under different names: a row's
# label, and words that mark an area as belonging to it. Other areas get rows of their own.
PAIRED_AREAS = [
    ("Overall effectiveness", ("overall effectiveness",)),
    ("Children who need help and protection", ("help and protection",)),
    ("Children in care and care leavers", ("looked after", "in care", "care leavers")),
    ("Leadership and management", ("leader",)),
]

# A grade's icon and badge style, by how it begins; the grade's own words are always shown.
GRADE_STYLES = [
    ("outstanding", "★", "rag-green"),
    ("good", "✓", "rag-green"),
    ("requires improvement", "!", "rag-amber"),
    ("inadequate", "✕", "rag-red"),
]


def grade_badge(grade: str) -> html.Span:
    """An Ofsted grade in its own words with an icon, so colour never carries it alone."""
    icon, css = "–", "rag-none"
    for start, style_icon, style_css in GRADE_STYLES:
        if grade.lower().startswith(start):
            icon, css = style_icon, style_css
            break
    return html.Span(
        [html.Span(icon, className="badge-icon", **{"aria-hidden": "true"}), " ", grade],
        className=f"rag-badge {css}",
    )


def _row_label(area: str) -> str:
    lowered = area.lower()
    for label, words in PAIRED_AREAS:
        if any(word in lowered for word in words):
            return label
    return area


def _judgement_rows(
    inspections: list[InspectionJudgements],
) -> list[tuple[str, dict[str, list[JudgementRow]]]]:
    """Rows of the side-by-side table: the paired areas first, then the others as found."""
    rows: dict[str, dict[str, list[JudgementRow]]] = {label: {} for label, _ in PAIRED_AREAS}
    for inspection in inspections:
        for judgement in inspection.judgements:
            cells = rows.setdefault(_row_label(judgement.area), {})
            cells.setdefault(inspection.inspection.key, []).append(judgement)
    return [(label, cells) for label, cells in rows.items() if cells]


def _judgement_cell(label: str, judgements: list[JudgementRow]) -> html.Td:
    if not judgements:
        return html.Td(html.Span("Not judged", className="text-muted"))
    parts = []
    for judgement in judgements:
        content = [grade_badge(judgement.grade)]
        if judgement.area.lower() != label.lower():
            content.append(html.Div(f"Judged as: {judgement.area}", className="small text-muted"))
        parts.append(html.Div(content, className="mb-1"))
    return html.Td(parts)


def judgements_table(inspections: list[InspectionJudgements]) -> dbc.Table:
    years = [item.inspection.key for item in inspections]
    rows = [
        [
            html.Th(label, scope="row"),
            *[_judgement_cell(label, cells.get(key, [])) for key in years],
        ]
        for label, cells in _judgement_rows(inspections)
    ]
    compared = " beside the ".join(f"{key} inspection" for key in years)
    return data_table(
        ["Area", *[f"{key} inspection" for key in years]],
        rows,
        f"Ofsted's judgements by area: the {compared}. The two inspection frameworks name "
        "their areas differently; areas that correspond share a row, with each inspection's "
        "own name for the area beneath its grade.",
        table_id="judgements",
    )


def _recommendations_cell(entry: TimelineEntry) -> html.Td:
    if entry.inspection is None:
        return html.Td(html.Span("Not applicable", className="text-muted"), className="text-end")
    if not entry.recommendations:
        return html.Td("None", className="text-end")
    noun = "recommendation" if entry.recommendations == 1 else "recommendations"
    return html.Td(
        html.A(f"{entry.recommendations} {noun}", href="/recommendations"),
        className="text-end text-nowrap",
    )


def _timeline_row(entry: TimelineEntry) -> list:
    if entry.inspection is not None:
        when = inspection_when(entry.inspection)
    else:
        when = date_text(entry.sort_date)
    what = [entry.title]
    if entry.description:
        what.append(html.Div(entry.description, className="small text-muted"))
    overall = (
        grade_badge(entry.overall)
        if entry.overall
        else html.Span("No overall judgement", className="text-muted")
    )
    return [
        html.Td(when, style={"minWidth": "9rem"}),
        html.Td(first_upper(entry.kind), className="text-nowrap"),
        html.Td(what),
        html.Td(overall),
        _recommendations_cell(entry),
    ]


def timeline_table(entries: list[TimelineEntry]) -> dbc.Table:
    return data_table(
        ["When", "Kind", "What", "Overall judgement", "Recommendations"],
        [_timeline_row(entry) for entry in entries],
        "Every Ofsted inspection and visit, with the Department for Education's intervention "
        "and Improvement Notice, oldest first",
        numbers=["Recommendations"],
        table_id="timeline",
    )


@reads_database
@kept
def layout(**_query) -> html.Div:
    with database.session() as db:
        inspections = judgements_by_inspection(db)
        timeline = inspection_timeline(db)
    return html.Div(
        [
            html.H1("Inspection history"),
            html.P(
                f"How Ofsted judged {configured.authority().possessive} services for children at "
                "its full inspections, and the monitoring and focused visits in between. Grades "
                "are shown in Ofsted's own words.",
                className="lead",
            ),
            html.Section(
                [
                    html.H2("Judgements by area", className="h4 mt-4"),
                    judgements_table(inspections),
                    download_links(PATH, "judgements", "Ofsted's judgements by area"),
                ],
                **{"aria-label": "Judgements by area"},
            ),
            html.Section(
                [
                    html.H2("Inspections, visits and intervention", className="h4 mt-5"),
                    timeline_table(timeline),
                    download_links(PATH, "timeline", "inspections, visits and intervention"),
                ],
                **{"aria-label": "Inspections, visits and intervention"},
            ),
        ]
    )
