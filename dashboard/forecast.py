"""Demand forecasts (SPEC section 11): the next 12 months of a demand measure, with 80% and 95%
intervals, and how far the same method was out over the last 12 months beside a seasonal-naive
baseline's error, so a reader can judge whether the model beats "same month last year".

Decisions, and why:

- Demand measures are the monthly counts in the Contacts, Referrals, Caseloads, Child
  protection, Looked after children and Care leavers categories: the work arriving and the
  children held, as the SPEC lists them. The rule reads the measure list, not refs, so the Key
  Indicators (K1 contacts, K5 children in need, K6) and context measures (C9 care leavers) are in
  when they are monthly counts in those categories: a ref says which document a measure came
  from, not what it counts. Counts of reviews in those categories (14, 17a) are in too: they
  follow the caseload. Percentages and rates are out (a share is not demand, and its interval
  can pass 100%), as are staff counts (supply, not demand), "Other" (34, missing episodes, is not
  on the SPEC's list) and quarterly or annual figures (too few points for 12 months ahead).
- The model is statsmodels' ETSModel, a well-kept library's state space exponential smoothing:
  additive error, additive damped trend (an undamped trend runs on for ever; a damped one
  levels off, which suits counts that cannot grow without end), and additive 12-month
  seasonality once there are 36 points: three of each month, fewer let one odd month set the
  season. Its intervals are exact for these models, not simulated, so a forecast is the same
  every time it is asked for; the optimiser (L-BFGS from fixed starting values) is too.
- At least 24 points (`MINIMUM_POINTS`), else None: two years, so the level and trend rest on
  more than one turn of the year. Points are taken as consecutive months in date order; the
  caller drops hidden or missing figures first, as for SPC, and a gap closes up.
- Counts cannot be negative, so values and bounds are clipped at 0; an upper bound below 0
  would mean the model is wrong about the series, so it is clipped too.
- The back-test holds out the last 12 points, fits the same method to the rest and forecasts
  them; the error is the MAPE (mean absolute percentage error, in percent), skipping months
  whose actual figure is 0 (no percentage of 0). The baseline forecasts each held-out month by
  the figure 12 months before it. It needs 36 points (24 to fit, 12 held out), else None; with
  fewer than 48 the back-test fit has no seasonality, as the method had then.
- Fitting warnings (convergence, a flat series) are silenced inside `forecast` only: the
  intervals and back-test say how good the fit is, in words a reader can use.
"""

from __future__ import annotations

import calendar
import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean

MINIMUM_POINTS = 24
SEASONAL_POINTS = 36  # three of each month before the model learns a season
SEASON = 12
HELD_OUT = 12
DEMAND_CATEGORIES = frozenset(
    {
        "Contacts",
        "Referrals",
        "Caseloads",
        "Child protection",
        "Looked after children",
        "Care leavers",
    }
)

ABOUT_FORECASTS = (
    "A forecast carries the past pattern forward: the level, the trend and, with three years "
    "of figures, the usual rise and fall through the year. It cannot foresee what changes the "
    "pattern, such as a change of policy or practice, a pandemic or a new front door. The "
    "shaded ranges are where the figure is likely to fall if the pattern holds: 80 times in "
    "100 inside the narrower one, 95 times in 100 inside the wider. The back-test shows how far "
    "the same method was out over the last 12 months, beside simply repeating the figure for "
    "the same month a year before."
)


@dataclass(frozen=True)
class ForecastPoint:
    date: date
    value: float
    lower80: float
    upper80: float
    lower95: float
    upper95: float


@dataclass(frozen=True)
class Backtest:
    mape: float  # the model's mean absolute percentage error over the held-out months, in %
    baseline_mape: float  # the same for "the figure 12 months before"


@dataclass(frozen=True)
class Forecast:
    method: str
    points: tuple[ForecastPoint, ...]
    backtest: Backtest | None


def is_demand_measure(category: str, unit: str, frequency: str) -> bool:
    """Whether a measure is forecast: a monthly count of work arriving or children held."""
    return unit == "count" and frequency == "monthly" and category in DEMAND_CATEGORIES


def month_ends_after(last: date, months: int) -> list[date]:
    """The last days of the `months` months after the month of `last`."""
    ends = []
    year, month = last.year, last.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        ends.append(date(year, month, calendar.monthrange(year, month)[1]))
    return ends


def _method(seasonal: bool) -> str:
    from importlib.metadata import version

    season = "12-month seasonality" if seasonal else "no seasonality (under 36 months of figures)"
    return (
        f"Exponential smoothing (ETS: additive error, damped trend, {season}), "
        f"statsmodels {version('statsmodels')}"
    )


def _predict(values: list[float], months: int) -> tuple[bool, list[tuple[float, ...]]]:
    """Whether the model was seasonal, and (value, lower80, upper80, lower95, upper95) for each
    of the next `months`, clipped at 0."""
    # Imported when first asked for: statsmodels, scipy and pandas take over a second to load,
    # which every start of the app would otherwise wait for.
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    seasonal = len(values) >= SEASONAL_POINTS
    model = ETSModel(
        # A Series, not an array: statsmodels' prediction intervals need an index to label.
        pd.Series(values, dtype=float),
        error="add",
        trend="add",
        damped_trend=True,
        seasonal="add" if seasonal else None,
        seasonal_periods=SEASON if seasonal else None,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(disp=False)
        prediction = fit.get_prediction(start=len(values), end=len(values) + months - 1)
        eighty = prediction.summary_frame(alpha=0.2)
        ninety_five = prediction.summary_frame(alpha=0.05)
    columns = (
        eighty["mean"],
        eighty["pi_lower"],
        eighty["pi_upper"],
        ninety_five["pi_lower"],
        ninety_five["pi_upper"],
    )
    rows = [tuple(max(0.0, float(x)) for x in row) for row in zip(*columns)]
    return seasonal, rows


def mape(actual: Sequence[float], forecast_values: Sequence[float]) -> float | None:
    """Mean absolute percentage error in percent, skipping actual zeros; None if all are 0."""
    errors = [abs(a - f) / abs(a) for a, f in zip(actual, forecast_values) if a != 0]
    return 100 * fmean(errors) if errors else None


def backtest(values: Sequence[float]) -> Backtest | None:
    """The method's and the seasonal-naive baseline's MAPE over the last 12 values, forecast
    from the ones before; None under 36 values or when every held-out value is 0."""
    if len(values) < MINIMUM_POINTS + HELD_OUT:
        return None
    fitted, held_out = list(values[:-HELD_OUT]), list(values[-HELD_OUT:])
    _, rows = _predict(fitted, HELD_OUT)
    model_error = mape(held_out, [row[0] for row in rows])
    baseline_error = mape(held_out, values[-HELD_OUT - SEASON : -SEASON])
    if model_error is None or baseline_error is None:
        return None
    return Backtest(model_error, baseline_error)


def forecast(points: Sequence[tuple[date, float]], months: int = 12) -> Forecast | None:
    """The next `months` of a monthly count, dated at month ends, with 80% and 95% intervals
    and a back-test; None for fewer than 24 points."""
    if len(points) < MINIMUM_POINTS:
        return None
    ordered = sorted(points, key=lambda point: point[0])
    return _forecast(tuple(float(value) for _, value in ordered), ordered[-1][0], months)


@functools.lru_cache(maxsize=256)
def _forecast(values: tuple[float, ...], last: date, months: int) -> Forecast:
    # Kept by the values it was made from: fitting takes most of a second, the same values
    # always give the same forecast, and new figures make a new key.
    seasonal, rows = _predict(list(values), months)
    dates = month_ends_after(last, months)
    return Forecast(
        _method(seasonal),
        tuple(ForecastPoint(when, *row) for when, row in zip(dates, rows)),
        backtest(values),
    )
