"""How far actions have got, in words and shares: the BRAG split, a status roll-up, and the
same kind of sentence for the ratings of a set of measures.

Pure rules on counts that the queries make in SQL; no Dash, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

BRAG_ORDER = ("red", "amber", "green", "blue", "not_started")
STATUS_WORDS = {
    "blue": "complete",
    "green": "on track",
    "amber": "at risk",
    "red": "off track",
    "not_started": "not started",
    "overdue": "overdue",
}
COMPLETE = "blue"


def is_open(status: str) -> bool:
    """Whether an action with this status is still open: anything but complete."""
    return status != COMPLETE


def unaddressed(rag: str | None, statuses: Iterable[str]) -> bool:
    """A red measure that no open action addresses: nothing is being done about it."""
    return rag == "red" and not any(is_open(status) for status in statuses)


# A roll-up puts each action in one group: complete, overdue (past due and not complete),
# or its status. The order is the order a reader scans for good news, then bad.
ROLLUP_ORDER = ("blue", "green", "amber", "red", "not_started", "overdue")


@dataclass(frozen=True)
class Share:
    status: str
    count: int
    percent: int  # whole percentages that add up to 100 when there is any action


def brag_split(counts: Mapping[str, int]) -> list[Share]:
    """Each BRAG status's share of the actions, as whole percentages adding up to 100.

    Largest remainders decide which shares are rounded up, so the split never shows 99 or 101.
    """
    total = sum(counts.get(status, 0) for status in BRAG_ORDER)
    if total == 0:
        return [Share(status, 0, 0) for status in BRAG_ORDER]
    exact = {status: 100 * counts.get(status, 0) / total for status in BRAG_ORDER}
    percent = {status: int(share) for status, share in exact.items()}
    short = 100 - sum(percent.values())
    by_remainder = sorted(BRAG_ORDER, key=lambda status: percent[status] - exact[status])
    for status in by_remainder[:short]:
        percent[status] += 1
    return [Share(status, counts.get(status, 0), percent[status]) for status in BRAG_ORDER]


def rollup_sentence(counts: Mapping[str, int]) -> str:
    """'4 actions: 2 complete, 1 on track, 1 overdue' from counts keyed as ROLLUP_ORDER."""
    total = sum(counts.get(group, 0) for group in ROLLUP_ORDER)
    if total == 0:
        return "No actions are linked yet."
    parts = [
        f"{counts[group]} {STATUS_WORDS[group]}" for group in ROLLUP_ORDER if counts.get(group)
    ]
    noun = "action" if total == 1 else "actions"
    return f"{total} {noun}: {', '.join(parts)}"


RATING_ORDER = (("green", "green"), ("amber", "amber"), ("red", "red"), (None, "not rated"))


def ratings_sentence(rags: list[str | None]) -> str:
    """'2 measures: 1 green, 1 red' from the measures' latest ratings (None: not rated)."""
    if not rags:
        return "No measures are linked yet."
    ratings = Counter(rags)
    parts = [f"{ratings[rag]} {word}" for rag, word in RATING_ORDER if ratings.get(rag)]
    noun = "measure" if len(rags) == 1 else "measures"
    return f"{len(rags)} {noun}: {', '.join(parts)}"


BRAG_WORDS = {status: status.replace("_", " ") for status in BRAG_ORDER}


def split_sentence(counts: Mapping[str, int], one: str = "action", many: str = "actions") -> str:
    """'Of 101 actions: 1% red, 4% amber, 13% green, 82% blue and 0% not started.'

    The BRAG split in words, as the council's SEND plan reports it to the scrutiny panel.
    """
    shares = brag_split(counts)
    total = sum(share.count for share in shares)
    if total == 0:
        return f"There are no {many} to count."
    *parts, last = [f"{share.percent}% {BRAG_WORDS[share.status]}" for share in shares]
    return f"Of {total:,} {one if total == 1 else many}: {', '.join(parts)} and {last}."
