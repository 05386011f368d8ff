"""The one table every page uses: a caption that says what it shows, column headers with
`scope="col"`, optionally a header cell per row, numbers aligned right, and an id to download
it by. Each cell carries its column's name (`data-label`), so that a stylesheet can show the
rows as cards on a narrow screen. The table reaches the browser as plain HTML in one piece
(components/static_html.py): no cell may hold a callback's input or output."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from dash import html
from dash.development.base_component import Component

from dashboard.components.markup import Markup, element
from dashboard.components.static_html import StaticHtml, to_html


def _content(value: Any) -> Any:
    """A cell's content as text or markup: components are written out."""
    return Markup(to_html(value)) if isinstance(value, Component | list) else value


def _cell(value: Any, column: str, *, row_header: bool, number: bool) -> Markup:
    """A cell of the table; a cell already built (to give it its own class) is kept."""
    if isinstance(value, html.Td | html.Th):
        setattr(value, "data-label", column)
        return Markup(to_html(value))
    align = "text-end" if number else None
    if row_header:
        return element("th", _content(value), scope="row", class_=align, data_label=column)
    return element("td", "" if value is None else _content(value), class_=align, data_label=column)


def data_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    caption: Any,
    *,
    numbers: Collection[str] = (),
    row_headers: bool = False,
    empty: str = "Nothing to show.",
    table_id: str | None = None,
    class_name: str = "",
    compact: bool = False,
) -> StaticHtml:
    """A table of `rows`, each a list of cells (text, markup, components, or a built
    `html.Td`).

    Columns named in `numbers` are aligned right. With `row_headers` the first cell of each
    row is a header for its row. With no rows, one row says `empty`. `table_id` names the table
    on its page, so that it can be downloaded (dashboard/downloads.py).
    """
    head = element(
        "thead",
        element(
            "tr",
            [
                element("th", name, scope="col", class_="text-end" if name in numbers else None)
                for name in columns
            ],
        ),
    )
    body = [
        element(
            "tr",
            [
                _cell(
                    value,
                    column,
                    row_header=row_headers and index == 0,
                    number=column in numbers,
                )
                for index, (column, value) in enumerate(zip(columns, row))
            ],
        )
        for row in rows
    ]
    if not body:
        body = [element("tr", element("td", empty, colspan=len(columns), class_="text-muted"))]
    classes = f"table table-hover{' table-sm' if compact else ''} caption-top align-middle"
    table = element(
        "table",
        element("caption", _content(caption)),
        head,
        element("tbody", body),
        class_=f"{classes} {class_name}".strip(),
    )
    return StaticHtml(table, className="table-responsive", **({"id": table_id} if table_id else {}))
