"""How an authority's figure compares with every local authority's on the same date, as DfE's
LAIT shows it (SPEC section 11): its rank, its quartile band, and its statistical neighbours'
figures, in the neighbour set asked for, with their mean and median (`computed`, their source
naming the set). One statement, whatever the number of authorities; the rules (rank, band, mean
and median) are in data_access/benchmarking.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, select, true
from sqlalchemy.orm import Session, aliased

from data_access.authority import home_code
from data_access.benchmarking import (
    COMPUTED,
    QUARTILES,
    neighbour_mean,
    neighbour_median,
    neighbours_source,
    order_positions,
    quartile_band,
    quartile_cuts,
)
from data_access.models import Area, Indicator, Observation, StatisticalNeighbour
from data_access.neighbour_sets import DEFAULT_NEIGHBOUR_SET, neighbour_set_name

LOCAL_AUTHORITY = "local_authority"  # the area kind the DfE importer gives authorities


@dataclass(frozen=True)
class NeighbourFigure:
    """A statistical neighbour and its figure on the benchmark's date (value None when it has
    none: a symbol, or no row at all)."""

    position: int  # 1 is the closest
    closeness: str | None  # DfE's words: 'Very close'
    code: str
    name: str
    value: float | None
    numerator: float | None
    denominator: float | None
    symbol: str | None


@dataclass(frozen=True)
class Benchmark:
    """An authority's figure on one date among every local authority's with a figure then.

    `rank` is 1 for the best (highest when higher is better, lowest when lower is better, the
    highest for a neutral measure); `ties` is how many other authorities share its figure;
    `of` is how many authorities have a figure. `band` is A (best quarter) to D, or None for a
    neutral measure. The neighbours come closest first; `sn_mean` and `sn_median` are over
    those with a figure, None when fewer than half have one. The area's own figure has the
    fields of any figure (value, numerator, denominator, symbol), so the suppression rules
    apply to it as to any other (dashboard/visible_figures.py)."""

    ref: str
    unit: str
    polarity: str
    area: str
    area_name: str
    date: date
    label: str
    value: float | None
    numerator: float | None
    denominator: float | None
    symbol: str | None
    rank: int | None
    ties: int
    of: int
    band: str | None
    neighbours: tuple[NeighbourFigure, ...]
    neighbour_set: str  # the key of the DfE set the neighbours are from: '2025'
    groupings: str | None  # the name of the file the set was stored from
    neighbours_with_figure: int
    sn_mean: float | None
    sn_median: float | None
    sn_withheld: bool = False  # True when a viewer may not see them (visible_figures.py)

    @property
    def neighbour_set_name(self) -> str:
        return neighbour_set_name(self.neighbour_set)

    @property
    def sn_provenance(self) -> str:
        """The mean and median are worked out here, from the neighbours' figures."""
        return COMPUTED

    @property
    def sn_source(self) -> str:
        """What the mean and median are worked out from (the figures' own sources are the
        neighbours' rows)."""
        return neighbours_source(
            "Mean and median",
            self.neighbours_with_figure,
            len(self.neighbours),
            self.neighbour_set_name,
        )


def _has_figure(observation) -> ColumnElement[bool]:
    """A whole-area figure with a number (a symbol such as `c` is not ranked)."""
    return and_(
        observation.team_id.is_(None), observation.value.is_not(None), observation.symbol.is_(None)
    )


def _authority(observation) -> ColumnElement[bool]:
    """A local authority's figure. Written as a list of areas, so that each authority's figure
    for the period is found in the series index (measure, area, period), not by reading every
    figure of the period."""
    return observation.area_id.in_(select(Area.id).where(Area.kind == LOCAL_AUTHORITY))


def _home(ref: str, area_code: str, on: date | None):
    """The authority's figure to benchmark: on `on`, or else the newest on which at least one
    other local authority has a figure too. No row when there is none."""
    other = aliased(Observation)
    another_authority = (
        select(other.id)
        .where(
            other.indicator_id == Observation.indicator_id,
            _authority(other),
            other.period_end == Observation.period_end,
            other.area_id != Observation.area_id,
            _has_figure(other),
        )
        .exists()
    )
    query = (
        select(
            Observation.indicator_id,
            Observation.area_id,
            Observation.period_end,
            Observation.period_label,
            Observation.value,
            Observation.numerator,
            Observation.denominator,
            Observation.symbol,
            Indicator.unit,
            Indicator.polarity,
            Area.name.label("area_name"),
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(Area, Area.id == Observation.area_id)
        .where(
            Indicator.ref == ref,
            Area.code == area_code,
            Area.kind == LOCAL_AUTHORITY,
            _has_figure(Observation),
            another_authority,
        )
        .order_by(Observation.period_end.desc())
        .limit(1)
    )
    if on is not None:
        query = query.where(Observation.period_end == on)
    return query.cte("home")


def _standing(home):
    """How many authorities have a figure on the home figure's date, its rank (authorities
    strictly better, + 1), how many share its figure, and the figures either side of each
    quartile (by their positions in ascending order)."""
    figure = aliased(Observation)
    authorities = (
        select(
            figure.value,
            func.row_number().over(order_by=figure.value).label("position"),
            func.count().over().label("count"),
        )
        .join_from(
            home,
            figure,
            and_(
                figure.indicator_id == home.c.indicator_id,
                _authority(figure),
                figure.period_end == home.c.period_end,
            ),
        )
        .where(_has_figure(figure))
        .cte("authorities")
    )
    value, mine = authorities.c.value, home.c.value
    better = case(
        (and_(home.c.polarity == "down", value < mine), 1),
        (and_(home.c.polarity != "down", value > mine), 1),
        else_=0,
    )
    positions = []
    for quarter in QUARTILES:  # the same rule in SQL as in Python
        below, above = order_positions(authorities.c.count, quarter)
        positions += [(f"q{quarter}_below", below), (f"q{quarter}_above", above)]
    return (
        select(
            func.count().label("of"),
            (func.sum(better) + 1).label("rank"),
            (func.sum(case((value == mine, 1), else_=0)) - 1).label("ties"),
            *[
                func.max(case((authorities.c.position == position, value))).label(name)
                for name, position in positions
            ],
        )
        .select_from(authorities)
        .join(home, true())
        .cte("standing")
    )


def benchmark(
    session: Session,
    ref: str,
    area_code: str | None = None,
    on: date | None = None,
    neighbour_set: str = DEFAULT_NEIGHBOUR_SET,
) -> Benchmark | None:
    """The authority's figure of measure `ref` on `on` (by default the newest date on which
    another local authority has one too) ranked among every local authority's, with its band and
    its statistical neighbours' figures in `neighbour_set`. None when the area is not a local
    authority, has no figure then, or no other authority has one (DfE data for all authorities
    not imported). The area is the configured authority unless `area_code` names another."""
    home = _home(ref, area_code or home_code(session), on)
    standing = _standing(home)
    neighbour_area, neighbour_figure = aliased(Area), aliased(Observation)
    query = (
        select(
            home,
            standing,
            StatisticalNeighbour.position,
            StatisticalNeighbour.closeness,
            StatisticalNeighbour.groupings,
            neighbour_area.code.label("neighbour_code"),
            neighbour_area.name.label("neighbour_name"),
            neighbour_figure.value.label("neighbour_value"),
            neighbour_figure.numerator.label("neighbour_numerator"),
            neighbour_figure.denominator.label("neighbour_denominator"),
            neighbour_figure.symbol.label("neighbour_symbol"),
        )
        .select_from(home)
        .join(standing, true())
        .outerjoin(
            StatisticalNeighbour,
            and_(
                StatisticalNeighbour.home_area_id == home.c.area_id,
                StatisticalNeighbour.neighbour_set == neighbour_set,
            ),
        )
        .outerjoin(neighbour_area, neighbour_area.id == StatisticalNeighbour.neighbour_area_id)
        .outerjoin(
            neighbour_figure,
            and_(
                neighbour_figure.indicator_id == home.c.indicator_id,
                neighbour_figure.area_id == StatisticalNeighbour.neighbour_area_id,
                neighbour_figure.period_end == home.c.period_end,
                neighbour_figure.team_id.is_(None),
            ),
        )
        .order_by(StatisticalNeighbour.position)
    )
    rows = session.execute(query).all()
    if not rows:
        return None
    first = rows[0]
    neighbours = tuple(
        NeighbourFigure(
            row.position,
            row.closeness,
            row.neighbour_code,
            row.neighbour_name,
            row.neighbour_value,
            row.neighbour_numerator,
            row.neighbour_denominator,
            row.neighbour_symbol,
        )
        for row in rows
        if row.position is not None
    )
    cuts = quartile_cuts(
        first.of,
        [(getattr(first, f"q{q}_below"), getattr(first, f"q{q}_above")) for q in QUARTILES],
    )
    numbers = [n.value for n in neighbours if n.value is not None and n.symbol is None]
    return Benchmark(
        ref=ref,
        unit=first.unit,
        polarity=first.polarity,
        area=area_code,
        area_name=first.area_name,
        date=first.period_end,
        label=first.period_label,
        value=first.value,
        numerator=first.numerator,
        denominator=first.denominator,
        symbol=first.symbol,
        rank=first.rank,
        ties=first.ties,
        of=first.of,
        band=quartile_band(first.value, cuts, first.polarity),
        neighbours=neighbours,
        neighbour_set=neighbour_set,
        groupings=first.groupings,
        neighbours_with_figure=len(numbers),
        sn_mean=neighbour_mean(numbers, len(neighbours)),
        sn_median=neighbour_median(numbers, len(neighbours)),
    )
