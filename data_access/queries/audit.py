"""The administrators' audit log: sign-ins, refused sign-ins, sign-outs and changes to users
(`audit_event`) together with the changes made in the app to actions, targets and commentary
(`change_history`), newest first, merged and cut to the newest ones in SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, String, Text, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from data_access import audit
from data_access.models import AuditEvent, Change

NEWEST = 200  # events shown on the page

# The kinds of event the log can be narrowed to, and the audit events of each; RECORDS are the
# changes to actions, targets and commentary, from the change history.
RECORDS = "records"
KINDS: dict[str, tuple[str, ...]] = {
    "sign-ins": (audit.SIGNED_IN,),
    "refused": (audit.SIGN_IN_REFUSED,),
    "sign-outs": (audit.SIGNED_OUT,),
    "users": (audit.USER_CREATED, audit.USER_CHANGED),
    RECORDS: (),
}


@dataclass(frozen=True)
class LoggedEvent:
    """One line of the audit log. A change to a record has its `subject` ("action" or
    "indicator") and values before and after; an audit event has its `detail` and address."""

    at: datetime  # UTC
    who: str
    event: str  # the audit event's name, or the record changed ("target", "commentary" ...)
    subject: str | None
    subject_ref: str | None
    period_end: date | None  # a commentary's period
    detail: str
    address: str
    old_values: dict
    new_values: dict


def _changes(limit: int):
    query = select(
        Change.changed_at.label("at"),
        Change.id.label("id"),
        Change.changed_by.label("who"),
        Change.record.label("event"),
        Change.subject.label("subject"),
        Change.subject_ref.label("subject_ref"),
        Change.period_end.label("period_end"),
        # a team's commentary names the team
        func.coalesce(literal("team ", Text) + Change.team, "").label("detail"),
        literal("", String).label("address"),
        Change.old_values.label("old_values"),
        Change.new_values.label("new_values"),
    )
    return _newest(query.order_by(Change.changed_at.desc(), Change.id.desc()), limit)


def _newest(ordered, limit: int):
    """The first `limit` rows of an ordered select, as a select that can join a UNION ALL."""
    return select(ordered.limit(limit).subquery())


def _events(kind: str | None, limit: int):
    query = select(
        AuditEvent.at.label("at"),
        AuditEvent.id.label("id"),
        AuditEvent.username.label("who"),
        AuditEvent.event.label("event"),
        cast(null(), String).label("subject"),
        cast(null(), String).label("subject_ref"),
        cast(null(), Date).label("period_end"),
        AuditEvent.detail.label("detail"),
        AuditEvent.address.label("address"),
        literal("{}", Text).label("old_values"),
        literal("{}", Text).label("new_values"),
    )
    if kind is not None:
        query = query.where(AuditEvent.event.in_(KINDS[kind]))
    return _newest(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()), limit)


def audit_log(session: Session, kind: str | None = None, limit: int = NEWEST) -> list[LoggedEvent]:
    """The newest `limit` events of the log, newest first; only those of `kind` (a key of
    KINDS) if given. Each table gives only its own newest `limit` rows (the audit log's from
    its index on time), and the merge keeps the newest of those."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"'{kind}' is not a kind of event: {', '.join(KINDS)}")
    parts = []
    if kind in (None, RECORDS):
        parts.append(_changes(limit))
    if kind != RECORDS:
        parts.append(_events(kind, limit))
    merged = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("logged")
    query = select(merged).order_by(merged.c.at.desc(), merged.c.id.desc()).limit(limit)
    return [
        LoggedEvent(
            at=row.at,
            who=row.who,
            event=row.event,
            subject=row.subject,
            subject_ref=row.subject_ref,
            period_end=row.period_end,
            detail=row.detail or "",
            address=row.address or "",
            old_values=json.loads(row.old_values),
            new_values=json.loads(row.new_values),
        )
        for row in session.execute(query)
    ]
