"""A team's commentary on its own measures: the form its managers (and those who see every team)
write it with, the latest of it, its changes, and each team's latest on the measure page. No
queries; what people wrote is only ever shown as text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.change_history import changes_section
from dashboard.components.edit_forms import FormIds, edit_form, form_field
from dashboard.components.linked_items import date_text
from dashboard.components.provenance import provenance_suffix
from data_access.edits import TEXT_LIMIT
from data_access.queries.changes import ChangeRow
from data_access.queries.commentary import TeamCommentaryPeriod, TeamNote
from data_access.queries.teams import TeamCommentary

TEAM_COMMENTARY = FormIds("team-commentary", {"measure": "Measure", "text": "Commentary"})
LATEST, CHANGES = "team-latest-commentary", "team-commentary-changes"


class TeamCommentaryState(TypedDict):
    """What the form remembers: the team, and for each of its measures the newest period with
    a figure of the team's own, the version and the text of its commentary when opened."""

    team: str
    periods: dict[str, str]
    versions: dict[str, int]
    texts: dict[str, str]


def team_commentary_state(team: str, rows: Sequence[TeamCommentaryPeriod]) -> TeamCommentaryState:
    return {
        "team": team,
        "periods": {row.ref: row.period_end.isoformat() for row in rows},
        "versions": {row.ref: row.version for row in rows},
        "texts": {row.ref: row.text for row in rows if row.version},
    }


def measure_options(rows: Sequence[TeamCommentaryPeriod]) -> list[dict]:
    return [
        {
            "label": f"{row.ref}. {row.title}: {row.label}"
            + (" (has commentary)" if row.version else ""),
            "value": row.ref,
        }
        for row in rows
    ]


def team_commentary_form(team: str, rows: Sequence[TeamCommentaryPeriod], by: str):
    """The form to write, or rewrite, the team's commentary on the newest figure of one of its
    own measures; a sentence instead when the team has no figures of its own."""
    if not rows:
        return html.P(
            "The team has no figures of its own yet, so there is nothing to comment on.",
            className="text-muted",
        )
    first = rows[0]
    fields = [
        form_field(
            TEAM_COMMENTARY,
            "measure",
            dbc.Select(
                id=TEAM_COMMENTARY.field("measure"),
                options=measure_options(rows),
                value=first.ref,
            ),
            "The measure, and its newest period with the team's own figure.",
        ),
        form_field(
            TEAM_COMMENTARY,
            "text",
            dbc.Textarea(id=TEAM_COMMENTARY.field("text"), value=first.text, rows=4),
            f"What the team's figures tell us, in plain text, at most {TEXT_LIMIT:,} "
            "characters. Commentary already written is shown here to edit; the old text is "
            "kept in the changes below.",
        ),
    ]
    return edit_form(
        TEAM_COMMENTARY,
        "Write the team's commentary",
        "Say what the team's own figures tell us. It is shown on this page and on the "
        "measure's page, under the team.",
        by,
        team_commentary_state(team, rows),
        fields,
        "Save the commentary",
    )


def latest_team_commentary(items: Sequence[TeamCommentary]) -> list:
    if not items:
        return [html.P("No commentary has been written for this team yet.")]
    return [
        html.Figure(
            [
                html.Blockquote(html.P(item.text, className="mb-1"), className="ps-3"),
                html.Figcaption(
                    [
                        f"{item.author}, on ",
                        html.A(f"{item.ref}. {item.title}", href=f"/indicator/{item.ref}"),
                        f", period ending {date_text(item.period_end)}"
                        + provenance_suffix(item.provenance),
                    ],
                    className="small text-muted",
                ),
            ]
        )
        for item in items
    ]


def team_commentary_changes_section(slug: str, name: str, history: list[ChangeRow]) -> list:
    return changes_section(
        "Changes to the team's commentary",
        history,
        f"/teams/{slug}",
        "team-commentary-history",
        f"{name}'s commentary",
    )


def teams_commentary_section(notes: Sequence[TeamNote]) -> html.Section | None:
    """On the measure page, under the teams' figures: each team's latest commentary on it
    (only the teams the asker may see are given)."""
    if not notes:
        return None
    return html.Section(
        [
            html.H2("Teams' commentary", className="h4 mt-4"),
            *(
                html.Figure(
                    [
                        html.Figcaption(
                            html.A(note.name, href=f"/teams/{note.team}"), className="fw-bold"
                        ),
                        html.Blockquote(html.P(note.text, className="mb-1"), className="ps-3"),
                        html.P(
                            f"{note.author}, period ending {date_text(note.period_end)}"
                            + provenance_suffix(note.provenance),
                            className="small text-muted",
                        ),
                    ]
                )
                for note in notes
            ),
        ],
        id="teams-commentary",
    )
