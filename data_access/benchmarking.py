"""Benchmarking rules as DfE's Local Authority Interactive Tool (LAIT) applies them, as pure
functions on plain numbers: rank words, quartile cut points, the quartile band A to D by
polarity, and the statistical neighbours' mean and median (SPEC section 11), and the words that
say what they are worked out from.

The rules follow DfE's own code for LAIT (github.com/dfe-analytical-services/
local-authority-interactive-tool, R/fn_analysis.R: `calculate_rank`, `calculate_quartile_band`,
and the stats tables' `quantile(values, na.rm = TRUE)`):

- **Rank**: among the local authorities with a figure on the date, 1 is the best: the highest
  figure when higher is better (`up`), the lowest when lower is better (`down`). Ties share the
  best rank of the tie (R's `ties.method = "min"`): rank = authorities strictly better + 1, so
  two authorities joint 3rd are followed by the 5th. LAIT gives a measure without a polarity no
  rank; we rank a `neutral` measure with 1 = the highest figure, and say so wherever it is shown.
- **Quartile cut points**: R's default `quantile` (type 7) of every authority's figure, the area's
  own included: the value at position (n - 1) x p of the figures in ascending order, counted from
  0, interpolated linearly between the two figures either side.
- **Band**: by the figure against the cut points, not by rank. Lower is better: up to and
  including the lower quartile is A, then up to and including the median B, up to and including
  the upper quartile C, above it D. Higher is better: the same four ranges read the other way,
  D, C, B, A. So a figure exactly on a cut point falls in the range below it, as in LAIT: the
  better band when lower is better, the worse band when higher is better; and tied figures
  always share a band. A `neutral` measure has no band: higher is not better.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

QUARTILES = (1, 2, 3)  # quarters: the lower quartile, the median, the upper quartile
BANDS_LOW_TO_HIGH = {"down": "ABCD", "up": "DCBA"}
BAND_WORDS = {
    "A": "best quarter",
    "B": "second best quarter",
    "C": "second worst quarter",
    "D": "worst quarter",
}


def order_positions(count, quarter: int):
    """The positions (from 1, in ascending order of figure) of the two figures a quartile lies
    between, for `count` figures: the quarter-th quartile is at (count - 1) x quarter / 4
    counted from 0. The second may be past the end when the first is the last. `count` may be
    a number or a SQL expression (the query finds the two figures by these positions)."""
    below = (count - 1) * quarter // 4
    return below + 1, below + 2


def quartile_cuts(count: int, between: Sequence[tuple[float, float | None]]) -> tuple[float, ...]:
    """The lower quartile, median and upper quartile of `count` figures (R's type 7), from the
    two figures each lies between (`order_positions`), lowest quartile first."""
    cuts = []
    for quarter, (below, above) in zip(QUARTILES, between, strict=True):
        share = ((count - 1) * quarter % 4) / 4  # how far from `below` towards `above`
        cuts.append(below if above is None or not share else below + share * (above - below))
    return tuple(cuts)


def quartile_band(value: float, cuts: Sequence[float], polarity: str) -> str | None:
    """A to D (A the best quarter) of a figure against the cut points; None for a measure that
    is not judged higher or lower (`neutral`)."""
    bands = BANDS_LOW_TO_HIGH.get(polarity)
    if bands is None:
        return None
    below = sum(1 for cut in cuts if value > cut)  # how many cut points lie under the figure
    return bands[below]


def band_words(band: str | None) -> str | None:
    """'Band B: second best quarter'; None for no band."""
    return None if band is None else f"Band {band}: {BAND_WORDS[band]}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd ... 101st, 111th."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return str(number) + {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def rank_words(rank: int, ties: int, of: int, polarity: str) -> str:
    """'37th of 152 local authorities, where 1st is best'; 'joint 37th' when others share it;
    for a `neutral` measure, where 1st is the highest figure."""
    joint = "joint " if ties else ""
    where = "where 1st is the highest figure" if polarity == "neutral" else "where 1st is best"
    return f"{joint}{ordinal(rank)} of {of} local authorities, {where}"


def enough_neighbours(with_figure: int, neighbours: int) -> bool:
    """Whether a neighbours' average means anything: at least half of them have a figure (the
    rule of the `SN` figure the DfE importer writes)."""
    return with_figure > 0 and with_figure * 2 >= neighbours


def neighbour_mean(numbers: Sequence[float], neighbours: int) -> float | None:
    """The mean of the neighbours' figures (those with one), to 2 decimal places, when at least
    half of the `neighbours` have one; otherwise None."""
    if not enough_neighbours(len(numbers), neighbours):
        return None
    return round(sum(numbers) / len(numbers), 2)


def neighbour_median(numbers: Sequence[float], neighbours: int) -> float | None:
    """The median of the neighbours' figures (those with one; the mean of the middle two of an
    even number), when at least half of the `neighbours` have one; otherwise None."""
    if not enough_neighbours(len(numbers), neighbours):
        return None
    return statistics.median(numbers)


# What the product works out itself (SPEC section 3): the neighbours' mean and median.
COMPUTED = "computed"


def neighbours_source(
    statistic: str, with_figure: int, neighbours: int, set_name: str, figures_from: str = ""
) -> str:
    """What a neighbours' average is worked out from, as a figure's source: 'Mean of 10
    statistical neighbours (DfE 2025 model)', or 'Mean of the 8 of 10 statistical neighbours
    with a figure (...)' when some have none; then what their figures are, when given."""
    if with_figure == neighbours:
        who = f"{neighbours} statistical neighbours"
    else:
        who = f"the {with_figure} of {neighbours} statistical neighbours with a figure"
    words = f"{statistic} of {who} ({set_name})"
    return f"{words}, worked out from {figures_from}" if figures_from else words
