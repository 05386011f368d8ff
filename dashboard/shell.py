"""The frame around every page: header with the "as at" date, banner, main, footer."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import database
from data_access.queries.plans import as_at

PRODUCT = "Children's Services Improvement Dashboard"
log = logging.getLogger(__name__)


def _as_at_text() -> str:
    try:
        with database.session() as db:
            data_date = as_at(db)
    except SQLAlchemyError:  # the page still opens and /healthz reports the fault
        log.exception("The database cannot be read.")
        return "The database cannot be reached just now"
    return f"Data as at {data_date:%-d %B %Y}" if data_date else "No data loaded yet"


def layout() -> html.Div:
    as_at_text = _as_at_text()
    return html.Div(
        [
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Header(
                dbc.Container(
                    [
                        html.A(PRODUCT, href="/", className="product-name"),
                        html.Span(" · Tameside", className="product-area"),
                        html.P(as_at_text, className="as-at mb-0"),
                    ]
                ),
                className="site-header",
            ),
            html.Div(
                dbc.Container(
                    html.P(
                        [
                            html.Strong("Sample data. "),
                            "Figures marked ",
                            html.Strong("published"),
                            " are taken exactly from Tameside Council and Ofsted documents; "
                            "every other figure, status and date is illustrative.",
                        ],
                        className="mb-0",
                    )
                ),
                className="data-banner",
                role="note",
            ),
            html.Main(dbc.Container(dash.page_container), id="main", tabIndex="-1"),
            html.Footer(
                dbc.Container(
                    html.P(
                        "Built from public documents of Tameside Council and Ofsted. "
                        "Sample figures are illustrative unless marked published.",
                        className="mb-0",
                    )
                ),
                className="site-footer",
            ),
        ]
    )
