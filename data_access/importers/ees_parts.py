"""A percentage's or rate's numerator and denominator as a DfE file gives them, loaded beside
the figure only when they give it: a file's own cells sometimes disagree (a zero denominator,
or a regional rate worked out from other numbers), and then the figure is loaded alone and its
line listed, so that no published cell is changed to fit another."""

from __future__ import annotations

from data_access.numbers import NumberRefused, parse_number

SCALE = {"percent": 100.0, "rate_per_10k": 10_000.0}
# As the template's own check: DfE rounds its percentages and rates, and its counts too.
ROUNDING = 0.5


def _number(cell: str) -> float | None:
    """A cell's number, or None for a symbol (c, x, z ...) or an empty cell."""
    if not cell:
        return None
    try:
        return parse_number(cell)
    except NumberRefused:
        return None


def figure_parts(value: str, numerator: str, denominator: str, unit: str) -> tuple[str, str] | None:
    """The numerator and denominator cells to load beside `value` ('' for one the file does not
    give as a number); None when the two do not give the value, so neither is loaded. A figure
    that is a symbol has no parts: the symbol stands for them too."""
    figure = _number(value)
    if figure is None:
        return "", ""
    top, bottom = _number(numerator), _number(denominator)
    kept = (numerator if top is not None else "", denominator if bottom is not None else "")
    if top is None or bottom is None:
        return kept
    if bottom == 0 or top < 0 or (unit == "percent" and top > bottom):
        return None
    if abs(figure - top / bottom * SCALE.get(unit, 1.0)) > ROUNDING + 1e-9:
        return None
    return kept
