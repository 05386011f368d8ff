"""The frame around every page: header with the "as at" date, navigation, banner, main, footer."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, database
from dashboard.sign_in import csrf_token
from data_access.queries.plans import as_at
from data_access.queries.themes import list_themes

PRODUCT = "Children's Services Improvement Dashboard"
log = logging.getLogger(__name__)

PAGES = [
    ("Scorecard", "/"),
    ("Actions", "/actions"),
    ("Recommendations", "/recommendations"),
    ("Inspections", "/inspections"),
    ("Teams", "/teams"),
    ("Clinic", "/clinic"),
    ("Import", "/admin/import"),
    ("Users", "/admin/users"),
    ("Audit log", "/admin/audit"),
    ("Glossary", "/glossary"),
    ("About", "/about"),
]


def database_unavailable() -> html.Div:
    return html.Div(
        [
            html.H1("The data cannot be reached just now"),
            html.P(
                "The dashboard could not read its database. Please try again in a few "
                "minutes; if it goes on, tell the performance team."
            ),
        ],
        role="alert",
    )


def reads_database(layout: Callable[..., html.Div]) -> Callable[..., html.Div]:
    """A page layout that says so, instead of failing, when the database cannot be read."""

    @functools.wraps(layout)
    def guarded(*args, **kwargs):
        try:
            return layout(*args, **kwargs)
        except SQLAlchemyError:
            log.exception("The database cannot be read.")
            return database_unavailable()

    return guarded


def _navigation(themes, principal: auth.Principal) -> html.Nav:
    """Links to the pages this person may open, and to every theme."""
    links = [(name, path) for name, path in PAGES if auth.may_open(principal, path)]
    theme_links = [
        html.Li(html.A(f"{theme.letter}. {theme.name}", href=f"/theme/{theme.slug}"))
        for theme in themes
    ]
    return html.Nav(
        dbc.Container(
            [
                html.Ul(
                    [html.Li(html.A(name, href=path)) for name, path in links], className="nav-list"
                ),
                html.Ul(theme_links, className="nav-list nav-themes", **{"aria-label": "Themes"}),
            ]
        ),
        className="site-nav",
        **{"aria-label": "Main"},
    )


def _account(principal: auth.Principal) -> html.Div:
    """Who is signed in, with a sign-out button; or, on a public site, a sign-in link."""
    if not principal.signed_in:
        return html.Div(
            [
                "Public view: figures about fewer than 6 children are hidden. ",
                html.A("Sign in", href="/login"),
            ],
            className="account",
        )
    return html.Form(
        [
            html.Span(["Signed in as ", html.Strong(principal.username), f" ({principal.role})"]),
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token()),
            html.Button("Sign out", type="submit", className="btn btn-sm btn-outline-light"),
        ],
        method="post",
        action="/logout",
        className="account",
    )


@reads_database
def _header() -> list:
    principal = auth.current()
    with database.session() as db:
        data_date = as_at(db)
        themes = list_themes(db)
    as_at_text = f"Data as at {data_date:%-d %B %Y}" if data_date else "No data loaded yet"
    return [
        html.Header(
            dbc.Container(
                [
                    html.A(PRODUCT, href="/", className="product-name"),
                    html.Span(" · Tameside", className="product-area"),
                    html.P(as_at_text, className="as-at mb-0"),
                    _account(principal),
                ]
            ),
            className="site-header",
        ),
        _navigation(themes, principal),
    ]


def layout() -> html.Div:
    header = _header()
    if not isinstance(header, list):  # the database could not be read
        header = [html.Header(dbc.Container(html.A(PRODUCT, href="/")), className="site-header")]
    return html.Div(
        [
            html.A("Skip to main content", href="#main", className="skip-link"),
            *header,
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
                        [
                            "Built from public documents of Tameside Council and Ofsted. "
                            "Sample figures are illustrative unless marked published. ",
                            html.A("About the data and accessibility", href="/about"),
                        ],
                        className="mb-0",
                    )
                ),
                className="site-footer",
            ),
        ]
    )
