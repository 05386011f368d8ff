"""Writes observations_illustrative.csv: the sample figures that the documents do not publish.

Run from the project root: `python sample_data/generate_illustrative.py`. The output is the same
on every run (fixed random seed). Each series is drawn through the figures the documents
publish (observations_published.csv), so a published figure sits in a plausible trend; the
published rows themselves are not written here, they are loaded from their own file.

Rules the sample data keeps, and the tests check:
- counts are whole and never negative; percentages stay within 0-100;
- open cases (9a) = looked after (9b) + child protection (9c) + other children in need (9d);
- contacts (1a) = via the Children's Hub (1b) + other teams (1c) = the sum of the outcomes (2a-2e),
  and the rolling 12-month count (K1) is the sum of the last 12 months of 1a;
- team-level figures add up to the authority's: counts sum, and percentages and averages are
  sums of numerators over sums of denominators.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect_left
from collections import defaultdict
from datetime import date
from pathlib import Path

from illustrative_arithmetic import d, exact_fraction, label_for, value_text  # beside this script
from illustrative_counts import FIRST, LAST, MONTHS, CountFigures
from illustrative_shapes import (
    ACADEMIC_YEAR,
    DENOMINATORS,
    ENGLAND,
    NEIGHBOURS,
    NORTH_WEST,
    NOT_COLLECTED,
    SHAPES,
    TAMESIDE,
)
from illustrative_teams import TeamFigures

HERE = Path(__file__).resolve().parent
DFE_FIGURES = "dfe/figures.csv"
SCALE = {"percent": 100, "rate_per_10k": 10_000}


class Generator(CountFigures, TeamFigures):
    def __init__(self, seed: int = 2017):
        self.random = random.Random(seed)
        self.indicators = {row["ref"]: row for row in read("indicators.csv")}
        self.published = defaultdict(dict)  # (ref, area) -> {date: value}
        self.yearly = defaultdict(set)  # ref -> the dates of DfE's figures (or made from them)
        for row in read("observations_published.csv"):
            if not row["team_slug"] and row["value"]:
                key = (row["indicator_ref"], row["area_code"])
                self.published[key][date.fromisoformat(row["period_end"])] = float(row["value"])
        # DfE's year-end figures for the same measures (dfe/figures.csv, generate_dfe.py): the
        # series pass through them as through the documents', so none zigzags between invented
        # and real; a document's figure stays where both give one.
        for row in read(DFE_FIGURES):
            ref, area, day = row["indicator_ref"], row["area_code"], d(row["period_end"])
            comparable = area in (TAMESIDE, ENGLAND, NORTH_WEST) and ref in self.indicators
            if comparable and row["value"] and FIRST <= day <= LAST:
                self.published[(ref, area)].setdefault(day, float(row["value"]))
                if area == TAMESIDE:
                    self.yearly[ref].add(day)
        self.teams = defaultdict(list)
        for row in read("links_team_indicator.csv"):
            self.teams[row["indicator_ref"]].append(row["team_slug"])
        self.derived = defaultdict(dict)  # ref -> {date: value} that other figures dictate
        self.series: dict[str, dict[date, float]] = {}  # whole-authority counts used as bases
        self.rows: list[list] = []

    def fixed_points(self, ref: str) -> dict[date, float]:
        """Tameside figures a series must pass through exactly."""
        return {**self.derived[ref], **self.published[(ref, TAMESIDE)]}

    # --- shapes -------------------------------------------------------------------------
    def shape(self, ref: str, dates: list[date], default: float) -> list[float]:
        knots = sorted(
            (d(when), level) for when, level in SHAPES.get(ref, [(FIRST.isoformat()[:7], default)])
        )
        # A real figure every year says more than the story's levels: those within half a year
        # of one are left out, so the series runs from one real year end to the next.
        knots = [
            (when, level)
            for when, level in knots
            if all(abs((when - real).days) > 183 for real in self.yearly[ref])
        ]
        knots = sorted({**dict(knots), **self.fixed_points(ref)}.items())
        when = [k[0] for k in knots]
        values = []
        for day in dates:
            i = bisect_left(when, day)
            if i == 0:
                values.append(knots[0][1])
            elif i == len(knots):
                values.append(knots[-1][1])
            else:
                (d0, v0), (d1, v1) = knots[i - 1], knots[i]
                values.append(v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days)
        return values

    def wobble(self, values: list[float], spread: float, seasonal: bool = False) -> list[float]:
        """Random month-to-month movement, autocorrelated, with school-year seasonality."""
        out, drift = [], 0.0
        for day, value in zip(MONTHS, values):
            drift = 0.6 * drift + self.random.gauss(0, spread)
            season = {8: -0.12, 12: -0.1, 4: -0.04, 10: 0.06, 11: 0.05, 3: 0.04}.get(day.month, 0)
            out.append(value * (1 + drift) * (1 + season if seasonal else 1))
        return out

    # --- output -------------------------------------------------------------------------
    def emit(
        self,
        ref,
        area,
        team,
        day,
        value=None,
        numerator=None,
        denominator=None,
        symbol=None,
        label=None,
    ):
        if team is None and day in self.published[(ref, area)]:
            return  # the published figure is loaded from its own file
        unit = self.indicators[ref]["unit"]
        if value is None and numerator is not None and symbol is None:
            value = numerator / denominator * SCALE.get(unit, 1)
        self.rows.append(
            [
                ref,
                area,
                team or "",
                day.isoformat(),
                "" if value is None else value_text(value, unit),
                "" if numerator is None else value_text(numerator, "count"),
                "" if denominator is None else value_text(denominator, "count"),
                symbol or "",
                "illustrative",
                "",
                label or label_for(day, self.indicators[ref]["frequency"]),
            ]
        )

    # --- percentages and averages -------------------------------------------------------
    def proportion(self, ref: str) -> dict[date, tuple[int, int]]:
        """Writes a percentage or average as numerators over denominators; returns them."""
        row = self.indicators[ref]
        base, share = DENOMINATORS[ref]
        fractions = {}
        dates = self.dates_for(row["frequency"], ref)
        levels = self.wobble(self.shape(ref, dates, float(row["target"] or 50)), 0.0, False)
        published = self.published[(ref, TAMESIDE)]
        scale = SCALE.get(row["unit"], 1)
        for day, level in zip(dates, levels):
            if base == "const":
                volume = share * self.random.uniform(0.9, 1.1)
            else:
                series = self.series[base]
                volume = series.get(day) or series[min(series, key=lambda m: abs((m - day).days))]
                volume *= share
            denominator = max(6, round(volume))
            if day in published:
                numerator, denominator = exact_fraction(published[day] / scale, denominator)
            else:
                level = level + self.random.gauss(0, 1.2 if scale == 100 else 0.4)
                if scale == 100:
                    level = min(100, max(0, level))
                numerator = max(0, round(level / scale * denominator))
                if scale == 100:
                    numerator = min(numerator, denominator)
                self.emit(ref, TAMESIDE, None, day, numerator=numerator, denominator=denominator)
            fractions[day] = numerator, denominator
            if row["team_level"] == "yes":
                self.team_proportion(ref, day, numerator, denominator, scale)
        return fractions

    def dates_for(self, frequency: str, ref: str) -> list[date]:
        if frequency == "monthly":
            return MONTHS
        if frequency == "quarterly":
            return [day for day in MONTHS if day.month in (3, 6, 9, 12)]
        if ref in ACADEMIC_YEAR:
            return [day for day in MONTHS if day.month == 8 and day.year not in NOT_COLLECTED[ref]]
        return [day for day in MONTHS if day.month == 3]

    # --- benchmarks ---------------------------------------------------------------------
    def benchmarks(self) -> None:
        """Yearly England, North West and statistical-neighbour figures for rates and shares.

        Where section 4 of the plan publishes a comparator's figure, the other years drift
        gently from it; otherwise they sit near Tameside's own typical level.
        """
        for ref, row in self.indicators.items():
            if row["unit"] == "count" or ref not in DENOMINATORS:
                continue
            shape = self.shape(ref, MONTHS, float(row["target"] or 50))
            typical = sum(shape) / len(shape)
            for area, offset in ((ENGLAND, 0.0), (NORTH_WEST, 0.03), (NEIGHBOURS, 0.06)):
                anchors = self.published[(ref, area)]
                for day in self.dates_for("annual", ref):
                    if anchors:
                        near = min(anchors, key=lambda a: abs((a - day).days))
                        value = anchors[near] * (1 + 0.01 * (day.year - near.year))
                    else:
                        value = typical * (1 + offset)
                    value *= 1 + self.random.gauss(0, 0.02)
                    if row["unit"] == "percent":
                        value = min(100, value)
                    self.emit(ref, area, None, day, round(value, 1), label=label_for(day, "annual"))

    def not_collected(self) -> None:
        """Years when a national collection did not happen are marked `x`, never left as zero."""
        for ref, years in NOT_COLLECTED.items():
            for year in years:
                self.emit(ref, TAMESIDE, None, date(year, 8, 31), symbol="x")

    def run(self) -> list[list]:
        self.contacts()
        self.referrals()
        self.caseloads()
        self.simple_counts()
        fractions = {ref: self.proportion(ref) for ref in DENOMINATORS}
        self.review_counts(fractions["17d"])
        self.write_counts("22a", {day: top for day, (top, _) in fractions["22b"].items()})
        self.not_collected()
        self.benchmarks()
        return self.rows


def read(name: str):
    with open(HERE / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def main() -> None:
    rows = Generator().run()
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    with open(HERE / "observations_illustrative.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "indicator_ref",
                "area_code",
                "team_slug",
                "period_end",
                "value",
                "numerator",
                "denominator",
                "symbol",
                "provenance",
                "source",
                "period_label",
            ]
        )
        writer.writerows(rows)
    print(f"Wrote {len(rows):,} illustrative figures.")


if __name__ == "__main__":
    main()
