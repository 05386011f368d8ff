"""The benchmark API's answer (`/api/v1/indicators/<ref>/benchmark`): a measure's rank, band
and neighbours as the asker may see them, with what they mean in words."""

from __future__ import annotations

from datetime import date

from data_access.benchmarking import band_words, rank_words
from data_access.queries.benchmark import Benchmark

NO_BENCHMARK = (
    "Nothing to benchmark: benchmarking ranks a local authority's figure among every local "
    "authority's on the same date, so it needs the area's figure{when} and other authorities' "
    "figures for that date (DfE data for all authorities, imported with import-ees)."
)
RANK_HIDDEN = "The area's figure is hidden (c), so its rank and quartile band are not shown."
SN_WITHHELD = (
    "A neighbour's figure is hidden (c), so the neighbours' mean and median are not shown: "
    "with the other figures either would give it back."
)
NEIGHBOUR_COLUMNS = ["position", "closeness", "code", "name", "value", "symbol"]


def benchmark_json(result: Benchmark | None, on: date | None) -> dict:
    """A benchmark as the asker may see it, with its rank and band in words; nulls and a note
    saying why when there is nothing to benchmark."""
    if result is None:
        when = f" on {on.isoformat()}" if on else ""
        fields = ("date", "label", "value", "symbol", "rank", "joint", "of", "rank_words")
        fields += ("band", "band_words", "sn_mean", "sn_median", "sn_provenance", "sn_source")
        fields += ("neighbour_set", "groupings")
        return dict.fromkeys(fields) | {
            "neighbours_with_figure": 0,
            "neighbours": [],
            "note": NO_BENCHMARK.format(when=when),
        }
    ranked = result.rank is not None
    return {
        "area_name": result.area_name,
        "date": result.date.isoformat(),
        "label": result.label,
        "value": result.value,
        "symbol": result.symbol,
        "rank": result.rank,
        "joint": result.ties > 0 if ranked else None,
        "of": result.of,
        "rank_words": (
            rank_words(result.rank, result.ties, result.of, result.polarity) if ranked else None
        ),
        "band": result.band,
        "band_words": band_words(result.band),
        "sn_mean": result.sn_mean,
        "sn_median": result.sn_median,
        "sn_provenance": result.sn_provenance,
        "sn_source": result.sn_source,
        "neighbours_with_figure": result.neighbours_with_figure,
        "neighbour_set": result.neighbour_set_name,
        "groupings": result.groupings,
        "neighbours": [
            {column: getattr(neighbour, column) for column in NEIGHBOUR_COLUMNS}
            for neighbour in result.neighbours
        ],
        "note": " ".join(
            note
            for note, applies in ((RANK_HIDDEN, not ranked), (SN_WITHHELD, result.sn_withheld))
            if applies
        )
        or None,
    }
