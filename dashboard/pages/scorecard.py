"""The headline scorecard: a card per measure, grouped by scorecard category or by theme,
filtered by theme and rating."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import configured, database
from dashboard import visible_figures as visible
from dashboard.changes_since import asked_since, changes_since, rating_changes
from dashboard.components.badges import (
    ASSURANCE_STYLES,
    VARIATION_STYLES,
    rag_badge_html,
    trend_badge_html,
)
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.markup import Markup, element
from dashboard.components.measure_card import measure_card
from dashboard.components.reporting_period import (
    PERIOD,
    PeriodShown,
    asked_date,
    bad_date_note,
    bad_date_page,
    period_choice,
    period_store,
)
from dashboard.components.scorecard_summary import summary_parts
from dashboard.components.series_tables import latest_text
from dashboard.components.static_html import StaticHtml, to_html
from dashboard.components.suppressed import suppressed_note
from dashboard.components.what_changed import SINCE, Previous, since_store
from dashboard.date_arguments import BadDate
from dashboard.page_cache import kept
from dashboard.rating import Rating, Trend, format_value, trend
from dashboard.reporting_period import asked_period, period_in_callback
from dashboard.shell import reads_database
from dashboard.spc import RECENT_POINTS, SpcVerdicts, recent_values, spc_verdicts
from data_access.queries.indicators import IndicatorSummary, list_indicators, recent_figures
from data_access.queries.themes import ThemeRow, list_themes

dash.register_page(__name__, path="/", title="Scorecard", name="Scorecard")

GROUP, THEME, RATINGS, CARDS, SHOWING, TABLE, ADDRESS = (
    "scorecard-group",
    "scorecard-theme",
    "scorecard-ratings",
    "scorecard-cards",
    "scorecard-showing",
    "scorecard-table",
    "scorecard-address",
)
CONTEXT = "Context figures"
RATING_CHOICES = [("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "Not rated")]
ALL_RATINGS = [value for value, _ in RATING_CHOICES]
ALL_THEMES = "all"
SPARKLINE_PERIODS = 24


def _groups(summaries, group_by: str, theme_names: dict[str, str]) -> dict[str, list]:
    """Measures by category in the scorecard's order (or by theme), context figures last."""
    groups: dict[str, list] = {}
    for summary in summaries:
        if summary.ref.startswith("C"):
            keys = [CONTEXT]
        elif group_by == "theme":
            keys = [theme_names[slug] for slug in summary.themes] or ["Other"]
        else:
            keys = [summary.category]
        for key in keys:
            groups.setdefault(key, []).append(summary)
    if group_by == "theme":
        order = list(theme_names.values())
        groups = dict(sorted(groups.items(), key=lambda item: _position(order, item[0])))
    if CONTEXT in groups:
        groups[CONTEXT] = groups.pop(CONTEXT)
    return groups


def _position(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)


def _spc_cells(chart: SpcVerdicts | None) -> list[str]:
    """The SPC verdicts in words: plain text, as the table has a row for every measure."""
    if chart is None:
        return ["Fewer than 12 figures", ""]
    assurance = ASSURANCE_STYLES[chart.assurance][1] if chart.assurance else "No target"
    return [VARIATION_STYLES[chart.variation][1], assurance]


def _table_row(
    summary: IndicatorSummary, rating: Rating, movement: Trend, chart: SpcVerdicts | None
) -> list:
    figure, period = latest_text(summary.latest, summary.unit)
    target = "None" if summary.target is None else format_value(summary.target, summary.unit)
    return [
        element("a", summary.ref, href=f"/indicator/{summary.ref}"),
        summary.title,
        figure,
        period,
        target,
        rag_badge_html(rating.rag),
        trend_badge_html(movement),
        *_spc_cells(chart),
        html.Td(rating.explanation, className="small"),
    ]


def read_measures(on: date | None) -> tuple[list[IndicatorSummary], dict]:
    """Every measure with its latest figure, and its recent figures by ref, as they stood at
    the reporting date `on` (None: every figure), as the asker may see them."""
    with database.session() as db:
        summaries = visible.measures(list_indicators(db, until=on))
        units = {summary.ref: summary.unit for summary in summaries}
        # the sparkline shows the last 24 periods; the SPC icons judge the last 36
        recent = visible.recent(recent_figures(db, RECENT_POINTS, until=on), units)
    return summaries, recent


def scorecard_cards(
    group_by: str,
    theme: str,
    ratings: list[str],
    themes: list[ThemeRow],
    on: date | None = None,
    measures: tuple[list[IndicatorSummary], dict] | None = None,
    previous: Previous | None = None,
) -> tuple[StaticHtml, str]:
    """The grouped cards for the chosen filters, with the figures as they stood at the
    reporting date `on` (None: every figure), and a sentence saying how many are shown.
    `themes` name the groups, and `measures` (read_measures) may be read already. With
    `previous`, each card says its rating at the date compared with."""
    summaries, recent = measures or read_measures(on)
    theme_names = {row.slug: f"{row.letter}. {row.name}" for row in themes}
    cards: dict[str, Markup] = {}
    rows: list[list] = []
    shown: list[IndicatorSummary] = []
    for summary in summaries:
        charted = recent.get(summary.ref, [])
        figures = charted[-SPARKLINE_PERIODS:]
        rating = visible.rate_shown(
            summary.latest, summary.target, summary.tolerance, summary.polarity, summary.unit
        )
        if (rating.rag or "none") not in ratings or (
            theme != ALL_THEMES and theme not in summary.themes
        ):
            continue
        movement = trend([f.value for f in figures], summary.polarity, summary.unit)
        chart = spc_verdicts(recent_values(charted), summary.polarity, summary.target)
        was = previous.html(summary.ref) if previous else None
        cards[summary.ref] = measure_card(summary, figures, rating, movement, chart, was)
        rows.append(_table_row(summary, rating, movement, chart))
        shown.append(summary)
    groups = _groups(shown, group_by, theme_names)
    sections = [_index(groups)] if len(groups) > 1 else []
    sections += [
        element(
            "section",
            element(
                "details",
                element("summary", element("h2", f"{name} ({len(members)})", class_="h4 d-inline")),
                element("ul", [cards[s.ref] for s in members], class_="card-grid"),
                open=True,
            ),
            id=f"group-{number}",
            class_="mt-4",
            aria_label=name,
        )
        for number, (name, members) in enumerate(groups.items(), start=1)
    ]
    if not shown:
        sections = [element("p", "No measure matches these choices.", class_="mt-3")]
    hidden = [summary.latest for summary in shown] + [
        figure for summary in shown for figure in recent.get(summary.ref, [])
    ]
    if visible.any_suppressed(hidden):
        sections.insert(0, Markup(to_html(suppressed_note())))
    table = data_table(
        [
            "Ref",
            "Measure",
            "Latest",
            "Period",
            "Target",
            "Rating",
            "Trend",
            "Variation (SPC)",
            "Assurance (SPC)",
            "Why",
        ],
        rows,
        "The measures shown above: latest figure, target, rating, trend and SPC",
        numbers=("Latest", "Target"),
        table_id=TABLE,
    )
    sections.append(
        element(
            "details",
            element("summary", "The measures shown, as a table"),
            Markup(to_html(table)),
            class_="mt-4",
        )
    )
    return StaticHtml(
        Markup("".join(sections))
    ), f"Showing {len(shown)} of {len(summaries)} measures."


def _index(groups: dict[str, list]) -> Markup:
    """Links to each group of cards, kept in view on a wide screen; each group folds away."""
    links = [
        element("li", element("a", f"{name} ({len(members)})", href=f"#group-{number}"))
        for number, (name, members) in enumerate(groups.items(), start=1)
    ]
    return element(
        "nav", element("ul", links), class_="in-page-index", aria_label="Groups of measures"
    )


def _filters(group_by: str, theme: str, ratings: list[str], themes) -> html.Form:
    return html.Form(
        dbc.Row(
            [
                dbc.Col(
                    html.Fieldset(
                        [
                            html.Legend("Group by"),
                            dbc.RadioItems(
                                id=GROUP,
                                options=[
                                    {"label": "Scorecard category", "value": "category"},
                                    {"label": "Improvement theme", "value": "theme"},
                                ],
                                value=group_by,
                            ),
                        ]
                    ),
                    md=3,
                ),
                dbc.Col(
                    [
                        html.Label("Theme", htmlFor=THEME, className="fw-semibold mb-1"),
                        dbc.Select(
                            id=THEME,
                            options=[{"label": "All themes", "value": ALL_THEMES}]
                            + [{"label": f"{t.letter}. {t.name}", "value": t.slug} for t in themes],
                            value=theme,
                        ),
                    ],
                    md=4,
                ),
                dbc.Col(
                    html.Fieldset(
                        [
                            html.Legend("Rating"),
                            dbc.Checklist(
                                id=RATINGS,
                                options=[{"label": w, "value": v} for v, w in RATING_CHOICES],
                                value=ratings,
                                inline=True,
                            ),
                        ]
                    ),
                    md=5,
                ),
            ]
        ),
        className="scorecard-filters",
        role="search",
        **{"aria-label": "Filter the measures"},
    )


@reads_database
@kept
def layout(
    group: str = "category",
    theme: str = ALL_THEMES,
    rating: str = "",
    as_at: object = None,
    since: object = None,
    **_query,
) -> html.Div:
    group_by = group if group in ("category", "theme") else "category"
    ratings = [r for r in rating.split(",") if r in ALL_RATINGS] or ALL_RATINGS
    with database.session() as db:
        try:
            period = asked_period(db, as_at)
            compared = asked_since(since, period.on) if period.on else None
        except BadDate as bad:
            return bad_date_page("Headline scorecard", "/", str(bad))
        themes = list_themes(db)
    theme = theme if theme in {t.slug for t in themes} else ALL_THEMES
    measures = read_measures(period.on)
    with database.session() as db:
        changes = (
            changes_since(db, compared.on, period.on, measures, teams=False) if compared else None
        )
    previous = Previous.of(changes.measures, changes.since) if changes else None
    sections, showing = scorecard_cards(
        group_by, theme, ratings, themes, period.on, measures, previous
    )
    authority = configured.authority()
    summary = summary_parts(measures[0], period, compared, changes, authority.all_teams)
    pack = f"/pack?as_at={period.on.isoformat()}" if period.on else "/pack"  # made, then downloaded
    return html.Div(
        [
            dcc.Location(id=ADDRESS, refresh=False),
            period_store(period),
            since_store(compared.asked if compared else None),
            html.H1("Headline scorecard"),
            period_choice("/", period),
            *summary,
            html.P(
                f"The latest figure for {authority.name} on every measure of the "
                "improvement plan's "
                "scorecard and its themes' key indicators, rated against its target, with "
                "its trend over the last two years. Where there are 12 figures or more, SPC "
                "icons say whether the latest shows real change or the usual ups and downs "
                "(variation), and whether the target will reliably be met (assurance). "
                "Context figures, which set the scene beside the plan's own measures, come last.",
                className="lead",
            ),
            _filters(group_by, theme, ratings, themes),
            html.P(showing, id=SHOWING, role="status", className="small mb-1"),
            download_links("/", TABLE, "the measures shown", "Download the measures shown"),
            html.P(
                html.A("The scrutiny pack as a PDF", href=pack),
                className="small d-print-none",
            ),
            html.Div(sections, id=CARDS),
        ]
    )


def address_query(
    group_by: str,
    theme: str,
    ratings: list[str],
    as_at: str | None = None,
    since: str | None = None,
) -> str:
    """The query string that opens the scorecard with these choices (defaults left out)."""
    query = {}
    if group_by != "category":
        query["group"] = group_by
    if theme and theme != ALL_THEMES:
        query["theme"] = theme
    if set(ratings) != set(ALL_RATINGS):
        query["rating"] = ",".join(r for r in ALL_RATINGS if r in ratings)
    if as_at:
        query["as_at"] = as_at
    if since:
        query["since"] = since
    return f"?{urlencode(query, safe=',')}" if query else ""


@callback(
    Output(CARDS, "children"),
    Output(SHOWING, "children"),
    Output(ADDRESS, "search"),
    Input(GROUP, "value"),
    Input(THEME, "value"),
    Input(RATINGS, "value"),
    State(PERIOD, "data"),
    State(SINCE, "data"),
    prevent_initial_call=True,
)
@kept
def update_cards(
    group_by: str | None,
    theme: str | None,
    ratings: list[str] | None,
    period: PeriodShown | None,
    since: str | None = None,
):
    """The cards for the choices at the page's reporting period, each with its rating at the
    date compared with, and the address that opens them (to share or download)."""
    with database.session() as db:
        try:
            on = period_in_callback(db, asked := asked_date(period))
            compared = asked_since(since, on)
        except BadDate as bad:
            return bad_date_note(str(bad)), str(bad), no_update
        themes = list_themes(db)
        previous = Previous.of(rating_changes(db, compared.on, on, teams=False), compared.on)
    sections, showing = scorecard_cards(
        group_by, theme or ALL_THEMES, ratings or [], themes, on, previous=previous
    )
    return sections, showing, address_query(group_by, theme, ratings or [], asked, since)
