"""One measure in depth: its trend against target and comparators, its rating and why, what
it means, the latest commentary, the actions meant to move it and the recommendations it
evidences, the teams' figures, and its data to download."""

from __future__ import annotations

import logging
from urllib.parse import quote

import dash
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import database
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import linked_actions_table, linked_recommendations_table
from dashboard.components.measure_sections import (
    commentary_section,
    definition_section,
    rating_section,
    section,
)
from dashboard.components.not_found import not_found
from dashboard.components.series_tables import (
    comparators_table,
    events_table,
    series_table,
    team_breakdown_table,
)
from dashboard.components.trend_chart import (
    Line,
    event_label,
    trend_figure,
    trend_graph,
)
from dashboard.shell import reads_database
from data_access.queries import HOME_AREA
from data_access.queries.commentary import latest_commentary
from data_access.queries.events import events_between
from data_access.queries.indicators import IndicatorDetail, indicator_detail, indicator_title
from data_access.queries.links import linked_recommendations, measure_actions
from data_access.queries.observations import area_series, team_breakdown
from data_access.queries.plans import decision_date

log = logging.getLogger(__name__)

COMPARATOR_AREAS = ["E92000001", "E12000002", "SN"]  # England, North West, neighbours
CHART_ID = {"page": "indicator", "part": "trend-chart"}


def page_title(ref: str | None = None, **_path) -> str:
    """The browser tab's title: the measure's ref and title."""
    if ref is None:
        return "Measure"
    try:
        with database.session() as db:
            title = indicator_title(db, ref)
    except SQLAlchemyError:
        log.exception("The database cannot be read.")
        return "Measure"
    return f"{ref} {title} · Measure" if title else "Measure not found"


dash.register_page(__name__, path_template="/indicator/<ref>", title=page_title, name="Measure")


def _unknown(ref: str | None) -> html.Div:
    message = (
        f"There is no measure '{ref}'. Check the reference in the address, or choose a "
        "measure from the scorecard."
        if ref
        else "The address does not name a measure. Choose one from the scorecard."
    )
    return not_found("Measure not found", message)


def _trend(detail: IndicatorDetail, home: Line, comparators: list[Line], events) -> html.Section:
    summary = detail.summary
    if not home.points:
        return section("Trend", html.P("There are no figures for this measure yet."))
    compared = ", ".join(line.name for line in comparators)
    figure = trend_figure(
        title=f"{summary.ref} {summary.title}: Tameside"
        + (" and comparators" if comparators else ""),
        unit=summary.unit,
        polarity=summary.polarity,
        target=summary.target,
        tolerance=summary.tolerance,
        home=home,
        comparators=comparators,
        events=events,
    )
    caption = (
        f"Tameside's {len(home.points)} figures"
        + (f", with {compared}" if compared else "")
        + ". Diamonds mark published figures; dotted lines mark events. "
        "The same figures are in the tables below the chart."
    )
    span = f"{home.points[0].label} to {home.points[-1].label}"
    tables = [series_table(home.points, summary.unit, f"Tameside's figures, newest first ({span})")]
    if comparators:
        tables.append(comparators_table(comparators, summary.unit, f"{compared}: their figures"))
    charted = [event for event in events if event_label(event)]
    others = [event for event in events if not event_label(event)]
    return section(
        "Trend",
        trend_graph(figure, caption, CHART_ID),
        html.Details(
            [html.Summary("The figures in the chart, as tables"), *tables], className="mb-3"
        ),
        events_table(charted, f"Events drawn on the chart, {span}", charted=True),
        html.Details(
            [
                html.Summary(f"{len(others)} other events in this period"),
                events_table(others, f"Other events, {span}", charted=False),
            ],
            className="mb-3",
        )
        if others
        else None,
    )


def _downloads(ref: str, comparators: list[Line]) -> html.Section:
    base = f"/api/v1/indicators/{quote(ref, safe='')}/observations"
    items = [
        html.Li(html.A(f"Tameside's figures for measure {ref} as CSV", href=f"{base}?format=csv")),
        html.Li(
            html.A(
                f"Tameside's figures for measure {ref} as a spreadsheet (XLSX)",
                href=f"{base}?format=xlsx",
            )
        ),
    ]
    items += [
        html.Li(html.A(f"{line.name} figures as CSV", href=f"{base}?area={line.code}&format=csv"))
        for line in comparators
    ]
    return section("Download the data", html.Ul(items))


@reads_database
def layout(ref: str | None = None, **_query) -> html.Div:
    if not ref:
        return _unknown(ref)
    with database.session() as db:
        detail = indicator_detail(db, ref)
        if detail is None:
            return _unknown(ref)
        areas = {line.code: line for line in area_series(db, ref, [HOME_AREA, *COMPARATOR_AREAS])}
        dates = [figure.date for line in areas.values() for figure in line.figures]
        events = events_between(db, min(dates), max(dates)) if dates else []
        note = latest_commentary(db, ref)
        actions = measure_actions(db, ref, decision_date(db))
        recommendations = linked_recommendations(db, ref)
        teams = team_breakdown(db, ref, HOME_AREA) if detail.team_level else []

    home_series = areas.get(HOME_AREA)
    home = Line(HOME_AREA, "Tameside", home_series.figures if home_series else [])
    comparators = [
        Line(code, areas[code].name, areas[code].figures)
        for code in COMPARATOR_AREAS
        if code in areas
    ]
    summary = detail.summary
    page = f"/indicator/{ref}"
    sections = [
        rating_section(detail, [figure.value for figure in home.points]),
        _trend(detail, home, comparators, events),
        definition_section(detail),
        commentary_section(note),
        section(
            "Actions to improve it",
            linked_actions_table(
                actions,
                f"Improvement plan actions linked to measure {ref}",
                table_id="linked-actions",
                empty="No actions are linked to this measure.",
            ),
            download_links(page, "linked-actions", f"actions linked to measure {ref}"),
        ),
        section(
            "Ofsted recommendations it evidences",
            linked_recommendations_table(
                recommendations,
                f"Inspection recommendations linked to measure {ref}",
                table_id="linked-recommendations",
                empty="No inspection recommendations are linked to this measure.",
            ),
            download_links(
                page, "linked-recommendations", f"recommendations linked to measure {ref}"
            ),
        ),
    ]
    if teams:  # team-level figures are for staff (SPEC section 8)
        period = teams[0].date
        authority = next((f for f in home.points if f.date == period), None)
        sections.append(
            section(
                "Team breakdown",
                team_breakdown_table(
                    teams,
                    authority,
                    unit=summary.unit,
                    polarity=summary.polarity,
                    target=summary.target,
                    tolerance=summary.tolerance,
                    caption=f"Each team's figure for {teams[0].label}; the teams add up to "
                    "the Tameside figure in the last row",
                ),
                download_links(page, "team-breakdown", f"each team's figure for measure {ref}"),
            )
        )
    sections.append(_downloads(ref, comparators))
    return html.Div(
        [
            html.Nav(
                html.Ol(
                    [
                        html.Li(html.A("Scorecard", href="/"), className="breadcrumb-item"),
                        html.Li(summary.category, className="breadcrumb-item"),
                        html.Li(
                            f"Measure {ref}",
                            className="breadcrumb-item active",
                            **{"aria-current": "page"},
                        ),
                    ],
                    className="breadcrumb",
                ),
                **{"aria-label": "Breadcrumb"},
            ),
            html.H1([html.Span(f"Measure {ref}: ", className="text-muted"), summary.title]),
            *sections,
        ],
        className="indicator-page",
    )
