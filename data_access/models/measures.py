"""The measures and what they are measured for: themes, indicators, areas (with an authority's
statistical neighbours), teams and the figures (observations), with the links of indicators to
themes and teams."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_access.models.base import Base

indicator_theme = Table(
    "indicator_theme",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


team_indicator = Table(
    "team_indicator",
    Base.metadata,
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_team_indicator_indicator", "indicator_id"),
)


class Theme(Base):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    letter: Mapped[str] = mapped_column(String(1))
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(20))
    polarity: Mapped[str] = mapped_column(String(10))
    frequency: Mapped[str] = mapped_column(String(10))
    target: Mapped[float | None] = mapped_column(Float)
    tolerance: Mapped[float | None] = mapped_column(Float)
    definition: Mapped[str] = mapped_column(Text, default="")
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    scorecard_ref: Mapped[str | None] = mapped_column(String(8))
    team_level: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Goes up by one with each change to the target or tolerance, so that two people editing
    # them at once are told, not overwritten (data_access/edits.py).
    target_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    themes: Mapped[list[Theme]] = relationship(secondary=indicator_theme, lazy="raise")


class Area(Base):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    # A local authority's region, by its code, as DfE's files place it (E12000002): the
    # region the configured authority is compared with (data_access/authority.py).
    region_code: Mapped[str | None] = mapped_column(String(12))


class StatisticalNeighbour(Base):
    """One of an authority's DfE statistical neighbours in one of DfE's sets (`neighbour_set`:
    '2021' or '2025', data_access/neighbour_sets.py): the authorities most like it, closest first
    (position 1 to 10), as the set's file gives them, with DfE's words for how close."""

    __tablename__ = "statistical_neighbour"

    neighbour_set: Mapped[str] = mapped_column(String(10), primary_key=True)
    home_area_id: Mapped[int] = mapped_column(
        ForeignKey("area.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    la_number: Mapped[str] = mapped_column(String(10))  # DfE's old LA number, as in the file
    neighbour_area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    closeness: Mapped[str | None] = mapped_column(String(40))  # 'Very close', as DfE words it
    groupings: Mapped[str] = mapped_column(String(200))  # the name of the file it came from

    __table_args__ = (
        Index(
            "uq_statistical_neighbour_area",
            "neighbour_set",
            "home_area_id",
            "neighbour_area_id",
            unique=True,
        ),
        CheckConstraint("position BETWEEN 1 AND 10", name="ck_statistical_neighbour_position"),
    )


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    service: Mapped[str] = mapped_column(String(120))


class TeamAlias(Base):
    """Another name by which a council's lists (Annex A's `Allocated Team`) call a team, kept
    by an analyst; `alias` is kept as words only (data_access/annex_a/teams.py), so that case,
    spacing and punctuation do not matter."""

    __tablename__ = "team_alias"

    alias: Mapped[str] = mapped_column(String(120), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)


class Observation(Base):
    """One figure: indicator x area (x team) x period, with where it came from."""

    __tablename__ = "observation"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    period_end: Mapped[date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(30))
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    symbol: Mapped[str | None] = mapped_column(String(4))
    provenance: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # One figure per indicator, area, team and period. A team of NULL is the whole area;
        # NULLs are never equal in a unique index, so the two cases have an index each.
        # These are also the indexes that every series query walks, in period order.
        Index(
            "uq_observation_area",
            "indicator_id",
            "area_id",
            "period_end",
            unique=True,
            sqlite_where=team_id.is_(None),
            postgresql_where=team_id.is_(None),
        ),
        Index(
            "uq_observation_team",
            "indicator_id",
            "area_id",
            "team_id",
            "period_end",
            unique=True,
            sqlite_where=team_id.isnot(None),
            postgresql_where=team_id.isnot(None),
        ),
        # Team figures by team; partial, so that a whole-area query never walks it.
        Index(
            "ix_observation_team_period",
            "team_id",
            "period_end",
            sqlite_where=team_id.isnot(None),
            postgresql_where=team_id.isnot(None),
        ),
        Index("ix_observation_period", "period_end"),  # the newest period, for "as at"
    )
