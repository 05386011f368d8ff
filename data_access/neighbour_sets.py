"""DfE's two sets of statistical neighbours (SPEC section 12): the April 2021 groupings and the
2025 model. Each names, for every authority, the 10 authorities most like it. The setting
`STATISTICAL_NEIGHBOURS` picks the one the dashboard compares with; both are kept, each under
its key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeighbourSet:
    key: str  # as STATISTICAL_NEIGHBOURS names it and the database keeps it
    name: str  # as a page or a figure's source names it


NEIGHBOUR_SETS = {
    "2021": NeighbourSet("2021", "DfE April 2021 groupings"),
    "2025": NeighbourSet("2025", "DfE 2025 model"),
}
DEFAULT_NEIGHBOUR_SET = "2025"


def neighbour_set_name(key: str) -> str:
    """'DfE 2025 model' for '2025'; an unknown key is named as it is."""
    known = NEIGHBOUR_SETS.get(key)
    return known.name if known else key


def neighbour_set_setting(setting: str | None) -> str:
    """STATISTICAL_NEIGHBOURS as a set's key (the default when unset), or a clear refusal."""
    text = (setting or DEFAULT_NEIGHBOUR_SET).strip()
    if text not in NEIGHBOUR_SETS:
        choices = " or ".join(f"{key} ({known.name})" for key, known in NEIGHBOUR_SETS.items())
        raise ValueError(
            f"STATISTICAL_NEIGHBOURS is {text!r}: set it to {choices}, or leave it unset for "
            f"{DEFAULT_NEIGHBOUR_SET}."
        )
    return text
