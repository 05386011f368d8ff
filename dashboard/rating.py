"""RAG rating of a figure against its target and tolerance (SPEC section 4), as pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

RATED_POLARITIES = ("up", "down")
POLARITY_WORDS = {
    "up": "Higher is better",
    "down": "Lower is better",
    "neutral": "A context measure: shown for information, not rated",
}


CURRENT_FOR = timedelta(days=365)  # a figure older than this is history, not news


def current_since(on: date) -> date:
    """The earliest period end of a figure still current on `on` (a year before it): the
    clinic and the pack do not discuss a measure whose newest figure is older."""
    return on - CURRENT_FOR


def is_current(period_end: date, on: date) -> bool:
    """Whether a figure for a period ending `period_end` is still current on `on`."""
    return period_end >= current_since(on)


@dataclass(frozen=True)
class Rating:
    rag: str | None  # "green", "amber", "red", or None when the figure is not rated
    explanation: str


def format_value(value: float, unit: str) -> str:
    """A figure as a person reads it: 77.0%, 1,425, 300.3 per 10,000, 12.0 days."""
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit == "rate_per_10k":
        return f"{value:,.1f} per 10,000"
    if unit == "days":
        return f"{value:.1f} days"
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:,.1f}"


def amount_text(difference: float, unit: str) -> str:
    """The size of a difference in the measure's unit: 8.0 points, 3.5 days, 12, 4.5 per 10,000."""
    size = abs(difference)
    if unit == "percent":
        return f"{size:.1f} points"
    if unit == "days":
        return f"{size:.1f} days"
    if unit == "rate_per_10k":
        return f"{size:,.1f} per 10,000"
    if unit == "ratio":
        return f"{size:.2f}"
    return f"{size:,.0f}" if float(size).is_integer() else f"{size:,.1f}"


def _tolerance(tolerance: float, unit: str) -> str:
    size = f"{tolerance:g}"
    if unit == "percent":
        return f"the {size}-point tolerance"
    if unit == "days":
        return f"the {size}-day tolerance"
    return f"the tolerance of {size}"


def rate(
    value: float | None,
    target: float | None,
    tolerance: float | None,
    polarity: str,
    unit: str,
) -> Rating:
    """Green at or better than target; amber worse but within tolerance; red beyond it."""
    if value is None:
        return Rating(None, "No figure for this period, so it is not rated.")
    shown = format_value(value, unit)
    if polarity not in RATED_POLARITIES:
        return Rating(None, f"{shown}: a context measure, shown for information and not rated.")
    if target is None:
        return Rating(None, f"{shown}: no target has been set, so it is not rated.")
    tolerance = tolerance or 0.0
    target_text = format_value(target, unit)
    gap = value - target
    direction = "above" if gap > 0 else "below"
    shortfall = -gap if polarity == "up" else gap
    if abs(gap) < 1e-9:
        return Rating("green", f"{shown} against a target of {target_text}: on target → green")
    if shortfall <= 0:
        return Rating(
            "green",
            f"{shown} against a target of {target_text}: "
            f"{amount_text(gap, unit)} {direction}, better than the target → green",
        )
    within = shortfall <= tolerance + 1e-9
    rag = "amber" if within else "red"
    where = "within" if within else "outside"
    return Rating(
        rag,
        f"{shown} against a target of {target_text}: {amount_text(gap, unit)} {direction}, "
        f"{where} {_tolerance(tolerance, unit)} → {rag}",
    )


@dataclass(frozen=True)
class Trend:
    direction: str | None  # "improving", "deteriorating", "stable", "rising", "falling" or None
    arrow: str  # ↑, ↓, → or an empty string
    sentence: str


TREND_PERIODS = 3  # the newest periods compared with the three before them


def stable_change(before: float, unit: str) -> float:
    """The largest change that counts as no real change: one point for percentages, else 2% of
    the figure it starts from."""
    return 1.0 if unit == "percent" else 0.02 * abs(before)


def trend(values: list[float | None], polarity: str, unit: str) -> Trend:
    """Improving, deteriorating or stable: the mean of the newest three periods against the
    three before. A change smaller than one point (percentages) or 2% (anything else) is
    stable. Context measures (`neutral`) rise or fall but are never judged."""
    known = [v for v in values if v is not None]
    if len(known) < 2 * TREND_PERIODS:
        return Trend(None, "", "Not enough figures yet to show a trend.")
    newest = sum(known[-TREND_PERIODS:]) / TREND_PERIODS
    before = sum(known[-2 * TREND_PERIODS : -TREND_PERIODS]) / TREND_PERIODS
    change = newest - before
    threshold = stable_change(before, unit)
    span = f"over the last {TREND_PERIODS} periods against the {TREND_PERIODS} before"
    if abs(change) <= threshold:
        return Trend("stable", "→", f"Stable {span}.")
    arrow = "↑" if change > 0 else "↓"
    moved = "Rising" if change > 0 else "Falling"
    if polarity not in RATED_POLARITIES:
        return Trend(moved.lower(), arrow, f"{moved} {span} (a context measure, not judged).")
    better = (change > 0) == (polarity == "up")
    direction = "improving" if better else "deteriorating"
    return Trend(direction, arrow, f"{direction.capitalize()}: {moved.lower()} {span}.")


DETERIORATION_PERIODS = 3  # period-to-period changes, each worse, that make a run
# The most figures with a value that the clinic's rules read of a series: the trend's newest
# three and three before, the deteriorating run's changes.
JUDGED_FIGURES = max(2 * TREND_PERIODS, DETERIORATION_PERIODS + 1)


def deteriorating_for(
    values: list[float | None], polarity: str, unit: str, periods: int = DETERIORATION_PERIODS
) -> bool:
    """Deteriorating for `periods` periods: each of the newest `periods` period-to-period
    changes moved the worse way by the measure's polarity (down for `up` measures, up for
    `down` measures).

    A change no bigger than the one `trend` counts as stable (one percentage point, or 2% of
    the earlier figure for other units) is not worse, so it breaks the run: a director should
    not be asked about noise. That threshold fits here because it is already the product's
    word for "no real change"; applied to single periods rather than three-period means it is,
    if anything, a stricter test. Figures without a value (suppressed or missing) are skipped,
    as `trend` skips them. Fewer than `periods + 1` figures, or a context (`neutral`) measure,
    is never deteriorating.
    """
    if polarity not in RATED_POLARITIES:
        return False
    known = [v for v in values if v is not None]
    if len(known) < periods + 1:
        return False
    newest = known[-(periods + 1) :]
    for before, after in zip(newest, newest[1:]):
        change = after - before
        worse = change < 0 if polarity == "up" else change > 0
        if not worse or abs(change) <= stable_change(before, unit):
            return False
    return True
