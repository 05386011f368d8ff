"""Demand forecasts (dashboard/forecast.py) on series built by hand: properties a reader can
check (flat stays flat, a trend keeps rising, a season repeats), not the model's exact numbers."""

import math
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dashboard.forecast import (
    ABOUT_FORECASTS,
    backtest,
    forecast,
    is_demand_measure,
    mape,
    month_ends_after,
    monthly_run,
)


def monthly(values, last_before=date(2015, 12, 31)):
    """(month end, value) pairs, one a month from the month after `last_before` (January 2016)."""
    return list(zip(month_ends_after(last_before, len(values)), values))


def in_order(point):
    """lower95 <= lower80 <= value <= upper80 <= upper95."""
    bounds = [point.lower95, point.lower80, point.value, point.upper80, point.upper95]
    return all(a <= b + 1e-9 for a, b in zip(bounds, bounds[1:]))


def test_a_flat_series_forecasts_flat_inside_intervals_with_95_wider_than_80():
    steady = random.Random(7)  # a fixed seed: the same small wobble every run
    values = [100 + steady.uniform(-3, 3) for _ in range(30)]
    made = forecast(monthly(values))
    assert len(made.points) == 12
    for point in made.points:
        assert point.value == pytest.approx(100, abs=5)
        assert in_order(point)
        assert point.upper95 - point.lower95 > point.upper80 - point.lower80 > 0


def test_a_steady_rise_keeps_rising():
    values = [200 + 5 * month for month in range(30)]
    forecast_values = [point.value for point in forecast(monthly(values)).points]
    assert forecast_values[0] > values[-1]
    assert all(after > before for before, after in zip(forecast_values, forecast_values[1:]))


def test_a_seasonal_series_forecasts_its_season():
    # 100 + 20 sin(2π × month / 12) from January 2016 for five years: highest in April (the
    # fourth month, sin(π/2) = 1), lowest in October.
    values = [100 + 20 * math.sin(2 * math.pi * month / 12) for month in range(60)]
    made = forecast(monthly(values))
    assert "12-month seasonality" in made.method
    peak = max(made.points, key=lambda point: point.value)
    trough = min(made.points, key=lambda point: point.value)
    assert (peak.date, trough.date) == (date(2021, 4, 30), date(2021, 10, 31))
    assert peak.value == pytest.approx(120, abs=1)


def test_on_a_pure_season_the_model_at_best_ties_same_month_last_year():
    # Every year repeats exactly, so "the figure 12 months before" is right every month
    # (MAPE 0, up to rounding in sin) and the model can only equal it.
    values = [100 + 20 * math.sin(2 * math.pi * month / 12) for month in range(60)]
    result = forecast(monthly(values)).backtest
    assert result.baseline_mape == pytest.approx(0, abs=1e-9)
    assert result.mape == pytest.approx(0, abs=0.1)


def test_on_a_season_with_a_trend_the_model_beats_same_month_last_year():
    # 100 + 3 × month + a season: a year later every month is 36 higher, so the baseline is
    # out by 36 each held-out month (months 48 to 59), while the model carries the trend on.
    values = [100 + 3 * m + 20 * math.sin(2 * math.pi * m / 12) for m in range(60)]
    result = forecast(monthly(values)).backtest
    by_hand = 100 * sum(36 / values[m] for m in range(48, 60)) / 12
    assert result.baseline_mape == pytest.approx(by_hand)
    assert result.mape < result.baseline_mape


def test_the_baseline_error_worked_by_hand():
    # 24 months of 100, then 12 held out at 200 and 400 in turn. The baseline says 100 for
    # each (the figure 12 months before): out by 100 / 200 = 50% and 300 / 400 = 75% in turn,
    # so its MAPE is (50 + 75) / 2 = 62.5, exactly (each share is exact in binary).
    result = backtest([100.0] * 24 + [200.0, 400.0] * 6)
    assert result.baseline_mape == 62.5
    assert result.mape == pytest.approx(62.5, abs=1)  # the model, fitted on 100s, says 100 too


def test_mape_skips_months_whose_actual_figure_is_zero():
    # |110 - 100| / 100 = 10%, the 0 is skipped, |40 - 50| / 50 = 20%: mean 15%.
    assert mape([100, 0, 50], [110, 5, 40]) == pytest.approx(15)
    assert mape([0, 0], [1, 2]) is None


def test_a_falling_count_is_not_forecast_below_zero():
    values = [500 - 12 * month for month in range(40)]  # 32 at the end, falling 12 a month
    points = forecast(monthly(values)).points
    assert all(point.value >= 0 and point.lower95 >= 0 and in_order(point) for point in points)
    assert points[-1].value == 0  # the line would be far below 0 by then


def test_fewer_than_24_points_give_no_forecast():
    assert forecast(monthly([100.0] * 23)) is None


def test_fewer_than_36_points_give_a_forecast_without_a_backtest():
    wobble = random.Random(3)
    values = [100 + wobble.uniform(-3, 3) for _ in range(36)]
    short = forecast(monthly(values[:35]))
    assert short.backtest is None  # its ranges are the model's own, untested
    assert forecast(monthly(values)).backtest is not None


def test_forecast_dates_are_the_month_ends_after_the_last_point():
    values = [100 + (month % 5) for month in range(24)]  # December 2021 to November 2023
    made = forecast(monthly(values, last_before=date(2021, 11, 30)))
    dates = [point.date for point in made.points]
    assert dates[:4] == [
        date(2023, 12, 31),
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
    ]
    assert dates[-1] == date(2024, 11, 30)
    assert month_ends_after(date(2022, 12, 31), 2) == [date(2023, 1, 31), date(2023, 2, 28)]


def test_yearly_figures_after_monthly_ones_are_not_forecast_as_months():
    """9c of the sample: monthly figures to 2018 here, then one a year. The yearly steps are
    not a month's growth each: the monthly run is forecast, from the month after its end."""
    months = monthly([460 + month for month in range(30)])  # January 2016 to June 2018
    yearly = [(date(2019, 3, 31), 600.0), (date(2020, 3, 31), 700.0)]
    assert monthly_run(months + yearly) == months
    made = forecast(months + yearly)
    assert made == forecast(months) and made.points[0].date == date(2018, 7, 31)
    assert monthly_run(months[:20] + yearly) == yearly[1:]  # no run is long enough
    assert forecast(months[:20] + yearly) is None


def test_a_gap_of_up_to_three_months_closes_up():
    months = monthly([100.0 + month % 4 for month in range(40)])
    gapped = months[:10] + months[13:]  # three months missing
    assert monthly_run(gapped) == gapped
    assert monthly_run(months[:10] + months[14:]) == months[14:]  # four: a new run


def test_the_points_may_come_in_any_order():
    values = [100 + (month % 7) for month in range(30)]
    pairs = monthly(values)
    assert forecast(list(reversed(pairs))) == forecast(pairs)


def test_which_measures_are_demand_measures():
    assert is_demand_measure("Contacts", "count", "monthly")
    assert is_demand_measure("Looked after children", "count", "monthly")
    assert is_demand_measure("Care leavers", "count", "monthly")
    assert not is_demand_measure("Assessment", "percent", "monthly")  # a share, not demand
    assert not is_demand_measure("Referrals", "rate_per_10k", "monthly")
    assert not is_demand_measure("Staff", "count", "monthly")  # supply, not demand
    assert not is_demand_measure("Caseloads", "count", "annual")


def test_the_words_say_what_a_forecast_cannot_tell():
    assert "80 times in 100" in ABOUT_FORECASTS and "95 times in 100" in ABOUT_FORECASTS
    assert "pandemic" in ABOUT_FORECASTS


def test_the_app_starts_without_loading_statsmodels_and_with_one_blas_thread():
    # statsmodels and scipy take over a second to import: only a forecast should wait for them.
    # numpy is not loaded either, so the one-thread setting (app.py) still counts when it is.
    check = (
        "import os, sys, app; "
        "print('statsmodels' in sys.modules, 'numpy' in sys.modules, "
        "os.environ['OPENBLAS_NUM_THREADS'])"
    )
    root = Path(__file__).resolve().parents[1]
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    found = subprocess.run(
        [sys.executable, "-c", check], cwd=root, capture_output=True, text=True, env=environment
    )
    assert found.stdout.strip() == "False False 1", found.stderr
