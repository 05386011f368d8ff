"""Figures a DfE import leaves as they are. A council or Ofsted document's (SPEC section 12): the
document's figure is what was reported at the time, and where DfE publishes a different one for
the same measure, area and date, the import lists the difference. And a newer DfE release's,
when an older file that it revises is imported after it (the workforce's headline file of 2017
to 2022, revised by the indicators file of 2017 to 2025)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, or_, select

from data_access.models import Area, Indicator, Observation
from data_access.numbers import NumberRefused, parse_number

DFE_SOURCE = "DfE: "  # how the source of every figure a DfE import writes begins


def dfe_source(file_name: str) -> str:
    """How the source of a figure loaded from the DfE file `file_name` begins."""
    return f"{DFE_SOURCE}{file_name}, "


@dataclass(frozen=True)
class Difference:
    """A figure a document published that DfE's file gives differently: both, as written."""

    area_code: str
    period_end: date
    document: str
    dfe: str
    source: str

    def __str__(self) -> str:
        return (
            f"for {self.area_code} on {self.period_end}, the document's {self.document} "
            f"({self.source}) is kept; DfE's file gives {self.dfe}"
        )


def kept_figures(
    connection: Connection, indicator_ref: str, newer_files: tuple[str, ...] = ()
) -> dict[tuple[str, date], tuple[float | None, str | None, str]]:
    """The measure's whole-area figures that a DfE import leaves alone, by (area code, period
    end): value, symbol and source. Those a document published, and those loaded from the
    DfE files named `newer_files` (a later release that revises the one being imported)."""
    query = (
        select(
            Area.code, Observation.period_end, Observation.value, Observation.symbol,
            Observation.source,
        )
        .join(Area, Area.id == Observation.area_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(
            Indicator.ref == indicator_ref,
            Observation.team_id.is_(None),
            Observation.provenance == "published",
            or_(
                Observation.source.not_like(f"{DFE_SOURCE}%"),
                *(Observation.source.like(f"{dfe_source(name)}%") for name in newer_files),
            ),
        )
    )  # fmt: skip
    return {
        (code, period_end): (value, symbol, source)
        for code, period_end, value, symbol, source in connection.execute(query)
    }


def difference(
    area_code: str, period_end: date, cell: str, kept: tuple[float | None, str | None, str]
) -> Difference | None:
    """How DfE's `cell` differs from the document's figure `kept`, or None if it is the same."""
    value, symbol, source = kept
    if source.startswith(DFE_SOURCE):
        return None  # a newer DfE release's revision, not a difference to list
    try:
        number = parse_number(cell)
    except NumberRefused:
        number = None
    if (symbol is not None and cell == symbol) or (value is not None and number == value):
        return None
    shown = symbol if symbol is not None else f"{value:g}"
    return Difference(area_code, period_end, shown, cell, source)
