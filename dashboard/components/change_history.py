"""The table of changes made in the app to an action or a measure: when (UK time), who, what,
and the values before and after. No queries; every value is shown as text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dash import html

from dashboard.components.data_table import data_table
from dashboard.components.download_links import download_links
from dashboard.components.tracker_filters import STATUS_LABELS
from data_access.queries.changes import ChangeRow

UK = ZoneInfo("Europe/London")
VALUE_NAMES = {
    "status": "Status",
    "dated_status": "Status on that date",
    "date": "Date",
    "note": "Note",
    "text": "Text",
    "author": "Written by",
    "target": "Target",
    "tolerance": "Tolerance",
}


def local_time(moment: datetime) -> str:
    """A stored UTC time as people in the council read it: '10:42 on 23 November 2026'."""
    uk = moment.replace(tzinfo=UTC).astimezone(UK)
    return f"{uk:%H:%M} on {uk.day} {uk:%B %Y}"


def _value(name: str, value) -> str:
    if value is None:
        return "none"
    if name in ("status", "dated_status"):
        return STATUS_LABELS.get(value, value)
    if name == "date":
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def values_text(values: dict) -> str:
    """A change's values, one 'Name: value' line each ('Nothing' when there were none)."""
    if not values:
        return "Nothing"
    return "\n".join(
        f"{VALUE_NAMES.get(name, name.capitalize())}: {_value(name, value)}"
        for name, value in values.items()
    )


def _what(change: ChangeRow) -> str:
    what = change.record.capitalize() + (f" on measure {change.measure}" if change.measure else "")
    if change.period_end is None:
        return what
    return f"{what} for the period to {change.period_end:%-d %B %Y}"


def changes_section(
    heading: str, changes: list[ChangeRow], page: str, table_id: str, what: str
) -> list:
    """The heading, table and download links of a record's changes, newest first."""
    if not changes:
        return [
            html.H2(heading, className="h4 mt-4"),
            html.P(f"No changes have been made to {what} in the dashboard yet."),
        ]
    pre_line = {"whiteSpace": "pre-line"}
    rows = [
        [
            html.Td(local_time(change.changed_at), className="text-nowrap"),
            change.changed_by,
            _what(change),
            html.Td(values_text(change.old_values), style=pre_line),
            html.Td(values_text(change.new_values), style=pre_line),
        ]
        for change in changes
    ]
    return [
        html.H2(heading, className="h4 mt-4"),
        data_table(
            ["When (UK time)", "Who", "What", "Before", "After"],
            rows,
            f"Changes made to {what} in the dashboard, newest first",
            table_id=table_id,
        ),
        download_links(page, table_id, f"changes to {what}"),
    ]
