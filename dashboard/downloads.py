"""Any table a page shows, as a CSV or XLSX download of exactly what is on screen.

`/download?page=/actions&table=action-tracker&format=csv&status=red` renders the page's layout
with the page's own arguments, finds the table by its id and writes its header and cells as text.
So a download can never differ from the page, and the page's access rules apply to it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dash import html
from dash.development.base_component import Component
from flask import Blueprint, abort, request

from dashboard.auth import find_page
from dashboard.date_arguments import BadDate, date_argument
from dashboard.exports import MEDIA_TYPES, table_download

downloads = Blueprint("downloads", __name__)

OWN_ARGUMENTS = ("page", "table", "format")
DATE_ARGUMENTS = ("as_at", "since")  # the dates SPEC section 5 lets a page be asked for
# Elements that start a new line when a cell's text is read out.
BLOCKS = {"Div", "P", "Li", "Br", "Ul", "Ol"}
NUMBER = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?")


def _page_layout(path: str, query: dict[str, str]) -> Component | None:
    """The layout a page shows at `path` with the given query arguments, or None."""
    page, arguments = find_page(path)
    if page is None:
        return None
    layout = page["layout"]
    # The path's own arguments win over a query argument of the same name.
    return layout(**{**query, **arguments}) if callable(layout) else layout


def _find(component: Component, table_id: str) -> Component | None:
    try:
        return component[table_id]
    except KeyError:
        return None


def _children(node) -> list:
    children = getattr(node, "children", None)
    if children is None:
        return []
    return children if isinstance(children, list | tuple) else [children]


def _text(node) -> str:
    """What a person reads in a cell: its words and images' text alternatives, without
    decorative (aria-hidden) icons."""
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if getattr(node, "aria-hidden", None) == "true":
        return ""
    if isinstance(node, html.Img):
        return getattr(node, "alt", None) or ""  # a sparkline says what it shows
    text = "".join(_text(child) for child in _children(node))
    return f"\n{text}\n" if type(node).__name__ in BLOCKS else text


def cell_value(node) -> str | int | float:
    """A cell's text with tidy spaces, a line per block; plain numbers become numbers."""
    lines = [" ".join(line.split()) for line in _text(node).splitlines()]
    tidy = "\n".join(line for line in lines if line)
    if NUMBER.fullmatch(tidy):
        number = float(tidy.replace(",", ""))
        return int(number) if number.is_integer() and "." not in tidy else number
    return tidy


def _rows(section) -> Iterator[list]:
    for row in _children(section):
        cells = _children(row)
        if len(cells) == 1 and getattr(cells[0], "colSpan", None):
            continue  # a row saying the table is empty
        yield [cell_value(cell) for cell in cells]


def table_rows(table: Component) -> tuple[list[str], list[list]]:
    """A table's column headers and its body rows, as text (and numbers). `table` may be
    what holds the table (data_table's markup around it)."""
    while not isinstance(table, html.Table) and _children(table):
        table = _children(table)[0]
    parts = {type(part).__name__: part for part in _children(table)}
    header = next(_rows(parts["Thead"]), []) if "Thead" in parts else []
    body = list(_rows(parts["Tbody"])) if "Tbody" in parts else []
    return [str(name) for name in header], body


@downloads.get("/download")
def download_table():
    path = request.args.get("page", "")
    table_id = request.args.get("table", "")
    wanted = request.args.get("format", "csv")
    if wanted not in MEDIA_TYPES:
        abort(400, f"format must be csv or xlsx, not '{wanted}'")
    for name in DATE_ARGUMENTS:
        try:
            date_argument(name)
        except BadDate as bad:
            abort(400, str(bad))
    query = {k: v for k, v in request.args.items() if k not in OWN_ARGUMENTS}
    layout = _page_layout(path, query)
    table = _find(layout, table_id) if layout is not None else None
    if table is None:
        abort(404, f"There is no table '{table_id}' on the page '{path}'.")
    columns, rows = table_rows(table)
    name = "-".join(part for part in (path.strip("/").replace("/", "-"), table_id) if part)
    return table_download(columns, rows, name, wanted, sheet=table_id)
