"""Table downloads: exactly the rows a page shows, as CSV or XLSX."""

import csv
import io
from urllib.parse import parse_qsl, urlencode

import pytest
from dash import html
from openpyxl import load_workbook

from dashboard.components.badges import status_badge
from dashboard.components.data_table import data_table
from dashboard.downloads import _page_layout, cell_value, table_rows
from tests.conftest import as_role


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_a_cell_reads_as_its_words_without_decorative_icons():
    assert cell_value(status_badge("red", overdue=True)) == "Off track Overdue"
    cell = html.Td([html.A("Action D11", href="/actions/D11"), html.Div("Audit assessments")])
    assert cell_value(cell) == "Action D11\nAudit assessments"
    assert cell_value(html.Td(html.Img(src="x.svg", alt="Trend line: 5 to 7"))) == (
        "Trend line: 5 to 7"
    )
    cell = html.Td([html.Div("Action D11"), html.Div(["Audit ", html.Strong("assessments")])])
    assert cell_value(cell) == "Action D11\nAudit assessments"


def test_table_rows_gives_headers_and_cells_and_numbers_as_numbers():
    table = data_table(
        ["Team", "Cases", "Share"],
        [["North", "1,234", "12.5%"], ["South", "-3.25", status_badge("blue")]],
        "Teams",
        row_headers=True,
    )
    columns, rows = table_rows(table)
    assert columns == ["Team", "Cases", "Share"]
    assert rows == [["North", 1234, "12.5%"], ["South", -3.25, "Complete"]]
    empty = data_table(["Team"], [], "No teams")
    assert table_rows(empty) == (["Team"], [])  # the row that says so is not data


def test_the_inspection_timeline_downloads_as_on_the_page(client):
    page = client.get("/download?page=/inspections&table=timeline&format=csv")
    assert page.status_code == 200
    assert page.headers["Content-Disposition"] == 'attachment; filename="inspections-timeline.csv"'
    rows = _csv(page)
    assert rows[0] == ["When", "Kind", "What", "Overall judgement", "Recommendations"]
    assert len(rows) > 5
    assert any("Improvement Notice" in row[2] for row in rows)
    kinds = {row[1] for row in rows[1:]}
    assert "DfE intervention" in kinds and not any("Dfe" in kind for kind in kinds)
    assert not any("✕" in cell or "✓" in cell for row in rows for cell in row)


def test_a_table_downloads_as_a_spreadsheet(client):
    page = client.get(
        "/download?page=/theme/quality-practice-and-compliance&table=theme-actions&format=xlsx"
    )
    assert page.status_code == 200
    sheet = load_workbook(io.BytesIO(page.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == (
        "Ref",
        "Action",
        "Plan",
        "Owner",
        "Due",
        "Revised due",
        "Days overdue",
        "Status",
    )
    assert len(values) > 1
    assert all(row[0] for row in values[1:])
    # the theme's overdue actions first, most days overdue first, their days as numbers
    by_ref = {row[0]: row for row in values[1:]}
    assert by_ref["D11"][4:7] == ("30 Sep 2017", "31 Mar 2023", 91)
    assert [row[0] for row in values[1:3]] == ["D9", "D11"]
    assert by_ref["D9"][4:7] == ("31 Dec 2017", None, 2007)


def test_a_page_with_a_path_argument_downloads_its_own_rows(client):
    rows = _csv(client.get("/download?page=/indicator/8&table=linked-actions&format=csv"))
    assert rows[0][:2] == ["Action", "Status"]
    assert any(row[0].startswith("Action D11") for row in rows[1:])


def test_unknown_tables_pages_and_formats_are_refused_plainly(client):
    assert client.get("/download?page=/inspections&table=nothing").status_code == 404
    assert client.get("/download?page=/no-such-page&table=timeline").status_code == 404
    assert client.get("/download?page=/inspections&table=timeline&format=pdf").status_code == 400
    clash = client.get("/download?page=/indicator/8&table=linked-actions&ref=9a")
    assert clash.status_code == 200 and "Action D11" in clash.data.decode("utf-8-sig")


PAGES = [
    "/inspections",
    "/theme/quality-practice-and-compliance",
    "/indicator/8",
    "/actions/D11",
    "/",
    "/recommendations",
    "/recommendations/2016-3",
    "/teams",
    "/teams/safeguarding-north",
    "/clinic",
    "/actions",
    "/actions?plan=improvement-plan-2022-23&status=red,amber",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_table_on_a_page_has_links_that_download_its_rows(client, path):
    page, _, search = path.partition("?")
    query = dict(parse_qsl(search))
    with as_role(client.application, path):
        layout = _page_layout(page, query)
        nodes = list(layout._traverse())
    tables = {  # data_table's wrapper: as written, or read back inside a longer piece
        node.id: node
        for node in nodes
        if getattr(node, "className", None) == "table-responsive" and getattr(node, "id", None)
    }
    links = [node.href for node in nodes if getattr(node, "data-download", None)]
    assert tables and sorted(links) == sorted(
        f"/download?{urlencode({'page': page, 'table': table_id, 'format': extension})}"
        for table_id in tables
        for extension in ("csv", "xlsx")
    )
    for table_id, table in tables.items():
        address = urlencode({"page": page, "table": table_id, **query})
        rows = _csv(client.get(f"/download?{address}"))
        assert rows[1:] == [[str(cell) for cell in row] for row in table_rows(table)[1]]


def test_a_download_holds_the_filtered_rows_the_page_shows(client):
    everything = _csv(client.get("/download?page=/&table=scorecard-table"))
    red = _csv(client.get("/download?page=/&table=scorecard-table&rating=red&theme=sustainability"))
    assert red[0] == everything[0]
    assert 0 < len(red) < len(everything)
    assert {row[5] for row in red[1:]} == {"Red"}
