"""The read-only HTTP API (SPEC section 6): JSON by default, CSV or XLSX on request."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date

from flask import Blueprint, jsonify, request
from sqlalchemy import text

from dashboard import configured, database
from dashboard import visible_figures as visible
from dashboard.benchmark_answer import NEIGHBOUR_COLUMNS, benchmark_json
from dashboard.date_arguments import BadDate, date_argument
from dashboard.error_answers import json_error
from dashboard.exports import MEDIA_TYPES, table_download
from dashboard.forecast import (
    ABOUT_FORECASTS,
    backtest_words,
    forecast,
    is_demand_measure,
    monthly_run,
)
from dashboard.forecast import MINIMUM_POINTS as FORECAST_MINIMUM_POINTS
from dashboard.rating import POLARITY_WORDS
from dashboard.spc import MINIMUM_POINTS, assurance_words, spc, variation_words
from data_access.queries.benchmark import benchmark
from data_access.queries.derived_figures import AUTHORITY
from data_access.queries.indicators import (
    IndicatorSummary,
    indicator_detail,
    list_indicators,
)
from data_access.queries.measure_search import BadSearch, find_measures
from data_access.queries.neighbour_averages import NEIGHBOURS_AREA, neighbours_series
from data_access.queries.observations import area_exists, area_kind, series, team_exists
from data_access.queries.plans import ActionRow, list_actions, list_recommendations, list_teams

api = Blueprint("api", __name__)


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@api.errorhandler(ApiError)
def _api_error(error: ApiError):
    return json_error(error.message, error.status)


@api.get("/healthz")
def healthz():
    try:
        with database.session() as db:
            db.execute(text("SELECT 1"))
    except Exception:
        return jsonify({"status": "error", "database": "error"}), 503
    return jsonify({"status": "ok", "database": "ok"})


def _table_response(name: str, columns: list[str], rows: list[list], payload):
    """JSON by default; ?format=csv or ?format=xlsx gives the same rows as a download."""
    wanted = request.args.get("format", "json")
    if wanted == "json":
        return jsonify(payload)
    if wanted not in MEDIA_TYPES:
        raise ApiError(400, f"format must be json, csv or xlsx, not '{wanted}'")
    return table_download(columns, rows, name, wanted)


def _indicator_json(summary: IndicatorSummary) -> dict:
    """A measure and its latest figure; `summary` is as the asker may see it."""
    latest = None
    if summary.latest is not None:
        rating = visible.rate_shown(
            summary.latest, summary.target, summary.tolerance, summary.polarity, summary.unit
        )
        latest = {
            "date": summary.latest.date.isoformat(),
            "label": summary.latest.label,
            "value": summary.latest.value,
            "symbol": summary.latest.symbol,
            "provenance": summary.latest.provenance,
            "rag": rating.rag,
            "explanation": rating.explanation,
        }
    return {
        "ref": summary.ref,
        "title": summary.title,
        "category": summary.category,
        "themes": summary.themes,
        "unit": summary.unit,
        "polarity": summary.polarity,
        "frequency": summary.frequency,
        "target": summary.target,
        "tolerance": summary.tolerance,
        "latest": latest,
    }


@api.get("/api/v1/indicators")
def indicators():
    """Every measure; with `q`, those with that reference first, then those with those words."""
    asked = request.args.get("q")
    with database.session() as db:
        try:
            found = list_indicators(db) if asked is None else find_measures(db, asked)
        except BadSearch as bad:
            raise ApiError(400, str(bad)) from None
        items = [_indicator_json(summary) for summary in visible.measures(found)]
    columns = ["ref", "title", "category", "unit", "polarity", "target", "tolerance"]
    latest_columns = ["date", "label", "value", "rag", "explanation"]
    rows = [
        [item[c] for c in columns] + [(item["latest"] or {}).get(c) for c in latest_columns]
        for item in items
    ]
    return _table_response(
        "indicators", columns + [f"latest_{c}" for c in latest_columns], rows, items
    )


@api.get("/api/v1/indicators/<ref>")
def indicator(ref: str):
    with database.session() as db:
        detail = indicator_detail(db, ref)
    if detail is None:
        raise ApiError(404, f"No indicator with ref '{ref}'.")
    detail = visible.detail(detail)
    return jsonify(
        {
            **_indicator_json(detail.summary),
            "definition": detail.definition,
            "why_it_matters": detail.why_it_matters,
            "source": detail.source,
            "actions": detail.actions,
            "recommendations": detail.recommendations,
        }
    )


def _date_arg(name: str) -> date | None:
    try:
        return date_argument(name)
    except BadDate as bad:
        raise ApiError(400, str(bad)) from None


def _asked_series(ref: str):
    """The measure, and the figures of the series the query asks for (area, team, from, to) as
    the asker may see them; 404 for an unknown measure, area or team."""
    area = request.args.get("area") or configured.authority_code()
    team = request.args.get("team") or None
    start, end = _date_arg("from"), _date_arg("to")
    with database.session() as db:
        detail = indicator_detail(db, ref)
        if detail is None:
            raise ApiError(404, f"No indicator with ref '{ref}'.")
        kind = area_kind(db, area)
        if kind is None:
            raise ApiError(404, f"No area with code '{area}'.")
        if team is not None and not team_exists(db, team):
            raise ApiError(404, f"No team with slug '{team}'.")
        # The guard has refused `team` to anyone who may not see that team's figures.
        derived = team is None and kind != AUTHORITY
        withheld = visible.withheld_periods(db, [ref], [area]) if derived else {}
        if area == NEIGHBOURS_AREA and team is None:
            found = neighbours_series(db, ref, configured.neighbour_set(), start, end)
        else:
            found = series(db, ref, area, team, start, end)
        figures = visible.series(
            found, detail.summary.unit, visible.dates_of(withheld.get(area, ()), ref)
        )
    return detail.summary, area, team, figures


@api.get("/api/v1/indicators/<ref>/observations")
def observations(ref: str):
    _summary, area, team, figures = _asked_series(ref)
    items = [{**asdict(figure), "date": figure.date.isoformat()} for figure in figures]
    columns = [
        "date",
        "label",
        "value",
        "numerator",
        "denominator",
        "symbol",
        "provenance",
        "source",
    ]
    rows = [[item[c] for c in columns] for item in items]
    payload = {"ref": ref, "area": area, "team": team, "observations": items}
    return _table_response(f"{ref}-{area}" + (f"-{team}" if team else ""), columns, rows, payload)


def _asked_values(ref: str):
    """The measure, what was asked for, and the series' (date, value) pairs with a number:
    figures hidden from the asker, or missing, are left out, as SPC and forecasts need values."""
    summary, area, team, figures = _asked_series(ref)
    values = [(figure.date, figure.value) for figure in figures if figure.value is not None]
    return summary, {"ref": ref, "area": area, "team": team}, values


@api.get("/api/v1/indicators/<ref>/spc")
def statistical_process_control(ref: str):
    """The series' XmR chart (SPEC section 11); figures hidden from the asker, or missing, are
    left out, and a series of fewer than 12 figures has no chart."""
    summary, asked, values = _asked_values(ref)
    chart = spc(values, summary.polarity, summary.target)
    if chart is None:
        note = f"SPC needs at least {MINIMUM_POINTS} figures; this series has {len(values)}."
        empty = dict.fromkeys(("mean", "upper", "lower", "variation", "assurance"))
        return jsonify({**asked, **empty, "points": [], "note": note})
    points = [
        {
            "date": point.date.isoformat(),
            "value": point.value,
            "special_cause": point.special_cause,
            "kind": point.kind,
        }
        for point in chart.points
    ]
    return jsonify(
        {
            **asked,
            "mean": chart.mean,
            "upper": chart.upper,
            "lower": chart.lower,
            "variation": chart.variation,
            "variation_words": variation_words(chart.variation),
            "assurance": chart.assurance,
            "assurance_words": assurance_words(chart.assurance),
            "points": points,
        }
    )


@api.get("/api/v1/indicators/<ref>/forecast")
def demand_forecast(ref: str):
    """The next 12 months of a demand measure with 80% and 95% intervals, and the back-test
    beside a seasonal-naive baseline's (SPEC section 11); figures hidden from the asker, or
    missing, are left out, and a series of fewer than 24 figures has no forecast."""
    summary, asked, values = _asked_values(ref)
    if not is_demand_measure(summary.category, summary.unit, summary.frequency):
        raise ApiError(
            404,
            "Forecasts are made for demand measures only: monthly counts of contacts, "
            "referrals, caseloads, child protection, looked after children or care leavers. "
            f"'{ref}' is not one.",
        )
    made = forecast(values)
    if made is None:
        note = (
            f"A forecast needs at least {FORECAST_MINIMUM_POINTS} monthly figures in a row; "
            f"this series has {len(monthly_run(values))}."
        )
        empty = {"method": None, "points": [], "backtest": None, "backtest_words": None}
        return jsonify({**asked, **empty, "note": note, "about": ABOUT_FORECASTS})
    points = [{**asdict(point), "date": point.date.isoformat()} for point in made.points]
    backtest = asdict(made.backtest) if made.backtest is not None else None
    return jsonify(
        {
            **asked,
            "method": made.method,
            "points": points,
            "backtest": backtest,
            "backtest_words": backtest_words(made.backtest),
            "about": ABOUT_FORECASTS,
        }
    )


@api.get("/api/v1/indicators/<ref>/benchmark")
def benchmarking(ref: str):
    """An authority's figure ranked among every local authority's on one date (`date`, or the
    newest with other authorities' figures), its quartile band, and its statistical
    neighbours' figures with their mean and median (SPEC section 11), as the asker may see
    them; `?format=csv` gives the neighbours' table. The rules are in
    data_access/benchmarking.py."""
    area = request.args.get("area") or configured.authority_code()
    on = _date_arg("date")
    with database.session() as db:
        detail = indicator_detail(db, ref, link_refs=False)
        if detail is None:
            raise ApiError(404, f"No indicator with ref '{ref}'.")
        if not area_exists(db, area):
            raise ApiError(404, f"No area with code '{area}'.")
        found = benchmark(db, ref, area, on, neighbour_set=configured.neighbour_set())
        result = visible.benchmark(found)
    summary = detail.summary
    payload = {
        "ref": ref,
        "area": area,
        "unit": summary.unit,
        "polarity": summary.polarity,
        "polarity_words": POLARITY_WORDS.get(summary.polarity, summary.polarity),
        **benchmark_json(result, on),
    }
    rows = [[item[c] for c in NEIGHBOUR_COLUMNS] for item in payload["neighbours"]]
    return _table_response(f"{ref}-{area}-neighbours", NEIGHBOUR_COLUMNS, rows, payload)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@api.get("/api/v1/actions")
def actions():
    with database.session() as db:
        items = [
            asdict(row) | {name: _iso(getattr(row, name)) for name in ("due", "revised_due")}
            for row in list_actions(db)
        ]
    lists = ("indicators", "recommendations", "teams")
    columns = [column.name for column in fields(ActionRow) if column.name not in lists]
    rows = [[item[c] for c in columns] for item in items]
    return _table_response("actions", columns, rows, items)


@api.get("/api/v1/recommendations")
def recommendations():
    with database.session() as db:
        items = [asdict(row) for row in list_recommendations(db)]
    columns = ["id", "inspection", "kind", "number", "text"]
    rows = [[item[c] for c in columns] for item in items]
    return _table_response("recommendations", columns, rows, items)


@api.get("/api/v1/teams")
def teams():
    with database.session() as db:
        items = [
            {"slug": team.slug, "name": team.name, "service": team.service}
            for team in list_teams(db)
        ]
    columns = ["slug", "name", "service"]
    return _table_response("teams", columns, [[i[c] for c in columns] for i in items], items)


@api.route("/api/<path:rest>")
def unknown(rest: str):
    raise ApiError(404, f"No API address '/api/{rest}'. See /api/v1/indicators.")
