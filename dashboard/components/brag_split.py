"""The BRAG split as the council's SEND plan reports it ("3% actions in red, 47% amber, 18%
green, 32% blue"): a sentence for all the actions shown, and a table by plan and by theme with a
bar for each row. The bars are decorative: the table says it all. No queries here."""

from __future__ import annotations

from dash import html

from dashboard.action_progress import BRAG_ORDER, BRAG_WORDS, Share, brag_split, split_sentence
from dashboard.components.badges import STATUS_STYLES
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from data_access.queries.action_tracker import ActionCounts, SplitRow

SPLIT_TABLE = "actions-brag-split"
HEADERS = ["Plan or theme", "Actions", *[f"% {BRAG_WORDS[s]}" for s in BRAG_ORDER], "Overdue"]


def split_bar(shares: list[Share]) -> html.Span:
    """The shares drawn as one bar, red to not started; hidden from screen readers."""
    segments = [
        html.Span(
            className=f"brag-segment {STATUS_STYLES[share.status][2]}",
            style={"width": f"{share.percent}%"},
        )
        for share in shares
        if share.percent
    ]
    return html.Span(segments, className="brag-bar", **{"aria-hidden": "true"})


def _row(name: str, counts: ActionCounts, css: str | None = None) -> list:
    """A row of the split: its name with its bar, then the counts and shares."""
    shares = brag_split(counts.by_status)
    values = [
        f"{counts.total:,}",
        *[f"{share.percent}%" for share in shares],
        f"{counts.overdue:,}",
    ]
    return [
        html.Th([html.Span(name), split_bar(shares)], scope="row", className=css),
        *[html.Td(value, className=f"text-end {css or ''}".strip()) for value in values],
    ]


def total_counts(rows: list[SplitRow]) -> ActionCounts:
    """All the actions of the rows (each action in exactly one of them) counted together."""
    by_status: dict[str, int] = {}
    for row in rows:
        for status, count in row.counts.by_status.items():
            by_status[status] = by_status.get(status, 0) + count
    return ActionCounts(by_status, sum(row.counts.overdue for row in rows))


def brag_split_section(
    plans: list[SplitRow], themes: list[SplitRow], on_text: str, filtered: bool
) -> html.Section:
    """The split of the actions shown: in words, then by plan and by theme in a table."""
    overall = total_counts(plans)
    shown = ("action shown", "actions shown") if filtered else ("action", "actions")
    body: list = [html.P(split_sentence(overall.by_status, *shown), className="mb-1")]
    if overall.total:
        body.append(
            html.P(
                [
                    html.Strong(f"{overall.overdue:,} overdue"),
                    f" {on_text}: past their due date and not complete.",
                ]
            )
        )
        rows = [_row(f"All {shown[1]}", overall, "brag-total")]
        rows += [_row(f"Plan: {row.name}", row.counts) for row in plans]
        rows += [
            _row(
                f"Theme: {row.name}" if row.slug else "No theme",
                row.counts,
                "brag-group-start" if index == 0 else None,
            )
            for index, row in enumerate(themes)
        ]
        body.append(
            data_table(
                HEADERS,
                rows,
                "Share of the actions in each status, by plan and by improvement theme "
                "(percentages add up to 100 in each row)",
                numbers=HEADERS[1:],
                class_name="brag-split-table",
                table_id=SPLIT_TABLE,
            )
        )
        body.append(download_links("/actions", SPLIT_TABLE, "the BRAG split"))
    return html.Section(
        [html.H2("BRAG split", id="brag-split-heading", className="h4 mt-4"), *body],
        id="brag-split",
        tabIndex="-1",
        **{"aria-labelledby": "brag-split-heading"},
    )
