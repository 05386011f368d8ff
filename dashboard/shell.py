"""The frame around every page: header with the reporting period and when the data last
changed, navigation, banner, main, footer."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, configured, database
from dashboard.components.change_history import local_time
from dashboard.components.reporting_period import PERIOD, period_heading
from dashboard.sign_in import csrf_token
from data_access import data_version
from data_access.queries.reporting_period import reporting_date
from data_access.queries.themes import list_themes

PRODUCT = "Children's Services Improvement Dashboard"
HEADER_PERIOD = "header-reporting-period"
SEARCH_PATH = "/search"
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
    mine = auth.my_team_link(principal)
    if mine:  # first, and instead of the list of teams, which shows them only theirs anyway
        links = [mine, *((name, path) for name, path in links if path != "/teams")]
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


def search_form() -> html.Form:
    """A box to find a measure by its reference or words: a plain form, so it works by keyboard
    and without scripts, leading to the page of what it found."""
    return html.Form(
        [
            html.Label("Find a measure", htmlFor="measure-search", className="search-label"),
            dcc.Input(
                id="measure-search",
                type="search",
                name="q",
                placeholder="Reference or words",
                maxLength=100,
                className="form-control form-control-sm",
            ),
            html.Button("Search", type="submit", className="btn btn-sm btn-light"),
        ],
        method="get",
        action=SEARCH_PATH,
        role="search",
        className="site-search",
    )


def _data_dates(period_text: str, changed: str | None) -> html.P:
    """'Reporting period: June 2023 · Data last changed 17:05 on 7 December 2026'."""
    parts: list = [html.Span(period_text, id=HEADER_PERIOD)]
    if changed:
        parts += [html.Span(" · ", **{"aria-hidden": "true"}), f"Data last changed {changed}"]
    return html.P(parts, className="as-at mb-0")


@reads_database
def _header() -> list:
    principal = auth.current()
    with database.session() as db:
        # The default period: the layout is asked for without the page's address, so a page
        # drawn for another period says so through PERIOD (the clientside callback below).
        period = reporting_date(db)
        changed = data_version.changed_at(db)
        themes = list_themes(db)
    authority = configured.authority()
    return [
        html.Header(
            dbc.Container(
                [
                    html.A(PRODUCT, href="/", className="product-name"),
                    html.Span(f" · {authority.name}", className="product-area"),
                    _data_dates(period_heading(period), local_time(changed) if changed else None),
                    _account(principal),
                    search_form(),
                ]
            ),
            className="site-header",
        ),
        _navigation(themes, principal),
    ]


def _sample_banner() -> html.Div:
    """Says that the sample data is illustrative except the figures marked published (from the
    documents and DfE's statistics) and those computed from them."""
    return html.Div(
        dbc.Container(
            html.P(
                [
                    html.Strong("Sample data. "),
                    "Figures marked ",
                    html.Strong("published"),
                    f" are taken exactly from {configured.authority().name} Council and Ofsted "
                    "documents or DfE's statistics, and those marked ",
                    html.Strong("computed"),
                    " are worked out from them; every other figure, status and date is "
                    "illustrative.",
                ],
                className="mb-0",
            )
        ),
        className="data-banner",
        role="note",
    )


def _footer(sample: bool) -> html.Footer:
    words = (
        [
            f"Built from public documents of {configured.authority().name} Council and Ofsted. "
            "Sample figures are illustrative unless marked published. "
        ]
        if sample
        else []
    )
    return html.Footer(
        dbc.Container(
            html.P(
                [*words, html.A("About the data and accessibility", href="/about")],
                className="mb-0",
            )
        ),
        className="site-footer",
    )


def layout() -> html.Div:
    header = _header()
    if not isinstance(header, list):  # the database could not be read
        header = [html.Header(dbc.Container(html.A(PRODUCT, href="/")), className="site-header")]
        sample = False  # nor the authority's name
    else:
        # The sample data is the sample authority's; another authority's data is its own.
        sample = configured.shows_sample()
    return html.Div(
        [
            html.A("Skip to main content", href="#main", className="skip-link"),
            *header,
            _sample_banner() if sample else None,
            html.Main(dbc.Container(dash.page_container), id="main", tabIndex="-1"),
            _footer(sample),
        ]
    )


# A page with a choice of period (the scorecard, the clinic) keeps what it was drawn for in
# PERIOD; the header then names that period. In the browser: no request, and nothing to do on
# the pages without a choice.
dash.clientside_callback(
    "function (period) { return period ? period.heading : window.dash_clientside.no_update; }",
    Output(HEADER_PERIOD, "children"),
    Input(PERIOD, "data"),
)
