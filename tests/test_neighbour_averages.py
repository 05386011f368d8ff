"""The neighbours' mean and median (data_access/queries/neighbour_averages.py and
queries/benchmark.py) from the set STATISTICAL_NEIGHBOURS picks (SPEC section 12): `computed`,
naming the set, none when fewer than half the neighbours have a figure, withheld from a viewer
as section 8 asks, on the chart, in its tables, in the comparison and in the pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from dashboard import database
from dashboard import visible_figures as visible
from dashboard.components.measure_trend import measure_lines, trend_tables
from data_access.importers.area_codes import local_authorities
from data_access.importers.neighbours import import_neighbour_set
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.queries.benchmark import benchmark
from data_access.queries.neighbour_averages import neighbour_means, with_neighbour_means
from data_access.queries.observations import Figure
from data_access.seed import seed_reference_data
from tests.conftest import as_role, make_app, user_client
from tests.test_neighbour_sets import SETS, TAMESIDE_2025, groupings, row

MARCH_2023, MARCH_2024 = date(2023, 3, 31), date(2024, 3, 31)


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


# The setting, and the comparator it picks


def test_the_setting_is_2025_by_default_and_a_bad_value_stops_the_app(engine):
    url = engine.url.render_as_string(hide_password=False)
    assert make_app(url).server.config["STATISTICAL_NEIGHBOURS"] == "2025"
    assert (
        make_app(url, STATISTICAL_NEIGHBOURS=" 2021 ").server.config["STATISTICAL_NEIGHBOURS"]
        == "2021"
    )
    with pytest.raises(RuntimeError) as refused:
        make_app(url, STATISTICAL_NEIGHBOURS="2019")
    assert str(refused.value) == (
        "STATISTICAL_NEIGHBOURS is '2019': set it to 2021 (DfE April 2021 groupings) or 2025 "
        "(DfE 2025 model), or leave it unset for 2025."
    )


def figures(folder: Path, ref: str, cells: dict[tuple[str, date], str]) -> Path:
    """A template file of figures by LA number and period, placed by DfE's list."""
    codes = {number: authority.code for number, authority in local_authorities().items()}
    lines = [",".join(REQUIRED_COLUMNS)]
    for (number, when), value in cells.items():
        lines.append(f"{ref},{codes[number]},,{when},{value},,,,published,DfE: test file")
    path = folder / f"figures_{ref}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TAMESIDE_2021 = ["372", "807", "371", "812", "359", "342", "370", "394", "841", "390"]


@pytest.fixture
def compared(engine, tmp_path):
    """Tameside's neighbours in both sets, and measure 12 (a percentage) for them: in 2022/23
    every authority of either set has a figure (its LA number / 100), Tameside 50; in 2023/24
    only the first five of the 2025 set do, which are three of the 2021 set (372, 390, 370)."""
    import_neighbour_set(engine, groupings(tmp_path, [row("357", TAMESIDE_2025)], "2025.csv"))
    header = "LA num,LA Name," + ",".join(f"SN{n},SNP" for n in range(1, 11)) + ","
    old = tmp_path / "2021.csv"
    old.write_text(
        f"{header}\n357,Tameside," + ",".join(f"{n},Very Close" for n in TAMESIDE_2021) + ",\n",
        encoding="utf-8",
    )
    import_neighbour_set(engine, old)
    everyone = set(TAMESIDE_2021) | set(TAMESIDE_2025)
    cells = {(number, MARCH_2023): str(int(number) / 100) for number in everyone}
    cells |= {(number, MARCH_2024): str(int(number) / 100) for number in TAMESIDE_2025[:5]}
    cells |= {("357", MARCH_2023): "50", ("357", MARCH_2024): "50"}
    import_template(engine, figures(tmp_path, "12", cells))
    return engine


def mean_of(numbers: list[str]) -> float:
    return round(sum(int(n) / 100 for n in numbers) / len(numbers), 2)


def test_each_set_gives_its_own_mean_computed_and_naming_the_set(compared):
    with Session(compared) as session:
        means = {key: neighbour_means(session, ["12"], key)["12"] for key in SETS}
    newer, older = means["2025"], means["2021"]
    assert [(m.date, m.value) for m in newer] == [
        (MARCH_2023, mean_of(TAMESIDE_2025)),
        (MARCH_2024, mean_of(TAMESIDE_2025[:5])),  # 5 of 10: half is enough
    ]
    assert [(m.date, m.value) for m in older] == [(MARCH_2023, mean_of(TAMESIDE_2021))]
    assert newer[0].value != older[0].value
    assert {m.provenance for m in newer + older} == {"computed"}
    assert newer[0].source == (
        "Mean of 10 statistical neighbours (DfE 2025 model), worked out from DfE: test file"
    )
    assert newer[1].source.startswith(
        "Mean of the 5 of 10 statistical neighbours with a figure (DfE 2025 model)"
    )
    assert older[0].source.startswith(
        "Mean of 10 statistical neighbours (DfE April 2021 groupings)"
    )


def test_too_few_neighbours_with_a_figure_give_no_mean_or_median(compared):
    # 2023/24: only 372, 390 and 370 of the 2021 set have a figure: 3 of 10
    with Session(compared) as session:
        assert MARCH_2024 not in [m.date for m in neighbour_means(session, ["12"], "2021")["12"]]
        result = benchmark(session, "12", on=MARCH_2024, neighbour_set="2021")
        assert (result.neighbours_with_figure, result.sn_mean, result.sn_median) == (3, None, None)
        five = benchmark(session, "12", on=MARCH_2024, neighbour_set="2025")
    assert five.neighbours_with_figure == 5 and five.sn_mean == mean_of(TAMESIDE_2025[:5])


def test_switching_the_setting_switches_the_chart_line_and_the_comparison(compared):
    url = compared.url.render_as_string(hide_password=False)
    shown = {}
    for key in SETS:
        app = make_app(url, STATISTICAL_NEIGHBOURS=key)
        from dashboard.pages import indicator  # once an app has registered the pages

        with as_role(app.server, "/indicator/12", "director"), database.session() as db:
            _home, comparators = measure_lines(db, "12", "percent")
            page = str(indicator.layout("12"))
            tables = str(trend_tables("12"))
        [line] = [line for line in comparators if line.code == "SN"]
        shown[key] = line
        assert [point.provenance for point in line.points] == ["computed"] * len(line.points)
        name = {"2021": "DfE April 2021 groupings", "2025": "DfE 2025 model"}[key]
        assert line.name == f"Statistical neighbours' mean ({name})"
        assert f"({name})" in page and "Computed figure" in page  # the chart's hover words
        assert f"Statistical neighbours' mean ({name})" in tables
        assert "'Computed'" in tables and f"Mean of 10 statistical neighbours ({name})" in tables
    assert shown["2025"].points[0].value == mean_of(TAMESIDE_2025)
    assert shown["2021"].points[0].value == mean_of(TAMESIDE_2021)
    assert len(shown["2025"].points) == 2 and len(shown["2021"].points) == 1


def test_the_packs_red_measure_is_compared_with_the_mean_of_the_set_in_use(compared):
    from dashboard.pack.contents import build_pack

    url = compared.url.render_as_string(hide_password=False)
    for key, name, means in (
        ("2025", "DfE 2025 model", [mean_of(TAMESIDE_2025), mean_of(TAMESIDE_2025[:5])]),
        ("2021", "DfE April 2021 groupings", [mean_of(TAMESIDE_2021)]),
    ):
        app = make_app(url, STATISTICAL_NEIGHBOURS=key)
        with as_role(app.server, "/pack", "director"), database.session() as db:
            [red] = [m for m in build_pack(db, MARCH_2024).red if m.measure.summary.ref == "12"]
        [(code, line_name, line)] = red.comparators
        assert (code, line_name) == ("SN", f"Statistical neighbours' mean ({name})")
        assert [(f.value, f.provenance) for f in line] == [(m, "computed") for m in means]


def test_a_viewer_gets_no_mean_when_a_neighbour_of_the_set_in_use_has_a_small_number(
    engine, tmp_path
):
    """Rochdale (354) is a 2025 neighbour of Tameside, not a 2021 one: its count of 3 hides
    the 2025 mean from a viewer, and not the 2021 mean."""
    import_neighbour_set(engine, groupings(tmp_path, [row("357", TAMESIDE_2025)], "2025.csv"))
    header = "LA num,LA Name," + ",".join(f"SN{n},SNP" for n in range(1, 11)) + ","
    old = tmp_path / "2021.csv"
    old.write_text(f"{header}\n357,Tameside," + ",".join(f"{n}," for n in TAMESIDE_2021) + ",\n")
    import_neighbour_set(engine, old)
    everyone = set(TAMESIDE_2021) | set(TAMESIDE_2025)
    cells = {(number, MARCH_2023): "40" for number in everyone} | {("354", MARCH_2023): "3"}
    import_template(engine, figures(tmp_path, "13", cells))
    url = engine.url.render_as_string(hide_password=False)
    for key, hidden in (("2025", True), ("2021", False)):
        server = make_app(url, STATISTICAL_NEIGHBOURS=key).server
        answer = user_client(server, "viewer").get("/api/v1/indicators/13/observations?area=SN")
        [mean] = answer.get_json()["observations"]
        assert mean["provenance"] == "computed"
        assert (mean["value"] is None, mean["symbol"] == "c") == (hidden, hidden), key
        with as_role(server, "/indicator/13", "viewer"), database.session() as db:
            assert bool(visible.withheld_periods(db, ["13"], ["SN"])) is hidden
        director = user_client(server, "director").get("/api/v1/indicators/13/observations?area=SN")
        assert director.get_json()["observations"][0]["value"] is not None


# The SN line's rule


def _figure(when: date, value: float, provenance: str) -> Figure:
    return Figure(when, str(when.year), value, None, None, None, provenance, "")


def test_a_published_sn_figure_keeps_its_period_and_illustrative_ones_go_once_there_are_means():
    stored_line = [
        _figure(date(2016, 3, 31), 23.0, "published"),
        _figure(date(2017, 3, 31), 24.0, "illustrative"),
        _figure(date(2023, 3, 31), 25.0, "illustrative"),
    ]
    means = [_figure(date(2016, 3, 31), 20.0, "computed"), _figure(MARCH_2023, 21.0, "computed")]
    merged = with_neighbour_means(stored_line, means)
    assert [(f.date, f.value, f.provenance) for f in merged] == [
        (date(2016, 3, 31), 23.0, "published"),
        (MARCH_2023, 21.0, "computed"),
    ]
    assert with_neighbour_means(stored_line, []) == stored_line  # no means: as stored
