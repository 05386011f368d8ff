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
    ACTIONS: Sheet(
        ("ref", "plan", "priority", "text", "owner"), ("due", "revised_due", "status", "source")
    ),
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
        "revised_due": "",
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

ADDRESS_WORDS = "letters, digits, '.', '-' or '_'"
SLUG_MEANING = "lower-case words joined by hyphens"
DATE_MEANING = "as YYYY-MM-DD"
# What each column holds, for the template's read-me sheet and the import page.
MEANINGS: dict[str, dict[str, str]] = {
    PLANS: {
        "slug": f"the plan's short name, {SLUG_MEANING} (improvement-plan-2025): the other "
        "sheets name the plan by it",
        "title": "the plan's title, as published",
        "published": f"the day it was published, {DATE_MEANING}: progress is recorded from then",
        "source": "where it comes from: the document and section",
    },
    PRIORITIES: {
        "plan": "the plan's slug, from the plans sheet",
        "code": "the priority's code in its plan (A, P1, 1)",
        "title": "the priority, in the plan's words",
        "theme": "the improvement theme it serves, by its slug (demand-and-need ...), or empty",
    },
    ACTIONS: {
        "ref": "the action's reference, its own across every plan (A1, P1.1): " + ADDRESS_WORDS,
        "plan": "the plan's slug, from the plans sheet",
        "priority": "the priority's code in that plan, from the priorities sheet",
        "text": "what will be done",
        "owner": "who answers for it: a role title (Head of Service, Early Help), never a "
        "person's name",
        "due": f"the day it is due, {DATE_MEANING}, or empty",
        "revised_due": f"the day it is now due, {DATE_MEANING}, if the due date has been moved; "
        "else empty. It decides whether the action is overdue",
        "status": "blue (complete), green (on track), amber (at risk), red (off track) or "
        "not_started (if empty). Once progress is recorded on an action, its progress sets it",
        "source": "where it comes from: the document and section",
    },
    INSPECTIONS: {
        "id": f"the inspection's id (2019, 2021-fv): {ADDRESS_WORDS}",
        "kind": "inspection, monitoring visit, focused visit ...",
        "title": "what it was, in the report's words",
        "start_date": f"the first day of the visit, {DATE_MEANING}, or empty",
        "end_date": f"the last day of the visit, {DATE_MEANING}, or empty",
        "published": f"the day the report was published, {DATE_MEANING}, or empty",
        "overall": "the overall judgement (Requires improvement to be good ...), or empty",
        "source": "the report, or the document that quotes it",
    },
    RECOMMENDATIONS: {
        "id": "the inspection's year and the recommendation's number (2019-1)",
        "inspection_id": "the inspection's id, from the inspections sheet",
        "number": "its number in the report (1, 2, 3 ...)",
        "kind": "recommendation, what needs to improve, area for priority action ...",
        "text": "what the inspection asked for, in its own words",
    },
    TEAMS: {
        "slug": f"the team's short name, {SLUG_MEANING} (leaving-care)",
        "name": "the team's name",
        "service": "the service it belongs to, or empty",
    },
    LINKS: {
        "link": "which kind of link the row is: " + ", ".join(LINK_KINDS),
        "indicator_ref": "a measure's ref (8, 9b), in a link of a measure; else empty",
        "action_ref": "an action's ref, in a link of an action; else empty",
        "recommendation_id": "a recommendation's id, in a link of a recommendation; else empty",
        "team_slug": "a team's slug, in a link of a team; else empty",
        "basis": "why the two belong together, in the documents' words; empty in a team's link",
    },
}
