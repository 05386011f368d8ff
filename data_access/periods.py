"""How a period is named from its end date: May 2020, 2020-21 Q1, 2015/16."""

from __future__ import annotations

from datetime import date


def period_label(period_end: date, frequency: str) -> str:
    if frequency == "monthly":
        return period_end.strftime("%b %Y")
    if frequency == "quarterly":
        # Financial-year quarters: April-June is Q1.
        start_year = period_end.year if period_end.month > 3 else period_end.year - 1
        quarter = ((period_end.month - 4) % 12) // 3 + 1
        return f"{start_year}-{str(start_year + 1)[2:]} Q{quarter}"
    if period_end.month in (3, 8):
        # Financial year to 31 March, academic year to 31 August.
        return f"{period_end.year - 1}/{str(period_end.year)[2:]}"
    if period_end.month == 12:
        return str(period_end.year)
    return f"Year to {period_end.strftime('%b %Y')}"
