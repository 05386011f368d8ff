"""Small-number suppression for `viewer` responses (SPEC section 8), as pure rules.

No Dash and no database: the functions take plain records (dicts, dataclasses or NamedTuples
with `value`, `numerator`, `denominator`, `symbol` and `unit`) and return new records, with
`value`, `numerator` and `denominator` set to None and `symbol` set to `c` where a figure must
not be shown. The input records are never changed. `dashboard/visible_figures.py` applies these
rules to what the queries return, for whoever is asking.

Hidden from a viewer (a small number is 1 to 5 inclusive; 0 is shown):
- a count that is a small number;
- a percentage, rate or average whose denominator is a small number (SPEC section 8);
- a percentage or rate whose numerator is a small number. SPEC section 8 names only the
  denominator, but the numerator of a percentage or a rate is itself a count of children, and
  the figure times its denominator gives it back (3 of 40 is 7.5%, and 7.5% of 40 is 3). An
  average's numerator is not a count of children (it is their total days, say), so an average
  is judged by its denominator alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, TypeVar

SUPPRESSED = "c"
SMALLEST_SHOWN = 6  # 1 to 5 inclusive is a small number; 0 is shown
HIDDEN_FIELDS = ("value", "numerator", "denominator")
# Units whose numerator counts children, so a small numerator is hidden like a small count.
COUNTED_NUMERATORS = ("percent", "rate_per_10k")

# What `c` means, in the words every page, download and the pack use.
MEANING = "fewer than 6 children; hidden to protect their privacy"
NOT_RATED = "Not rated: figure suppressed."

Record = TypeVar("Record")


@dataclasses.dataclass(frozen=True)
class Figure:
    """One figure as a viewer would see it; any record with these fields will do."""

    value: float | None
    unit: str
    numerator: float | None = None
    denominator: float | None = None
    symbol: str | None = None


def is_small(number: float | None) -> bool:
    """True for a number from 1 to 5 inclusive; zero and missing numbers are not small."""
    return number is not None and 1 <= number < SMALLEST_SHOWN


def _field(record: Any, name: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def _unit(record: Any, unit: str | None) -> str | None:
    return _field(record, "unit") or unit


def _size(record: Any, unit: str | None) -> float | None:
    """How many children a figure counts: a count's value, or the denominator of anything else."""
    if _unit(record, unit) == "count":
        return _field(record, "value")
    return _field(record, "denominator")


def needs_primary_suppression(record: Any, unit: str | None = None) -> bool:
    """A count from 1 to 5; a percentage, rate or average whose denominator is from 1 to 5; or
    a percentage or rate whose numerator is from 1 to 5 (see the module's docstring for why).

    A record that already carries a symbol is left alone (it shows no figure), and so is a
    percentage whose numerator and denominator are not known (a published percentage, say):
    the rule can only judge the numbers it is given. `unit` is used when the record has no
    `unit` of its own.
    """
    if _field(record, "symbol"):
        return False
    if is_small(_size(record, unit)):
        return True
    return _unit(record, unit) in COUNTED_NUMERATORS and is_small(_field(record, "numerator"))


def _is_suppressed(record: Any, unit: str | None) -> bool:
    return _field(record, "symbol") == SUPPRESSED or needs_primary_suppression(record, unit)


def _copy(record: Record, hide: bool) -> Record:
    """A new record; hidden ones lose their numbers and say `c`, and one with a symbol loses
    any numbers beside it (stored before the importers refused them)."""
    changes: dict[str, Any] = {}
    if hide:
        changes = {name: None for name in HIDDEN_FIELDS} | {"symbol": SUPPRESSED}
    elif _field(record, "symbol"):  # it stands for a figure not shown: no number beside it
        changes = {name: None for name in HIDDEN_FIELDS}
    if isinstance(record, Mapping):
        return {**record, **changes}
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        names = {field.name for field in dataclasses.fields(record)}
        replace = dataclasses.replace
    elif hasattr(record, "_replace"):  # a NamedTuple, as page modules use
        names = set(record._fields)
        replace = type(record)._replace
    else:
        raise TypeError(f"cannot suppress a {type(record).__name__}: use a dict or a dataclass")
    if not {"value", "symbol"} <= names:
        raise TypeError(f"a {type(record).__name__} needs `value` and `symbol` fields")
    # numerator and denominator are optional: a record without them has nothing there to hide
    return replace(record, **{name: new for name, new in changes.items() if name in names})


def viewer_figures(records: Iterable[Record], unit: str | None = None) -> list[Record]:
    """Primary suppression of figures that do not add up to a shown total (e.g. a series).

    Each record comes back as a new object; where `needs_primary_suppression` is true (or the
    record already says `c`), its value, numerator and denominator are None and its symbol `c`.
    """
    return [_copy(record, _is_suppressed(record, unit)) for record in records]


def withheld(records: Iterable[Record], dates: Collection[Any]) -> list[Record]:
    """The records dated in `dates` hidden (`c`), the others as they are: a figure worked out
    from others, in the periods when one of those is hidden."""
    return [_copy(record, _field(record, "date") in dates) for record in records]


def breakdown_suppression(
    total: Any, parts: Sequence[Any], unit: str | None = None
) -> tuple[bool, list[bool]]:
    """Which of a total and its parts to hide: (hide the total?, [hide each part?]).

    The parts add up to the total (SPEC section 3): team counts sum to the authority count, and
    a percentage's numerators and denominators sum to the authority's.

    1. Primary: every part, and the total, that `needs_primary_suppression` is hidden; a part
       already marked `c` counts as hidden too.
    2. Secondary, only when the total is published (shown, no symbol) and exactly one part is
       hidden: the total minus the shown parts would give the hidden part back, so the next
       smallest part is hidden as well. "Smallest" is by size: a count's value, or the
       denominator of a percentage or rate; ties go to the earlier part. Zero parts and parts
       with another symbol (`x`, `z` ...) are never chosen, because hiding them would not
       protect anything: 0 plus the hidden part is still the hidden part.
    3. If there is no such part to hide (only one part, or every other part is zero or missing),
       the total itself would reveal the hidden part, so the total is hidden instead.
    With two or more parts hidden, the total only gives their sum, so nothing more is hidden.

    Worked example (counts): teams A 3, B 12, C 40, authority 55. A is hidden (3 is from 1 to
    5); 55 - 12 - 40 would give A's 3 back, so B (12, the next smallest) is hidden too. The
    viewer sees A c, B c, C 40, total 55 and can tell only that A + B = 15.
    Percentages: A 2/4, B 10/20, C 30/60, authority 42/84. A's denominator 4 is small, so A is
    hidden; B has the next smallest denominator (20), so B is hidden; the total 50.0% stays.
    One part: team A 3, authority 3. A is hidden, and the total is hidden too (it is A).
    """
    hide_total = _is_suppressed(total, unit)
    hide_parts = [_is_suppressed(part, unit) for part in parts]
    total_published = not _field(total, "symbol") and _field(total, "value") is not None
    if hide_total or not total_published or hide_parts.count(True) != 1:
        return hide_total, hide_parts
    candidates = [
        (size, position)
        for position, part in enumerate(parts)
        if not hide_parts[position]
        and not _field(part, "symbol")
        and (size := _size(part, unit)) is not None
        and size > 0
    ]
    if not candidates:
        return True, hide_parts
    _, next_smallest = min(candidates)
    hide_parts[next_smallest] = True
    return hide_total, hide_parts


def viewer_breakdown(
    total: Record, parts: Sequence[Record], unit: str | None = None
) -> tuple[Record, list[Record]]:
    """A total and the parts that add up to it, as a viewer may see them (new objects).

    Applies `breakdown_suppression`: primary suppression, then the secondary rule so that no
    hidden part can be worked out from the total and the other parts.
    """
    hide_total, hide_parts = breakdown_suppression(total, parts, unit)
    return _copy(total, hide_total), [_copy(part, hide) for part, hide in zip(parts, hide_parts)]
