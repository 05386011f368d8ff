"""The audit log (data_access/queries/audit.py): sign-ins and changes to users merged with the
changes to records, newest first, in one query; append-only in the database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from data_access import audit
from data_access.models import AuditEvent, Change
from data_access.queries.audit import KINDS, audit_log
from tests.conftest import counted_queries

# The audit log ---------------------------------------------------------------------------


def _logged(db, at: str, event: str, username: str) -> None:
    db.add(
        AuditEvent(
            at=datetime.fromisoformat(at), event=event, username=username, address="10.0.0.9"
        )
    )


def _changed(db, at: str, subject: str, ref: str, record: str, period=None) -> None:
    db.add(
        Change(
            changed_at=datetime.fromisoformat(at),
            changed_by="Analyst",
            subject=subject,
            subject_ref=ref,
            record=record,
            period_end=period,
            version=2,
            old_values='{"target": 80}',
            new_values='{"target": 85}',
        )
    )


def test_the_audit_log_merges_both_tables_newest_first_in_one_query(sessions, engine):
    with sessions() as db:
        _logged(db, "2026-01-01 09:00", audit.SIGNED_IN, "amir")
        _changed(db, "2026-01-01 09:05", "indicator", "8", "target")
        _logged(db, "2026-01-01 09:10", audit.SIGN_IN_REFUSED, "<b>typed</b>")
        _changed(db, "2026-01-01 09:15", "indicator", "9b", "commentary", date(2023, 5, 31))
        _logged(db, "2026-01-01 09:20", audit.SIGNED_OUT, "amir")
        db.commit()
    with sessions() as db, counted_queries(engine) as statements:
        events = audit_log(db)
    assert len(statements) == 1
    assert [(e.event, e.who) for e in events] == [
        (audit.SIGNED_OUT, "amir"),
        ("commentary", "Analyst"),
        (audit.SIGN_IN_REFUSED, "<b>typed</b>"),
        ("target", "Analyst"),
        (audit.SIGNED_IN, "amir"),
    ]
    commentary, target = events[1], events[3]
    assert (commentary.subject, commentary.subject_ref, commentary.period_end) == (
        "indicator",
        "9b",
        date(2023, 5, 31),
    )
    assert target.old_values == {"target": 80} and target.new_values == {"target": 85}
    assert events[0].address == "10.0.0.9" and target.address == ""
    with sessions() as db:
        assert [e.event for e in audit_log(db, limit=2)] == [audit.SIGNED_OUT, "commentary"]
        assert [e.event for e in audit_log(db, "records")] == ["commentary", "target"]
        assert [e.who for e in audit_log(db, "refused")] == ["<b>typed</b>"]
        assert audit_log(db, "users") == []
        with pytest.raises(ValueError, match="not a kind of event"):
            audit_log(db, "everything")


def test_every_kind_of_event_has_a_label_on_the_page():
    from dashboard.components.audit_log import EVERY_KIND, KIND_LABELS

    assert set(KIND_LABELS) == {EVERY_KIND, *KINDS}


def test_the_audit_log_refuses_updates_and_deletes(empty_engine):
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (at, event, username, address, detail) VALUES "
                "('2026-01-01 09:00:00', 'signed in', 'amir', '10.0.0.9', '')"
            )
        )
    for statement in ("UPDATE audit_event SET username = 'someone'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"), empty_engine.begin() as connection:
            connection.execute(text(statement))
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT username FROM audit_event")).scalars().all() == [
            "amir"
        ]
