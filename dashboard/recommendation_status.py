"""Is an Ofsted recommendation being met? A verdict and a one-sentence reason, from how far
its actions have got and how its measures are rated. Pure rules: no Dash, no database.

The rule, checked in this order (the first that applies decides):

1. **No evidence yet**: no actions are linked and no linked measure has a rated figure, so
   there is nothing to judge it by.
2. **Not yet met**: any action is overdue or off track, or any measure's latest figure for
   the authority is red.
3. **Evidence of progress**: every action is complete or on track, no measure is red, and
   something shows progress (an action complete or on track, or a measure rated green).
4. **Partly**: anything else, such as actions at risk or not started (but not yet overdue),
   or measures only amber (worse than target, within its tolerance).

Actions come as the roll-up counts of `action_progress.ROLLUP_ORDER` (an action past its due
date and not complete counts once, as overdue). Measures come as their ratings: "green",
"amber", "red" or None for not rated (no figure, suppressed, no target, or a context measure).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PROGRESS = "progress"
PARTLY = "partly"
NOT_MET = "not_met"
NO_EVIDENCE = "no_evidence"

VERDICT_WORDS = {
    PROGRESS: "Evidence of progress",
    PARTLY: "Partly",
    NOT_MET: "Not yet met",
    NO_EVIDENCE: "No evidence yet",
}
# How an inspection's summary names each verdict, in the order it lists them.
SUMMARY_WORDS = {
    PROGRESS: "showing evidence of progress",
    PARTLY: "partly",
    NOT_MET: "not yet met",
    NO_EVIDENCE: "with no evidence yet",
}

HOW_WE_JUDGE = (
    "Each recommendation is judged from the actions that answer it and the authority's latest "
    "figure of each measure that evidences it. It is “not yet met” when any of its actions is "
    "overdue or off track, or any of its measures is red. It shows “evidence of progress” when "
    "every action is complete or on track, no measure is red, and at least one action or "
    "measure shows progress (complete, on track or green). It is “partly” met otherwise: for "
    "example when actions are at risk or not started but not yet overdue, or its measures are "
    "amber. With no actions and no rated measure there is “no evidence yet”. This is a guide "
    "to where to look, not Ofsted's judgement: open a recommendation to see the evidence."
)


@dataclass(frozen=True)
class Verdict:
    key: str  # PROGRESS, PARTLY, NOT_MET or NO_EVIDENCE
    reason: str  # one sentence

    @property
    def word(self) -> str:
        return VERDICT_WORDS[self.key]


def _all(count: int, noun: str) -> str:
    """'its one action', 'both actions', 'all 3 actions'."""
    if count == 1:
        return f"its one {noun}"
    return f"both {noun}s" if count == 2 else f"all {count} {noun}s"


def _things(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _sentence(parts: list[str]) -> str:
    text = _listed(parts)
    return text[:1].upper() + text[1:] + "."


def _measures_shown(measures: Sequence[str | None], green: int) -> str:
    count = len(measures)
    if count == 0:
        return "no measures are linked"
    if count == 1:
        return "its one measure is green" if green else "its one measure is not red"
    if green == count:
        return f"{_all(count, 'measure')} are green"
    if green == 0:
        return f"none of its {count} measures is red"
    return f"{green} of its {count} measures {_are(green)} green and none is red"


def judge(actions: Mapping[str, int], measures: Sequence[str | None]) -> Verdict:
    """The verdict on one recommendation from its actions' roll-up counts (keyed blue, green,
    amber, red, not_started, overdue) and its measures' ratings (None: not rated)."""
    total_actions = sum(actions.values())
    ratings = Counter(measures)
    rated = ratings["green"] + ratings["amber"] + ratings["red"]
    if total_actions == 0 and rated == 0:
        if not measures:
            return Verdict(NO_EVIDENCE, "No actions or measures are linked to it yet.")
        unrated = (
            "its one measure is not"
            if len(measures) == 1
            else f"none of its {len(measures)} measures is"
        )
        return Verdict(NO_EVIDENCE, f"No actions are linked and {unrated} rated yet.")

    overdue, off_track = actions.get("overdue", 0), actions.get("red", 0)
    if overdue or off_track or ratings["red"]:
        problems = []
        if overdue:
            problems.append(f"{_things(overdue, 'action')} {_are(overdue)} overdue")
        if off_track:
            problems.append(f"{_things(off_track, 'action')} {_are(off_track)} off track")
        if ratings["red"]:
            problems.append(f"{_things(ratings['red'], 'measure')} {_are(ratings['red'])} red")
        return Verdict(NOT_MET, _sentence(problems))

    moving = actions.get("blue", 0) + actions.get("green", 0)
    at_risk, not_started = actions.get("amber", 0), actions.get("not_started", 0)
    if not at_risk and not not_started and (moving or ratings["green"]):
        done = (
            f"{_all(total_actions, 'action')} {_are(total_actions)} complete or on track"
            if total_actions
            else "no actions are linked"
        )
        return Verdict(PROGRESS, _sentence([done, _measures_shown(measures, ratings["green"])]))

    holding = []
    if at_risk:
        holding.append(f"{_things(at_risk, 'action')} {_are(at_risk)} at risk")
    if not_started:
        holding.append(f"{_things(not_started, 'action')} {_are(not_started)} not started")
    if not holding:  # no action is under way and no measure has reached its target
        holding.append(
            f"{_things(ratings['amber'], 'measure')} {_are(ratings['amber'])} amber and "
            "none is green yet"
        )
    return Verdict(PARTLY, f"Nothing is overdue, off track or red, but {_listed(holding)}.")


def verdicts_sentence(verdicts: Sequence[str]) -> str:
    """'6 recommendations: 2 showing evidence of progress, 3 partly, 1 not yet met'."""
    if not verdicts:
        return "No recommendations."
    counts = Counter(verdicts)
    parts = [f"{counts[key]} {words}" for key, words in SUMMARY_WORDS.items() if counts[key]]
    return f"{_things(len(verdicts), 'recommendation')}: {', '.join(parts)}"
