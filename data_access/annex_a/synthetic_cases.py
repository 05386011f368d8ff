"""The open cases of the synthetic Annex A: child in need plans (List 6), child protection
plans (List 7) and children looked after (List 8), each a run of episodes that began before
the lists' first month as well as during it, so that each month's open cases are about
the sample authority's: 1,150 other children in need, 340 on a plan and 680 looked after.

Every episode that was open at some time from the first month on is listed; the dates of
visits, reviews and checks are the latest before the as-at date or the episode's end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from data_access.annex_a.synthetic_codes import (
    A_YES,
    ABUSE,
    ABUSE_WEIGHTS,
    B_NO,
    CASE_STATUSES,
    CEASED_REASONS,
    CEASED_WEIGHTS,
    CHILD_IN_NEED,
    CLOSURE_REASONS,
    CLOSURE_WEIGHTS,
    COLUMNS,
    HOME_LA,
    LEGAL_STATUSES,
    LEGAL_WEIGHTS,
    LOOKING_AFTER,
    NEED_WEIGHTS,
    NEEDS,
    PERMANENCE,
    PERMANENCE_WEIGHTS,
    PLACEMENT_LA_WEIGHTS,
    PLACEMENT_LAS,
    PLACEMENT_TYPES,
    PLACEMENT_WEIGHTS,
    POSTCODE_DISTRICTS,
    PROTECTING,
    PROVIDER_WEIGHTS,
    PROVIDERS,
    STRUGGLING_TEAM,
    lettered,
)
from data_access.annex_a.synthetic_front_door import PROFILES
from data_access.annex_a.synthetic_people import Child, Draw, month_end, month_starts

Episode = tuple[Child, date, str]  # the child, the day it began, the team's slug
IN_NEED_A_MONTH = 180  # child in need plans begun each month, before the lists' first month
PLANS_A_MONTH = 35
LOOKED_AFTER_A_MONTH = 19
LOCATIONS = lettered("Inside LA boundary", "Outside LA boundary")
SIX_WEEKS = 42
AGED_EIGHTEEN = CEASED_REASONS[3]  # E17: aged 18, stayed with the carers
PASSES_ON = "duty-and-assessment"
AGES_COMING_INTO_CARE, AGE_WEIGHTS = (
    ((0, 1), (1, 5), (5, 10), (10, 16), (16, 17.5)),
    (20, 15, 20, 35, 10),
)


def eighteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February
        return date(born.year + 18, 3, 1)


def _months_long(draw: Draw, spans: tuple[tuple[float, float, float], ...]) -> float:
    """A length in months from a mixture of (weight, shortest, longest) spans."""
    low, high = draw.pick([(s[1], s[2]) for s in spans], [s[0] for s in spans])
    return draw.between(low, high)


def begun_before(
    draw: Draw, first: date, months: int, per_month: float, child: Callable[[date], Child]
) -> list[tuple[Child, date]]:
    """Episodes begun in the `months` before `first`, `per_month` a month, for new children."""
    begun = []
    for start in month_starts(first - draw.months(months), first - timedelta(days=1)):
        last = min(month_end(start), first - timedelta(days=1))
        for _ in range(draw.count(per_month)):
            day = draw.day(start, last)
            begun.append((child(day), day))
    return begun


def _ended(draw: Draw, begun: date, months: float) -> date | None:
    end = begun + draw.months(months)
    return end if end <= draw.as_at else None


def _visited(draw: Draw, begun: date, until: date, in_time: float, timescale: int) -> date:
    """The latest visit before `until`: within `timescale` days as often as `in_time`."""
    if draw.chance(in_time):
        return draw.days_before(until, 0, timescale - 1, begun)
    return draw.days_before(until, timescale + 1, timescale * 3, begun)


def _team(draw: Draw, child: Child, team: str, shares: dict[str, float]) -> str:
    """The team that holds a case another team began: the same team if it holds such cases
    (but for the duty team, which passes most on), the disabled children's team for a disabled
    child, otherwise one by the shares."""
    if team in shares and (team != PASSES_ON or draw.chance(shares[team])):
        return team
    if child.disabled and STRUGGLING_TEAM in shares:
        return STRUGGLING_TEAM
    others = {
        slug: share for slug, share in shares.items() if slug not in (STRUGGLING_TEAM, PASSES_ON)
    }
    return draw.share(others)


def in_need(draw: Draw, first: date, names: dict[str, str], begun: list[Episode]) -> list[tuple]:
    """List 6: child in need plans, those begun before `first` and those in `begun`."""
    earlier = begun_before(draw, first, 30, IN_NEED_A_MONTH, lambda d: draw.child(d, 0, 17))
    episodes = [(c, d, draw.share(CHILD_IN_NEED)) for c, d in earlier] + begun
    rows = []
    for child, start, team in episodes:
        team = _team(draw, child, team, CHILD_IN_NEED)
        spans = ((0.45, 1, 6), (0.42, 6, 15), (0.13, 15, 30))
        end = _ended(draw, start, _months_long(draw, spans))
        if end is not None and end < first:
            continue
        until = end or draw.as_at
        seen = _visited(draw, start, until, PROFILES[team].visits_in_time, 28)
        reason = draw.pick(CLOSURE_REASONS, CLOSURE_WEIGHTS) if end else None
        need = draw.pick(NEEDS, NEED_WEIGHTS)
        disability = A_YES if child.disabled else B_NO
        row = (disability, start, need, seen, end, reason, CASE_STATUSES[2])
        rows.append((*draw.person(child), *row, names[team], draw.worker(team)))
    return rows


def protection(draw: Draw, first: date, names: dict[str, str], begun: list[Episode]) -> list:
    """List 7: child protection plans, those begun before `first` and those in `begun`."""
    earlier = begun_before(draw, first, 36, PLANS_A_MONTH, lambda d: draw.child(d, 0, 17))
    episodes = [(c, d, draw.share(PROTECTING)) for c, d in earlier] + begun
    rows = []
    for child, start, team in episodes:
        team = _team(draw, child, team, PROTECTING)
        previous = child.plans + (draw.pick((0, 1, 2), (86, 11, 3)))
        child.plans += 1
        end = _ended(draw, start, _months_long(draw, ((0.95, 3, 15), (0.05, 18, 30))))
        if end is not None and end < first:
            continue
        until = end or draw.as_at
        visited = _visited(draw, start, until, PROFILES[team].visits_in_time, 14)
        reviewed = None
        if (until - start).days > 90:
            reviewed = draw.days_before(until, 0, 180, start + timedelta(days=90))
        category = draw.pick(ABUSE, ABUSE_WEIGHTS)
        latest = category if draw.chance(0.9) else draw.pick(ABUSE, ABUSE_WEIGHTS)
        alone = A_YES if draw.chance(0.8) else B_NO
        protected = A_YES if draw.chance(0.03) else B_NO
        disability = A_YES if child.disabled else B_NO
        row = (disability, start, category, latest, visited, alone, reviewed, end, protected)
        rows.append((*draw.person(child), *row, previous, names[team], draw.worker(team)))
    return rows


def looked_after(draw: Draw, first: date, names: dict[str, str]) -> list[tuple]:
    """List 8: children looked after at some time from `first` on."""
    episodes = begun_before(  # to the as-at date, from long enough before for any child
        draw,
        draw.as_at + timedelta(days=1),
        12 * 18 + (draw.as_at - first).days // 30,
        LOOKED_AFTER_A_MONTH,
        lambda day: draw.child(day, *draw.pick(AGES_COMING_INTO_CARE, AGE_WEIGHTS)),
    )
    rows = []
    for child, start in episodes:
        team = STRUGGLING_TEAM if child.disabled else draw.share(LOOKING_AFTER)
        spans = ((0.3, 1, 12), (0.4, 12, 48), (0.3, 48, 160))
        end = _ended(draw, start, _months_long(draw, spans))
        adult = eighteenth_birthday(child.born)
        if adult <= draw.as_at and (end is None or end > adult):
            end = adult
        if end is not None and end < first:
            continue
        rows.append(_looked_after_row(draw, child, start, end, team, names))
    return rows


def _looked_after_row(
    draw: Draw, child: Child, start: date, end: date | None, team: str, names: dict[str, str]
) -> tuple:
    """A List 8 row: the child's episode, placement, checks and visits as at its end or the
    as-at date."""
    until = end or draw.as_at
    a_year_before = until - timedelta(days=365)
    age = (start - child.born).days / 365.25
    asylum = A_YES if age >= 14 and draw.chance(0.12) else B_NO
    legal_from = draw.day(start, min(until, start + timedelta(days=365)))
    reviewed = None if (until - start).days < 20 else draw.days_before(until, 0, 180, start)
    visited = _visited(draw, start, until, PROFILES[team].visits_in_time, SIX_WEEKS)
    iro = draw.days_before(until, 0, 180, start)
    health = _check(draw, start, until, 0.91)
    dental = _check(draw, start, until, 0.8) if (until - child.born).days > 365 else None
    moves = draw.pick((1, 2, 3, 4, 5), (78, 14, 5, 2, 1))
    if moves == 1 and start < a_year_before:
        placed = draw.day(start, a_year_before)
    else:
        placed = draw.day(max(start, a_year_before), until)
    placement = draw.pick(PLACEMENT_TYPES, PLACEMENT_WEIGHTS)
    home = draw.pick(PLACEMENT_LAS, PLACEMENT_LA_WEIGHTS)
    urn = f"SC{draw.whole(100_000, 999_999)}" if "K2" in placement else None
    older = (draw.as_at - child.born).days > 10 * 365
    missing = 1 + int(draw.random.expovariate(1 / 9)) if older and draw.chance(0.24) else 0
    absent = draw.whole(1, 4) if older and draw.chance(0.05) else 0
    offered = (A_YES if draw.chance(0.9) else B_NO) if missing else None
    accepted = (A_YES if draw.chance(0.6) else B_NO) if offered == A_YES else None
    row = (
        asylum,
        A_YES if child.disabled else B_NO,
        start,
        draw.pick(NEEDS, NEED_WEIGHTS),
        A_YES if draw.chance(0.04) else B_NO,
        legal_from,
        draw.pick(LEGAL_STATUSES, LEGAL_WEIGHTS),
        reviewed,
        visited,
        draw.pick(PERMANENCE, PERMANENCE_WEIGHTS),
        iro,
        health,
        dental,
        moves,
        end,
        _ceased_because(draw, child, end),
        placed,
        placement,
        draw.pick(PROVIDERS, PROVIDER_WEIGHTS),
        f"{draw.pick(POSTCODE_DISTRICTS)} 9ZZ",
        urn,
        LOCATIONS[0] if home == HOME_LA else LOCATIONS[1],
        home,
        missing,
        absent,
        offered,
        accepted,
    )
    return (*draw.person(child), *row, names[team], draw.worker(team))


def _ceased_because(draw: Draw, child: Child, end: date | None) -> str | None:
    if end is None:
        return None
    if end == eighteenth_birthday(child.born):
        return AGED_EIGHTEEN
    return draw.pick(CEASED_REASONS, CEASED_WEIGHTS)


def _check(draw: Draw, start: date, until: date, in_time: float) -> date | None:
    """The latest health assessment or dental check: in the last year as often as `in_time`
    (for a child looked after long enough to have had one), earlier or never otherwise."""
    if draw.chance(in_time):
        return draw.days_before(until, 0, 364, start)
    if (until - start).days <= 365:
        return None
    return draw.days_before(until, 366, 720, start)


def also_in_need(protected: list[tuple], looked_after_rows: list[tuple]) -> list[tuple]:
    """List 6 rows for the children on a plan or looked after: Annex A's children in need
    include them, with the case status saying which they are."""
    rows = []
    for columns, found, status, need in (
        (COLUMNS["List 7"], protected, CASE_STATUSES[1], None),
        (COLUMNS["List 8"], looked_after_rows, CASE_STATUSES[0], "Child's Category of Need"),
    ):
        at = {name: place for place, name in enumerate(columns)}
        start, end = (
            ("Child Protection Plan Start Date", "Child Protection Plan End Date")
            if need is None
            else ("Date Started to be Looked After", "Date Ceased to be Looked After")
        )
        seen = (
            "Date of the Last Statutory Visit" if need is None else "Date of Last Social Work Visit"
        )
        for row in found:
            closed = row[at[end]]
            rows.append(
                (
                    *row[:6],
                    row[at[start]],
                    NEEDS[0] if need is None else row[at[need]],
                    row[at[seen]],
                    closed,
                    CLOSURE_REASONS[-1] if closed else None,
                    status,
                    *row[-2:],
                )
            )
    return rows
