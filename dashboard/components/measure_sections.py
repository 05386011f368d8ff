"""The sections of the measure page that show one measure's own words and figures: its latest
rating with the sentence that explains it, its definition, its latest commentary and the teams'
figures. No queries."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html

from dashboard import visible_figures as visible
from dashboard.components.badges import rag_badge, trend_badge
from dashboard.components.download_links import download_links
from dashboard.components.provenance import provenance_suffix, provenance_word
from dashboard.components.series_tables import figure_text, team_breakdown_table
from dashboard.components.suppressed import suppressed_note
from dashboard.rating import POLARITY_WORDS, Rating, amount_text, trend
from data_access.annex_a.measures import BY_REF
from data_access.queries.commentary import CommentaryRow
from data_access.queries.indicators import IndicatorDetail
from data_access.queries.observations import Figure, TeamFigure


def section(heading: str, *children, **props) -> html.Section:
    """A page section with its h2; children that are None are left out."""
    parts = [child for child in children if child is not None]
    return html.Section([html.H2(heading, className="h4 mt-4"), *parts], **props)


def _themes(slugs: list[str]) -> list:
    links: list = []
    for slug in slugs:
        name = slug.replace("-", " ").capitalize()
        links += [", "] if links else []
        links.append(html.A(name, href=f"/theme/{slug}"))
    return links or ["None"]


def shown_rating(detail: IndicatorDetail) -> Rating:
    """The measure's rating on its latest figure, as the asker may see it."""
    summary = detail.summary
    return visible.rate_shown(
        summary.latest, summary.target, summary.tolerance, summary.polarity, summary.unit
    )


def rating_section(detail: IndicatorDetail, figures: Sequence[Figure]) -> html.Section:
    """The latest figure, its RAG badge and trend, the rating sentence and the target; and,
    first on the page, what `c` means when any of the authority's figures is suppressed.
    `detail` and `figures` (the authority's series) are as the asker may see them."""
    summary, latest = detail.summary, detail.summary.latest
    unit = summary.unit
    rating = shown_rating(detail)
    movement = trend([figure.value for figure in figures], summary.polarity, unit)
    figure, period = "No figure yet", ""
    if latest is not None:
        kind = f"{provenance_word(latest.provenance).lower()} figure"
        figure = figure_text(latest.value, latest.symbol, unit)
        period = f"{latest.label}, {kind}"
    target = "None set" if summary.target is None else figure_text(summary.target, None, unit)
    facts = [
        ("Target", target),
        ("Tolerance", amount_text(summary.tolerance, unit) if summary.tolerance else "None"),
        ("Direction", POLARITY_WORDS.get(summary.polarity, summary.polarity)),
        ("Reported", summary.frequency.capitalize()),
        ("Themes", _themes(summary.themes)),
    ]
    return section(
        "Latest figure and rating",
        suppressed_note(visible.any_suppressed([latest], figures)),
        html.P([html.Span(figure, className="fs-2 fw-bold me-2"), period]),
        html.P([rag_badge(rating.rag, rating.explanation), " ", trend_badge(movement)]),
        html.P(html.Strong(rating.explanation), className="rating-sentence mb-1"),
        html.P(movement.sentence, className="trend-sentence"),
        html.Dl(
            [
                part
                for name, text in facts
                for part in (
                    html.Dt(name, className="col-sm-3"),
                    html.Dd(text, className="col-sm-9 mb-1"),
                )
            ],
            className="row small mb-0",
        ),
        className="measure-rating",
    )


def team_breakdown_section(
    detail: IndicatorDetail, teams: Sequence[TeamFigure], home: Sequence[Figure], name: str
) -> html.Section | None:
    """Each team's figure for the newest period with team figures, with the authority's
    figure of that period as the total; None when the asker may see no team's figure (a viewer
    sees none, a team manager only their own teams'). `teams` come straight from the query;
    `home` is the authority's series as the asker may see it, `name` the authority's name."""
    if not teams:
        return None
    summary, period = detail.summary, teams[0]
    authority = next((figure for figure in home if figure.date == period.date), None)
    authority, shown = visible.team_figures(teams, authority, summary.unit)
    if not shown:
        return None
    every = len(shown) == len(teams)
    yours = "Your team's figure" if len(shown) == 1 else "Your teams' figures"
    caption = (
        f"Each team's figure for {period.label}; the teams add up to the {name} figure in "
        "the last row"
        if every
        else f"{yours} for {period.label}, with the {name} figure (all teams) in the last "
        "row; other teams' figures are for their managers"
    )
    page = f"/indicator/{summary.ref}"
    return section(
        "Team breakdown" if every else yours,
        team_breakdown_table(
            shown,
            authority,
            unit=summary.unit,
            polarity=summary.polarity,
            target=summary.target,
            tolerance=summary.tolerance,
            caption=caption,
            whole=f"{name} (all teams)",
        ),
        download_links(page, "team-breakdown", f"each team's figure for measure {summary.ref}"),
    )


def _annex_a(ref: str) -> list:
    """What the measure counts when its figures are computed from the council's Annex A lists
    (data_access/annex_a/measures.py), if they can be."""
    measure = BY_REF.get(ref)
    if measure is None:
        return []
    return [
        html.H3("When computed from the council's Annex A lists", className="h6"),
        html.P(
            [
                measure.definition,
                html.Br(),
                html.Span(f"Following {measure.source}.", className="small"),
            ]
        ),
    ]


def definition_section(detail: IndicatorDetail) -> html.Section:
    return section(
        "What this measures",
        html.H3("Definition", className="h6"),
        html.P(detail.definition or "No definition recorded."),
        *_annex_a(detail.summary.ref),
        html.H3("Why it matters", className="h6"),
        html.P(detail.why_it_matters or "Not recorded."),
        html.H3("Source", className="h6"),
        html.P(detail.source or "Not recorded.", className="small"),
    )


def commentary_section(note: CommentaryRow | None) -> html.Section:
    if note is None:
        return section("Latest commentary", html.P("No commentary has been written yet."))
    kind = provenance_suffix(note.provenance)
    return section(
        "Latest commentary",
        html.Blockquote(
            [
                html.P(note.text, className="mb-1"),
                html.Footer(f"{note.author}, on the figures to {note.period_end:%-d %B %Y}{kind}"),
            ],
            className="border-start border-3 ps-3",
        ),
    )
