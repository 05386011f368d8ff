"""Changes made in the app (data_access/edits.py): a progress update adds a row and sets the
action's status; every change leaves a history row with who, when and the values before and
after; a stale version changes nothing; bad input names the field; nothing is half-written."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from dash import html, no_update
from sqlalchemy import func, select

from dashboard.components.edit_forms import COMMENTARY, PROGRESS
from data_access.db import init_db, make_engine, make_sessionmaker
from data_access.edits import (
    TEXT_LIMIT,
    EditConflict,
    EditRejected,
    action_form,
    add_action_update,
    set_target,
    today,
    write_commentary,
)
from data_access.models import Action, ActionUpdate, Change, Commentary, Indicator
from data_access.queries.changes import ACTION, INDICATOR, changes
from data_access.queries.commentary import commentary_periods, latest_commentary
from data_access.seed import seed
from tests.conftest import as_role, database_url


@pytest.fixture(scope="module")
def edit_engine(backend, tmp_path_factory):
    """A seeded database of this module's own: these tests write. Each test edits its own
    action or measure, so they do not see each other's changes."""
    engine = make_engine(database_url(backend, "edits", tmp_path_factory.mktemp("edits")))
    init_db(engine)
    seed(engine)
    yield engine
    engine.dispose()


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

    monkeypatch.setattr(edits, "_record_change", broken)
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


# The pages' callbacks, called directly, on this module's own database.


@pytest.fixture
def in_app(app, edit_engine):
    """A request context whose `dashboard.database` is this module's database (`app` is
    asked for only so that Dash has registered the pages)."""
    from flask import Flask

    from dashboard import database

    server = Flask(__name__)
    database.attach(server, edit_engine)
    with as_role(server, "/"):
        yield server


def _text(component) -> str:
    from tests.test_theme_page import text_of

    return text_of(component if not isinstance(component, list) else html.Div(component))


def _progress_state(ref: str) -> dict:
    from dashboard.pages import action

    page = action.layout(ref=ref)
    return page[PROGRESS.store].data


def test_the_action_page_has_a_labelled_form_that_opens_at_the_action_s_version(in_app):
    from dashboard.pages import action

    page = action.layout(ref="F1")
    assert page[PROGRESS.store].data == {"ref": "F1", "version": 1}
    assert page[PROGRESS.field("date")].value == today().isoformat()
    assert "Saved as admin (tests), the account you are signed in with." in _text(page)
    labels = {getattr(node, "html_for", None) for node in page._traverse()}
    assert {PROGRESS.field(name) for name in PROGRESS.fields} <= labels
    assert "No action reference was given." in _text(action.layout())


def test_saving_progress_shows_it_in_the_history_badge_and_changes(in_app):
    from dashboard.pages import action

    state = _progress_state("F1")
    out = action.save_progress(1, state, "2023-06-02", "blue", "<b>Done</b> at last")
    message, css, role, new_state, note, *feedback, facts, progress, changes_part = out
    assert "Saved." in _text(message) and role == "status" and "success" in css
    assert new_state == {"ref": "F1", "version": 2} and note == ""
    assert feedback == [False, "", False, "", False, ""]
    assert "Complete" in _text(facts)
    first_row = html.Div(progress)["progress"].children[2].children[0]
    assert "<b>Done</b> at last" in _text(first_row)  # text, never HTML
    assert "Recorded in the dashboard by admin (tests)" in _text(first_row)
    assert "admin (tests)" in _text(changes_part) and "Blue: complete" in _text(changes_part)
    page = action.layout(ref="F1")  # the changes table, with its downloads, on the page
    assert "Blue: complete" in _text(page["change-history"])
    links = [node.href for node in page._traverse() if getattr(node, "data-download", None)]
    assert "/download?page=%2Factions%2FF1&table=change-history&format=csv" in links


def test_a_bad_save_names_each_field_beside_it_and_in_an_alert(in_app):
    from dashboard.pages import action

    state = _progress_state("F2")
    out = action.save_progress(1, state, "2099-01-01", "green", "")
    message, css, role, new_state, note, *feedback, _facts, _progress, _changes = out
    assert role == "alert" and "danger" in css
    assert "Date of the update: The date cannot be in the future." in _text(message)
    assert new_state == state and note is no_update  # the person's text stays
    date_invalid, date_error, status_invalid, _, note_invalid, note_error, *_ = feedback
    assert date_invalid and "future" in date_error and not status_invalid
    assert note_invalid and note_error == "Enter the note."


def test_a_stale_form_is_told_what_changed_and_keeps_the_text(in_app):
    from dashboard.pages import action

    stale = _progress_state("F3")
    with as_role(in_app, "/", "team_manager", ("leaving-care",)):
        action.save_progress(1, stale, "2023-06-03", "red", "Theirs.")
    out = action.save_progress(1, stale, "2023-06-04", "green", "Mine.")
    message, css, role, new_state, note, *_ = out
    words = _text(message)
    assert role == "alert" and "warning" in css
    assert "Someone else changed this action at " in words
    assert "team_manager (tests)" in words and "Theirs." in words and "Your text is kept" in words
    assert note is no_update and new_state == {"ref": "F3", "version": 2}
    again = action.save_progress(1, new_state, "2023-06-04", "green", "Mine.")
    assert again[2] == "status"


def test_the_measure_page_takes_commentary_for_a_period_and_shows_it(in_app):
    from dashboard.pages import indicator

    page = indicator.layout(ref="9a")
    state = page[COMMENTARY.store].data
    periods = page[COMMENTARY.field("period")].options
    newest = periods[0]["value"]
    assert newest == max(option["value"] for option in periods)
    assert page[COMMENTARY.field("period")].value == newest
    out = indicator.save_commentary(1, state, newest, "Open cases are falling.")
    message, _css, role, new_state, options, *feedback, latest, changes_part = out
    assert role == "status" and new_state["versions"][newest] == 1
    assert options[0]["label"].endswith("(has commentary)")
    assert "Open cases are falling." in _text(latest) and "illustrative" not in _text(latest)
    assert "Commentary for the period to" in _text(changes_part)
    assert "Open cases are falling." in _text(indicator.layout(ref="9a")["change-history"])
    stale = indicator.save_commentary(1, state, newest, "Mine.")
    assert "Someone else changed this commentary" in _text(stale[0])
    assert indicator.show_period_commentary(newest, new_state, "") == "Open cases are falling."
    assert indicator.show_period_commentary(periods[-1]["value"], new_state, "typed") == "typed"


def test_only_those_whose_job_it_is_see_the_forms_and_may_save(in_app):
    """A team manager records progress on their own teams' actions only; directors and
    analysts write commentary; a viewer does neither. The callbacks refuse as the pages do."""
    from werkzeug.exceptions import Forbidden

    from dashboard.pages import action, indicator

    state = _progress_state("F4")
    with as_role(in_app, "/", "team_manager", ("leaving-care",)):
        assert action.layout(ref="F3")[PROGRESS.store] is not None
        with pytest.raises(KeyError):
            action.layout(ref="A1")[PROGRESS.store]
        with pytest.raises(Forbidden):
            action.save_progress(1, {"ref": "A1", "version": 1}, "2023-06-01", "green", "Mine.")
        with pytest.raises(KeyError):
            indicator.layout(ref="9a")[COMMENTARY.store]
    for role in ("viewer", "director", "analyst"):
        with as_role(in_app, "/", role):
            assert "Progress on this action is recorded by" in _text(action.layout(ref="F4"))
            with pytest.raises(Forbidden):
                action.save_progress(1, state, "2023-06-01", "green", "Mine.")
    for role, writes in (("viewer", False), ("director", True), ("analyst", True)):
        with as_role(in_app, "/", role):
            page = indicator.layout(ref="9a")
            assert (COMMENTARY.store in str(page)) is writes
    with as_role(in_app, "/", "viewer"), pytest.raises(Forbidden):
        indicator.save_commentary(1, {"ref": "9a", "versions": {}}, "2023-03-31", "Mine.")


def test_typed_script_and_formula_come_back_as_plain_text(in_app):
    """Commentary is shown as text, never HTML; a formula is neutralised in a download."""
    from dashboard.downloads import table_rows
    from dashboard.exports import to_csv
    from dashboard.pages import action, indicator

    page = indicator.layout(ref="9b")
    state = page[COMMENTARY.store].data
    newest = page[COMMENTARY.field("period")].value
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    indicator.save_commentary(1, state, newest, script)
    shown = indicator.layout(ref="9b")
    assert script in _text(shown[indicator.LATEST_COMMENTARY])  # the characters, as typed
    kinds = {type(node).__name__ for node in shown._traverse()}
    assert "Script" not in kinds and "Img" not in kinds
    formula = '=HYPERLINK("http://example.com","click")'
    action.save_progress(1, _progress_state("F5"), "2023-06-01", "amber", formula)
    columns, rows = table_rows(action.layout(ref="F5")["progress"])
    written = to_csv(columns, rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in written and ",=HYPERLINK" not in written


def test_an_analyst_sets_a_target_on_its_own_page_and_it_is_kept_in_the_changes(in_app):
    from werkzeug.exceptions import Forbidden

    from dashboard.components.edit_forms import TARGET
    from dashboard.pages import indicator, target

    with as_role(in_app, "/", "analyst"):
        assert "/targets/9a" in str(indicator.layout(ref="9a"))
        page = target.layout(ref="9a")
        state = page[TARGET.store].data
        out = target.save_target(1, state, "150", "x")
        message, _css, role, same, *feedback, _changes = out
        assert role == "alert" and same == state
        assert "Tolerance: " in _text(message) and feedback[2] is True
        out = target.save_target(1, state, "150", "10")
        message, _css, role, new_state, *_feedback, changes_part = out
        assert role == "status" and new_state["version"] == state["version"] + 1
        assert "analyst (tests)" in _text(changes_part) and "150" in _text(changes_part)
        assert "Someone else changed this target" in _text(target.save_target(1, state, "1", "")[0])
    with as_role(in_app, "/", "director"):
        assert "/targets/9a" not in str(indicator.layout(ref="9a"))
        with pytest.raises(Forbidden):
            target.save_target(1, new_state, "1", "")
    assert "Measure not found" in _text(target.layout(ref="nope"))
