"""The other lists of the synthetic Annex A: early help assessments (List 2), care leavers
(List 9), children with an adoption decision (List 10) and adopters (List 11), at the sample
authority's volumes, about: 150 early help assessments a month, 315 care leavers, 3
adoption decisions and 5 adopters' enquiries a month.
"""

from __future__ import annotations

from datetime import date, timedelta

from data_access.annex_a.synthetic_codes import (
    A_YES,
    ACCOMMODATION,
    ACCOMMODATION_WEIGHTS,
    ADOPTION_ENDED,
    B_NO,
    EARLY_HELP_ORGANISATIONS,
    EARLY_HELP_TEAMS,
    ELIGIBILITY,
    ELIGIBILITY_WEIGHTS,
    ETHNICITIES,
    ETHNICITY_WEIGHTS,
    GENDERS,
    IN_EDUCATION_OR_WORK,
    IN_TOUCH,
    IN_TOUCH_WEIGHTS,
    NO,
    NOT_IN_EDUCATION_OR_WORK,
    SUITABILITY,
    YES,
)
from data_access.annex_a.synthetic_people import Draw, month_end, month_starts

EARLY_HELP_A_MONTH = 150
CARE_LEAVERS = 315
ADOPTION_DECISIONS_A_MONTH = 3
ADOPTERS_A_MONTH = 5
IN_EDUCATION_OR_WORK_SHARE = 0.61
SUITABLE_SHARE = 0.985  # of care leavers in touch


def _monthly(draw: Draw, first: date, per_month: float) -> list[date]:
    """Days on which something happens, `per_month` a month from `first` to the as-at date."""
    days = []
    for start in month_starts(first, draw.as_at):
        last = min(month_end(start), draw.as_at)
        days.extend(draw.day(start, last) for _ in range(draw.count(per_month)))
    return sorted(days)


def _after(draw: Draw, day: date | None, low: int, high: int) -> date | None:
    """A day `low` to `high` days after `day`, if that is not after the as-at date."""
    if day is None:
        return None
    later = day + timedelta(days=draw.whole(low, high))
    return later if later <= draw.as_at else None


def early_help(draw: Draw, first: date, names: dict[str, str]) -> list[tuple]:
    """List 2: early help assessments begun from `first` on."""
    organisations = [names[slug] for slug in EARLY_HELP_TEAMS] + list(EARLY_HELP_ORGANISATIONS)
    weights = [22] * len(EARLY_HELP_TEAMS) + [8] * len(EARLY_HELP_ORGANISATIONS)
    rows = []
    for start in _monthly(draw, first, EARLY_HELP_A_MONTH):
        child = draw.child(start, 0, 17.9)
        done = _after(draw, start, 10, 70)
        rows.append((*draw.person(child), start, done, draw.pick(organisations, weights)))
    return rows


def care_leavers(draw: Draw, names: dict[str, str]) -> list[tuple]:
    """List 9: the care leavers the service supports on the as-at date."""
    rows = []
    for _ in range(draw.count(CARE_LEAVERS)):
        child = draw.child(draw.as_at, 17, 21.9)
        in_touch = draw.pick(IN_TOUCH, IN_TOUCH_WEIGHTS)
        home = suitable = activity = None
        if in_touch == IN_TOUCH[0]:
            home = draw.pick(ACCOMMODATION, ACCOMMODATION_WEIGHTS)
            suitable = SUITABILITY[0] if draw.chance(SUITABLE_SHARE) else SUITABILITY[1]
            if draw.chance(IN_EDUCATION_OR_WORK_SHARE):
                activity = draw.pick(IN_EDUCATION_OR_WORK, (15, 2, 25, 5, 45, 8))
            else:
                activity = draw.pick(NOT_IN_EDUCATION_OR_WORK, (25, 60, 15))
        eligibility = draw.pick(ELIGIBILITY, ELIGIBILITY_WEIGHTS)
        disability = A_YES if child.disabled else B_NO
        team = "leaving-care"
        allocated = (names[team], draw.worker(team))
        rows.append(
            (*draw.person(child), disability, *allocated, eligibility, in_touch)
            + (home, suitable, activity)
        )
    return rows


def adoption(draw: Draw, first: date) -> list[tuple]:
    """List 10: children whom the authority decided should be placed for adoption."""
    rows = []
    for decided in _monthly(draw, first, ADOPTION_DECISIONS_A_MONTH):
        child = draw.child(decided, 0.3, 6)
        entered = max(child.born, decided - timedelta(days=draw.whole(60, 300)))
        order = _after(draw, decided, 30, 150)
        matched = _after(draw, order, 30, 200)
        placed = _after(draw, matched, 7, 30)
        adopted = _after(draw, placed, 90, 250)
        fostered = draw.day(entered, decided) if draw.chance(0.1) else None
        stopped = reason = None
        if adopted is None and draw.chance(0.08):
            stopped = _after(draw, decided, 60, 300)
            reason = draw.pick(ADOPTION_ENDED) if stopped else None
            placed = adopted = None if stopped else placed
        family = draw.whole(1_000_000, 9_999_999)
        disability = A_YES if child.disabled else B_NO
        person = draw.person(child)
        rows.append(
            (person[0], family, *person[1:], disability, entered, decided, order, matched)
            + (placed, adopted, stopped, reason, fostered)
        )
    return rows


def adopters(draw: Draw, first: date) -> list[tuple]:
    """List 11: people who asked about adopting from `first` on."""
    rows = []
    for asked in _monthly(draw, first, ADOPTERS_A_MONTH):
        stage_1 = _after(draw, asked, 5, 40)
        stage_1_ended = _after(draw, stage_1, 40, 70)
        stage_2 = _after(draw, stage_1_ended, 1, 20)
        stage_2_ended = _after(draw, stage_2, 90, 130)
        applied = _after(draw, stage_2, 0, 10)
        approved = _after(draw, stage_2_ended, 10, 40)
        matched = _after(draw, approved, 30, 240)
        placed = _after(draw, matched, 7, 30)
        children = draw.pick((1, 2), (85, 15)) if placed else None
        adopted = _after(draw, placed, 90, 250)
        left = reason = None
        if approved is None and draw.chance(0.35):
            left = _after(draw, stage_2 or stage_1_ended or stage_1 or asked, 5, 60)
            reason = "Withdrew from the process" if left else None
        rows.append(
            (
                draw.whole(1_000_000, 9_999_999),
                draw.whole(1_000_000, 9_999_999),
                draw.pick(GENDERS[:2]),
                draw.pick(ETHNICITIES, ETHNICITY_WEIGHTS),
                A_YES if draw.chance(0.05) else B_NO,
                YES if draw.chance(0.1) else NO,
                asked,
                stage_1,
                stage_1_ended,
                stage_2,
                stage_2_ended,
                applied,
                approved,
                matched,
                placed,
                children,
                adopted,
                left,
                reason,
            )
        )
    return rows
