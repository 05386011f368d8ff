"""The pack's performance clinic page as rows of text for the template: the exceptions, the
actions to discuss and the teams compared, as the clinic's own page words them."""

from __future__ import annotations

from dashboard.components.badges import RAG_STYLES
from dashboard.components.clinic_comparison import difference_text
from dashboard.components.clinic_exceptions import (
    DETERIORATING,
    RED,
    MeasureException,
    deteriorating_run,
)
from dashboard.components.series_tables import latest_text
from dashboard.pack.clinic import PackClinic
from dashboard.pack.rows import action_row, counted, red_words
from dashboard.rating import DETERIORATION_PERIODS, rate, trend
from data_access.authority import Authority
from data_access.queries.clinic import ClinicAction, Series


def _rating(series: Series) -> dict:
    latest = series.latest
    rating = rate(
        latest.value if latest else None,
        series.target,
        series.tolerance,
        series.polarity,
        series.unit,
    )
    icon, word, css = RAG_STYLES.get(rating.rag, RAG_STYLES[None])
    movement = trend(series.values, series.polarity, series.unit)
    figure, period = latest_text(latest, series.unit)
    return {
        "figure": figure,
        "period": period,
        "rag_icon": icon,
        "rag_word": word,
        "rag_class": css,
        "why": rating.explanation,
        "trend_arrow": movement.arrow,
        "trend_word": movement.direction.capitalize() if movement.direction else "No trend yet",
    }


def _exception_row(exception: MeasureException, authority: Authority) -> dict:
    series = exception.series
    reasons = [RED] if exception.red else []
    if exception.deteriorating:
        reasons.append(f"{DETERIORATING}: {deteriorating_run(series)}")
    return {
        "team": series.team.name if series.team else authority.all_teams,
        "service": series.team.service if series.team else "",
        "measure": f"{series.ref}. {series.title}",
        "reasons": reasons,
        **_rating(series),
    }


def _action_row(action: ClinicAction) -> dict:
    return {
        **action_row(action),
        "teams": ", ".join(team.name for team in action.teams) or "No team named",
    }


def _comparison(series: list[Series], authority: Authority) -> dict:
    whole = next((one for one in series if one.team is None), None)
    same_period = {f.date: f.value for f in whole.recent} if whole else {}
    rows = []
    for one in series:
        latest = one.latest
        difference = "–"
        if one.team is not None:
            difference = difference_text(
                latest.value if latest else None,
                same_period.get(latest.date) if latest else None,
                one.unit,
                one.polarity,
                authority.name,
            )
        rows.append(
            {
                "team": one.team.name if one.team else authority.all_teams,
                "service": one.team.service if one.team else "All services",
                "difference": difference,
                **_rating(one),
            }
        )
    return {"title": f"{series[0].ref}. {series[0].title}", "rows": rows}


def clinic_page(clinic: PackClinic, on_text: str) -> dict:
    """What the template's clinic page shows."""
    authority = clinic.authority
    exceptions = clinic.exceptions
    red = [e for e in exceptions if e.red]
    red_teams = sum(e.series.team is not None for e in red)
    deteriorating = sum(e.deteriorating for e in exceptions)
    actions = clinic.actions
    red_actions = sum(action.status == "red" for action in actions)
    overdue = sum(action.overdue for action in actions)
    summary = (
        f"As at {on_text}: "
        f"{red_words(len(red) + clinic.red_not_current, clinic.red_not_current)} "
        f"({len(red) - red_teams} current for {authority.name}, {red_teams} current for "
        f"teams), {deteriorating} deteriorating for {DETERIORATION_PERIODS} periods, "
        f"{counted(red_actions, 'red action', 'red actions')} and "
        f"{counted(overdue, 'overdue action', 'overdue actions')}."
    )
    return {
        "possessive": authority.possessive,
        "summary": summary,
        "exceptions": [_exception_row(e, authority) for e in exceptions],
        "actions": [_action_row(action) for action in actions],
        "compared": [_comparison(series, authority) for series in clinic.compared],
    }
