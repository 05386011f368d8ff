"""Which measures Annex A gives, and what each counts: the rule that computes it (rules.py), the
columns it reads, its definition sentence (shown on the measure's page beside the catalogue's
own) and the DfE guidance it follows. Where Annex A alone cannot give DfE's exact figure, the
definition says what it counts instead."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from data_access.annex_a import rules
from data_access.annex_a.rules import CIN_CENSUS, SSDA903, Lists, Month, Tallies

_CASES = {6: ("child", "cin_start", "cin_end"), 7: ("child", "cp_start", "cp_end")}
_CASES = {**_CASES, 8: ("child", "lac_start", "lac_end")}


@dataclass(frozen=True)
class Measure:
    """A measure computed from Annex A. `as_at_only`: taken at the as-at date only, the list
    holding only the latest value; `period` names what its figure covers when that is not the
    month (`12 months to`); `averaged_over`: the months a count covers, to give a month's
    average that a monthly series can hold."""

    ref: str
    rule: Callable[[Lists, Month], Tallies]
    needs: Mapping[int, tuple[str, ...]]
    definition: str
    source: str
    as_at_only: bool = False
    period: str = ""
    averaged_over: int = 1  # months a count is averaged over, to stand beside monthly counts


MEASURES: tuple[Measure, ...] = (
    Measure("1a", rules.contacts, {1: ("contact",)},
            "Contacts in List 1 whose date of contact falls in the month.", CIN_CENSUS),
    Measure("4", rules.referrals, {3: ("referral",)},
            "Referrals in List 3 whose date of referral falls in the month.", CIN_CENSUS),
    Measure("6", rules.rereferrals, {3: ("referral", "referrals_12m")},
            "Of the referrals in the month (List 3), those whose 'Number of Referrals in Last "
            "12 Months' is 1 or more: a referral within 12 months of an earlier one.",
            CIN_CENSUS),
    Measure("8", rules.assessments_in_time, {4: ("assessment_start", "authorised")},
            "Of the assessments authorised in the month (List 4), those authorised within 45 "
            "working days of the assessment's start (DfE counts from the referral, which "
            "List 4 does not give). Working days are Monday to Friday less England and Wales "
            "bank holidays, counted from the day after the start.", CIN_CENSUS),
    Measure("9a", rules.open_cases, _CASES,
            "Children with an open case at the month's end: looked after (List 8), on a child "
            "protection plan (List 7) or otherwise in need (List 6), each child once, held by "
            "the team of the first of those lists they are on.", CIN_CENSUS),
    Measure("9b", rules.looked_after, {8: ("lac_start", "lac_end")},
            "Children in List 8 looked after at the month's end: started on or before it and "
            "not ceased by it.", SSDA903),
    Measure("9c", rules.on_plan, {7: ("cp_start", "cp_end")},
            "Children in List 7 on a child protection plan at the month's end: the plan "
            "started on or before it and had not ended by it.", CIN_CENSUS),
    Measure("9d", rules.other_children_in_need, _CASES,
            "Children in List 6 with an open child in need episode at the month's end who "
            "were neither looked after (List 8) nor on a child protection plan (List 7) then.",
            CIN_CENSUS),
    Measure("11", rules.icpcs, {5: ("icpc",)},
            "Initial child protection conferences in List 5 held in the month.", CIN_CENSUS),
    Measure("12", rules.icpcs_in_time, {5: ("strategy", "icpc")},
            "Of the initial child protection conferences held in the month (List 5), those "
            "held within 15 working days of the strategy discussion that began the section 47 "
            "enquiry.", CIN_CENSUS),
    Measure("13", rules.second_plans, {7: ("cp_start", "previous_plans")},
            "Child protection plans in List 7 starting in the month whose child had a plan "
            "before ('Number of Previous Child Protection Plans' 1 or more, at any time: Annex "
            "A does not say whether within two years).", CIN_CENSUS),
    Measure("19a", rules.health_assessments, {8: ("lac_start", "lac_end", "health")},
            "Of the children in List 8 looked after at the as-at date for 12 months or more, "
            "those whose last health assessment was in the 12 months to it.", SSDA903, True),
    Measure("19b", rules.dental_checks, {8: ("lac_start", "lac_end", "dental")},
            "Of the children in List 8 looked after at the as-at date for 12 months or more, "
            "those whose last dental check was in the 12 months to it.", SSDA903, True),
    Measure("20a", rules.three_placements, {8: ("lac_start", "lac_end", "placements_12m")},
            "Of the children in List 8 looked after at the as-at date, those with 3 or more "
            "placements in the last 12 months.", SSDA903, True),
    Measure("21a", rules.leavers_in_touch, {9: ("in_touch",)},
            "Of the care leavers in List 9 at the as-at date, all ages the list holds, those "
            "the authority is in touch with.", SSDA903, True),
    Measure("21b", rules.leavers_neet, {9: ("activity",)},
            "Of the care leavers in List 9 at the as-at date, those whose activity is not in "
            "education, employment or training (codes G4 to G6); a blank or unknown activity "
            "counts in the total only.", SSDA903, True),
    Measure("21c", rules.leavers_suitably_housed, {9: ("suitable",)},
            "Of the care leavers in List 9 at the as-at date, those whose accommodation is "
            "recorded as suitable; a blank counts in the total only.", SSDA903, True),
    Measure("25", rules.caseload, {n: (*cols, "worker") for n, cols in _CASES.items()},
            "Open cases at the month's end (as 9a) that have an allocated worker, over the "
            "number of different workers holding them. Annex A does not say who is a social "
            "worker, so every allocated worker counts.", CIN_CENSUS),
    Measure("34", rules.missing_episodes, {8: ("missing_12m", "lac_end")},
            "Episodes of going missing from placement in the 12 months to the as-at date, "
            "added up over the children in List 8 looked after at some time in them, divided "
            "by 12: a month's average (Annex A gives no dates of episodes, so not those of one "
            "month).", SSDA903, True, "Per month, year to", averaged_over=12),
    Measure("K3", rules.visits_in_time, {8: ("lac_start", "lac_end", "visit")},
            "Of the children in List 8 looked after at the as-at date, those whose last social "
            "work visit was in the 6 weeks (42 days) to it.", SSDA903, True),
    Measure("K6", rules.long_plans, {7: ("cp_start", "cp_end")},
            "Children in List 7 on a child protection plan at the month's end whose plan "
            "started more than 18 months before it.", CIN_CENSUS),
)  # fmt: skip

BY_REF = {measure.ref: measure for measure in MEASURES}


def annex_a_definition(ref: str) -> str | None:
    """What the measure counts when it is computed from Annex A, for its page; None if Annex A
    does not give it."""
    measure = BY_REF.get(ref)
    return measure.definition if measure else None
