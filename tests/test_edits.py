"""Changes made in the app (data_access/edits.py): a progress update adds a row and sets the
action's status; every change leaves a history row with who, when and the values before and
after; a stale version changes nothing; bad input names the field; nothing is half-written."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from data_access.db import make_sessionmaker
from data_access.edits import (
    STATUSES,
    TEXT_LIMIT,
    EditConflict,
    EditRejected,
    action_form,
    add_action_update,
    today,
    write_commentary,
)
from data_access.models import Action, ActionUpdate, Change, Commentary, Indicator
from data_access.queries.changes import ACTION, INDICATOR, changes
from data_access.queries.commentary import commentary_periods, latest_commentary
from data_access.targets import set_target


@pytest.fixture
def sessions(edit_engine):
    return make_sessionmaker(edit_engine)


def _rows(db, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.scalar(query)


def _update(db, ref, version, **fields):
    entry = {"on": "2023-06-01", "status": "green", "note": "Audit done.", "by": "Head of Service"}
    return add_action_update(db, ref, expected_version=version, **{**entry, **fields})


def test_a_progress_update_adds_a_row_sets_the_status_and_keeps_a_history(sessions):
    with sessions() as db:
        form = action_form(db, "D11")
        action_id = db.scalar(select(Action.id).where(Action.ref == "D11"))
        updates = _rows(db, ActionUpdate, action_id=action_id)
        before = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=5)
        version = _update(db, "D11", form.version, status="red", note="  Audit late.\nSee plan. ")
    assert version == form.version + 1
    with sessions() as db:
        assert db.scalar(select(Action.status).where(Action.ref == "D11")) == "red"
        assert _rows(db, ActionUpdate, action_id=action_id) == updates + 1
        row = db.scalars(
            select(ActionUpdate)
            .where(ActionUpdate.action_id == action_id)
            .order_by(ActionUpdate.id.desc())
        ).first()
        assert (row.date, row.status, row.note) == (
            date(2023, 6, 1),
            "red",
            "Audit late.\nSee plan.",
        )
        assert (row.provenance, row.source) == ("recorded", "Head of Service")
        [change] = changes(db, ACTION, "D11")
    assert change.changed_by == "Head of Service" and change.record == "progress update"
    assert (
        before <= change.changed_at <= datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=5)
    )
    assert change.version == version
    assert change.old_values == {"status": form.status}
    assert change.new_values == {
        "status": "red",
        "date": "2023-06-01",
        "note": "Audit late.\nSee plan.",
    }


def test_an_update_may_move_the_due_date_and_the_history_says_from_what(sessions):
    # B2 was due 31 March 2018; the sample's update of 31 August 2022 moved it to 31 March 2023
    with sessions() as db:
        form = action_form(db, "B2")
        with pytest.raises(EditRejected) as rejected:
            _update(db, "B2", form.version, revised_due="31/12/2023")
        assert set(rejected.value.errors) == {"revised_due"}
        _update(db, "B2", form.version, status="amber", revised_due="2023-12-31")
    with sessions() as db:
        assert db.scalar(select(Action.revised_due).where(Action.ref == "B2")) == date(2023, 12, 31)
        newest = db.scalars(
            select(ActionUpdate.revised_due).order_by(ActionUpdate.id.desc()).limit(1)
        ).one()
        [change] = changes(db, ACTION, "B2")
    assert newest == date(2023, 12, 31)
    assert change.old_values["revised_due"] == "2023-03-31"
    assert change.new_values["revised_due"] == "2023-12-31"


def test_a_stale_version_changes_nothing_and_says_what_changed(sessions):
    """Two people open the form for E1 at the same version; the second to save is told."""
    with sessions() as first, sessions() as second:
        opened = action_form(first, "E1").version
        assert action_form(second, "E1").version == opened
        _update(first, "E1", opened, status="amber", note="First person's update.", by="Analyst")
        with pytest.raises(EditConflict) as conflict:
            _update(second, "E1", opened, status="blue", note="Second person's update.")
    assert conflict.value.current_version == opened + 1
    [theirs] = conflict.value.changes_since
    assert theirs.changed_by == "Analyst" and theirs.new_values["note"] == "First person's update."
    with sessions() as db:
        assert db.scalar(select(Action.status).where(Action.ref == "E1")) == "amber"
        assert _rows(db, ActionUpdate, note="Second person's update.") == 0
        assert len(changes(db, ACTION, "E1")) == 1
        # saving again from the version the conflict gave is deliberate, and works
        assert _update(db, "E1", conflict.value.current_version, status="blue") == opened + 2


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"on": (today() + timedelta(days=1)).isoformat()}, "date", "future"),
        ({"on": "2010-01-01"}, "date", "before the action's plan was published"),
        ({"on": "31/02/2023"}, "date", "real date"),
        ({"note": "   "}, "note", "Enter the note"),
        ({"note": "x" * (TEXT_LIMIT + 1)}, "note", "at most 2,000"),
        ({"status": "purple"}, "status", "Choose a status"),
        ({"by": ""}, "by", "role title or name"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(sessions, fields, field, words):
    with sessions() as db:
        form = action_form(db, "D12")
        with pytest.raises(EditRejected) as rejected:
            _update(db, "D12", form.version, **fields)
        assert list(rejected.value.errors) == [field]
        assert words in rejected.value.errors[field]
    with sessions() as db:
        assert action_form(db, "D12") == form
        assert changes(db, ACTION, "D12") == []


def test_every_bad_field_is_named_at_once_and_an_unknown_action_is_refused(sessions):
    with sessions() as db, pytest.raises(EditRejected) as rejected:
        _update(db, "D12", 1, on="", status=None, note="", by=" ")
    assert set(rejected.value.errors) == {"date", "status", "note", "by"}
    with sessions() as db, pytest.raises(EditRejected, match="no action"):
        _update(db, "Z99", 1)


def test_a_failure_after_the_first_write_leaves_nothing_half_written(sessions, monkeypatch):
    import data_access.edits as edits

    def broken(*_args, **_kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(edits, "record_change", broken)
    with sessions() as db:
        form = action_form(db, "D13")
        with pytest.raises(RuntimeError):
            _update(db, "D13", form.version, status="red")
    with sessions() as db:
        assert action_form(db, "D13") == form
        assert (
            _rows(db, ActionUpdate, source="Head of Service", status="red", note="Audit done.") == 0
        )


def test_commentary_is_written_for_a_period_then_rewritten_with_its_history(sessions):
    with sessions() as db:
        periods = commentary_periods(db, "8")
        assert periods == sorted(periods, key=lambda p: p.period_end, reverse=True)
        newest = periods[0]
        assert newest.version == 0 and newest.text == ""
        first = write_commentary(db, "8", newest.period_end, "Timeliness improved.", "Analyst", 0)
        assert first == 1
        note = latest_commentary(db, "8")
        assert (note.period_end, note.text, note.author, note.provenance) == (
            newest.period_end,
            "Timeliness improved.",
            "Analyst",
            "recorded",
        )
        with pytest.raises(EditConflict):  # a second "first" commentary for the same period
            write_commentary(db, "8", newest.period_end, "Mine.", "Director", 0)
        assert write_commentary(db, "8", newest.period_end, "Better still.", "Director", 1) == 2
        with pytest.raises(EditConflict) as conflict:
            write_commentary(db, "8", newest.period_end, "Stale.", "Analyst", 1)
        assert [c.changed_by for c in conflict.value.changes_since] == ["Director"]
    with sessions() as db:
        assert commentary_periods(db, "8")[0].text == "Better still."
        history = changes(db, INDICATOR, "8", record="commentary")
        assert [(c.version, c.old_values, c.new_values) for c in history] == [
            (
                2,
                {"text": "Timeliness improved.", "author": "Analyst"},
                {"text": "Better still.", "author": "Director"},
            ),
            (1, {}, {"text": "Timeliness improved.", "author": "Analyst"}),
        ]
        assert history[0].period_end == newest.period_end
        assert _rows(db, Commentary, text="Stale.") == 0


def test_commentary_needs_a_period_with_a_figure_text_and_an_author(sessions):
    with sessions() as db, pytest.raises(EditRejected) as rejected:
        write_commentary(db, "9a", "1999-01-31", "", "", 0)
    assert set(rejected.value.errors) == {"period", "text", "by"}
    with sessions() as db, pytest.raises(EditRejected, match="no measure"):
        write_commentary(db, "nope", "2023-05-31", "Text", "Analyst", 0)


def test_set_target_changes_target_and_tolerance_with_history_and_refuses_stale(sessions):
    with sessions() as db:
        unit, target, tolerance, version = db.execute(
            select(
                Indicator.unit, Indicator.target, Indicator.tolerance, Indicator.target_version
            ).where(Indicator.ref == "8")
        ).one()
        assert unit == "percent"
        assert set_target(db, "8", "90", 3, "Performance analyst", version) == version + 1
        with pytest.raises(EditConflict) as conflict:
            set_target(db, "8", 70, 5, "Someone", version)
        assert conflict.value.current_version == version + 1
        for bad, field in [
            (("120", 3), "target"),
            ((80, -1), "tolerance"),
            (("eighty", None), "target"),
            ((None, 2), "tolerance"),
        ]:
            with pytest.raises(EditRejected) as rejected:
                set_target(db, "8", *bad, "Analyst", version + 1)
            assert list(rejected.value.errors) == [field]
    with sessions() as db:
        row = db.execute(
            select(Indicator.target, Indicator.tolerance).where(Indicator.ref == "8")
        ).one()
        assert tuple(row) == (90.0, 3.0)
        [change] = changes(db, INDICATOR, "8", record="target")
        assert change.changed_by == "Performance analyst" and change.version == version + 1
        assert change.old_values == {"target": target, "tolerance": tolerance}
        assert change.new_values == {"target": 90.0, "tolerance": 3.0}
        stored = db.scalar(select(Change.new_values).where(Change.record == "target"))
        assert json.loads(stored) == {"target": 90.0, "tolerance": 3.0}


def _target(db, ref: str) -> tuple:
    return tuple(
        db.execute(
            select(Indicator.target, Indicator.tolerance, Indicator.target_version).where(
                Indicator.ref == ref
            )
        ).one()
    )


@pytest.mark.parametrize(("target", "tolerance"), [(0, 0), ("0", "0"), (0.0, " 0 ")])
def test_a_target_of_zero_is_saved_as_zero_not_as_none(sessions, target, tolerance):
    with sessions() as db:
        version = _target(db, "C11")[2]
        set_target(db, "C11", target, tolerance, "Analyst", version)
        assert _target(db, "C11") == (0.0, 0.0, version + 1)
        [change, *_] = changes(db, INDICATOR, "C11", record="target")
        assert change.new_values == {"target": 0.0, "tolerance": 0.0}


def test_a_percentage_target_may_be_written_with_its_sign(sessions):
    with sessions() as db:
        version = _target(db, "C11")[2]
        set_target(db, "C11", "92%", "2.5 %", "Analyst", version)
        assert _target(db, "C11") == (92.0, 2.5, version + 1)


# measure → its unit, and a target or tolerance refused, with words of the reason
OUT_OF_RANGE = [
    ("C11", "percent", ("-5", None), "target", "cannot be negative"),
    ("C11", "percent", (-5, None), "target", "cannot be negative"),
    ("C11", "percent", ("101", None), "target", "from 0 to 100 for a percentage"),
    ("C11", "percent", ("50", "101"), "tolerance", "from 0 to 100 for a percentage"),
    ("C11", "percent", (1e308, None), "target", "beyond any figure"),
    ("C11", "percent", ("1e308", None), "target", "beyond any figure"),
    ("C11", "percent", (float("nan"), None), "target", "not a finite number"),
    ("C11", "percent", (float("inf"), None), "target", "not a finite number"),
    ("C11", "percent", ("1,5", None), "target", "has a comma"),
    ("C11", "percent", ("９２", None), "target", "not a plain ASCII 0-9"),
    ("C11", "percent", (True, None), "target", "not a number"),
    ("K2", "rate_per_10k", ("10001", None), "target", "from 0 to 10,000 for a rate"),
    ("K2", "rate_per_10k", ("92%", None), "target", "has a % sign"),
    ("29", "count", ("2000000", None), "target", "from 0 to 1,000,000 for a count"),
    ("29", "count", ("-5", None), "target", "a count is never below zero"),
    ("29", "count", ("100", "-1"), "tolerance", "cannot be negative"),
]


@pytest.mark.parametrize(("ref", "unit", "values", "field", "words"), OUT_OF_RANGE)
def test_a_target_outside_its_measures_sensible_range_is_refused(
    sessions, ref, unit, values, field, words
):
    with sessions() as db:
        assert db.scalar(select(Indicator.unit).where(Indicator.ref == ref)) == unit
        before = _target(db, ref)
        with pytest.raises(EditRejected) as rejected:
            set_target(db, ref, *values, "Analyst", before[2])
        assert list(rejected.value.errors) == [field]
        assert words in rejected.value.errors[field]
        assert _target(db, ref) == before


def _status(db, ref: str) -> str:
    return db.scalar(select(Action.status).where(Action.ref == ref))


def test_a_backdated_update_is_history_and_leaves_the_current_status(sessions):
    """E6's newest update (31 March 2023) says on track; a note dated before it does not
    change that, while one dated on or after the newest does."""
    with sessions() as db:
        assert _status(db, "E6") == "green"
        version = _update(db, "E6", action_form(db, "E6").version, on="2020-01-31", status="red")
        assert _status(db, "E6") == "green"
        [change] = changes(db, ACTION, "E6")
        assert change.old_values == {"status": "green"}
        assert change.new_values["status"] == "green"
        assert change.new_values["dated_status"] == "red"  # what the backdated note said
        version = _update(db, "E6", version, on="2023-03-31", status="amber")  # the same day
        assert _status(db, "E6") == "amber"
        _update(db, "E6", version, on="2023-04-30", status="red")
        assert _status(db, "E6") == "red"
        assert "dated_status" not in changes(db, ACTION, "E6")[0].new_values


@settings(max_examples=25, deadline=None, database=None)
@given(
    entries=st.lists(
        st.tuples(st.dates(date(2017, 3, 31), date(2023, 6, 30)), st.sampled_from(STATUSES)),
        min_size=1,
        max_size=4,
    )
)
def test_the_status_is_always_that_of_the_newest_dated_update(edit_engine, entries):
    """Whatever the order updates are recorded in, the action's status is the one its newest
    update by date says (the last entered, on a date shared by several)."""
    with make_sessionmaker(edit_engine)() as db:
        for on, status in entries:
            _update(db, "E7", action_form(db, "E7").version, on=on.isoformat(), status=status)
            newest = db.execute(
                select(ActionUpdate.status)
                .join(Action, Action.id == ActionUpdate.action_id)
                .where(Action.ref == "E7")
                .order_by(ActionUpdate.date.desc(), ActionUpdate.id.desc())
                .limit(1)
            ).scalar_one()
            assert _status(db, "E7") == newest
