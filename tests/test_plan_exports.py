"""The plan workbook out and back in over HTTP (SPEC sections 8 and 12): `GET /export/plan.xlsx`
for those who see every team's plan, its template for those who import, and the import page's
plan choice, which takes the exported workbook back as nothing changed."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from openpyxl import load_workbook

from data_access.importers.plan_sheets import SHEETS
from tests.conftest import as_role, make_app, seeded_database, user_client
from tests.test_access import ROLES, TEAM
from tests.test_plan_import import rows_of

PLAN, TEMPLATE = "/export/plan.xlsx", "/export/plan-template.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEE_EVERY_TEAM = {"director", "analyst", "admin"}
IMPORT = {"analyst", "admin"}


def workbook_values(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cells, as a spreadsheet program reads them."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


@pytest.fixture(scope="module")
def own(backend, tmp_path_factory):
    """An app on a sample database of this module's own (these tests import), and its engine."""
    url, engine = seeded_database(backend, "plan_exports", tmp_path_factory)
    yield make_app(url), engine
    engine.dispose()


@pytest.fixture(scope="module")
def clients(app):
    signed_in = {role: user_client(app.server, role, teams) for role, teams in ROLES.items()}
    signed_in[None] = app.server.test_client()
    return signed_in


def test_the_plan_is_for_those_who_see_every_team_and_the_template_for_importers(clients):
    assert clients[None].get(PLAN).status_code == 401
    assert clients[None].get(TEMPLATE).status_code == 401
    for role in ROLES:
        plan, template = clients[role].get(PLAN), clients[role].get(TEMPLATE)
        assert plan.status_code == (200 if role in SEE_EVERY_TEAM else 403), role
        assert template.status_code == (200 if role in IMPORT else 403), role
        if plan.status_code == 403:
            assert plan.get_json()["status"] == 403 and TEAM not in plan.text
    answer = clients["director"].get(PLAN)
    assert answer.mimetype == XLSX
    assert answer.headers["Content-Disposition"] == 'attachment; filename="plan.xlsx"'
    assert list(workbook_values(answer.data)) == list(SHEETS)


@pytest.mark.parametrize(
    "spelling",
    [
        "/export//plan.xlsx",
        "//export/plan.xlsx",
        "/export/plan.xlsx/",
        "/export/./plan.xlsx",
        "/export/%70lan.xlsx",
        "/EXPORT/plan.xlsx",
        "/export/plan.xlsx?format=csv",
    ],
)
def test_no_spelling_of_the_address_gives_a_viewer_the_plan(clients, spelling):
    for role in ("viewer", "team_manager"):
        answer = clients[role].get(spelling, follow_redirects=True)
        assert answer.status_code != 200 or answer.mimetype != XLSX, (role, spelling)
        assert TEAM not in answer.get_data(as_text=True), (role, spelling)


def test_the_template_has_a_read_me_and_a_worked_example_on_each_sheet(clients):
    sheets = workbook_values(clients["analyst"].get(TEMPLATE).data)
    read_me, *parts = sheets
    assert read_me == "read me" and parts == list(SHEETS)
    for name in SHEETS:
        header, example = sheets[name]
        assert header == SHEETS[name].columns
    owner = sheets["actions"][1][SHEETS["actions"].columns.index("owner")]
    assert owner.startswith("Head of Service")
    described = {(sheet, column) for sheet, column, *_ in sheets["read me"][1:]}
    assert described == {(name, c) for name in SHEETS for c in SHEETS[name].columns}


def _upload(app, data: bytes, name: str):
    from dashboard.pages import import_data

    contents = f"data:{XLSX};base64," + base64.b64encode(data).decode()
    with as_role(app.server, "/admin/import", "analyst"):
        shown, report, _hidden, _emptied = import_data.import_upload(
            lambda _values: None, contents, name
        )
    return str(shown), report


def test_exported_then_imported_on_the_page_changes_nothing_and_exports_the_same(own):
    app, engine = own
    analyst = user_client(app.server, "analyst")
    exported = analyst.get(PLAN).data
    before = rows_of(engine)
    shown, report = _upload(app, exported, "plan.xlsx")
    assert "plan.xlsx: " in shown and "0 added, 0 updated" in shown and report is None
    assert "Li('actions: 0 added, 0 updated, " in shown
    assert rows_of(engine) == before
    assert workbook_values(analyst.get(PLAN).data) == workbook_values(exported)


def test_a_bad_plan_on_the_page_is_refused_by_sheet_and_line(own):
    from dashboard.pages import import_data

    app, engine = own
    workbook = load_workbook(io.BytesIO(user_client(app.server, "analyst").get(PLAN).data))
    workbook["actions"]["E3"] = "Mrs Jones"  # line 3, the owner
    data = io.BytesIO()
    workbook.save(data)
    before = rows_of(engine)
    shown, report = _upload(app, data.getvalue(), "changed.xlsx")
    assert "Nothing was imported" in shown and "Th(children='Sheet'" in shown
    assert rows_of(engine) == before
    [[sheet, line, column, reason]] = report["rows"]
    assert (sheet, line, column) == ("actions", 3, "owner") and "names a person" in reason
    download = import_data.download_report(1, report)
    text = base64.b64decode(download["content"]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[:2] == [
        ["Sheet", "Line", "Column", "Reason"],
        ["actions", "3", "owner", reason],
    ]


def test_the_import_page_offers_the_plan_workbook(app):
    from dashboard.pages import import_data

    with as_role(app.server, "/admin/import", "analyst"):
        page = str(import_data.layout())
    assert "a sheet called plans or actions is read as a plan workbook" in page
    assert f"href='{TEMPLATE}'" in page and f"href='{PLAN}'" in page
    assert all(f"Code('{name}')" in page for name in SHEETS)
