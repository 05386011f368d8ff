"""The pages' forms for changes (action progress, commentary, targets), their callbacks called
directly on a database of the module's own: labelled fields, errors beside each field, stale
forms told what changed, only those whose job it is may save, typed text kept as text."""

from __future__ import annotations

import pytest
from dash import html, no_update

from dashboard.components.edit_forms import COMMENTARY, PROGRESS
from data_access.edits import today
from tests.conftest import as_role


@pytest.fixture
def in_app(app, edit_engine):
    """A request context whose `dashboard.database` is this module's database (`app` is
    asked for only so that Dash has registered the pages)."""
    from flask import Flask

    from dashboard import database
    from data_access.authority import DEFAULT_AUTHORITY_CODE

    server = Flask(__name__)
    database.attach(server, edit_engine, DEFAULT_AUTHORITY_CODE)
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
    message, css, role, new_state, note, moved, *feedback, facts, progress, changes_part = out
    assert "Saved." in _text(message) and role == "status" and "success" in css
    assert new_state == {"ref": "F1", "version": 2} and note == moved == ""
    assert feedback == [False, "", False, "", False, "", False, ""]
    assert "Complete" in _text(facts)
    first_row = html.Div(progress)["progress"].children.children[2].children[0]
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
    message, css, role, new_state, note, moved, *feedback, _facts, _progress, _changes = out
    assert role == "alert" and "danger" in css and moved is no_update
    assert "Date of the update: The date cannot be in the future." in _text(message)
    assert new_state == state and note is no_update  # the person's text stays
    date_invalid, date_error, status_invalid, _, note_invalid, note_error, *_ = feedback
    assert date_invalid and "future" in date_error and not status_invalid
    assert note_invalid and note_error == "Enter the note."


def test_an_update_may_move_the_due_date_and_the_page_says_so(in_app):
    from dashboard.pages import action

    bad = action.save_progress(1, _progress_state("F6"), "2023-06-02", "amber", "Late.", "soon")
    assert "New due date (optional): Enter a real date" in _text(bad[0])
    out = action.save_progress(
        1, _progress_state("F6"), "2023-06-02", "amber", "Late.", "2023-12-31"
    )
    facts, progress = _text(out[-3]), _text(out[-2])
    assert "Revised due" in facts and "31 December 2023" in facts
    assert "Days overdue" not in facts  # due at the end of the year, not yet
    assert "31 December 2023" in progress  # the update that moved it


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


def test_a_target_of_zero_is_saved_as_zero_and_a_percentage_may_have_its_sign(in_app):
    from dashboard import database
    from dashboard.components.edit_forms import TARGET
    from dashboard.pages import target
    from data_access.targets import target_form

    with as_role(in_app, "/", "analyst"):
        state = target.layout(ref="C12")[TARGET.store].data
        message, _css, role, state, *_feedback, _changes = target.save_target(1, state, 0, 0)
        assert role == "status" and "Saved." in _text(message)
        with database.session() as db:
            form = target_form(db, "C12")
        assert (form.target, form.tolerance) == (0.0, 0.0)  # not "none"
        assert target.layout(ref="C12")[TARGET.field("target")].value == "0"

        assert "such as 92 or 92%" in _text(target.layout(ref="C12"))
        message, _css, role, state, *_feedback, _changes = target.save_target(1, state, "92%", "5%")
        assert role == "status"
        with database.session() as db:
            form = target_form(db, "C12")
        assert (form.target, form.tolerance) == (92.0, 5.0)

        for typed, words in [("-5", "cannot be negative"), ("1e308", "beyond any figure")]:
            message, _css, role, same, *feedback, _changes = target.save_target(1, state, typed, "")
            assert role == "alert" and same == state and "Nothing was saved" in _text(message)
            assert feedback[0] is True and words in feedback[1]


def test_a_backdated_update_says_the_status_stays_as_the_newest_update_says(in_app):
    from dashboard.pages import action

    # E8's newest update, of 31 March 2018, says complete.
    out = action.save_progress(1, _progress_state("E8"), "2017-12-31", "red", "Looking back.")
    message, *_rest, facts, progress, _changes = out
    words = _text(message)
    assert "Your update of 31 December 2017 is in the progress table." in words
    assert "status stays complete, as the update of 31 March 2018, the newest, says" in words
    assert "Looking back." in _text(progress)
    assert "Complete" in _text(facts) and "Off track" not in _text(facts)
