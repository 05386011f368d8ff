"""A measure's trend: the authority's series and its comparators', drawn against target with
the events of the period, and the same figures as tables, built only when someone asks for them (a
long series makes hundreds of rows, which slow the page's first drawing in the browser). A
switch above the chart redraws it as the SPC view or, for a demand measure, the forecast view,
each built when first asked for and then kept (components/chart_views.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import configured, database
from dashboard import visible_figures as visible
from dashboard.components.chart_views import (
    TREND_EXTRAS,
    VIEWS,
    ChartChoice,
    ChartView,
    chart_frame,
    drawn_as_tall_as,
    view_outputs,
)
from dashboard.components.forecast_chart import forecast_view
from dashboard.components.measure_sections import section
from dashboard.components.series_tables import comparators_table, events_table, series_table
from dashboard.components.spc_chart import spc_view
from dashboard.components.trend_chart import Line, event_label, trend_figure
from dashboard.forecast import is_demand_measure
from dashboard.page_cache import kept
from data_access.queries.events import events_between
from data_access.queries.indicators import IndicatorDetail, indicator_detail, indicator_unit
from data_access.queries.neighbour_averages import neighbour_means, with_neighbour_line
from data_access.queries.observations import area_series

TABLES, TABLES_BUTTON, TABLES_REF = "trend-tables", "trend-tables-button", "trend-tables-ref"
SHOW_TABLES, HIDE_TABLES = "Show the figures in the chart as tables", "Hide the tables"
VIEW, VIEW_AREA = "chart-view", "chart-view-area"


def measure_lines(db, ref: str, unit: str) -> tuple[Line, list[Line]]:
    """The authority's series and its comparators', the neighbours' means those of the set in use,
    small numbers hidden from those who may not see them."""
    neighbour_set = configured.neighbour_set()
    authority = configured.authority(db)
    compared = configured.comparator_codes(authority)
    found = with_neighbour_line(
        area_series(db, ref, [authority.code, *compared]),
        neighbour_means(db, [ref], neighbour_set).get(ref, []),
        neighbour_set,
    )
    withheld = visible.withheld_periods(db, [ref], compared)
    dates = {code: visible.dates_of(periods, ref) for code, periods in withheld.items()}
    areas = {line.code: line for line in visible.areas(found, unit, dates)}
    own = areas[authority.code].figures if authority.code in areas else []
    home = Line(authority.code, authority.name, own)
    comparators = [
        Line(code, areas[code].name, areas[code].figures) for code in compared if code in areas
    ]
    return home, comparators


@kept
def trend_tables(ref: str) -> list:
    """The chart's figures as tables: the authority's, then its comparators'."""
    with database.session() as db:
        unit = indicator_unit(db, ref)
        if unit is None:
            return [html.P("This measure is no longer in the dashboard.")]
        home, comparators = measure_lines(db, ref, unit)
    if not home.points:
        return [html.P("There are no figures for this measure yet.")]
    span = f"{home.points[0].label} to {home.points[-1].label}"
    whose = configured.authority().possessive
    tables = [series_table(home.points, unit, f"{whose} figures, newest first ({span})")]
    if comparators:
        compared = ", ".join(line.name for line in comparators)
        tables.append(comparators_table(comparators, unit, f"{compared}: their figures"))
    return tables


def _view_switch(detail: IndicatorDetail) -> html.Fieldset:
    summary = detail.summary
    demand = is_demand_measure(summary.category, summary.unit, summary.frequency)
    shown = ["trend", "spc", *(["forecast"] if demand else [])]
    return html.Fieldset(
        [
            html.Legend("Chart to show", className="h6 mb-1"),
            dbc.RadioItems(
                id=VIEW,
                options=[{"label": VIEWS[view], "value": view} for view in shown],
                value="trend",
                inline=True,
            ),
        ],
        className="chart-views mb-2",
    )


def _trend_view(detail: IndicatorDetail, home: Line, comparators: list[Line], events) -> ChartView:
    """The chart against target and comparators; its figures as tables are under the button
    that shows them (`_trend_extras`)."""
    summary = detail.summary
    compared = ", ".join(line.name for line in comparators)
    figure = trend_figure(
        title=f"{summary.ref} {summary.title}: {home.name}"
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
        f"{configured.authority().possessive} {len(home.points)} figures"
        + (f", with {compared}" if compared else "")
        + ". Diamonds mark published figures; dotted lines mark events. "
        "The button below the chart shows the same figures as tables."
    )
    name = f"Chart of measure {summary.ref}, {summary.title}, against target and comparators"
    return ChartView(name, caption, figure, trend_extras=True)


def _trend_extras() -> html.Div:
    """The button for the trend view's figures as tables, and the place they are shown."""
    return html.Div(
        [
            html.Button(
                SHOW_TABLES,
                id=TABLES_BUTTON,
                n_clicks=0,
                className="btn btn-outline-secondary btn-sm mb-2",
                **{"aria-expanded": "false", "aria-controls": TABLES},
            ),
            html.Div(id=TABLES),
        ],
        id=TREND_EXTRAS,
        className="mb-3",
    )


def _no_longer_here() -> ChartView:
    message = html.P("This measure is no longer in the dashboard.")
    return ChartView("No chart: the measure is no longer in the dashboard", "", None, (message,))


def _view(view: ChartChoice, ref: str) -> ChartView:
    """The view asked for; the chart against target for a measure without that view."""
    with database.session() as db:
        detail = indicator_detail(db, ref, link_refs=False)
        if detail is None:
            return _no_longer_here()
        detail = visible.detail(detail)
        summary = detail.summary
        home, comparators = measure_lines(db, ref, summary.unit)
        dates = [point.date for line in [home, *comparators] for point in line.points]
        events = events_between(db, min(dates), max(dates)) if dates else []
    first = _trend_view(detail, home, comparators, events)  # the view the page opens with
    if view == "spc":
        return drawn_as_tall_as(spc_view(summary, home, events), first)
    if view == "forecast" and is_demand_measure(summary.category, summary.unit, summary.frequency):
        return drawn_as_tall_as(
            forecast_view(ref, summary.title, summary.unit, home, events), first
        )
    return first


@kept
def chart_view(view: ChartChoice, ref: str) -> tuple:
    """The chart the switch asks for (against target, SPC, or the forecast), as the switch's
    outputs (chart_views.VIEW_OUTPUTS): the one graph's new figure and the words around it."""
    return view_outputs(_view(view, ref))


def trend_section(
    detail: IndicatorDetail, home: Line, comparators: list[Line], events
) -> html.Section:
    """A switch between the views of the chart, the chart against target and comparators
    first, and the events in its period."""
    summary = detail.summary
    if not home.points:
        return section("Trend", html.P("There are no figures for this measure yet."))
    span = f"{home.points[0].label} to {home.points[-1].label}"
    charted = [event for event in events if event_label(event)]
    others = [event for event in events if not event_label(event)]
    return section(
        "Trend",
        _view_switch(detail),
        html.Div(
            chart_frame(_trend_view(detail, home, comparators, events), _trend_extras()),
            id=VIEW_AREA,
        ),
        dcc.Store(id=TABLES_REF, data=summary.ref),
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
