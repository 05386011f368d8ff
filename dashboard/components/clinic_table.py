"""The clinic's tables: captioned tables whose rows become cards on a narrow screen.

Each cell carries its column's name (`data-label`), which the stylesheet shows before the cell
when the header row is out of sight (see "Performance clinic" in assets/dashboard.css).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.linked_items import captioned_table


def stacking_table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    table_id: str,
    numbers: Sequence[str] = (),
    row_headers: bool = False,
    empty: str = "Nothing to show.",
    class_name: str = "",
) -> dbc.Table:
    """A table of `rows` (lists of cells) under `headers`; with `row_headers` the first cell of
    each row is its header (`scope="row"`). Columns named in `numbers` are right-aligned."""
    body = []
    for row in rows:
        cells = []
        for index, (header, value) in enumerate(zip(headers, row)):
            label = {"data-label": header}
            if index == 0 and row_headers:
                cells.append(html.Th(value, scope="row", **label))
            else:
                aligned = "text-end" if header in numbers else None
                cells.append(html.Td(value, className=aligned, **label))
        body.append(html.Tr(cells))
    if not body:
        body = [html.Tr(html.Td(empty, colSpan=len(headers), className="text-muted"))]
    return captioned_table(
        caption,
        headers,
        body,
        numbers=numbers,
        className=f"clinic-table {class_name}".strip(),
        table_id=table_id,
    )
