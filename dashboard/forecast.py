"""Demand forecasts (SPEC section 11): the next 12 months of a demand measure, with 80% and 95%
ranges that the back-test holds them to, and how far the same method was out over the last 12
months beside a seasonal-naive baseline's error, so a reader can judge whether the model beats
"same month last year" and whether its ranges keep their word.

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
- The model is statsmodels' ETSModel (state space exponential smoothing, additive error), in
  the form with the lowest AICc among: no trend, an additive trend or a damped one, each with no
  season, an additive 12-month season (two full years of figures, so every month is seen
  twice) or a multiplicative one (when every figure is above 0: a share of nothing is nothing).
  AICc weighs fit against the number of things estimated, corrected for short series; a form
  that estimates as many things as there are figures is never chosen. A damped trend is chosen
  only when the figures show the rise levelling off: always damping bent a steady rise down,
  and the ranges did not allow for it.
- Starting states (level, trend, season) come from statsmodels' heuristic (Hyndman and
  Athanasopoulos, section 2.6) rather than being estimated with the smoothing weights: that
  fits each form in milliseconds, not seconds, so trying nine forms and back-testing costs
  less than one estimated fit did. AICc still counts the starting states as estimated (one
  level, one trend, 12 seasonal), as they come from the figures.
- At least 24 points (`MINIMUM_POINTS`), else None: two years, so the level and trend rest on
  more than one turn of the year, in a row (`monthly_run`): the caller drops hidden or missing
  figures first, as for SPC, and a gap of up to three months closes up; a longer one (yearly
  figures after monthly ones) ends a run, and the newest run long enough is forecast.
- The model's ranges are exact for the additive forms and simulated from a fixed seed for a
  multiplicative season, so a forecast is the same every time it is asked for. A range never
  narrows further ahead (each month's spread is at least the month before's).
- The back-test holds out the last 12 points. The form is chosen, and fitted, on the figures
  before them only; then from each month of the 12 (a rolling origin) that fit, its weights
  kept, is run over the figures up to that month and forecasts the rest, as a forecast made
  then would have been. (Fitting again at each origin gave the same coverage on the tests'
  series and took a fifth longer.) Its error is the MAPE (mean absolute
  percentage error, in percent) of the forecast from the first origin, skipping months whose
  actual figure is 0; the baseline forecasts each held-out month by the figure 12 months
  before it. It needs 36 points (24 to fit, 12 held out), else None.
- Ranges are held to the back-test: each error is divided by the model's own spread for that
  month and distance ahead, and a range is widened (never narrowed) by the 80th or 95th
  percentile of those standardized errors over the model's 1.28 or 1.96. A damped or changing
  series whose model is too sure of itself gets wider ranges; one whose model is right keeps
  its own. The coverage reported is of the forecast from the first origin: a month is inside
  when it falls in the range drawn with the widening worked out from the other 11 months'
  errors, so no month marks its own test. Without a back-test the ranges are the model's own.
- Counts cannot be negative, so values and bounds are clipped at 0.
- Fitting warnings (convergence, a flat series) are silenced around statsmodels' calls only:
  the ranges and back-test say how good the fit is, in words a reader can use.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import NormalDist, fmean

from dashboard.monthly_series import MINIMUM_POINTS, month_ends_after, monthly_run

SEASON = 12
HELD_OUT = 12
LEVELS = (80, 95)
Z = {level: NormalDist().inv_cdf(0.5 + level / 200) for level in LEVELS}  # 1.28 and 1.96
SPREAD_FLOOR = 0.001
SIMULATION_SEED = 2026  # a multiplicative season's ranges are simulated: the same each time
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
    "A forecast carries the past pattern forward: the level, the trend and, with two years "
    "of figures, the usual rise and fall through the year. It cannot foresee what changes the "
    "pattern, such as a change of policy or practice, a pandemic or a new front door. The "
    "shaded ranges are where the figure is likely to fall if the pattern holds: 80 times in "
    "100 inside the narrower one, 95 times in 100 inside the wider, widened where the "
    "back-test showed the model too sure of itself. The back-test shows how far the same "
    "method was out over the last 12 months, beside simply repeating the figure for the same "
    "month a year before, and how many of those months fell inside its ranges."
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
class HeldOut:
    """A held-out month of the back-test: its figure, the forecast of it from the first origin
    and the ranges it was judged by (widened by the other months' errors), clipped at 0."""

    actual: float
    value: float
    lower80: float
    upper80: float
    lower95: float
    upper95: float


@dataclass(frozen=True)
class Backtest:
    mape: float  # the model's mean absolute percentage error over the held-out months, in %
    baseline_mape: float  # the same for "the figure 12 months before"
    inside80: int  # how many held-out months fell inside their 80% range
    inside95: int  # the same for the 95% range
    widening80: float  # how many times as wide as the model's own 80% range the forecast's is
    widening95: float  # the same for the 95% range
    held_out: tuple[HeldOut, ...]  # the last 12 months of the series, in order


@dataclass(frozen=True)
class Form:
    """One exponential smoothing form: trend none, additive or damped; season none, additive
    ("add") or multiplicative ("mul")."""

    trend: str | None
    season: str | None

    def words(self) -> str:
        trend = {None: "no trend", "add": "additive trend", "damped": "damped trend"}
        season = {
            None: "no seasonality",
            "add": "additive 12-month seasonality",
            "mul": "multiplicative 12-month seasonality",
        }
        return f"additive error, {trend[self.trend]}, {season[self.season]}"

    def starting_states(self) -> int:
        return 1 + (self.trend is not None) + (SEASON if self.season else 0)


@dataclass(frozen=True)
class Forecast:
    method: str
    points: tuple[ForecastPoint, ...]
    backtest: Backtest | None


def is_demand_measure(category: str, unit: str, frequency: str) -> bool:
    """Whether a measure is forecast: a monthly count of work arriving or children held."""
    return unit == "count" and frequency == "monthly" and category in DEMAND_CATEGORIES


def candidate_forms(values: Sequence[float]) -> list[Form]:
    """The forms a series allows, simplest first: a season needs two full years, and a
    multiplicative one every figure above 0."""
    seasons: list[str | None] = [None]
    if len(values) >= 2 * SEASON:
        seasons += ["add", "mul"] if min(values) > 0 else ["add"]
    return [Form(trend, season) for season in seasons for trend in (None, "add", "damped")]


def _fit(values: Sequence[float], form: Form, params=None):
    """The form fitted to the values (statsmodels' results), or run over them with the
    `params` of an earlier fit."""
    # Imported when first asked for: statsmodels, scipy and pandas take over a second to load,
    # which every start of the app would otherwise wait for.
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    model = ETSModel(
        # A Series, not a list: statsmodels' prediction needs an index to label.
        pd.Series(values, dtype=float),
        error="add",
        trend="add" if form.trend else None,
        damped_trend=form.trend == "damped",
        seasonal=form.season,
        seasonal_periods=SEASON if form.season else None,
        initialization_method="heuristic",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if params is None:
            params = model.fit(disp=False, return_params=True)
        return model.smooth(params)


def aicc(fit, form: Form) -> float:
    """AICc counting the starting states as estimated; infinite when the form estimates as
    many things as there are figures, or the fit failed."""
    estimated = fit.df_model + form.starting_states()
    room = fit.nobs - estimated - 1
    if room <= 0 or math.isnan(fit.llf):
        return math.inf
    return -2 * fit.llf + 2 * estimated + 2 * estimated * (estimated + 1) / room


def choose_form(values: Sequence[float]) -> tuple[Form, object]:
    """The form with the lowest AICc (the simplest on a tie) and its fit."""
    fits = [(form, _fit(values, form)) for form in candidate_forms(values)]
    return min(fits, key=lambda pair: aicc(pair[1], pair[0]))


def spread_ahead(fit, form: Form, months: int) -> tuple[list[float], list[float]]:
    """The fit's forecast for the next `months` and its standard deviation, which never
    shrinks further ahead and is never under 0.1% of the forecast (a series the model fits
    exactly has no spread to widen, and no count is known to better than that)."""
    start = int(fit.nobs)
    simulated = {"rng": SIMULATION_SEED} if form.season == "mul" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prediction = fit.get_prediction(start=start, end=start + months - 1, **simulated)
    means = [float(value) for value in prediction.predicted_mean]
    spreads, widest = [], 0.0
    for mean, variance in zip(means, prediction.var_pred_mean):
        floor = SPREAD_FLOOR * max(abs(mean), 1.0)
        widest = max(widest, floor, math.sqrt(max(float(variance), 0.0)))
        spreads.append(widest)
    return means, spreads


def _ranges(
    means: Sequence[float], spreads: Sequence[float], widening: dict[int, float]
) -> list[tuple[float, ...]]:
    """(value, lower80, upper80, lower95, upper95) for each month, clipped at 0."""
    rows = []
    for mean, spread in zip(means, spreads):
        half = {level: Z[level] * widening[level] * spread for level in LEVELS}
        bounds = (mean, mean - half[80], mean + half[80], mean - half[95], mean + half[95])
        rows.append(tuple(max(0.0, bound) for bound in bounds))
    return rows


def mape(actual: Sequence[float], forecast_values: Sequence[float]) -> float | None:
    """Mean absolute percentage error in percent, skipping actual zeros; None if all are 0."""
    errors = [abs(a - f) / abs(a) for a, f in zip(actual, forecast_values) if a != 0]
    return 100 * fmean(errors) if errors else None


def _widening(standardized: Sequence[float]) -> dict[int, float]:
    """How many times the model's own ranges to draw: the back-test's 80th and 95th
    percentiles of standardized errors over the normal ones, never under 1."""
    import numpy as np

    if not standardized:
        return dict.fromkeys(LEVELS, 1.0)
    return {
        level: max(1.0, float(np.quantile(standardized, level / 100)) / Z[level])
        for level in LEVELS
    }


def _standardized_errors(
    values: Sequence[float], form: Form, params, first: tuple[list[float], list[float]]
) -> dict[int, list[float]]:
    """For each of the last 12 months (by index), its forecast errors over the model's spread
    from every origin up to it: the first origin's forecast is `first`; from each later one the
    first origin's fit (`params`) is run over the figures before it."""
    count = len(values)
    origin = count - HELD_OUT
    errors: dict[int, list[float]] = {month: [] for month in range(origin, count)}
    for start in range(origin, count):
        ahead = (
            first
            if start == origin
            else spread_ahead(_fit(values[:start], form, params), form, count - start)
        )
        for month, mean, spread in zip(range(start, count), *ahead):
            errors[month].append(abs(values[month] - mean) / spread)
    return errors


def backtest(values: Sequence[float]) -> Backtest | None:
    """The method's and the seasonal-naive baseline's MAPE over the last 12 values, forecast
    from the ones before, and how its ranges held (module docstring); None under 36 values or
    when every held-out value is 0."""
    count = len(values)
    if count < MINIMUM_POINTS + HELD_OUT:
        return None
    origin = count - HELD_OUT
    form, fit = choose_form(values[:origin])
    means, spreads = spread_ahead(fit, form, HELD_OUT)
    model_error = mape(values[origin:], [max(0.0, mean) for mean in means])
    baseline_error = mape(values[origin:], values[origin - SEASON : count - SEASON])
    if model_error is None or baseline_error is None:
        return None
    errors = _standardized_errors(values, form, fit.params, (means, spreads))
    held = []
    for month, mean, spread in zip(range(origin, count), means, spreads):
        others = [error for other, errs in errors.items() if other != month for error in errs]
        held.append(HeldOut(values[month], *_ranges([mean], [spread], _widening(others))[0]))
    widening = _widening([error for month_errors in errors.values() for error in month_errors])
    return Backtest(
        model_error,
        baseline_error,
        sum(month.lower80 <= month.actual <= month.upper80 for month in held),
        sum(month.lower95 <= month.actual <= month.upper95 for month in held),
        widening[80],
        widening[95],
        tuple(held),
    )


def forecast(points: Sequence[tuple[date, float]], months: int = 12) -> Forecast | None:
    """The next `months` of a monthly count, dated at month ends, with 80% and 95% ranges
    and a back-test; None for fewer than 24 figures in a row (`monthly_run`)."""
    run = monthly_run(points)
    if len(run) < MINIMUM_POINTS:
        return None
    return _forecast(tuple(float(value) for _, value in run), run[-1][0], months)


@functools.lru_cache(maxsize=256)
def _forecast(values: tuple[float, ...], last: date, months: int) -> Forecast:
    # Kept by the values it was made from: the same values always give the same forecast, and
    # new figures make a new key.
    from importlib.metadata import version

    form, fit = choose_form(values)
    means, spreads = spread_ahead(fit, form, months)
    tested = backtest(values)
    widening = {80: tested.widening80, 95: tested.widening95} if tested else _widening(())
    rows = _ranges(means, spreads, widening)
    tried = len(candidate_forms(values))
    method = (
        f"Exponential smoothing (ETS: {form.words()}), the form with the lowest AICc of the "
        f"{tried} tried, statsmodels {version('statsmodels')}"
    )
    points = tuple(
        ForecastPoint(when, *row) for when, row in zip(month_ends_after(last, months), rows)
    )
    return Forecast(method, points, tested)


def backtest_words(tested: Backtest | None) -> str:
    """How far the method and the baseline were out over the last 12 months, which won, and how
    many of those months fell inside the ranges."""
    if tested is None:
        return (
            "There are too few figures to test the method on the last 12 months (it needs 36), "
            "so its ranges are the model's own, untested."
        )
    verdict = (
        "The method did better than the simple baseline."
        if tested.mape < tested.baseline_mape
        else "The method did no better than the simple baseline, so read its forecast with "
        "that in mind."
    )
    widened = (
        f"The ranges shown are widened to what the back-test showed: the 95% range to "
        f"{tested.widening95:.1f} times the model's own, the 80% range to "
        f"{tested.widening80:.1f} times."
        if round(max(tested.widening80, tested.widening95), 1) > 1
        else "The model's own ranges held in the back-test, so they are shown widened by less "
        "than a tenth, if at all."
    )
    return (
        f"Tested on the last 12 months, forecast from the figures before them, the method was "
        f"out by {tested.mape:.1f}% on average; repeating the figure for the same month a "
        f"year before was out by {tested.baseline_mape:.1f}%. {verdict} In the back-test, "
        f"{tested.inside95} of {HELD_OUT} months fell inside the 95% range and "
        f"{tested.inside80} inside the 80% range (each month judged by a range widened from "
        f"the other months' errors). {widened}"
    )
