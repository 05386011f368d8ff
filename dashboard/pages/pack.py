"""The scrutiny pack's page (`/pack?as_at=YYYY-MM-DD&theme=<slug>`): choose the date and theme,
ask for the pack, watch its pages being drawn, then download it (SPEC sections 7 and 9).

The pack is made by a background callback (dashboard/background.py), never in a web worker's
request, and kept until the data changes (dashboard/pack/kept.py). Someone who leaves the page
and comes back finds their pack ready, or still being made, with its progress followed from
the kept record once a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import database
from dashboard.components.progress import (
    progress_area,
    progress_ids,
    progress_outputs,
    progress_values,
)
from dashboard.date_arguments import allowed_dates, parse_date
from dashboard.pack.kept import PackState, address, build, state
from dashboard.shell import reads_database
from data_access.queries.plans import decision_date
from data_access.queries.themes import list_themes

dash.register_page(__name__, path="/pack", title="Scrutiny pack", name="Scrutiny pack")

PREFIX = "pack"
DATE, THEME, MAKE, RESULT, FOLLOW = (
    "pack-date",
    "pack-theme",
    "pack-make",
    "pack-result",
    "pack-follow",
)
EVERY_THEME = "all"
PROGRESS = progress_ids(PREFIX)


def _asked(as_at: str | None, theme: str | None) -> tuple[date, str | None]:
    """The date and theme asked for, checked; ValueError with a sentence if unusable."""
    try:
        on = parse_date((as_at or "").strip())
    except ValueError:
        raise ValueError("Give the date as a day, month and year.") from None
    first, last = allowed_dates()
    if not first <= on <= last:
        raise ValueError(f"Choose a date from {first:%-d %B %Y} to {last:%-d %B %Y}.")
    with database.session() as db:
        slugs = {t.slug for t in list_themes(db)}
    if theme not in slugs and theme not in (None, EVERY_THEME):
        raise ValueError("Choose one of the themes listed, or every theme.")
    return on, None if theme in (None, EVERY_THEME) else theme


def _outcome(now: PackState, on: date, theme: str | None) -> html.Div | str:
    if now.status == "done":
        return html.Div(
            [
                html.H2("✓ The pack is ready", className="h5"),
                html.A(
                    f"Download the scrutiny pack (PDF, {now.pages:,} pages)",
                    href=address(on, theme),
                    className="btn btn-success",
                    download="",
                ),
            ],
            className="alert alert-success",
            role="status",
        )
    if now.status == "failed":
        return html.Div(now.reason, className="alert alert-danger", role="alert")
    return ""


@reads_database
def layout(as_at: str | None = None, theme: str | None = None, **_query) -> html.Div:
    with database.session() as db:
        themes = list_themes(db)
        default = decision_date(db)
    try:
        on, theme = _asked(as_at or default.isoformat(), theme)
    except ValueError:
        on, theme = default, None
    now = state(on, theme)
    running = now.status == "running"
    return html.Div(
        [
            html.H1("Scrutiny pack"),
            html.P(
                "A PDF of the scorecard by theme, with a page for each red measure (its chart, "
                "latest commentary, linked actions and Ofsted recommendations), a line for each "
                "red measure more than a year old, the overdue actions and, for those who may "
                "open it, the performance clinic, as things stood on the date you choose. "
                "Making it takes from a few seconds to a minute; you may leave this page and "
                "come back for it. A pack is kept until the figures change.",
                className="lead",
            ),
            html.Div(
                [
                    html.Label("Figures as at", htmlFor=DATE, className="form-label"),
                    dcc.Input(
                        id=DATE, type="date", value=on.isoformat(), className="form-control mb-3"
                    ),
                    html.Label("Theme", htmlFor=THEME, className="form-label"),
                    dbc.Select(  # a native select: the keyboard and screen readers know it
                        id=THEME,
                        options=[{"label": "Every theme", "value": EVERY_THEME}]
                        + [{"label": f"{t.letter}. {t.name}", "value": t.slug} for t in themes],
                        value=theme or EVERY_THEME,
                        className="mb-3",
                    ),
                    html.Button(
                        "Make the pack", id=MAKE, type="button", className="btn btn-primary"
                    ),
                ],
                className="pack-form",
                style={"maxWidth": "32rem"},
            ),
            progress_area(
                PREFIX,
                "Making the scrutiny pack",
                now.drawn,
                now.pages,
                now.words if running else "",
            ),
            html.Div(
                _outcome(now, on, theme), id=RESULT, className="mt-3", **{"aria-live": "polite"}
            ),
            dcc.Interval(id=FOLLOW, interval=1000, disabled=not running),
        ]
    )


@callback(
    Output(RESULT, "children"),
    Input(MAKE, "n_clicks"),
    State(DATE, "value"),
    State(THEME, "value"),
    prevent_initial_call=True,
    background=True,
    progress=progress_outputs(PREFIX),
    running=[
        (Output(PROGRESS["area"], "hidden"), False, True),
        (Output(MAKE, "disabled"), True, False),
        (Output(FOLLOW, "disabled"), True, True),
    ],
    interval=500,
)
def make_pack(set_progress: Callable, _clicks, as_at: str | None, theme: str | None):
    """Run in the background: make the pack (or follow whoever is making it), telling the page
    how many pages are drawn."""
    try:
        on, theme = _asked(as_at, theme)
    except ValueError as bad:
        return html.Div(str(bad), className="alert alert-danger", role="alert")

    def told(now: PackState) -> None:
        set_progress(progress_values(now.drawn, now.pages, now.words))

    return _outcome(build(on, theme, told), on, theme)


@callback(
    Output(RESULT, "children", allow_duplicate=True),
    *progress_outputs(PREFIX),
    Output(PROGRESS["area"], "hidden", allow_duplicate=True),
    Output(FOLLOW, "disabled", allow_duplicate=True),
    Input(FOLLOW, "n_intervals"),
    Input(DATE, "value"),
    Input(THEME, "value"),
    prevent_initial_call=True,
)
def follow_pack(_ticks, as_at: str | None, theme: str | None):
    """The pack for the date and theme chosen, as it stands: ready, or being made (followed
    once a second until it is ready), or not made yet."""
    try:
        on, theme = _asked(as_at, theme)
    except ValueError:
        raise PreventUpdate from None
    now = state(on, theme)
    running = now.status == "running"
    return (
        _outcome(now, on, theme),
        *progress_values(now.drawn, now.pages, now.words),
        not running,
        not running,
    )
