"""The measure page's "How <the authority> compares" section: the authority's rank among every local
authority, its quartile band as a letter in a shape and words, and its statistical neighbours'
mean, median (computed, saying from what) and figures in a table (SPEC section 11). No
queries."""

from __future__ import annotations

from urllib.parse import quote

from dash import html

from dashboard import visible_figures as visible
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.measure_sections import section
from dashboard.components.series_tables import figure_text
from dashboard.components.suppressed import suppressed_note
from dashboard.rating import POLARITY_WORDS, format_value
from data_access.benchmarking import BAND_WORDS, rank_words
from data_access.queries.benchmark import Benchmark

NEIGHBOURS_TABLE = "benchmark-neighbours"
# A = the best quarter: the colours of a green and a red rating at the ends, grey between; the
# letter and the words carry the meaning, the colour only repeats it.
BAND_STYLES = {"A": "rag-green", "B": "rag-none", "C": "rag-none", "D": "rag-red"}


def band_badge(band: str) -> html.Span:
    """'(B) Band B: second best quarter': the letter in a circle, then the words."""
    return html.Span(
        [
            html.Span(band, className="badge-icon band-letter", **{"aria-hidden": "true"}),
            " ",
            f"Band {band}: {BAND_WORDS[band]}",
        ],
        className=f"rag-badge band-badge {BAND_STYLES[band]}",
    )


def _standing(result: Benchmark) -> list:
    """The figure, its rank, and its band (or why there is none)."""
    name, unit = result.area_name, result.unit
    figure = html.P(
        [
            f"{name}'s figure for {result.label}: ",
            html.Strong(figure_text(result.value, result.symbol, unit)),
        ]
    )
    if result.rank is None:
        hidden = (
            f"{name}'s figure is hidden, so its rank and quartile band among the "
            f"{result.of} local authorities with a figure are not shown."
        )
        return [figure, html.P(hidden)]
    ranked = rank_words(result.rank, result.ties, result.of, result.polarity)
    parts = [figure, html.P(f"{name} ranks {ranked}.", className="benchmark-rank")]
    if result.band is None:
        parts.append(
            html.P(
                "This is a context measure: a higher figure is neither better nor worse, so it "
                "has no quartile band."
            )
        )
    else:
        parts.append(
            html.P(
                [
                    band_badge(result.band),
                    f" of the local authorities ({POLARITY_WORDS[result.polarity].lower()}). ",
                    html.A("About quartile bands", href="/glossary#quartile-band"),
                    ".",
                ],
                className="benchmark-band",
            )
        )
    return parts


def _neighbours_sentence(result: Benchmark) -> html.P:
    """The neighbours' mean and median, with how many had a figure; or why they are not shown."""
    name, unit, total = result.area_name, result.unit, len(result.neighbours)
    count = result.neighbours_with_figure
    have = f"{count} of {name}'s {total} statistical neighbours"
    if result.sn_withheld:
        words: list = [
            f"The mean and median of the {have} with a figure are not shown: a neighbour's "
            "figure is hidden, and with the others they would give it back."
        ]
    elif result.sn_mean is None:
        words = [
            f"Only {have} have a figure for {result.label}: too few for a mean or median "
            "(at least half are needed)."
        ]
    else:
        words = [
            "Statistical neighbours' mean ",
            html.Strong(format_value(result.sn_mean, unit)),
            ", median ",
            html.Strong(format_value(result.sn_median, unit)),
            f", computed from all {total} of {name}'s statistical neighbours' figures for "
            f"{result.label}"
            if count == total
            else f", computed from the {have} with a figure for {result.label}",
            f" ({result.neighbour_set_name}).",
        ]
    link = html.A("statistical neighbours", href="/glossary#statistical-neighbours")
    return html.P([*words, " About ", link, "."])


def _neighbours(result: Benchmark) -> list:
    if not result.neighbours:
        return [
            html.P(
                f"{result.area_name}'s statistical neighbours ({result.neighbour_set_name}) have "
                "not been imported, so there is no comparison with them."
            )
        ]
    rows = [
        [
            neighbour.name,
            f"{neighbour.position} (closest)" if neighbour.position == 1 else neighbour.position,
            neighbour.closeness or "",
            figure_text(neighbour.value, neighbour.symbol, result.unit),
        ]
        for neighbour in result.neighbours
    ]
    caption = (
        f"{result.area_name}'s statistical neighbours' figures for {result.label}, closest "
        f"first ({result.neighbour_set_name})"
    )
    page = f"/indicator/{quote(result.ref, safe='')}"
    return [
        _neighbours_sentence(result),
        data_table(
            ["Local authority", "Position", "How close (DfE)", "Figure"],
            rows,
            caption,
            numbers=("Position", "Figure"),
            row_headers=True,
            table_id=NEIGHBOURS_TABLE,
            compact=True,
        ),
        download_links(page, NEIGHBOURS_TABLE, f"statistical neighbours' figures for {result.ref}"),
    ]


def benchmark_section(result: Benchmark | None) -> html.Section | None:
    """How the authority compares with every local authority and with its statistical
    neighbours, for a benchmark as the asker may see it (`visible_figures.benchmark`).

    None when there is nothing to benchmark (no other authority's figure for the measure), so
    the page shows no section: most measures are the council's own monthly figures that DfE
    never publishes for every authority, and a promise of a comparison that will never come
    would only be noise there. The API's answer says why there is none.
    """
    if result is None:
        return None
    hidden = visible.is_suppressed(result) or visible.any_suppressed(result.neighbours)
    return section(
        f"How {result.area_name} compares",
        suppressed_note(hidden),
        *_standing(result),
        *_neighbours(result),
        className="measure-benchmark",
    )
