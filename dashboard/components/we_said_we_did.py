"""'We said / We did': how the 2022/23 Improvement Plan reports back, priority by priority:
each action's promise beside what was done, from the newest published update. No queries here.
"""

from __future__ import annotations

from dash import html

from dashboard.components.badges import status_badge
from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.linked_items import PRE_LINE, action_link, date_text
from dashboard.components.provenance import RECORDED
from data_access.queries.action_tracker import WeSaidWeDid

SAID_DID = "we-said-we-did"  # the section's id, and the in-page link's target
SAID_DID_PLAN = "improvement-plan-2022-23"
HEADERS = ["Action", "We said", "We did", "Status"]


def we_did(row: WeSaidWeDid) -> list:
    """The newest published update with its date and source; else the newest update, marked
    as illustrative; else that nothing is recorded."""
    if row.did is None:
        return [html.Em("Nothing recorded yet")]
    if row.did_provenance == "published":
        where = f"Published {date_text(row.did_on)}" + (
            f": {row.did_source}" if row.did_source else ""
        )
        provenance = html.Span(where)
    elif row.did_provenance == RECORDED:
        provenance = html.Span(
            [
                html.Strong("Recorded in the dashboard"),
                f" on {date_text(row.did_on)}; nothing published yet",
            ]
        )
    else:
        provenance = html.Span(
            [
                html.Strong("Illustrative"),
                f" update of {date_text(row.did_on)}; nothing published yet",
            ]
        )
    return [
        html.Div(row.did, style=PRE_LINE),
        html.Div(provenance, className="small said-did-source"),
    ]


def _cells(row: WeSaidWeDid) -> list:
    cells = [
        action_link(row.ref),
        html.Div(row.said, style=PRE_LINE),
        we_did(row),
        status_badge(row.status, row.overdue),
    ]
    return [
        html.Td(cell, className=css)
        for cell, css in zip(cells, ("text-nowrap", "said-cell", "did-cell", None))
    ]


def _priority(code: str, title: str, rows: list[WeSaidWeDid]) -> html.Section:
    heading = f"{SAID_DID}-{code.lower()}-heading"
    return html.Section(
        [
            html.H3(f"Priority {code}: {title}", id=heading, className="h5 mt-4"),
            data_table(
                HEADERS,
                [_cells(row) for row in rows],
                f"Priority {code}: what we said we would do, and what we did",
                class_name="stacking-table said-did-table",
                table_id=f"{SAID_DID}-{code.lower()}",
            ),
            download_links(
                "/actions", f"{SAID_DID}-{code.lower()}", f"priority {code}: we said, we did"
            ),
        ],
        **{"aria-labelledby": heading},
    )


def we_said_we_did_section(plan_title: str, rows: list[WeSaidWeDid]) -> html.Section:
    """The plan's actions grouped by priority, each 'We said' beside 'We did' and its status."""
    priorities: dict[tuple[str, str], list[WeSaidWeDid]] = {}
    for row in rows:
        priorities.setdefault((row.priority_code, row.priority_title), []).append(row)
    intro = (
        "How the council reports this plan to the scrutiny panel: for each priority, what "
        "we said we would do and what we did. “We did” is the newest update published in a "
        "council document; where there is none yet, the newest illustrative update, marked as "
        "such. This section shows the whole plan, whatever the filters above."
    )
    body = [html.P(intro)] if rows else [html.P(f"No actions of the {plan_title} are loaded.")]
    return html.Section(
        [
            html.H2(f"We said / We did: {plan_title}", id=f"{SAID_DID}-heading", className="h4"),
            *body,
            *[_priority(code, title, members) for (code, title), members in priorities.items()],
        ],
        id=SAID_DID,
        tabIndex="-1",
        className="mt-5",
        **{"aria-labelledby": f"{SAID_DID}-heading"},
    )
