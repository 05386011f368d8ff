"""The choice of reporting period on the scorecard and the clinic, the words the header says it
in, and the page shown for a date that cannot be used. No queries.

The choice is a plain form: a labelled list of months and a "Show" button, sent as
`?as_at=YYYY-MM-DD` (it works with the keyboard, a screen reader and without JavaScript).
assets/reporting_period.js keeps the page's other choices in the address when it is sent, and
leaves `as_at` out for the newest period, so a bookmark of the default view follows new data.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.reporting_period import ReportingPeriod, is_month_end

# One page is shown at a time, so the scorecard and the clinic share these ids; the header's
# words follow PERIOD (a clientside callback in dashboard/shell.py).
PERIOD, CHOICE = "reporting-period", "reporting-period-choice"


class PeriodShown(TypedDict):
    """What a page keeps in PERIOD (see `period_store`); its callbacks are given it."""

    asked: str | None
    heading: str


def asked_date(period: PeriodShown | None) -> str | None:
    """The date a page's address asked for, from what the page keeps; None for the default
    (and for a page that keeps nothing)."""
    return period["asked"] if period else None


def period_words(on: date) -> str:
    """A reporting date as a person names the period: 'June 2023' for a month's end, else the
    day itself ('7 June 2023', a pack's or an old link's date)."""
    return f"{on:%B %Y}" if is_month_end(on) else f"{on.day} {on:%B %Y}"


def period_heading(on: date | None) -> str:
    return f"Reporting period: {period_words(on)}" if on else "No figures loaded yet"


def period_store(period: ReportingPeriod) -> dcc.Store:
    """What the page was drawn for, kept in the page: the date its address asked for (None for
    the default), which its callbacks judge at; and the header's words for it."""
    asked = period.asked.isoformat() if period.asked else None
    return dcc.Store(id=PERIOD, data={"asked": asked, "heading": period_heading(period.on)})


def _label(month: date, latest: date | None) -> str:
    words = period_words(month)
    return f"{words} (latest)" if month == latest else words


def period_choice(path: str, period: ReportingPeriod) -> html.Form:
    """'Reporting period [June 2023 (latest) v] [Show]': a form that opens `path` for the
    period chosen. Nothing to choose before any figures are loaded."""
    if period.on is None:
        return html.Form(className="d-none")
    return html.Form(
        [
            html.Label("Reporting period", htmlFor=CHOICE, className="fw-semibold mb-0"),
            dbc.Select(
                id=CHOICE,
                name="as_at",
                options=[
                    {"label": _label(month, period.latest), "value": month.isoformat()}
                    for month in period.months
                ],
                value=period.on.isoformat(),
                class_name="reporting-period-select",
            ),
            html.Button("Show", type="submit", className="btn btn-primary"),
        ],
        method="get",
        action=path,
        className="reporting-period-choice d-print-none",
        **{"data-latest": period.latest.isoformat() if period.latest else ""},
    )


def bad_date_page(title: str, path: str, message: str) -> html.Div:
    """The page for an address whose `as_at` cannot be used: why, and the way back."""
    return html.Div(
        [
            html.H1(title),
            html.Div(
                [
                    html.P(
                        [
                            "This address asks for a reporting period the dashboard cannot ",
                            "show. ",
                            message,
                        ]
                    ),
                    html.P(html.A("Show the latest reporting period", href=path)),
                ],
                className="alert alert-warning",
                role="alert",
            ),
        ]
    )


def bad_date_note(message: str) -> html.P:
    """What a callback shows instead of its answer when it is given a date that cannot be used
    (only a forged request can): the reason."""
    return html.P(message, className="alert alert-warning", role="alert")
