"""The shape of a table read from a file, whatever it holds: its header's columns, and each
row's cells lined up with them (the figures template, and each sheet of the plan workbook)."""

from __future__ import annotations

from collections.abc import Sequence

from data_access.importers.errors import RowError


def check_header(
    header: list[str], required: Sequence[str], optional: Sequence[str], of: str
) -> list[RowError]:
    """What is wrong with a header: a required column missing, one that is not a column of
    `of` (the template, or a sheet of the plan workbook), or one named twice."""
    errors = [
        RowError(1, column, "required column is missing")
        for column in required
        if column not in header
    ]
    known = set(required) | set(optional)
    errors += [
        RowError(1, column or f"#{position}", f"is not a column of {of}")
        for position, column in enumerate(header, start=1)
        if column not in known
    ]
    seen: set[str] = set()
    for column in header:
        if column and column in seen:  # an empty name is reported above, by its position
            errors.append(RowError(1, column, "appears twice"))
        seen.add(column)
    return errors


def fitted(line: int, cells: list[str], width: int) -> list[str] | RowError:
    """A row's cells, one for each column of a header `width` columns wide (a spreadsheet
    leaves empty cells off the end); or why not, when there are more cells than columns."""
    if len(cells) == width:
        return cells
    if any(cell.strip() for cell in cells[width:]):
        return RowError(line, "", f"has {len(cells)} cells; the header has {width}")
    return (cells + [""] * width)[:width]
