"""The measure page's "How Tameside compares" section (dashboard/components/benchmark_section.py),
built from benchmarks written out by hand."""

from __future__ import annotations

from datetime import date

from dashboard.components.benchmark_section import NEIGHBOURS_TABLE, benchmark_section
from data_access.queries.benchmark import Benchmark, NeighbourFigure


def _worked_benchmark(**changes) -> Benchmark:
    neighbours = (
        NeighbourFigure(1, "Very close", "E06000358", "Authority 358", 10.0, None, None, None),
        NeighbourFigure(2, "Close", "E06000364", "Authority 364", None, None, None, "c"),
        NeighbourFigure(3, None, "E06000365", "Authority 365", None, None, None, None),
    )
    fields = dict(
        ref="6",
        unit="percent",
        polarity="down",
        area="E08000008",
        area_name="Tameside",
        date=date(2023, 3, 31),
        label="2022/23",
        value=20.0,
        numerator=None,
        denominator=None,
        symbol=None,
        rank=37,
        ties=0,
        of=152,
        band="B",
        neighbours=neighbours,
        neighbour_set="2025",
        groupings="sn_model_2025_wide.csv",
        neighbours_with_figure=2,
        sn_mean=23.5,
        sn_median=22.5,
    )
    return Benchmark(**(fields | changes))


def text_of(component) -> str:
    from dashboard.downloads import _text as cell_text

    return " ".join(cell_text(component).split())


def find(component, kind: str) -> list:
    found = [component] if type(component).__name__ == kind else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += find(child, kind)
    return found


def test_the_section_says_the_rank_band_and_neighbours_in_words_and_a_table():
    section = benchmark_section(_worked_benchmark())
    text = text_of(section)
    assert find(section, "H2")[0].children == "How Tameside compares"
    assert "Tameside's figure for 2022/23: 20.0%" in text
    assert "Tameside ranks 37th of 152 local authorities, where 1st is best." in text
    assert "Band B: second best quarter of the local authorities (lower is better)." in text
    letter = next(s for s in find(section, "Span") if s.children == "B")
    assert getattr(letter, "aria-hidden") == "true"  # read as the words, not the letter
    assert (
        "Statistical neighbours' mean 23.5%, median 22.5%, computed from the 2 of Tameside's "
        "3 statistical neighbours with a figure for 2022/23 (DfE 2025 model)." in text
    )
    [static] = find(section, "StaticHtml")
    assert static.id == NEIGHBOURS_TABLE
    table = static.children
    assert "closest first (DfE 2025 model)" in text_of(find(table, "Caption")[0])
    headers = find(table, "Th")
    assert [h.scope for h in headers[:4]] == ["col"] * 4
    assert [(h.children, h.scope) for h in headers[4:]] == [
        ("Authority 358", "row"),
        ("Authority 364", "row"),
        ("Authority 365", "row"),
    ]
    rows = [[text_of(cell) for cell in row.children] for row in find(table, "Tr")[1:]]
    assert rows == [
        ["Authority 358", "1 (closest)", "Very close", "10.0%"],
        ["Authority 364", "2", "Close", "c"],
        ["Authority 365", "3", "", "No figure"],
    ]
    assert "c: fewer than 6 children" in text  # what `c` means, as every page says it


def test_the_section_for_a_tie_a_neutral_measure_and_the_best_and_worst_bands():
    tie = benchmark_section(_worked_benchmark(rank=4, ties=1))
    assert "Tameside ranks joint 4th of 152 local authorities" in text_of(tie)
    neutral = text_of(benchmark_section(_worked_benchmark(polarity="neutral", band=None)))
    assert "where 1st is the highest figure." in neutral
    assert "a higher figure is neither better nor worse, so it has no quartile band" in neutral
    assert "Band" not in neutral
    best = benchmark_section(_worked_benchmark(band="A", polarity="up"))
    assert "Band A: best quarter of the local authorities (higher is better)" in text_of(best)
    worst = find(benchmark_section(_worked_benchmark(band="D")), "Span")
    assert any("rag-red" in (span.className or "") for span in worst)


def test_the_section_says_why_a_rank_or_an_average_is_not_shown():
    hidden = benchmark_section(
        _worked_benchmark(value=None, symbol="c", rank=None, band=None, ties=0)
    )
    assert "Tameside's figure for 2022/23: c" in text_of(hidden)
    assert "its rank and quartile band among the 152 local authorities" in text_of(hidden)
    withheld = _worked_benchmark(sn_mean=None, sn_median=None, sn_withheld=True)
    assert "are not shown: a neighbour's figure is hidden" in text_of(benchmark_section(withheld))
    few = _worked_benchmark(sn_mean=None, sn_median=None, neighbours_with_figure=1)
    assert "Only 1 of Tameside's 3 statistical neighbours have a figure" in text_of(
        benchmark_section(few)
    )
    alone = text_of(benchmark_section(_worked_benchmark(neighbours=(), neighbours_with_figure=0)))
    assert "statistical neighbours (DfE 2025 model) have not been imported" in alone


def test_the_section_says_when_every_neighbour_has_a_figure():
    everyone = _worked_benchmark(neighbours_with_figure=3)  # every neighbour has a figure
    assert "computed from all 3 of Tameside's statistical neighbours' figures for" in text_of(
        benchmark_section(everyone)
    )


def test_no_section_when_there_is_nothing_to_benchmark():
    assert benchmark_section(None) is None
