"""What a synthetic benchmark data set holds (SPEC section 10): its measures, areas, teams and
months, and the shape each measure's figures follow. Made from a scale and a seed alone, so
the same seed always plans the same data set.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from data_access.authority import DEFAULT_AUTHORITY_CODE

ENGLAND = "E92000001"
HOME_CHILDREN = 49_000  # the home authority's population aged 0 to 17: the sample's, about
LAST_MONTH = date(2025, 3, 31)  # fixed, so the files do not depend on the day they are made

# The nine English regions, by their real codes, and how many authorities each has in the
# large set (about as many as each really has, 150 in all, the home authority's among them).
REGIONS = (
    ("E12000001", "North East", 12),
    ("E12000002", "North West", 23),
    ("E12000003", "Yorkshire and The Humber", 15),
    ("E12000004", "East Midlands", 9),
    ("E12000005", "West Midlands", 14),
    ("E12000006", "East of England", 11),
    ("E12000007", "London", 32),
    ("E12000008", "South East", 19),
    ("E12000009", "South West", 15),
)
NORTH_WEST = "E12000002"
SYNTHETIC_AREA_PREFIX = "X"  # no real ONS code begins with X (see _areas)

# The sample data's scorecard categories and the six themes (SPEC section 3).
CATEGORIES = (
    "Contacts",
    "Referrals",
    "Assessment",
    "Caseloads",
    "Child protection",
    "Looked after children",
    "Care leavers",
    "Early help",
    "Staff",
    "Voice of the child",
    "Other",
)
THEMES = (
    "leadership-and-strategy",
    "demand-and-need",
    "resources-and-capacity",
    "quality-practice-and-compliance",
    "outcomes-for-children",
    "sustainability",
)
# Unit and polarity of measure 1, 2, 3 ... in turn: the first six cover every unit, so the
# small set has them all.
KINDS = (
    ("count", "neutral"),
    ("percent", "up"),
    ("rate_per_10k", "neutral"),
    ("days", "down"),
    ("average", "down"),
    ("percent", "down"),
    ("count", "up"),
    ("percent", "up"),
    ("count", "neutral"),
    ("rate_per_10k", "down"),
    ("percent", "up"),
    ("count", "down"),
)
# Units whose authority figure is a sum over teams: counts, and numerators over denominators.
TEAM_UNITS = ("count", "percent", "average")
UNIT_WORDS = {
    "count": "number",
    "percent": "percentage",
    "rate_per_10k": "rate per 10,000 children",
    "days": "average days",
    "average": "average caseload",
}
SERVICES = (
    ("Front door", "front door"),
    ("Children's social care", "duty and assessment"),
    ("Children's social care", "safeguarding"),
    ("Children's social care", "cared-for children"),
    ("Children's social care", "leaving care"),
    ("Early help", "early help"),
)


@dataclass(frozen=True)
class Scale:
    """How big a data set is: regions are (code, number of authorities) pairs."""

    name: str
    indicators: int
    team_level: int
    regions: tuple[tuple[str, int], ...]
    teams: int
    months: int

    @property
    def authorities(self) -> int:
        return sum(count for _, count in self.regions)

    @property
    def areas(self) -> int:
        return 1 + len(self.regions) + self.authorities  # England, regions, authorities

    @property
    def rows(self) -> int:
        """How many figures the data set has: every measure in every area every month, and
        the team-level measures for each of the home authority's teams every month."""
        area_rows = self.indicators * self.areas * self.months
        return area_rows + self.team_level * self.teams * self.months


SCALES = {
    "small": Scale(
        "small",
        indicators=6,
        team_level=3,
        regions=(("E12000001", 1), (NORTH_WEST, 3), ("E12000003", 2)),
        teams=3,
        months=24,
    ),
    "large": Scale(
        "large",
        indicators=200,
        team_level=40,
        regions=tuple((code, count) for code, _, count in REGIONS),
        teams=40,
        months=120,
    ),
}


@dataclass(frozen=True)
class Measure:
    """A synthetic indicator, and the shape of its figures.

    `level` is per 10,000 children a month (counts, rates and denominators), a percentage, a
    number of days or a caseload; `density` the denominator's size per 10,000 children.
    """

    ref: str
    title: str
    category: str
    unit: str
    polarity: str
    target: float | None
    tolerance: float | None
    team_level: bool
    themes: tuple[str, ...]
    sort_order: int
    level: float
    density: float
    slope: float  # change a year: relative, or points for a percentage
    season: float  # size of the yearly swing: relative, or points for a percentage
    phase: float  # month of the year the swing peaks


@dataclass(frozen=True)
class Place:
    """An area: England, a region, or an authority with its region and children."""

    code: str
    name: str
    kind: str
    region: str | None
    children: int


@dataclass(frozen=True)
class SyntheticTeam:
    slug: str
    name: str
    service: str
    weight: float  # its usual share of the home authority's work, before each measure's spread


@dataclass(frozen=True)
class DataSet:
    scale: Scale
    seed: int
    measures: tuple[Measure, ...]
    areas: tuple[Place, ...]  # England, then regions, then authorities
    teams: tuple[SyntheticTeam, ...]
    months: tuple[date, ...]
    home: str  # the code of the authority whose teams the teams are


def month_ends(last: date, count: int) -> tuple[date, ...]:
    """The last days of `count` months, oldest first, ending with `last`'s month."""
    ends = []
    year, month = last.year, last.month
    for _ in range(count):
        following = date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(ends))


def _round_to(value: float, step: float) -> float:
    return round(round(value / step) * step, 6)


def _target(rng: random.Random, unit: str, polarity: str, level: float, children: int):
    """A target near the home authority's usual level, so the ratings come out a mix of
    colours."""
    better = 1 if polarity == "up" else -1
    if unit == "percent":
        target = min(99.0, max(1.0, round(level + better * rng.uniform(-3, 8))))
        return target, float(rng.choice((3, 5, 5, 10)))
    if unit == "average":
        return float(round(level * rng.uniform(0.85, 1.1))), float(rng.choice((2, 3, 4)))
    expected = level * children / 10_000 if unit == "count" else level
    target = expected * (1 + better * rng.uniform(-0.05, 0.12))
    step = 1.0 if unit in ("count", "days") else 0.1
    return max(step, _round_to(target, step)), max(step, _round_to(target * 0.1, step))


def _measure(seed: int, number: int, team_level: bool) -> Measure:
    ref = f"S{number:03d}"
    rng = random.Random(f"{seed}/measure/{ref}")
    unit, polarity = KINDS[(number - 1) % len(KINDS)]
    category = rng.choice(CATEGORIES)
    themes = tuple(rng.sample(THEMES, rng.choice((1, 2))))
    if unit == "percent":
        level = {"up": rng.uniform(55, 90), "down": rng.uniform(5, 35)}.get(
            polarity, rng.uniform(15, 85)
        )
        density = rng.uniform(3, 40)
        slope = rng.gauss(0, 0.8)
        season = rng.uniform(0, 3)
    else:
        level = {
            "count": rng.uniform(3, 60),
            "rate_per_10k": rng.uniform(2, 50),
            "days": rng.uniform(20, 200),
            "average": rng.uniform(12, 24),
        }[unit]
        # days: children with the event; average: practitioners (about 1 per 1,000 children)
        density = {"days": rng.uniform(1, 10), "average": rng.uniform(8, 12)}.get(unit, 0.0)
        slope = rng.gauss(0, 0.03)
        season = rng.uniform(0, 0.15)
    rated = polarity != "neutral" and number % 4 != 0
    target, tolerance = (
        _target(rng, unit, polarity, level, HOME_CHILDREN) if rated else (None, None)
    )
    title = f"Synthetic {category.lower()} measure {number} ({UNIT_WORDS[unit]})"
    return Measure(
        ref=ref,
        title=title,
        category=category,
        unit=unit,
        polarity=polarity,
        target=target,
        tolerance=tolerance,
        team_level=team_level,
        themes=themes,
        sort_order=10_000 + number,  # after the sample data's measures
        level=level,
        density=density,
        slope=slope,
        season=season,
        phase=rng.uniform(0, 12),
    )


def _team_level_numbers(scale: Scale) -> set[int]:
    """Which measures have team figures: `scale.team_level` of those whose unit adds up over
    teams, spread through the list."""
    candidates = [
        number
        for number in range(1, scale.indicators + 1)
        if KINDS[(number - 1) % len(KINDS)][0] in TEAM_UNITS
    ]
    wanted = min(scale.team_level, len(candidates))
    return {candidates[position * len(candidates) // wanted] for position in range(wanted)}


def _areas(scale: Scale, seed: int, home: str) -> tuple[Place, ...]:
    """England, the scale's regions and their authorities: the home authority (a real one,
    `home`) first in the North West, the rest synthetic. The home authority is named by its
    code here: `register` leaves a real area that is there already as it is, with its name.

    A synthetic authority's code is X, the region's number and a serial (X02000001): real
    ONS codes begin with E, W, S, N, K, J, L or M, so these can never clash with one.
    """
    rng = random.Random(f"{seed}/areas")
    names = {code: name for code, name, _ in REGIONS}
    authorities: list[Place] = []
    for code, count in scale.regions:
        serials = range(1, count + 1)
        if code == NORTH_WEST:
            authorities.append(Place(home, home, "local_authority", NORTH_WEST, HOME_CHILDREN))
            serials = range(1, count)
        for serial in serials:
            children = int(math.exp(rng.gauss(math.log(55_000), 0.55)))
            authorities.append(
                Place(
                    f"{SYNTHETIC_AREA_PREFIX}{code[-2:]}{serial:06d}",
                    f"{names[code]} synthetic authority {serial}",
                    "local_authority",
                    code,
                    min(400_000, max(8_000, children)),
                )
            )
    regions = [
        Place(
            code,
            names[code],
            "region",
            None,
            sum(a.children for a in authorities if a.region == code),
        )
        for code, _ in scale.regions
    ]
    england = Place(ENGLAND, "England", "country", None, sum(a.children for a in authorities))
    return (england, *regions, *authorities)


def _teams(scale: Scale, seed: int) -> tuple[SyntheticTeam, ...]:
    rng = random.Random(f"{seed}/teams")
    teams = []
    for number in range(1, scale.teams + 1):
        service, work = SERVICES[(number - 1) % len(SERVICES)]
        teams.append(
            SyntheticTeam(
                f"synthetic-team-{number:02d}",
                f"Synthetic team {number:02d} ({work})",
                service,
                rng.uniform(0.5, 1.5),
            )
        )
    return tuple(teams)


def plan(scale: Scale, seed: int, home: str = DEFAULT_AUTHORITY_CODE) -> DataSet:
    """The data set `scale` and `seed` describe, its teams `home`'s (the code of a real
    authority): the same arguments give the same plan."""
    team_level = _team_level_numbers(scale)
    return DataSet(
        scale=scale,
        seed=seed,
        measures=tuple(
            _measure(seed, number, number in team_level)
            for number in range(1, scale.indicators + 1)
        ),
        areas=_areas(scale, seed, home),
        teams=_teams(scale, seed),
        months=month_ends(LAST_MONTH, scale.months),
        home=home,
    )
