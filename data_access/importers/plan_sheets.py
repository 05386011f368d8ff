"""The plan workbook (SPEC section 12): a council's own plans, priorities, actions, inspections,
recommendations, teams and the links between them, a sheet each, with the columns of
sample_data/'s own files. The five links_*.csv files are one `links` sheet, whose `link` column
says which kind of link a row is, and which two columns it fills.

The example rows are the template's worked example: illustrative, and they import as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from data_access.models import (
    action_recommendation,
    indicator_action,
    indicator_recommendation,
    team_action,
    team_indicator,
)

PLANS, PRIORITIES, ACTIONS = "plans", "priorities", "actions"
INSPECTIONS, RECOMMENDATIONS, TEAMS, LINKS = "inspections", "recommendations", "teams", "links"


@dataclass(frozen=True)
class Sheet:
    """A sheet's columns, in the order of its sample file: the required ones, then those
    that may be left out (each cell of a column left out is empty)."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


# In the order the workbook has them, each sheet naming only what a sheet before it (or the
# dashboard's measures and themes) defines: the order they are checked and written in.
SHEETS: dict[str, Sheet] = {
    PLANS: Sheet(("slug", "title"), ("published", "source")),
    PRIORITIES: Sheet(("plan", "code", "title"), ("theme",)),
    ACTIONS: Sheet(("ref", "plan", "priority", "text", "owner"), ("due", "status", "source")),
    INSPECTIONS: Sheet(
        ("id", "kind", "title"), ("start_date", "end_date", "published", "overall", "source")
    ),
    RECOMMENDATIONS: Sheet(("id", "inspection_id", "number", "kind", "text")),
    TEAMS: Sheet(("slug", "name"), ("service",)),
    LINKS: Sheet(
        ("link", "indicator_ref", "action_ref", "recommendation_id", "team_slug"), ("basis",)
    ),
}


@dataclass(frozen=True)
class LinkKind:
    """One kind of link: the two columns that name what it links, and whether it has a basis
    (the documents' words that say why the two belong together)."""

    first: str
    second: str
    has_basis: bool


INDICATOR_ACTION = "indicator_action"
INDICATOR_RECOMMENDATION = "indicator_recommendation"
ACTION_RECOMMENDATION = "action_recommendation"
TEAM_ACTION = "team_action"
TEAM_INDICATOR = "team_indicator"
LINK_KINDS: dict[str, LinkKind] = {
    INDICATOR_ACTION: LinkKind("indicator_ref", "action_ref", True),
    INDICATOR_RECOMMENDATION: LinkKind("indicator_ref", "recommendation_id", True),
    ACTION_RECOMMENDATION: LinkKind("action_ref", "recommendation_id", True),
    TEAM_ACTION: LinkKind("team_slug", "action_ref", False),
    TEAM_INDICATOR: LinkKind("team_slug", "indicator_ref", False),
}
# Each kind of link's table, and its columns for the kind's first and second things.
LINK_TABLES: dict[str, tuple[Table, str, str]] = {
    "indicator_action": (indicator_action, "indicator_id", "action_id"),
    "indicator_recommendation": (indicator_recommendation, "indicator_id", "recommendation_id"),
    "action_recommendation": (action_recommendation, "action_id", "recommendation_id"),
    "team_action": (team_action, "team_id", "action_id"),
    "team_indicator": (team_indicator, "team_id", "indicator_id"),
}
LINKED_COLUMNS = ("indicator_ref", "action_ref", "recommendation_id", "team_slug")


def link_file(kind: str) -> str:
    """The sample file of a kind of link: links_indicator_action.csv ..."""
    return f"links_{kind}.csv"


EXAMPLE_SOURCE = "Illustrative example: replace this row with your own"
EXAMPLE: dict[str, dict[str, str]] = {
    PLANS: {
        "slug": "improvement-plan-2025",
        "title": "Children's Services Improvement Plan 2025",
        "published": "2025-04-30",
        "source": EXAMPLE_SOURCE,
    },
    PRIORITIES: {
        "plan": "improvement-plan-2025",
        "code": "1",
        "title": "Children get the right help at the right time from the front door",
        "theme": "quality-practice-and-compliance",
    },
    ACTIONS: {
        "ref": "2025-1.1",
        "plan": "improvement-plan-2025",
        "priority": "1",
        "text": "Audit 20 contacts a month at the front door for the quality of threshold "
        "decisions, and report what is learned to the Improvement Board each quarter.",
        "owner": "Head of Service, Front Door and Early Help",
        "due": "2025-12-31",
        "status": "not_started",
        "source": EXAMPLE_SOURCE,
    },
    INSPECTIONS: {
        "id": "2024",
        "kind": "inspection",
        "title": "Ofsted inspection of local authority children's services (ILACS), "
        "illustrative example",
        "start_date": "2024-11-04",
        "end_date": "2024-11-15",
        "published": "2025-01-10",
        "overall": "Requires improvement to be good",
        "source": EXAMPLE_SOURCE,
    },
    RECOMMENDATIONS: {
        "id": "2024-1",
        "inspection_id": "2024",
        "number": "1",
        "kind": "what needs to improve",
        "text": "The consistency of threshold decisions at the front door.",
    },
    TEAMS: {"slug": "front-door", "name": "Front door", "service": "Children's social care"},
    LINKS: {
        "link": TEAM_ACTION,
        "indicator_ref": "",
        "action_ref": "2025-1.1",
        "recommendation_id": "",
        "team_slug": "front-door",
        "basis": "",
    },
}
