"""GET /api/v1/changes (SPEC section 6): what changed between two reporting dates, as the person
asking may see it; JSON by default, `?format=csv` or `?format=xlsx` for one table of it."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from dashboard import database
from dashboard.changes_since import ChangesSince, asked_since, changes_since
from dashboard.date_arguments import BadDate, date_argument
from dashboard.error_answers import json_error
from dashboard.exports import MEDIA_TYPES, table_download
from data_access.queries.plans import decision_date

changes_api = Blueprint("changes_api", __name__)

TABLE_COLUMNS = [
    "change",  # "rating", "special cause" or "action"
    "ref",
    "title",
    "team",
    "from",
    "to",
    "from_value",
    "to_value",
    "date",
    "newly_overdue",
]


def changes_json(changes: ChangesSince) -> dict:
    """The changes as the API gives them."""

    def figure(one, field: str):
        found = getattr(one.change, field)
        return (found.value, found.date.isoformat()) if found else (None, None)

    measures = []
    for one in changes.measures:
        (from_value, from_date), (to_value, to_date) = figure(one, "before"), figure(one, "after")
        measures.append(
            {
                "ref": one.change.ref,
                "title": one.change.title,
                "team": one.change.team,
                "from_rag": one.before.rag,
                "to_rag": one.after.rag,
                "from_value": from_value,
                "to_value": to_value,
                "from_date": from_date,
                "to_date": to_date,
                "explanation": one.after.explanation,
            }
        )
    return {
        "since": changes.since.isoformat(),
        "as_at": changes.as_at.isoformat(),
        "measures": measures,
        "special_causes": [
            {
                "ref": one.ref,
                "title": one.title,
                "date": one.date.isoformat(),
                "value": one.value,
                "kind": one.kind,
                "side": one.side,
            }
            for one in changes.special_causes
        ],
        "actions": [
            {
                "ref": one.ref,
                "plan": one.plan,
                "owner": one.owner,
                "due": one.due.isoformat() if one.due else None,
                "from_status": one.from_status,
                "to_status": one.to_status,
                "newly_overdue": one.newly_overdue,
                "overdue": one.overdue,
                "completed": one.completed,
            }
            for one in changes.actions
        ],
    }


def _table_rows(answer: dict) -> list[list]:
    """The three lists as one table, a row per change (TABLE_COLUMNS)."""
    rows = [
        ["rating", m["ref"], m["title"], m["team"], m["from_rag"], m["to_rag"]]
        + [m["from_value"], m["to_value"], m["to_date"], None]
        for m in answer["measures"]
    ]
    rows += [
        ["special cause", s["ref"], s["title"], None, None, f"{s['kind']} ({s['side']})"]
        + [None, s["value"], s["date"], None]
        for s in answer["special_causes"]
    ]
    rows += [
        ["action", a["ref"], a["plan"], None, a["from_status"], a["to_status"]]
        + [None, None, a["due"], a["newly_overdue"]]
        for a in answer["actions"]
    ]
    return rows


@changes_api.get("/api/v1/changes")
def changes():
    wanted = request.args.get("format", "json")
    if wanted != "json" and wanted not in MEDIA_TYPES:
        return json_error(f"format must be json, csv or xlsx, not '{wanted}'", 400)
    try:
        asked = date_argument("as_at")
        with database.session() as db:
            as_at = decision_date(db, asked)
        since = asked_since(request.args.get("since"), as_at).on  # each reads one session at a time
        with database.session() as db:
            answer = changes_json(changes_since(db, since, as_at))
    except BadDate as bad:
        return json_error(str(bad), 400)
    if wanted == "json":
        return jsonify(answer)
    name = f"changes-{since.isoformat()}-to-{as_at.isoformat()}"
    return table_download(TABLE_COLUMNS, _table_rows(answer), name, wanted, sheet="changes")
