"""Statistical process control (an XmR chart, SPEC section 11) as pure rules, following NHS
England's "Making Data Count": process limits, special causes, and the variation and assurance
verdicts a board reads beside the RAG rating.

Decisions, and why:

- Only real values. `spc` takes (date, value) pairs with a number in every value; the caller
  drops suppressed or missing figures first, as `rating.trend` does, because a gap has no value
  to compare with the limits.
- At least 12 points (`MINIMUM_POINTS`), as SPEC section 11 says; fewer gives None, since
  limits from a handful of points move with every new figure.
- The baseline is every point unless `baseline` says the first N: the SPEC's API returns one
  mean and one pair of limits, and a board fixes a baseline only after a known change. All
  points are then judged against those limits.
- The measure page and the scorecard chart the figures of the latest 36 periods
  (`RECENT_POINTS`: three years of a monthly measure), with limits from those figures, as
  boards' integrated performance reports chart the last two or three years. Limits from a
  whole decade describe a process that has long since changed: on the sample data every one
  of 96 months of children looked after is then flagged, so the chart says nothing a reader
  can act on. Three years rather than two: Making Data Count asks for at least 20 points, and
  three of each month keep a usual seasonal dip from reading as a change. The API charts the
  whole series unless `from` or `to` is given.
- A point exactly on the mean neither continues nor breaks a run on one side, and is not
  flagged with it: it is evidence for neither side. This is the run-chart convention taught in
  NHS and IHI improvement courses (a point on the centre line is skipped when counting a run).
  NHSRplotthedots, the NHS-R port of the Making Data Count tool, breaks the run instead (its
  point on the mean has sign 0), so the two can differ when a value lands on the mean.
- "7 points all increasing" means 7 points, each higher than the one before: 6 rises, as
  NHSRplotthedots counts it. A value equal to the one before neither adds to nor breaks a
  trend, and is flagged with it: NHS England's "A guide to creating and interpreting run and
  control charts" (p. 24, cited in NHSRplotthedots pull request #24).
- 2 of 3: all three points on the same side of the mean and at least two of them more than
  2/3 of the way from the mean to a limit, counting points beyond the limit; only the points
  beyond are flagged. This is the Making Data Count single chart tool's rule as its team set it
  out in NHSRplotthedots issue #194 (November 2023).
- A point flagged both ways (say a falling trend above the mean) counts as improvement, as the
  single chart tool shows it (same issue). A trend's side is its direction; every other rule's
  side is the point's side of the mean.
- Variation is read from the latest point, as the Making Data Count icons are. Assurance needs
  a target and a rated measure; meeting the target means being at or better than it, as
  `rating.rate` treats it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from statistics import fmean

from dashboard.rating import RATED_POLARITIES

MINIMUM_POINTS = 12
RECENT_POINTS = 36  # what the measure page and the scorecard chart: see the module's note
LIMIT_WIDTH = 2.66  # 3 / 1.128: three sigma, estimated from the mean moving range
RUN_LENGTH = 7  # points in a shift or a trend
NEAR_LIMIT_SHARE = 2 / 3  # of the way from the mean to a limit: two sigma

VARIATION_WORDS = {
    "common_cause": "Common cause variation: no sign of real change",
    "improvement_high": "Special cause variation: improvement (higher)",
    "improvement_low": "Special cause variation: improvement (lower)",
    "concern_high": "Special cause variation: concern (higher)",
    "concern_low": "Special cause variation: concern (lower)",
    "neutral_high": "Special cause variation: higher (a context measure, not judged)",
    "neutral_low": "Special cause variation: lower (a context measure, not judged)",
}

ASSURANCE_WORDS = {
    "always_met": "Target always met: the whole range between the limits meets the target",
    "never_met": "Target never met: the whole range between the limits misses the target",
    "not_assured": "Not assured: the target lies between the limits, so it will be met "
    "some months and missed in others",
}


@dataclass(frozen=True)
class SpcPoint:
    date: date
    value: float
    special_cause: bool
    kind: str | None  # "improvement", "concern", "neutral", or None for common cause
    side: str | None  # "high" or "low": which way the special cause points; None if none


@dataclass(frozen=True)
class SpcChart:
    mean: float
    upper: float
    lower: float
    variation: str  # a key of VARIATION_WORDS
    assurance: str | None  # a key of ASSURANCE_WORDS, or None without a target
    points: list[SpcPoint]


def process_limits(
    values: Sequence[float], baseline: int | None = None
) -> tuple[float, float, float]:
    """(mean, lower, upper): the baseline's mean ± 2.66 × its mean moving range, the mean of
    the differences between neighbouring points."""
    used = list(values if baseline is None else values[:baseline])
    mean = fmean(used)
    moving_ranges = [abs(after - before) for before, after in zip(used, used[1:])]
    spread = LIMIT_WIDTH * fmean(moving_ranges)
    return mean, mean - spread, mean + spread


def _side(value: float, mean: float) -> int:
    """+1 above the mean, -1 below, 0 on it (within rounding, since the mean is computed)."""
    if abs(value - mean) <= 1e-9 * max(1.0, abs(mean)):
        return 0
    return 1 if value > mean else -1


def _outside_limits(values, sides, lower, upper) -> Iterator[tuple[int, int]]:
    for i, value in enumerate(values):
        if value > upper or value < lower:
            yield i, sides[i]


def _shifts(sides) -> Iterator[tuple[int, int]]:
    # Points on the mean are left out, so they neither count towards a run nor break it.
    sided = [(i, side) for i, side in enumerate(sides) if side != 0]
    for _, run in groupby(sided, key=lambda point: point[1]):
        run = list(run)
        if len(run) >= RUN_LENGTH:
            yield from run


def _trends(values) -> Iterator[tuple[int, int]]:
    # Equal neighbours are one level, so a repeated value neither adds to nor breaks a trend.
    starts = [0] + [i for i in range(1, len(values)) if values[i] != values[i - 1]]
    ends = starts[1:] + [len(values)]
    for direction in (1, -1):
        first = 0
        for k in range(1, len(starts) + 1):
            if k < len(starts) and (values[starts[k]] - values[starts[k - 1]]) * direction > 0:
                continue  # the run goes on
            if k - first >= RUN_LENGTH:
                yield from ((i, direction) for i in range(starts[first], ends[k - 1]))
            first = k


def _two_of_three(values, sides, mean, upper) -> Iterator[tuple[int, int]]:
    reach = NEAR_LIMIT_SHARE * (upper - mean)
    far = [abs(value - mean) > reach for value in values]
    for start in range(len(values) - 2):
        side = sides[start]
        if side == 0 or sides[start + 1] != side or sides[start + 2] != side:
            continue  # all three must be on one side of the mean
        beyond = [i for i in range(start, start + 3) if far[i]]
        if len(beyond) >= 2:
            yield from ((i, side) for i in beyond)


def _judge(directions: list[int], polarity: str) -> tuple[str | None, str | None]:
    """Kind and side of one point from the directions its special causes point in."""
    if not directions:
        return None, None
    if polarity in RATED_POLARITIES:
        better = 1 if polarity == "up" else -1
        kind, direction = ("improvement", better) if better in directions else ("concern", -better)
    else:
        kind, direction = "neutral", directions[0]
    return kind, "high" if direction > 0 else "low"


def assurance(lower: float, upper: float, target: float | None, polarity: str) -> str | None:
    """Always met, never met or not assured: where the target sits against the limits."""
    if target is None or polarity not in RATED_POLARITIES:
        return None
    worst, best = (lower, upper) if polarity == "up" else (upper, lower)
    meets = (lambda x: x >= target) if polarity == "up" else (lambda x: x <= target)
    if meets(worst):
        return "always_met"
    return "not_assured" if meets(best) else "never_met"


def recent_values(figures) -> list[tuple[date, float]]:
    """(date, value) of the figures of the latest 36 periods that have a value: what the
    measure page and the scorecard chart (anything with `date` and `value`, oldest first)."""
    return [(f.date, f.value) for f in figures[-RECENT_POINTS:] if f.value is not None]


def _judged(
    points: Sequence[tuple[date, float]], polarity: str, baseline: int | None
) -> tuple[list[tuple[date, float]], tuple[float, float, float], list[list[int]]] | None:
    """The points in date order, their limits (mean, lower, upper), and the directions of
    each point's special causes; None for fewer than 12 points. Kept for the last series
    judged: a page asks for a series' verdicts and for its new special causes (changes_since)
    in one go. The answer is shared: callers only read it."""
    if baseline is not None and baseline < MINIMUM_POINTS:
        raise ValueError(f"a baseline needs at least {MINIMUM_POINTS} points, not {baseline}")
    if len(points) < MINIMUM_POINTS:
        return None
    return _judged_once(tuple(points), baseline)


@functools.lru_cache(maxsize=2048)
def _judged_once(
    points: tuple[tuple[date, float], ...], baseline: int | None
) -> tuple[list[tuple[date, float]], tuple[float, float, float], list[list[int]]]:
    ordered = sorted(points, key=lambda point: point[0])
    values = [float(value) for _, value in ordered]
    mean, lower, upper = process_limits(values, baseline)
    sides = [_side(value, mean) for value in values]
    directions: list[list[int]] = [[] for _ in values]
    for rule in (
        _outside_limits(values, sides, lower, upper),
        _shifts(sides),
        _two_of_three(values, sides, mean, upper),
        _trends(values),
    ):
        for i, direction in rule:
            directions[i].append(direction)
    return ordered, (mean, lower, upper), directions


def _variation(kind: str | None, side: str | None) -> str:
    return f"{kind}_{side}" if kind is not None else "common_cause"


def spc(
    points: Sequence[tuple[date, float]],
    polarity: str,
    target: float | None = None,
    baseline: int | None = None,
) -> SpcChart | None:
    """The XmR chart of a series: limits, each point's special cause, and the variation and
    assurance verdicts. None for fewer than 12 points."""
    judged = _judged(points, polarity, baseline)
    if judged is None:
        return None
    ordered, (mean, lower, upper), directions = judged
    chart_points = [
        SpcPoint(when, value, kind is not None, kind, side)
        for (when, value), (kind, side) in zip(
            ordered, (_judge(found, polarity) for found in directions)
        )
    ]
    variation = _variation(chart_points[-1].kind, chart_points[-1].side)
    return SpcChart(
        mean, upper, lower, variation, assurance(lower, upper, target, polarity), chart_points
    )


@dataclass(frozen=True)
class SpcVerdicts:
    variation: str  # a key of VARIATION_WORDS
    assurance: str | None  # a key of ASSURANCE_WORDS, or None without a target


def special_causes_after(
    points: Sequence[tuple[date, float]], polarity: str, after: date
) -> list[tuple[date, float, str, str]]:
    """(date, value, kind, side) of each point dated after `after` that the chart of `points`
    flags as a special cause (as `spc` would); none for fewer than 12 points."""
    judged = _judged(points, polarity, None)
    if judged is None:
        return []
    ordered, _limits, directions = judged
    found = []
    for (when, value), rules in zip(ordered, directions, strict=True):
        if when > after and rules:
            kind, side = _judge(rules, polarity)
            if kind is not None:
                found.append((when, value, kind, side))
    return found


def spc_verdicts(
    points: Sequence[tuple[date, float]], polarity: str, target: float | None = None
) -> SpcVerdicts | None:
    """The variation and assurance verdicts alone, as `spc` gives them, for a list of many
    measures; None for fewer than 12 points."""
    judged = _judged(points, polarity, None)
    if judged is None:
        return None
    _ordered, (_mean, lower, upper), directions = judged
    return SpcVerdicts(
        _variation(*_judge(directions[-1], polarity)), assurance(lower, upper, target, polarity)
    )


def variation_words(variation: str) -> str:
    """The variation verdict as a board member reads it."""
    return VARIATION_WORDS[variation]


def assurance_words(assurance_code: str | None) -> str:
    """The assurance verdict as a board member reads it."""
    if assurance_code is None:
        return "No target is set, so there is no assurance against one."
    return ASSURANCE_WORDS[assurance_code]


# The verdicts in the plainest words, for the explanation a card opens to, and why a card can be
# green while its target is "never met": the card rates the latest figure alone; assurance
# reads the usual range of the latest 36 at most.
PLAIN_VARIATION = {
    "common_cause": "The figures go up and down within their usual range: nothing shows a "
    "real change.",
    "improvement_high": "The latest figures are unusually high, and higher is better: a real "
    "change for the better, not the usual ups and downs.",
    "improvement_low": "The latest figures are unusually low, and lower is better: a real "
    "change for the better, not the usual ups and downs.",
    "concern_high": "The latest figures are unusually high, and higher is worse: a real "
    "change for the worse, not the usual ups and downs.",
    "concern_low": "The latest figures are unusually low, and lower is worse: a real change "
    "for the worse, not the usual ups and downs.",
    "neutral_high": "The latest figures are unusually high. The measure is shown for context, "
    "so higher is neither better nor worse.",
    "neutral_low": "The latest figures are unusually low. The measure is shown for context, "
    "so lower is neither better nor worse.",
}
PLAIN_ASSURANCE = {
    "always_met": "Over the usual range of the recent figures (the latest 36 at most), every "
    "figure meets the target: it can be relied on to be met.",
    "never_met": "Over the usual range of the recent figures (the latest 36 at most), every "
    "figure misses the target: going on as before would not meet it.",
    "not_assured": "The target lies inside the usual range of the recent figures, so it "
    "is met some months and missed in others.",
}


def plain_explanation(verdicts: SpcVerdicts, rag: str | None) -> str:
    """What a measure's SPC icons mean, in plain words, with the reason when the card's
    colour (`rag`, the latest figure's rating) seems to say the opposite of the assurance."""
    words = [PLAIN_VARIATION[verdicts.variation]]
    if verdicts.assurance is not None:
        words.append(PLAIN_ASSURANCE[verdicts.assurance])
    if rag == "green" and verdicts.assurance in ("never_met", "not_assured"):
        words.append(
            "The card is green because the latest figure meets the target. The usual range "
            "is worked out from the earlier figures too, so it takes more months at this "
            "level before the target can be relied on."
        )
    elif rag in ("amber", "red") and verdicts.assurance == "always_met":
        words.append(
            f"The card is {rag} because the latest figure misses the target, which is out of "
            "the ordinary for this measure."
        )
    return " ".join(words)
