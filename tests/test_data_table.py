"""The one table component: caption, headers with scope, row headers, numbers, ids, labels."""

from dash import html

from dashboard.components.data_table import data_table
from tests.test_indicator_page import text_of, walk


def test_a_table_has_a_caption_column_headers_and_row_headers():
    table = data_table(
        ["Team", "Figure"],
        [["North", "80.0%"]],
        "Teams",
        numbers=("Figure",),
        row_headers=True,
        table_id="teams",
    )
    parts = list(walk(table))
    assert table.id == "teams"
    assert table.html.startswith('<table class="table table-hover caption-top align-middle">')
    assert text_of([c for c in parts if isinstance(c, html.Caption)]) == "Teams"
    column_headers = [c for c in parts if isinstance(c, html.Th) and c.scope == "col"]
    assert [text_of(c) for c in column_headers] == ["Team", "Figure"]
    assert [getattr(c, "className", None) for c in column_headers] == [None, "text-end"]
    assert [text_of(c) for c in parts if isinstance(c, html.Th) and c.scope == "row"] == ["North"]
    assert [c.className for c in parts if isinstance(c, html.Td)] == ["text-end"]


def test_every_cell_carries_its_column_name_and_built_cells_are_kept():
    built = html.Td("Overdue", className="text-nowrap")
    table = data_table(["Action", "Status"], [["D11", built]], "Actions")
    cells = [c for c in walk(table) if isinstance(c, html.Td)]
    assert [getattr(c, "data-label") for c in cells] == ["Action", "Status"]
    assert cells[1].className == "text-nowrap" and text_of(cells[1]) == "Overdue"
    assert '<td class="text-nowrap" data-label="Status">Overdue</td>' in table.html


def test_a_table_without_rows_says_so():
    table = data_table(["A", "B"], [], "Nothing here", empty="No figures yet.")
    cells = [c for c in walk(table) if isinstance(c, html.Td)]
    assert len(cells) == 1 and cells[0].colSpan == "2" and text_of(cells[0]) == "No figures yet."
