"""What the person asking may see of the figures the queries give (SPEC section 8).

The queries answer the same for everyone; every view passes their figures through one of these
functions straight away, before anything is rated, charted, summed or written, because a rating
sentence, a trend, a chart or a total worked out from a hidden figure would give it back:

    summaries = visible.measures(list_indicators(db))

- A viewer (and anyone the request does not identify) has small numbers hidden: a figure the
  rules of `dashboard.disclosure` suppress comes back with no value, numerator or denominator
  and the symbol `c`. A viewer sees no team's figures at all.
- A team manager sees the authority's figures and their own teams' figures, not other teams'.
- Everyone else sees everything, and gets the query's own objects back.

Outside a request (a test building a pack directly, say) nobody is asking, so small numbers are
hidden and no team is seen: the safe answer when we cannot tell who will read the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from flask import has_app_context
from sqlalchemy.orm import Session

from dashboard import auth, configured
from dashboard.disclosure import (
    NOT_RATED,
    SMALLEST_SHOWN,
    SUPPRESSED,
    needs_primary_suppression,
    viewer_breakdown,
    viewer_figures,
    withheld,
)
from dashboard.rating import Rating, rate
from data_access.queries.benchmark import Benchmark
from data_access.queries.derived_figures import small_part_periods

Record = TypeVar("Record")


def asker() -> auth.Principal:
    return auth.current() if has_app_context() else auth.NOBODY


def hides_small_numbers(principal: auth.Principal | None = None) -> bool:
    """Whether counts of 1 to 5 (and what they can be worked out from) are hidden from them."""
    return not (principal or asker()).sees_small_numbers


def series(
    figures: Sequence[Record], unit: str, withheld_dates: Collection[date] = ()
) -> Sequence[Record]:
    """One area's (or team's) figures of one measure, as the asker may see them; for a figure
    worked out from others, `withheld_dates` are those of `withheld_periods`."""
    if not hides_small_numbers():
        return figures
    return withheld(viewer_figures(figures, unit), withheld_dates)


def withheld_periods(
    db: Session, refs: Sequence[str], area_codes: Sequence[str]
) -> dict[str, set[date]]:
    """For each area among `area_codes` whose figures are worked out from other areas' (the
    neighbours' average, a region, England), the periods in which one of those is hidden from
    the asker, by measure: `{code: {(ref, period end), ...}}`. Such a figure is withheld then,
    as the hidden one could be worked back from it (SPEC section 8); the neighbours are those
    of the set in use. Empty for those who see small numbers."""
    if not hides_small_numbers():
        return {}
    return small_part_periods(db, refs, area_codes, SMALLEST_SHOWN, configured.neighbour_set())


def dates_of(periods: Collection[tuple[str, date]], ref: str) -> set[date]:
    """The period ends of one measure among `withheld_periods`' (ref, period end) pairs."""
    return {period for measure, period in periods if measure == ref}


def latest(figure: Record | None, unit: str) -> Record | None:
    """One figure (a measure's latest, say), as the asker may see it; None stays None."""
    if figure is None:
        return None
    return series([figure], unit)[0]


def _measure(item: Record) -> Record:
    names = {field.name for field in dataclasses.fields(item)}
    changes: dict[str, Any] = {}
    if "recent" in names:
        changes["recent"] = series(item.recent, item.unit)
    if "latest" in names:  # a field of its own, not MeasureFigures' property
        changes["latest"] = latest(item.latest, item.unit)
    return dataclasses.replace(item, **changes)


def measures(items: Sequence[Record]) -> list[Record]:
    """Measures with their figures (anything with `unit` and a `latest` figure or a `recent`
    list: IndicatorSummary, MeasureFigures, TeamMeasure, LinkedMeasure), as the asker may see
    them."""
    if not hides_small_numbers():
        return list(items)
    return [_measure(item) for item in items]


def detail(item: Record) -> Record:
    """A measure's detail (IndicatorDetail): its summary's latest figure as the asker may see it."""
    if not hides_small_numbers():
        return item
    return dataclasses.replace(item, summary=_measure(item.summary))


def recent(
    by_ref: Mapping[str, Sequence[Record]],
    units: Mapping[str, str],
    withheld: Collection[tuple[str, date]] = (),
) -> dict:
    """`recent_figures`' answer (figures by measure ref), given each measure's unit by ref, and
    for a figure worked out from others the (ref, period end) pairs of `withheld_periods`.

    A ref missing from `units` is an error, not a guess: the rules differ by unit."""
    if not hides_small_numbers():
        return dict(by_ref)
    return {
        ref: list(series(figures, units[ref], dates_of(withheld, ref)))
        for ref, figures in by_ref.items()
    }


def areas(
    lines: Sequence[Record], unit: str, withheld_dates: Mapping[str, Collection[date]]
) -> list[Record]:
    """Several areas' series of one measure (AreaSeries): the authority and its comparators, with
    each comparator's `withheld_periods` dates for this measure."""
    if not hides_small_numbers():
        return list(lines)
    return [
        dataclasses.replace(
            line, figures=list(series(line.figures, unit, withheld_dates.get(line.code, ())))
        )
        for line in lines
    ]


def teams(rows: Sequence[Record]) -> list[Record]:
    """Rows about teams (anything with a `slug`): only the teams the asker may see."""
    principal = asker()
    return [row for row in rows if principal.sees_team(row.slug)]


def team_figures(
    parts: Sequence[Record], total: Record | None, unit: str
) -> tuple[Record | None, list[Record]]:
    """Each team's figure for one period and the authority's figure they add up to: the total
    as the asker may see it, and the teams they may see.

    Secondary suppression (`viewer_breakdown`) is applied to all the teams together before any
    are left out. No one who has small numbers hidden sees team figures today (a viewer sees
    none), so today this keeps only the asker's teams; the rule is applied anyway, so that a
    role that ever had both could not work out a hidden team from the total and the others.

    A team manager of one of two teams can still take their own team's figure from the
    authority's to get the other's. Nothing here can prevent that: the authority's figure is
    shown to every viewer, and a manager knows their own team's. A team manager sees small
    numbers, so no child's privacy rests on it; what they gain is a colleague team's figure.
    """
    if hides_small_numbers():
        if total is None:
            parts = viewer_figures(parts, unit)
        else:
            total, parts = viewer_breakdown(total, parts, unit)
    return total, teams(parts)


def benchmark(result: Benchmark | None) -> Benchmark | None:
    """A benchmark (data_access/queries/benchmark.py) as the asker may see it.

    The area's figure and each neighbour's pass through the same rules as any figure. When the
    area's figure is hidden, so are its rank and band: with every other authority's figure
    public, they would tell roughly what it is. When a neighbour's figure is hidden, so are the
    neighbours' mean and median: with the others shown, either could give it back. How many
    authorities are ranked, and how many neighbours have a figure, tell nothing hidden.
    """
    if result is None or not hides_small_numbers():
        return result
    changes: dict[str, Any] = {"neighbours": tuple(viewer_figures(result.neighbours, result.unit))}
    if needs_primary_suppression(result, result.unit):
        hidden = dict.fromkeys(("value", "numerator", "denominator", "rank", "band"))
        changes |= hidden | {"symbol": SUPPRESSED, "ties": 0}
    newly_hidden = any(
        before.value is not None and after.value is None
        for before, after in zip(result.neighbours, changes["neighbours"], strict=True)
    )
    if newly_hidden:
        changes |= {"sn_mean": None, "sn_median": None, "sn_withheld": True}
    return dataclasses.replace(result, **changes)


def is_suppressed(figure: Any) -> bool:
    """Whether a figure is shown as `c` (by these rules, or as published)."""
    return figure is not None and getattr(figure, "symbol", None) == SUPPRESSED


def any_suppressed(*groups: Sequence[Any] | None) -> bool:
    """Whether any figure in these lists (None entries and None lists allowed) shows `c`."""
    return any(is_suppressed(figure) for group in groups if group for figure in group)


def rate_shown(
    figure: Any, target: float | None, tolerance: float | None, polarity: str, unit: str
) -> Rating:
    """`rating.rate` of a figure as shown (anything with value and symbol, or None). A
    suppressed figure is not rated: a rating, or the sentence explaining it, would tell which
    side of the target it lies and by how much."""
    if is_suppressed(figure):
        return Rating(None, NOT_RATED)
    value = figure.value if figure is not None else None
    return rate(value, target, tolerance, polarity, unit)
