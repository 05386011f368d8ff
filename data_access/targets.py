"""A measure's target and tolerance, set in the app: checked against the measure's unit, then
changed in one transaction with its version raised and the change kept in the history, as every
edit is (data_access/edits.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data_access import data_version
from data_access.edits import EditRejected, conflict_since, editor_name, record_change
from data_access.models import Indicator
from data_access.numbers import NumberRefused, parse_number
from data_access.queries.changes import INDICATOR

# The largest sensible target or tolerance in each unit: a percentage is at most 100, a rate
# per 10,000 children at most 10,000; any other figure of a council's at most a million.
LARGEST_TARGET = {"percent": 100.0, "rate_per_10k": 10_000.0}
LARGEST_OTHERWISE = 1_000_000.0
UNIT_WORDS = {
    "percent": "percentage",
    "rate_per_10k": "rate per 10,000 children",
    "days": "number of days",
}


def _number(value, field: str, unit: str, errors: dict[str, str]) -> float | None:
    """The number typed in a form's field (numbers.py says how it is written; a percentage may
    end in %), or None for an empty field; a refusal goes into `errors`. A number sent as one
    (0, say) is read like its text, so that 0 is 0 and not "none"."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if not text.strip():
        return None
    try:
        number = parse_number(text, percent_sign=unit == "percent")
    except NumberRefused as refused:
        errors[field] = f"“{text.strip()}” {refused.reason}. Leave it empty for none."
        return None
    largest = LARGEST_TARGET.get(unit, LARGEST_OTHERWISE)
    word = UNIT_WORDS.get(unit, unit)
    if number < 0:
        errors[field] = f"The {field} cannot be negative: a {word} is never below zero."
    elif number > largest:
        errors[field] = f"The {field} must be from 0 to {largest:,.0f} for a {word}."
    else:
        return number
    return None


@dataclass(frozen=True)
class TargetForm:
    """What the target form needs of a measure: its words, its unit and its current target."""

    title: str
    unit: str
    polarity: str
    target: float | None
    tolerance: float | None
    version: int


def target_form(session: Session, ref: str) -> TargetForm | None:
    row = session.execute(
        select(
            Indicator.title,
            Indicator.unit,
            Indicator.polarity,
            Indicator.target,
            Indicator.tolerance,
            Indicator.target_version,
        ).where(Indicator.ref == ref)
    ).first()
    return TargetForm(*row) if row else None


def set_target(
    session: Session,
    ref: str,
    target: float | str | None,
    tolerance: float | str | None,
    by: str | None,
    expected_version: int,
) -> int:
    """Set measure `ref`'s target and tolerance (None for none); the new target version."""
    row = session.execute(
        select(Indicator.unit, Indicator.target, Indicator.tolerance).where(Indicator.ref == ref)
    ).first()
    if row is None:
        raise EditRejected({"measure": f"There is no measure “{ref}”."})
    unit, old_target, old_tolerance = row
    errors: dict[str, str] = {}
    new_target = _number(target, "target", unit, errors)
    new_tolerance = _number(tolerance, "tolerance", unit, errors)
    if new_tolerance is not None and new_target is None and "target" not in errors:
        errors["tolerance"] = "A tolerance needs a target to be measured from."
    name = editor_name(by, "by", errors)
    if errors:
        raise EditRejected(errors)
    try:
        moved = session.execute(
            update(Indicator)
            .where(Indicator.ref == ref, Indicator.target_version == expected_version)
            .values(
                target=new_target,
                tolerance=new_tolerance,
                target_version=Indicator.target_version + 1,
            )
        )
        if moved.rowcount != 1:
            session.rollback()
            version = session.scalar(select(Indicator.target_version).where(Indicator.ref == ref))
            raise conflict_since(
                session, "target", version, INDICATOR, ref, expected_version, "target"
            )
        record_change(
            session,
            INDICATOR,
            ref,
            "target",
            expected_version + 1,
            name,
            {"target": old_target, "tolerance": old_tolerance},
            {"target": new_target, "tolerance": new_tolerance},
        )
        data_version.bump(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return expected_version + 1
