"""The authority's counts in the illustrative figures, month by month, kept adding up: contacts,
referrals, caseloads and reviews. A mixin of the generator, like illustrative_teams.py."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from illustrative_arithmetic import fit_total, months_between, split  # beside this script
from illustrative_shapes import SHAPES, TAMESIDE

CHILD_POPULATION = 48_985  # 0-17 year olds, ONS mid-year estimate 2015 (Improvement Plan 2017, s.4)
FIRST, LAST = date(2015, 4, 30), date(2023, 3, 31)
MONTHS = months_between(FIRST, LAST)  # every series of the generator runs over these months


class CountFigures:
    def counts(
        self, ref: str, default: float, spread: float = 0.03, seasonal=False
    ) -> dict[date, int]:
        values = self.wobble(self.shape(ref, MONTHS, default), spread, seasonal)
        fixed = self.fixed_points(ref)
        series = {day: fixed.get(day, max(0, round(v))) for day, v in zip(MONTHS, values)}
        self.series[ref] = series
        return series

    def write_counts(self, ref: str, series: dict[date, float]) -> None:
        if ref not in self.indicators:
            return
        for day, value in series.items():
            self.emit(ref, TAMESIDE, None, day, value)

    def contacts(self) -> None:
        monthly = self.counts("1a", 800, 0.04, seasonal=True)
        # The rolling 12-month totals the 2021 scrutiny slides publish (K1) hold exactly.
        fixed = set(self.published[("1a", TAMESIDE)])
        for end, total in sorted(self.published[("K1", TAMESIDE)].items()):
            window = [day for day in MONTHS if day <= end][-12:]
            fit_total(monthly, window, int(total), fixed)
        self.write_counts("1a", monthly)
        hub, other = {}, {}
        outcome_shares = {"2a": 0.22, "2b": 0.2, "2c": 0.26, "2d": 0.25, "2e": 0.07}
        outcomes = {ref: {} for ref in outcome_shares}
        for day, total in monthly.items():
            hub[day] = round(total * self.random.uniform(0.84, 0.9))
            other[day] = total - hub[day]
            for ref, count in zip(outcome_shares, split(total, outcome_shares, self.random)):
                outcomes[ref][day] = count
        self.write_counts("1b", hub)
        self.write_counts("1c", other)
        for ref, series in outcomes.items():
            self.write_counts(ref, series)
        self.series.update({"1b": hub, "1c": other})
        for i, day in enumerate(MONTHS[11:], start=11):
            self.emit("K1", TAMESIDE, None, day, sum(monthly[m] for m in MONTHS[i - 11 : i + 1]))

    def referrals(self) -> None:
        monthly = self.counts("4", 200, 0.05, seasonal=True)
        # 300.3 per 10,000 in 2015/16, and 579.11 per 10,000 for August 2016 - January 2017
        # (a six-month rate shown as a yearly one), both published in section 4.
        fixed = set(self.published[("4", TAMESIDE)])
        for end, rate in sorted(self.published[("K2", TAMESIDE)].items()):
            months = 12 if end == date(2016, 3, 31) else 6
            window = [day for day in MONTHS if day <= end][-months:]
            fit_total(monthly, window, round(rate * CHILD_POPULATION / 10_000 * months / 12), fixed)
        self.write_counts("4", monthly)
        self.write_counts(
            "7", {day: round(v * self.random.uniform(0.7, 0.8)) for day, v in monthly.items()}
        )
        for i, day in enumerate(MONTHS[11:], start=11):
            total = sum(monthly[m] for m in MONTHS[i - 11 : i + 1])
            self.emit("K2", TAMESIDE, None, day, numerator=total, denominator=CHILD_POPULATION)

    def caseloads(self) -> None:
        looked_after = self.counts("9b", 500, 0.006)
        protection = self.counts("9c", 350, 0.02)
        # Open cases (9a) are published for 2020-21, and DfE gives the children in need at each
        # 31 March (K5); the other children in need (9d) make up the difference, so the three
        # parts add up to the published totals.
        totals = {**self.published[("K5", TAMESIDE)], **self.published[("9a", TAMESIDE)]}
        self.yearly["9d"] |= self.yearly["K5"]
        for day, total in totals.items():
            self.derived["9d"][day] = total - looked_after[day] - protection[day]
        others = self.counts("9d", 1200, 0.015)
        for ref, series in (("9b", looked_after), ("9c", protection), ("9d", others)):
            self.write_counts(ref, series)
        open_cases = {day: looked_after[day] + protection[day] + others[day] for day in MONTHS}
        self.series["9a"] = open_cases
        self.series["9bc"] = {day: looked_after[day] + protection[day] for day in MONTHS}
        self.write_counts("9a", open_cases)
        self.write_counts("K5", open_cases)
        self.emit_rate("K10", protection)
        team_counts = {}
        for ref, series in (("9b", looked_after), ("9c", protection), ("9d", others)):
            team_counts[ref] = self.split_teams(ref, series)
        for day in MONTHS:
            totals = defaultdict(int)
            for ref in ("9b", "9c", "9d"):
                for team, count in team_counts[ref][day].items():
                    totals[team] += count
            for team, count in totals.items():
                self.emit("9a", TAMESIDE, team, day, count)
        self.team_counts = team_counts

    def emit_rate(self, ref: str, series: dict[date, int]) -> None:
        if ref in self.indicators:
            for day, count in series.items():
                self.emit(ref, TAMESIDE, None, day, numerator=count, denominator=CHILD_POPULATION)

    def simple_counts(self) -> None:
        typical = {
            "10a": 14,
            "10b": 22,
            "10c": 38,
            "11": 42,
            "13": 6,
            "14": 120,
            "32": 31,
            "34": 58,
            "K6": 14,
            "29": 150,
        }
        seasonal = ("11", "32", "34", "10a", "10b", "10c")
        for ref, default in typical.items():
            self.counts(ref, default, 0.05, seasonal=ref in seasonal)
        # Return home interviews follow missing episodes, never more than them.
        for day in MONTHS:
            self.series["32"][day] = min(self.series["32"][day], self.series["34"][day])
        for ref in typical:
            self.write_counts(ref, self.series[ref])
        self.series["leavers"] = self.care_leavers()
        self.series["sw"] = {day: round(v * 1.25) for day, v in self.series["29"].items()}

    def care_leavers(self) -> dict[date, int]:
        ref = next(
            (
                r
                for r, row in self.indicators.items()
                if r.startswith("C")
                and "care leavers" in row["title"].lower()
                and row["unit"] == "count"
            ),
            None,
        )
        knots = [
            ("2015-04", 150),
            ("2017-01", 165),
            ("2019-05", 182),
            ("2021-04", 300),
            ("2023-03", 318),
        ]
        SHAPES.setdefault(ref or "leavers", knots)
        values = self.wobble(self.shape(ref or "leavers", MONTHS, 170), 0.01)
        published = self.published[(ref, TAMESIDE)] if ref else {}
        series = {day: published.get(day, round(v)) for day, v in zip(MONTHS, values)}
        if ref:
            self.write_counts(ref, series)
        return series

    def review_counts(self, fractions: dict[date, tuple[int, int]]) -> None:
        """Reviews due (17a), held (17b) and held in time (17c) agree with the percentage (17d)."""
        for day, (in_time, due) in fractions.items():
            held = min(due, in_time + round((due - in_time) * self.random.uniform(0.5, 0.9)))
            for ref, value in (("17a", due), ("17b", held), ("17c", in_time)):
                self.emit(ref, TAMESIDE, None, day, value)
