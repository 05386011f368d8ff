"""A measure's trend: Tameside's series and its comparators', drawn against target with the
events of the period, and the same figures as tables, built only when someone asks for them (a
long series makes hundreds of rows, which slow the page's first drawing in the browser)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import database
from dashboard import visible_figures as visible
from dashboard.components.measure_sections import section
from dashboard.components.series_tables import comparators_table, events_table, series_table
from dashboard.components.trend_chart import Line, event_label, trend_figure, trend_graph
from dashboard.page_cache import kept
from data_access.queries import HOME_AREA
from data_access.queries.indicators import IndicatorDetail, indicator_unit
from data_access.queries.observations import area_series

COMPARATOR_AREAS = ["E92000001", "E12000002", "SN"]  # England, North West, neighbours
CHART_ID = {"page": "indicator", "part": "trend-chart"}
TABLES, TABLES_BUTTON, TABLES_REF = "trend-tables", "trend-tables-button", "trend-tables-ref"
SHOW_TABLES, HIDE_TABLES = "Show the figures in the chart as tables", "Hide the tables"


def measure_lines(db, ref: str, unit: str) -> tuple[Line, list[Line]]:
    """Tameside's series and its comparators', small numbers hidden from those who may not
    see them."""
    found = area_series(db, ref, [HOME_AREA, *COMPARATOR_AREAS])
    areas = {line.code: line for line in visible.areas(found, unit)}
    home = Line(HOME_AREA, "Tameside", areas[HOME_AREA].figures if HOME_AREA in areas else [])
    comparators = [
        Line(code, areas[code].name, areas[code].figures)
        for code in COMPARATOR_AREAS
        if code in areas
    ]
    return home, comparators


@kept
def trend_tables(ref: str) -> list:
    """The chart's figures as tables: Tameside's, then its comparators'."""
    with database.session() as db:
        unit = indicator_unit(db, ref)
        if unit is None:
            return [html.P("This measure is no longer in the dashboard.")]
        home, comparators = measure_lines(db, ref, unit)
    if not home.points:
        return [html.P("There are no figures for this measure yet.")]
    span = f"{home.points[0].label} to {home.points[-1].label}"
    tables = [series_table(home.points, unit, f"Tameside's figures, newest first ({span})")]
    if comparators:
        compared = ", ".join(line.name for line in comparators)
        tables.append(comparators_table(comparators, unit, f"{compared}: their figures"))
    return tables


def trend_section(
    detail: IndicatorDetail, home: Line, comparators: list[Line], events
) -> html.Section:
    """The chart against target and comparators, a button for its figures as tables, and the
    events in its period."""
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
        "The button below the chart shows the same figures as tables."
    )
    span = f"{home.points[0].label} to {home.points[-1].label}"
    charted = [event for event in events if event_label(event)]
    others = [event for event in events if not event_label(event)]
    return section(
        "Trend",
        trend_graph(figure, caption, CHART_ID),
        html.Div(
            [
                html.Button(
                    SHOW_TABLES,
                    id=TABLES_BUTTON,
                    n_clicks=0,
                    className="btn btn-outline-secondary btn-sm mb-2",
                    **{"aria-expanded": "false", "aria-controls": TABLES},
                ),
                html.Div(id=TABLES),
                dcc.Store(id=TABLES_REF, data=summary.ref),
            ],
            className="mb-3",
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
