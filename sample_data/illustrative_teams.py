"""How the illustrative generator shares the authority's figures among its teams: counts split
by each team's share, and percentages and averages with each team a little better or worse
than the authority (TEAM_OFFSETS), some slipping over time (TEAM_SLIPS).

A mixin of the generator: it uses the generator's `teams`, `team_counts`, `random` and `emit`.
"""

from __future__ import annotations

from datetime import date

from illustrative_arithmetic import split  # beside this script
from illustrative_shapes import TAMESIDE, TEAM_OFFSETS, TEAM_SHARES, TEAM_SLIPS


def slip(ref: str, team: str, day: date) -> float:
    """How far a team's figure has slipped by `day` (TEAM_SLIPS), in the measure's points."""
    start, per_month = TEAM_SLIPS.get((ref, team), (day, 0.0))
    months = (day.year - start.year) * 12 + day.month - start.month
    return max(0, months) * per_month


class TeamFigures:
    def split_teams(self, ref, series) -> dict[date, dict[str, int]]:
        shares = TEAM_SHARES[ref]
        out = {}
        for day, total in series.items():
            jittered = {t: s * self.random.uniform(0.93, 1.07) for t, s in shares.items()}
            counts = split(total, jittered, self.random)
            out[day] = dict(zip(jittered, counts))
            for team, count in out[day].items():
                self.emit(ref, TAMESIDE, team, day, count)
        return out

    def team_proportion(self, ref, day, numerator, denominator, scale) -> None:
        teams = self.teams[ref]
        if ref in TEAM_SHARES:
            shares = TEAM_SHARES[ref]
        elif ref in ("16", "17d", "K3"):
            shares = self.team_counts["9b"][day]
        elif ref == "25":
            shares = {
                t: sum(self.team_counts[r][day].get(t, 0) for r in ("9b", "9c", "9d"))
                for t in teams
            }
        else:  # 26: children looked after or on a plan
            shares = {
                t: self.team_counts["9b"][day].get(t, 0) + self.team_counts["9c"][day].get(t, 0)
                for t in teams
            }
        shares = {t: max(shares.get(t, 0), 0.01) for t in teams}
        denominators = split(denominator, shares, self.random)
        rate = numerator / denominator
        wanted = []
        for team, part in zip(teams, denominators):
            better = TEAM_OFFSETS.get(team, 0) - slip(ref, team, day)
            offset = better / scale * (-1 if ref in ("25", "26") else 1)
            wanted.append(max(0.0, (rate + offset + self.random.gauss(0, 0.02)) * part))
        numerators = split(
            numerator,
            dict(zip(teams, wanted)),
            self.random,
            caps=denominators if scale == 100 else None,
        )
        for team, top, bottom in zip(teams, numerators, denominators):
            if bottom:
                self.emit(ref, TAMESIDE, team, day, numerator=top, denominator=bottom)
