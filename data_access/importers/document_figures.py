"""Figures a council or Ofsted document published, which a DfE import leaves as they are (SPEC
section 12): the document's figure is what was reported at the time. Where DfE publishes a
different figure for the same measure, area and date, the import lists the difference."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from data_access.models import Area, Indicator, Observation
from data_access.numbers import NumberRefused, parse_number

DFE_SOURCE = "DfE: "  # how the source of every figure a DfE import writes begins


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


def document_figures(
    connection: Connection, indicator_ref: str
) -> dict[tuple[str, date], tuple[float | None, str | None, str]]:
    """The measure's whole-area figures that a document published, by (area code, period
    end): value, symbol and source."""
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
            Observation.source.not_like(f"{DFE_SOURCE}%"),
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
    try:
        number = parse_number(cell)
    except NumberRefused:
        number = None
    if (symbol is not None and cell == symbol) or (value is not None and number == value):
        return None
    shown = symbol if symbol is not None else f"{value:g}"
    return Difference(area_code, period_end, shown, cell, source)
