"""The plan workbook in (SPEC section 12): checked whole, by sheet, line, column and reason;
written all or nothing; a changed plan keeps every action's progress history; the workbook the
dashboard gives back imports as nothing changed. From Python and from the command line."""

from __future__ import annotations

import copy
import csv

import pytest
from openpyxl import Workbook
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dashboard.exports import to_workbook
from data_access.__main__ import main
from data_access.importers.errors import ImportRejected
from data_access.importers.owner_titles import owner_problem
from data_access.importers.plan import import_plan
from data_access.importers.plan_sheets import LINK_KINDS, LINKS, SHEETS, link_file
from data_access.models import Action, ActionUpdate, Change, Theme
from data_access.queries.plan_workbook import plan_template, plan_workbook
from data_access.seed import SAMPLE_DATA, read_csv, seed_reference_data

# What an import may change, and what it must keep: every row of each, in a fixed order.
TABLES = [
    "plan",
    "priority",
    "action",
    "action_update",
    "inspection",
    "judgement",
    "recommendation",
    "team",
    "indicator_action",
    "indicator_recommendation",
    "action_recommendation",
    "team_action",
    "team_indicator",
    "change_history",
    "data_version",
]


@pytest.fixture
def engine(empty_engine):
    """A database of its own with the sample's measures, plans, teams and progress history."""
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


def rows_of(engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table: [
                tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
            ]
            for table in TABLES
        }


def sheets_of(engine) -> dict:
    with Session(engine) as session:
        return plan_workbook(session)


def saved(sheets: dict, path) -> str:
    path.write_bytes(to_workbook(sheets))
    return str(path)


def row_of(sheets: dict, sheet: str, key: str) -> list:
    """The row of `sheet` whose first cell is `key` (its slug, ref or id)."""
    [row] = [row for row in sheets[sheet][1] if row[0] == key]
    return row


def column(sheet: str, name: str) -> int:
    return SHEETS[sheet].columns.index(name)


def test_the_sheets_have_the_columns_of_the_sample_files():
    def header(name: str) -> list[str]:
        with open(SAMPLE_DATA / name, encoding="utf-8-sig") as handle:
            return next(csv.reader(handle))

    for sheet, columns in SHEETS.items():
        if sheet != LINKS:
            assert list(columns.columns) == header(f"{sheet}.csv"), sheet
    link_columns = {name for kind in LINK_KINDS for name in header(link_file(kind))}
    assert set(SHEETS[LINKS].columns) == link_columns | {"link"}


def test_the_exported_workbook_imports_as_nothing_changed(engine, tmp_path):
    before, exported = rows_of(engine), sheets_of(engine)
    report = import_plan(engine, saved(exported, tmp_path / "plan.xlsx"))
    assert report.rows == sum(len(rows) for _columns, rows in exported.values())
    assert report.total("added") == report.total("updated") == report.total("removed") == 0
    assert report.kept == {} and report.warnings == ()
    assert rows_of(engine) == before  # the data version too: nothing was written
    assert sheets_of(engine) == exported


def test_a_bad_row_is_refused_by_sheet_and_line_and_nothing_is_written(engine, tmp_path):
    before, sheets = rows_of(engine), copy.deepcopy(sheets_of(engine))
    actions = sheets["actions"][1]
    actions[2][column("actions", "owner")] = "Jane Smith"  # line 4 of the sheet
    actions[0][column("actions", "text")] = "A changed text, which must not be kept"
    sheets[LINKS][1][5][column(LINKS, "action_ref")] = "Z99"  # line 7
    sheets["plans"][1][1][column("plans", "published")] = "31/03/2017"  # line 3

    with pytest.raises(ImportRejected) as refused:
        import_plan(engine, saved(sheets, tmp_path / "bad.xlsx"))
    found = {(e.sheet, e.line, e.column): e.reason for e in refused.value.errors}
    assert set(found) == {
        ("actions", 4, "owner"),
        (LINKS, 7, "action_ref"),
        ("plans", 3, "published"),
    }
    assert "an owner is a role title" in found[("actions", 4, "owner")]
    assert "'Z99' is not a known action ref" in found[(LINKS, 7, "action_ref")]
    assert "is not a date as YYYY-MM-DD" in found[("plans", 3, "published")]
    assert "sheet actions, line 4, column owner: 'Jane Smith'" in refused.value.report()
    assert rows_of(engine) == before


def test_missing_sheets_and_columns_are_named(engine, tmp_path):
    sheets = sheets_of(engine)
    del sheets["teams"]
    columns, rows = sheets["actions"]
    sheets["actions"] = (tuple(c for c in columns if c != "owner") + ("notes",), rows)
    with pytest.raises(ImportRejected) as refused:
        import_plan(engine, saved(sheets, tmp_path / "short.xlsx"))
    reasons = {(e.sheet, e.column): e.reason for e in refused.value.errors}
    assert "no sheet called teams" in reasons[("teams", "")]
    assert reasons[("actions", "owner")] == "required column is missing"
    assert reasons[("actions", "notes")] == "is not a column of the actions sheet"

    path = tmp_path / "figures.csv"
    path.write_text("ref\nA1\n")
    with pytest.raises(ImportRejected, match="1 problem"):
        import_plan(engine, path)


def _history(engine) -> dict[str, list[tuple]]:
    """Each action's progress updates, by ref, as recorded."""
    with Session(engine) as session:
        found: dict[str, list[tuple]] = {}
        query = (
            select(Action.ref, ActionUpdate.id, ActionUpdate.date, ActionUpdate.status)
            .join(Action, Action.id == ActionUpdate.action_id)
            .order_by(ActionUpdate.id)
        )
        for ref, *update in session.execute(query):
            found.setdefault(ref, []).append(tuple(update))
        return found


def test_a_changed_plan_keeps_every_action_s_progress_history(engine, tmp_path):
    history = _history(engine)
    assert len(history["A1"]) >= 2
    sheets = copy.deepcopy(sheets_of(engine))
    columns, actions = sheets["actions"]
    a1 = row_of(sheets, "actions", "A1")
    a1[column("actions", "text")] = "Peer support, now with two neighbouring councils."
    a1[column("actions", "owner")] = "Director of Children's Services"
    a1[column("actions", "status")] = "red"  # its progress updates say blue: kept
    moved = row_of(sheets, "actions", "B1")
    moved[column("actions", "priority")] = "C"
    new = list(a1)
    new[0], new[column("actions", "text")], new[column("actions", "status")] = "A99", "New.", ""
    actions.reverse()
    actions.append(new)
    removed = sheets[LINKS][1].pop(0)
    sheets[LINKS][1].append(["team_action", "", "A99", "", "leaving-care", ""])

    report = import_plan(engine, saved(sheets, tmp_path / "changed.xlsx"), by="analyst-1")
    assert (report.tallies["actions"].added, report.tallies["actions"].updated) == (1, 2)
    assert (report.tallies[LINKS].added, report.tallies[LINKS].removed) == (1, 1)
    [warning] = report.warnings
    assert (warning.sheet, warning.column) == ("actions", "status")
    assert "kept as 'blue'" in warning.reason

    assert _history(engine) == history  # every update kept, on the action it was recorded for
    with Session(engine) as session:
        action = session.scalar(select(Action).where(Action.ref == "A1"))
        assert action.text.startswith("Peer support, now") and action.status == "blue"
        assert action.version == 2
        changes = session.scalars(
            select(Change).where(Change.subject_ref == "A1").order_by(Change.id)
        ).all()
        assert [(c.record, c.changed_by, c.version) for c in changes] == [
            ("plan import", "analyst-1", 2)
        ]
        assert "Director of Children's Services" in changes[0].new_values
        assert (
            session.scalar(select(Action.sort_order).where(Action.ref == "A99")) == len(actions) - 1
        )
    exported = sheets_of(engine)
    assert exported["actions"][1] == [
        [*row[:-2], "blue" if row[0] == "A1" else row[-2] or "not_started", row[-1]]
        for row in actions
    ]
    assert removed not in exported[LINKS][1]


def test_the_template_imports_into_a_new_dashboard(empty_engine, tmp_path):
    with Session(empty_engine) as session, session.begin():
        session.add(Theme(slug="quality-practice-and-compliance", letter="D", name="Quality"))
    template = plan_template()
    assert list(template)[1:] == list(SHEETS)  # a read-me sheet first
    report = import_plan(empty_engine, saved(template, tmp_path / "template.xlsx"))
    assert report.total("added") == len(SHEETS) and report.warnings == ()
    exported = sheets_of(empty_engine)
    assert all(exported[sheet][1] == template[sheet][1] for sheet in SHEETS)


def test_text_a_spreadsheet_would_run_comes_back_as_it_was(engine, tmp_path):
    sheets = copy.deepcopy(sheets_of(engine))
    row_of(sheets, "actions", "A2")[column("actions", "text")] = '=HYPERLINK("x") and more'
    row_of(sheets, "actions", "A3")[column("actions", "text")] = "- a list, as typed"
    path = saved(sheets, tmp_path / "formulas.xlsx")
    import_plan(engine, path)
    assert sheets_of(engine)["actions"] == sheets["actions"]


@pytest.mark.parametrize(
    "owner",
    ["Jane Smith", "Dr Patel", "Head of Service (Mrs Brown)", "j.smith@council.gov.uk", "Admin-1"],
)
def test_an_owner_must_be_a_role_title(owner):
    assert "an owner is a role title" in owner_problem(owner, {"admin-1"})


def test_every_owner_in_the_sample_is_a_role_title():
    for row in read_csv("actions.csv"):
        assert owner_problem(row["owner"]) is None, row["owner"]


def test_the_command_line_imports_a_plan_or_says_why_not(engine, tmp_path, capsys):
    url = engine.url.render_as_string(hide_password=False)
    good = saved(sheets_of(engine), tmp_path / "plan.xlsx")
    assert main(["--database-url", url, "import-plan", good]) == 0
    out = capsys.readouterr().out
    assert "Imported the plan workbook" in out and "actions: 0 added, 0 updated" in out
    assert main(["--database-url", url, "import", good]) == 1
    assert "is a plan workbook: import it with" in capsys.readouterr().err

    workbook = Workbook()
    workbook.active.title = "actions"
    workbook.active.append(["ref", "plan"])
    workbook.save(tmp_path / "bad.xlsx")
    before = rows_of(engine)
    assert main(["--database-url", url, "import-plan", str(tmp_path / "bad.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported" in err and "no sheet called plans" in err
    assert "sheet actions, line 1, column priority: required column is missing" in err
    assert rows_of(engine) == before


def test_progress_recorded_while_a_plan_is_imported_is_not_overwritten(
    engine, tmp_path, monkeypatch
):
    from data_access.importers import plan_writing

    sheets = copy.deepcopy(sheets_of(engine))
    row_of(sheets, "actions", "A1")[column("actions", "text")] = "Changed in the workbook."
    path = saved(sheets, tmp_path / "changed.xlsx")
    before = rows_of(engine)
    read_plans, read = plan_writing._Writer.plans_and_priorities, []

    def progress_recorded_meanwhile(writer):
        read_plans(writer)
        read.extend(writer.session.scalars(select(Action)))  # the import has read the actions
        writer.session.connection().execute(  # and someone records progress on A1
            text("UPDATE action SET version = version + 1 WHERE ref = 'A1'")
        )

    monkeypatch.setattr(plan_writing._Writer, "plans_and_priorities", progress_recorded_meanwhile)
    with pytest.raises(ImportRejected) as refused:
        import_plan(engine, path)
    [error] = refused.value.errors
    assert (error.sheet, error.column) == ("actions", "ref")
    assert "while the plan was being imported" in error.reason
    assert rows_of(engine) == before


def test_a_revised_due_date_is_carried_out_and_in(engine, tmp_path):
    sheets = copy.deepcopy(sheets_of(engine))
    revised = column("actions", "revised_due")
    assert row_of(sheets, "actions", "B2")[revised] == "2023-03-31"  # as the sample has it
    row_of(sheets, "actions", "A1")[revised] = "31/12/2023"
    with pytest.raises(ImportRejected) as refused:
        import_plan(engine, saved(sheets, tmp_path / "bad.xlsx"))
    [error] = refused.value.errors
    assert (error.sheet, error.line, error.column) == ("actions", 2, "revised_due")

    row_of(sheets, "actions", "A1")[revised] = "2023-12-31"
    report = import_plan(engine, saved(sheets, tmp_path / "moved.xlsx"), by="analyst-1")
    assert report.tallies["actions"].updated == 1
    assert row_of(sheets_of(engine), "actions", "A1")[revised] == "2023-12-31"
    with Session(engine) as session:
        [change] = session.scalars(select(Change).where(Change.subject_ref == "A1")).all()
    assert "revised_due" in change.new_values and "2023-12-31" in change.new_values
