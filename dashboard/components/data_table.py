"""An accessible table from columns and rows: a caption, column headers with `scope="col"`,
optionally a row header per row, numbers aligned right. Cells may be text or components."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import html


def _cell(value: Any) -> Any:
    return "" if value is None else value


def data_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    caption: Any,
    *,
    numeric: Collection[int] = (),
    row_headers: bool = False,
    empty: str = "Nothing to show.",
    caption_top: bool = True,
    class_name: str = "",
    **table_props: Any,
) -> dbc.Table:
    """A table with a caption (text or components) that says what it shows.

    `numeric` holds the indexes of columns to align right; with `row_headers` the first cell
    of each row is a header for its row (`scope="row"`). With no rows, one row says `empty`.
    """
    aligned = {index: "text-end" for index in numeric}
    head = html.Thead(
        html.Tr(
            [
                html.Th(name, scope="col", className=aligned.get(index))
                for index, name in enumerate(columns)
            ]
        )
    )
    body_rows = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if index == 0 and row_headers:
                cells.append(html.Th(_cell(value), scope="row", className=aligned.get(index)))
            else:
                cells.append(html.Td(_cell(value), className=aligned.get(index)))
        body_rows.append(html.Tr(cells))
    if not body_rows:
        body_rows = [html.Tr(html.Td(empty, colSpan=len(columns), className="text-muted"))]
    classes = " ".join(c for c in ("caption-top" if caption_top else "", class_name) if c)
    return dbc.Table(
        [html.Caption(caption), head, html.Tbody(body_rows)],
        bordered=False,
        hover=True,
        responsive=True,
        size="sm",
        className=classes or None,
        **table_props,
    )
