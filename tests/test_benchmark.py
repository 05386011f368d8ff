"""Benchmarking (SPEC section 11): an authority's rank, quartile band and statistical neighbours
(data_access/queries/benchmark.py), the neighbours the DfE importer stores for it, and the
measure page that shows them (its section alone: test_benchmark_section.py). On a small
DfE-format file worked by hand, and on a real DfE file against pandas."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pandas
import pytest
from sqlalchemy.orm import Session

from dashboard import visible_figures as visible
from dashboard.components.benchmark_section import NEIGHBOURS_TABLE
from data_access.importers.area_codes import current_codes
from data_access.importers.ees import import_ees
from data_access.importers.neighbours import import_neighbour_set
from data_access.neighbour_sets import neighbour_set_name
from data_access.queries.benchmark import benchmark
from data_access.seed import SAMPLE_DATA, seed_reference_data
from data_access.seed_dfe import FOLDER
from tests.conftest import as_role, counted_queries, make_app
from tests.test_benchmark_section import find, text_of
from tests.test_import_ees import EES, NEIGHBOURS, NEIGHBOURS_2025, SYMBOLS, needs_ees

# A small file in DfE's format, worked by hand. Authorities by old LA number: Tameside (357),
# its neighbours 358 to 366 in that order and Stockport (356), which the file lacks, so it is
# placed by DfE's list of LA numbers (sample_data/local_authorities.csv); 367 to 369 are not
# neighbours. England and the North West have figures too, and must not be ranked.
#
# 2023/24 (31 March 2024): only Tameside has a figure, so it is never the benchmark's date.
# 2022/23 (31 March 2023), 9 authorities with a number (364 is `c`, not ranked):
#   sorted          10 (358), 12 (366), 15 (359), 20 (357), 20 (360), 25, 30, 35, 41 (365)
#   cut points      (9 - 1) × 1/4 = 2 → 15; × 2/4 = 4 → 20; × 3/4 = 6 → 30 (from 0)
#   lower better    10, 12, 15 are better: rank 4, joint with 360; 20 is on the median: B
#   higher better   25, 30, 35, 41 are better: rank 5, joint; on the median, the range below: C
#   neutral         rank 5 (1 = highest), joint; no band
#   neighbours      358..366 stored at positions 1 to 9, Stockport (no row) at 10;
#                   8 of 10 with a figure (364 is `c`): 10 15 20 25 30 35 41 12
#                   mean 188 / 8 = 23.5; median of 10 12 15 20 25 30 35 41 = (20 + 25) / 2 = 22.5
# 2021/22 (31 March 2022), 8 authorities: 10 (358), 14 (359), 15 (357), 16 (360), 22 (361),
#   26, 30, 34 (367 to 369). Lower better: 10 and 14 are better, rank 3 of 8. Cut points
#   1.75 → 14.75, 3.5 → 19, 5.25 → 27: 15 is between the lower quartile and the median: B.
#   Only 4 of the 10 neighbours have a figure: too few for a mean or median.
HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,la_name,new_la_code,figure"
)
NAMES = {"357": "Tameside", **{str(n): f"Authority {n}" for n in range(358, 370)}}
FIGURES = {
    2024: {"357": "18"},
    2023: {"357": "20", "358": "10", "359": "15", "360": "20", "361": "25", "362": "30"}
    | {"363": "35", "364": "c", "365": "41", "366": "12"},
    2022: {"357": "15", "358": "10", "359": "14", "360": "16", "361": "22", "367": "26"}
    | {"368": "30", "369": "34"},
}
TAMESIDE, ENGLAND, STOCKPORT = "E08000008", "E92000001", "E08000007"
GROUPINGS = "2021"  # the set groupings_file writes: the April 2021 groupings' columns
MARCH_2023, MARCH_2022 = date(2023, 3, 31), date(2022, 3, 31)


def code(number: str) -> str:
    return TAMESIDE if number == "357" else f"E06000{number}"


def ees_file(folder: Path, figures: dict = FIGURES, name: str = "ees.csv") -> Path:
    lines = [HEADER]
    for year, cells in figures.items():
        lines.append(f"{year},Reporting year,National,E92000001,England,,,,,,5")
        lines.append(f"{year},Reporting year,Regional,E92000001,England,E12000002,North West,,,,99")
        lines += [
            f"{year},Reporting year,Local authority,E92000001,England,E12000002,North West,"
            f"{number},{NAMES[number]},{code(number)},{cell}"
            for number, cell in cells.items()
        ]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sample_without_dfe(folder: Path) -> Path:
    """A copy of the sample data without DfE's figures (sample_data/dfe/): the worked files'
    authorities are then the only ones beside Tameside."""
    copy = folder / "sample_data"
    shutil.copytree(SAMPLE_DATA, copy, ignore=shutil.ignore_patterns(FOLDER, "*.py", "__pycache__"))
    return copy


def groupings_file(folder: Path, neighbours: list[str], name: str = "groupings.csv") -> Path:
    path = folder / name
    path.write_text(
        "LA num,LA Name," + ",".join(f"SN{n},SNP" for n in range(1, 11)) + ",\n"
        "357,Tameside," + ",".join(f"{number},Close" for number in neighbours) + ",\n"
    )
    return path


NEIGHBOURS_357 = [str(n) for n in range(358, 367)] + ["356"]


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


@pytest.fixture
def worked(engine, tmp_path):
    """The worked file imported into a lower-is-better percentage (6), a higher-is-better
    percentage (20b) and a neutral count (9b), with Tameside's neighbours."""
    path, groupings = ees_file(tmp_path), groupings_file(tmp_path, NEIGHBOURS_357)
    for ref in ("6", "20b", "9b"):
        import_ees(engine, path, ref, "figure", neighbours=groupings)
    return engine


def benchmarked(engine, ref: str, area: str = TAMESIDE, on: date | None = None):
    with Session(engine) as session:
        return benchmark(session, ref, area, on, neighbour_set=GROUPINGS)


def test_lower_is_better_ranks_the_lowest_first_and_bands_a_tie_on_the_median_b(worked):
    result = benchmarked(worked, "6")
    assert (result.date, result.label, result.value) == (MARCH_2023, "2022/23", 20.0)
    assert (result.rank, result.ties, result.of, result.band) == (4, 1, 9, "B")
    assert (result.area, result.area_name, result.unit, result.polarity) == (
        TAMESIDE,
        "Tameside",
        "percent",
        "down",
    )


def test_higher_is_better_ranks_the_highest_first_and_bands_a_tie_on_the_median_c(worked):
    result = benchmarked(worked, "20b")
    assert (result.rank, result.ties, result.of, result.band) == (5, 1, 9, "C")


def test_a_neutral_measure_is_ranked_highest_first_with_no_band(worked):
    result = benchmarked(worked, "9b")
    assert (result.rank, result.ties, result.of, result.band) == (5, 1, 9, None)


def test_the_neighbours_in_order_with_their_mean_and_median(worked):
    result = benchmarked(worked, "6")
    assert [(n.position, n.code, n.name) for n in result.neighbours] == [
        (position, f"E06000{number}", f"Authority {number}")
        for position, number in enumerate(range(358, 367), start=1)
    ] + [(10, STOCKPORT, "Stockport")]
    assert {n.closeness for n in result.neighbours} == {"Close"}
    assert [(n.value, n.symbol) for n in result.neighbours] == [
        (10.0, None),
        (15.0, None),
        (20.0, None),
        (25.0, None),
        (30.0, None),
        (35.0, None),
        (None, "c"),  # a suppressed figure: in the table, not in the mean or median
        (41.0, None),
        (12.0, None),
        (None, None),  # Stockport: no row in the file
    ]
    assert (result.neighbour_set, result.groupings) == ("2021", "groupings.csv")
    assert (result.neighbours_with_figure, result.sn_mean, result.sn_median) == (8, 23.5, 22.5)
    assert result.sn_provenance == "computed"
    assert result.sn_source == (
        "Mean and median of the 8 of 10 statistical neighbours with a figure "
        "(DfE April 2021 groupings)"
    )


def test_an_earlier_date_interpolates_the_cut_points_and_too_few_neighbours_give_no_mean(worked):
    result = benchmarked(worked, "6", on=MARCH_2022)
    assert (result.date, result.rank, result.ties, result.of, result.band) == (
        MARCH_2022,
        3,
        0,
        8,
        "B",
    )
    assert result.neighbours_with_figure == 4
    assert (result.sn_mean, result.sn_median) == (None, None)
    assert [n.value for n in result.neighbours[4:]] == [None] * 6  # no row that year


def test_nothing_to_benchmark(worked, seeded_engine):
    assert benchmarked(worked, "6", on=date(2024, 3, 31)) is None  # Tameside alone then
    assert benchmarked(worked, "6", on=date(2021, 3, 31)) is None  # no figure then
    assert benchmarked(worked, "6", area=ENGLAND) is None  # not a local authority
    assert benchmarked(worked, "8") is None  # no figures at all
    other = benchmarked(worked, "6", area="E06000360")  # another authority: no neighbours
    assert (other.rank, other.ties, other.of, other.neighbours) == (4, 1, 9, ())
    assert other.sn_mean is None
    # DfE does not publish contacts: the sample has Tameside's, England's, the North West's
    # and SN's, nothing to rank among.
    assert benchmarked(seeded_engine, "1a") is None


def test_one_statement_whatever_the_number_of_authorities(engine, tmp_path):
    few = {2023: {"357": "20", "358": "10"}}
    many = {2023: {"357": "20"} | {str(n): str(n - 350) for n in range(358, 370)}}
    groupings = groupings_file(tmp_path, NEIGHBOURS_357)
    import_ees(engine, ees_file(tmp_path, few), "6", "figure")
    import_ees(engine, ees_file(tmp_path, many), "13", "figure", neighbours=groupings)
    for ref, authorities in (("6", 2), ("13", 13)):
        with Session(engine) as session, counted_queries(engine) as statements:
            assert benchmark(session, ref).of == authorities
        assert len(statements) == 1


# Small numbers: what a viewer may see (SPEC section 8)

SMALL = {
    2023: {"357": "4", "358": "3", "359": "40", "360": "50", "361": "60", "362": "70"}
    | {str(n): "x" for n in range(363, 367)},  # not available: not ranked, not in the mean
}


@pytest.fixture
def small_numbers(engine, tmp_path):
    """A count (13, lower is better) where Tameside's figure (4) and its closest neighbour's (3)
    are small numbers."""
    groupings = groupings_file(tmp_path, NEIGHBOURS_357)
    import_ees(engine, ees_file(tmp_path, SMALL), "13", "figure", neighbours=groupings)
    return engine


def test_a_viewer_sees_no_rank_band_or_neighbours_average_that_would_give_back_a_hidden_figure(
    small_numbers,
):
    result = benchmarked(small_numbers, "13")
    assert (result.value, result.rank, result.band, result.sn_mean) == (4.0, 2, "A", 44.6)
    app = make_app(small_numbers.url.render_as_string(hide_password=False))
    with as_role(app.server, "/indicator/13", "director"):
        assert visible.benchmark(result) is result
    with as_role(app.server, "/indicator/13", "viewer"):
        shown = visible.benchmark(result)
    assert (shown.value, shown.symbol, shown.rank, shown.band) == (None, "c", None, None)
    assert shown.of == 6 and shown.neighbours_with_figure == 5
    assert [(n.value, n.symbol) for n in shown.neighbours[:2]] == [(None, "c"), (40.0, None)]
    assert (shown.sn_mean, shown.sn_median, shown.sn_withheld) == (None, None, True)
    assert visible.benchmark(None) is None


# The real thing: a DfE file, checked against pandas working from the raw CSV


def _raw(name: str, column: str, filters: dict[str, str]) -> pandas.DataFrame:
    frame = pandas.read_csv(EES / name, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    for key, value in filters.items():
        frame = frame[frame[key] == value]
    authorities = frame.geographic_level == "Local authority"
    frame = frame[authorities & ~frame.new_la_code.str.contains("/")]  # not two reporting together
    frame = frame[~frame[column].isin(SYMBOLS) & (frame[column] != "")]
    return frame.assign(number=frame[column].astype(float))


@needs_ees
@pytest.mark.parametrize(
    ("name", "ref", "column", "filters"),
    [
        ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "6",
         "rereferral_percent", {}),
        ("cla_number_and_rate_per_10k_children.csv", "9b", "children_count",
         {"population_type": "Children looked after on 31 March each year"}),
    ],
)  # fmt: skip
def test_tamesides_benchmark_on_a_real_file_agrees_with_pandas(engine, name, ref, column, filters):
    import_ees(engine, EES / name, ref, column, list(filters.items()), neighbours=NEIGHBOURS)
    import_neighbour_set(engine, NEIGHBOURS_2025)
    frame = _raw(name, column, filters)
    latest = frame[frame.old_la_code == "357"].time_period.max()
    year = frame[frame.time_period == latest]
    numbers = year.set_index("old_la_code").number
    tameside = numbers["357"]
    codes = frame.drop_duplicates("old_la_code").set_index("old_la_code").new_la_code
    current = current_codes()  # DfE's older files give some authorities their former codes
    for neighbour_set, path, home, columns in (
        ("2021", NEIGHBOURS, "LA num", [f"SN{n}" for n in range(1, 11)]),
        ("2025", NEIGHBOURS_2025, "old_la_code", [f"SN_{n}" for n in range(1, 11)]),
    ):
        with Session(engine) as session:
            result = benchmark(session, ref, TAMESIDE, neighbour_set=neighbour_set)
        polarity = result.polarity
        better = numbers < tameside if polarity == "down" else numbers > tameside
        assert result.date == date(int(latest), 3, 31)
        assert result.value == tameside
        assert (result.rank, result.of) == (int(better.sum()) + 1, len(numbers))
        assert result.ties == int((numbers == tameside).sum()) - 1
        lower, median, upper = numbers.quantile([0.25, 0.5, 0.75])
        within = [tameside <= lower, tameside <= median, tameside <= upper, True].index(True)
        assert result.band == {"down": "ABCD", "up": "DCBA"}.get(polarity, [None] * 4)[within]

        with open(path, encoding="utf-8-sig", newline="") as handle:
            row = next(line for line in csv.DictReader(handle) if line[home] == "357")
        order = [row[column] for column in columns]
        expected = [current.get(codes[number], codes[number]) for number in order]
        assert [n.code for n in result.neighbours] == expected
        theirs = numbers.reindex(order).dropna()
        assert result.neighbours_with_figure == len(theirs)
        assert result.sn_median == pytest.approx(theirs.median())
        assert result.sn_mean == pytest.approx(round(theirs.mean(), 2))
        assert neighbour_set_name(neighbour_set) in result.sn_source


def test_the_measure_page_shows_how_tameside_compares_once_all_authorities_are_imported(worked):
    from dashboard.pages import indicator

    app = make_app(worked.url.render_as_string(hide_password=False), STATISTICAL_NEIGHBOURS="2021")
    with as_role(app.server, "/indicator/6", "director"):
        page = indicator.layout("6")
    headings = [text_of(c) for c in find(page, "H2")]
    assert headings.index("How Tameside compares") == headings.index("Trend") + 1
    text = text_of(page)
    assert "Tameside ranks joint 4th of 9 local authorities, where 1st is best." in text
    assert "Band B: second best quarter" in text
    assert NEIGHBOURS_TABLE in str(page)
