"""The figures of one synthetic measure, as template rows: each authority's series is a trend,
a yearly season and noise that carries over from month to month; the home authority's
team-level figures are its teams' added up, regions add up their authorities and England its regions
(counts sum, and so do numerators and denominators). Every random number comes from a
generator seeded by the data set's seed and the measure's ref, so the rows are reproducible.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from data_access.synthetic_plan import DataSet, Measure

PROVENANCE = "illustrative"
SOURCE = "Synthetic benchmark data"  # short: it is repeated in millions of rows
SUPPRESSED_RATE = 0.004  # share of other authorities' figures shown as c (suppressed)
MISSING_RATE = 0.001  # and as x (not available)
Series = tuple[list[int], list[int] | None]  # numerators (or counts), denominators


def _seasons(data: DataSet, measure: Measure) -> list[float]:
    """-1 to 1 each month: the yearly swing, peaking in month `measure.phase`."""
    return [math.cos(2 * math.pi * (day.month - measure.phase) / 12) for day in data.months]


def _noise(rng: random.Random, months: int, spread: float) -> list[float]:
    """Noise that carries half of itself into the next month, so series move smoothly."""
    noise, carried = [], 0.0
    for _ in range(months):
        carried = 0.5 * carried + rng.gauss(0, spread)
        noise.append(carried)
    return noise


def _authority_series(
    rng: random.Random, measure: Measure, children: int, seasons: list[float]
) -> Series:
    """One authority's numerators (or counts) and denominators, month by month."""
    months = len(seasons)
    size = math.exp(rng.gauss(0, 0.2))  # this authority runs a little high or low
    per_10k = children / 10_000
    unit = measure.unit
    if unit == "percent":
        slope = measure.slope + rng.gauss(0, 0.4)  # points a year
        level = measure.level + rng.gauss(0, 5)
        expected = measure.density * per_10k * size
        noise, drift = _noise(rng, months, 0.04), _noise(rng, months, 1.5)
        numerators, denominators = [], []
        for month in range(months):
            denominator = max(1, int(expected * (1 + 0.05 * seasons[month] + noise[month]) + 0.5))
            share = level + slope * month / 12 + measure.season * seasons[month] + drift[month]
            share = min(99.5, max(0.5, share)) / 100
            numerators.append(min(denominator, int(share * denominator + 0.5)))
            denominators.append(denominator)
        return numerators, denominators
    slope = measure.slope + rng.gauss(0, 0.01)  # relative change a year
    noise = _noise(rng, months, 0.04)
    trend = [max(0.2, 1 + slope * month / 12) for month in range(months)]
    swing = [1 + measure.season * season for season in seasons]
    if unit in ("count", "rate_per_10k"):
        expected = measure.level * per_10k * size
        counts = [
            max(0, int(expected * trend[m] * swing[m] * (1 + noise[m]) + 0.5))
            for m in range(months)
        ]
        return counts, ([children] * months if unit == "rate_per_10k" else None)
    # days per child, or cases per practitioner: a total over a small denominator
    base = max(1, int(measure.density * per_10k * size + 0.5))
    wobble = _noise(rng, months, 0.05) if unit == "days" else [0.0] * months
    denominators = [max(1, int(base * (1 + wobble[m]) + 0.5)) for m in range(months)]
    level = measure.level * math.exp(rng.gauss(0, 0.1))
    numerators = [
        max(0, int(level * trend[m] * swing[m] * (1 + noise[m]) * denominators[m] + 0.5))
        for m in range(months)
    ]
    return numerators, denominators


def _whole(rng: random.Random, amount: float) -> int:
    """`amount` rounded up or down at random, in proportion: a team's small share of a small
    figure, always rounded to the nearest, would come out 0 month after month."""
    whole = int(amount)
    return whole + (rng.random() < amount - whole)


def _team_series(rng: random.Random, data: DataSet, measure: Measure, home: Series) -> list[Series]:
    """Each team's figures, spread around the home authority's, which then become their
    sum."""
    numerators, denominators = home
    weights = [team.weight * math.exp(rng.gauss(0, 0.25)) for team in data.teams]
    total = sum(weights)
    teams: list[Series] = []
    for weight in weights:
        share = weight / total
        if measure.unit == "count":
            counts = [
                _whole(rng, max(0.0, count * share * (1 + rng.gauss(0, 0.1))))
                for count in numerators
            ]
            teams.append((counts, None))
            continue
        better = rng.gauss(0, 4 if measure.unit == "percent" else 0.08)
        team_numerators, team_denominators = [], []
        for numerator, denominator in zip(numerators, denominators):
            part = max(1, int(denominator * share * (1 + rng.gauss(0, 0.08)) + 0.5))
            if measure.unit == "percent":
                rate = 100 * numerator / denominator + better + rng.gauss(0, 3)
                top = min(part, _whole(rng, min(100.0, max(0.0, rate)) / 100 * part))
            else:  # average: cases per practitioner
                rate = numerator / denominator * (1 + better + rng.gauss(0, 0.05))
                top = _whole(rng, max(0.0, rate * part))
            team_numerators.append(top)
            team_denominators.append(part)
        teams.append((team_numerators, team_denominators))
    return teams


def _sum(series: list[Series]) -> Series:
    """Several areas' or teams' figures added up, month by month."""
    numerators = [sum(values) for values in zip(*(s[0] for s in series))]
    if series[0][1] is None:
        return numerators, None
    return numerators, [sum(values) for values in zip(*(s[1] for s in series))]


def _cells(unit: str, numerator: int, denominator: int | None) -> tuple:
    """value, numerator and denominator as the template has them for this unit."""
    if unit == "count":
        return numerator, "", ""
    if unit == "percent":
        return f"{100 * numerator / denominator:.1f}", numerator, denominator
    if unit == "rate_per_10k":
        return f"{10_000 * numerator / denominator:.1f}", numerator, denominator
    if unit == "days":  # written as the average alone, as published figures often are
        return f"{numerator / denominator:.1f}", "", ""
    return f"{numerator / denominator:.1f}", numerator, denominator


def measure_rows(data: DataSet, measure: Measure) -> Iterator[list[tuple]]:
    """The measure's template rows, a batch per area and then per team: England, the
    regions, the authorities, then the home authority's teams, each month in order."""
    rng = random.Random(f"{data.seed}/figures/{measure.ref}")
    seasons = _seasons(data, measure)
    authorities = [place for place in data.areas if place.kind == "local_authority"]
    series = {
        place.code: _authority_series(rng, measure, place.children, seasons)
        for place in authorities
    }
    teams: list[Series] = []
    if measure.team_level and data.teams:
        teams = _team_series(rng, data, measure, series[data.home])
        series[data.home] = _sum(teams)
    for place in data.areas:
        if place.kind == "region":
            series[place.code] = _sum(
                [series[a.code] for a in authorities if a.region == place.code]
            )
    england = data.areas[0]
    series[england.code] = _sum([series[p.code] for p in data.areas if p.kind == "region"])

    days = [day.isoformat() for day in data.months]
    ref, unit = measure.ref, measure.unit
    for place in data.areas:
        numerators, denominators = series[place.code]
        denominators = denominators or [None] * len(days)
        may_hide = place.kind == "local_authority" and place.code != data.home
        batch = []
        for day, numerator, denominator in zip(days, numerators, denominators):
            symbol = ""
            if may_hide:
                draw = rng.random()
                if draw < SUPPRESSED_RATE + MISSING_RATE:
                    symbol = "c" if draw < SUPPRESSED_RATE else "x"
            if symbol:
                batch.append((ref, place.code, "", day, "", "", "", symbol, PROVENANCE, SOURCE))
            else:
                batch.append(
                    (ref, place.code, "", day, *_cells(unit, numerator, denominator), "")
                    + (PROVENANCE, SOURCE)
                )
        yield batch
    for team, (numerators, denominators) in zip(data.teams, teams):
        denominators = denominators or [None] * len(days)
        yield [
            (ref, data.home, team.slug, day, *_cells(unit, numerator, denominator), "")
            + (PROVENANCE, SOURCE)
            for day, numerator, denominator in zip(days, numerators, denominators)
        ]
