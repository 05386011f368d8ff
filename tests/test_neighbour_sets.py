"""Both DfE statistical-neighbour sets (SPEC section 12): the real files stored for every
authority (data_access/importers/neighbours.py), bad files refused by line and column, and the
setting STATISTICAL_NEIGHBOURS that picks the set the dashboard compares with; the neighbours'
mean is `computed`, names its set, needs half the neighbours, and is withheld from a viewer as
section 8 asks (data_access/queries/neighbour_averages.py)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dashboard import database
from dashboard import visible_figures as visible
from dashboard.components.measure_trend import measure_lines
from data_access import data_version
from data_access.__main__ import main
from data_access.importers.area_codes import current_codes, local_authorities
from data_access.importers.errors import ImportRejected
from data_access.importers.neighbours import import_neighbour_set, neighbour_set_of
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.models import Area, StatisticalNeighbour
from data_access.queries.benchmark import benchmark
from data_access.queries.neighbour_averages import neighbour_means, with_neighbour_means
from data_access.queries.observations import Figure
from data_access.seed import seed_reference_data
from tests.conftest import as_role, make_app, user_client
from tests.test_import_ees import EES, NEIGHBOURS, NEIGHBOURS_2025, needs_ees

TAMESIDE, BARNSLEY, ROCHDALE = "E08000008", "E08000038", "E08000005"
SETS = {  # the set's key: its file, the column of each authority's LA number, its neighbours'
    "2021": (NEIGHBOURS, "LA num", [f"SN{n}" for n in range(1, 11)]),
    "2025": (NEIGHBOURS_2025, "old_la_code", [f"SN_{n}" for n in range(1, 11)]),
}
MARCH_2023, MARCH_2024 = date(2023, 3, 31), date(2024, 3, 31)


def neighbours_in_file(neighbour_set: str) -> dict[str, list[str]]:
    """Each authority's neighbours by LA number, closest first, read from the file itself."""
    path, home, columns = SETS[neighbour_set]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row[home].strip()]
    return {row[home]: [row[column] for column in columns] for row in rows}


def stored(engine, neighbour_set: str) -> dict[str, list[tuple[str, str | None]]]:
    """Each home authority's stored neighbours by code, closest first, with DfE's words."""
    home, neighbour = aliased(Area), aliased(Area)
    with Session(engine) as session:
        rows = session.execute(
            select(home.code, neighbour.code, StatisticalNeighbour.closeness)
            .join(home, home.id == StatisticalNeighbour.home_area_id)
            .join(neighbour, neighbour.id == StatisticalNeighbour.neighbour_area_id)
            .where(StatisticalNeighbour.neighbour_set == neighbour_set)
            .order_by(home.code, StatisticalNeighbour.position)
        ).all()
    found: dict[str, list] = {}
    for home_code, code, closeness in rows:
        found.setdefault(home_code, []).append((code, closeness))
    return found


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


@pytest.fixture
def both_sets(engine):
    if not EES.exists():
        pytest.skip(f"the DfE files are not beside the project ({EES})")
    reports = {key: import_neighbour_set(engine, path) for key, (path, *_) in SETS.items()}
    return engine, reports


# The real files


@needs_ees
def test_both_real_files_are_known_by_their_columns_and_other_files_are_not():
    assert neighbour_set_of(NEIGHBOURS) == "2021"
    assert neighbour_set_of(NEIGHBOURS_2025) == "2025"
    assert neighbour_set_of(EES / "b1_children_in_need_2013_to_2025.csv") is None
    assert neighbour_set_of(EES / "no such file.csv") is None


@needs_ees
def test_both_real_files_load_for_every_authority_each_under_its_set(both_sets):
    engine, reports = both_sets
    assert (reports["2021"].authorities, reports["2025"].authorities) == (156, 153)
    assert "DfE 2025 model (sn_model_2025_wide.csv): 153 authorities' neighbours" in str(
        reports["2025"]
    )
    codes = {number: authority.code for number, authority in local_authorities().items()}
    for key in SETS:
        in_file = neighbours_in_file(key)
        expected = {codes[home]: [codes[number] for number in row] for home, row in in_file.items()}
        found = stored(engine, key)
        assert {home: [code for code, _ in row] for home, row in found.items()} == expected
    # the 2021 file's old authorities, listed under its "Old SNs:" heading, are stored too
    assert "E06000028" in stored(engine, "2021")  # Bournemouth, before 2019


@needs_ees
@pytest.mark.parametrize("neighbour_set", ["2021", "2025"])
def test_a_known_authoritys_ten_neighbours_are_those_of_its_row(both_sets, neighbour_set):
    engine, _reports = both_sets
    path, _home, columns = SETS[neighbour_set]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    cells = next(line for line in lines if line[0] == "357")
    numbers = [cells[header.index(column)] for column in columns]
    # each neighbour's closeness is in the column after it: SNP in 2021, SN_1P ... in 2025
    words = [cells[header.index(column) + 1].strip().capitalize() for column in columns]
    authorities = local_authorities()
    expected = [(authorities[number].code, word) for number, word in zip(numbers, words)]
    assert stored(engine, neighbour_set)[TAMESIDE] == expected
    assert len({code for code, _ in expected}) == 10 and TAMESIDE not in dict(expected)


@needs_ees
def test_barnsley_is_placed_by_its_current_code_as_a_home_and_as_a_neighbour(both_sets):
    engine, _reports = both_sets
    for key in SETS:
        found = stored(engine, key)
        assert BARNSLEY in found and "E08000016" not in found
        assert BARNSLEY in [code for code, _ in found[TAMESIDE]]  # 370 is a neighbour in both
    with Session(engine) as session:
        assert session.scalar(select(Area.id).where(Area.code == "E08000016")) is None


@needs_ees
def test_dfes_list_of_la_numbers_agrees_with_dfes_own_files():
    """sample_data/local_authorities.csv: each LA number's code in DfE's newest year (through
    the code changes), for every number DfE's files and both neighbour sets use."""
    newest: dict[str, tuple[int, str]] = {}
    for path in EES.glob("*.csv"):
        if path in (NEIGHBOURS, NEIGHBOURS_2025):
            continue
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                number = row.get("old_la_code", "")
                if row["geographic_level"] != "Local authority" or "/" in number:
                    continue
                year = int(row["time_period"][:4]) + (len(row["time_period"]) == 6)
                if number not in newest or year > newest[number][0]:
                    newest[number] = (year, row["new_la_code"])
    changes = current_codes()
    listed = {number: authority.code for number, authority in local_authorities().items()}
    assert listed == {number: changes.get(code, code) for number, (_, code) in newest.items()}
    for key in SETS:
        used = {n for home, row in neighbours_in_file(key).items() for n in [home, *row]}
        assert used <= set(listed), key


@needs_ees
def test_importing_a_set_again_changes_nothing(both_sets):
    engine, _reports = both_sets
    with Session(engine) as session:
        version = data_version.current(session)
    again = import_neighbour_set(engine, NEIGHBOURS_2025)
    assert not again.changed and str(again).endswith("(as before).")
    with Session(engine) as session:
        assert data_version.current(session) == version


# Bad files: every problem by line and column, and nothing changed


def groupings(folder: Path, rows: list[str], name: str = "sets.csv") -> Path:
    header = "old_la_code,la_name,region_ind,region_name," + ",".join(
        f"SN_{n},SN_{n}P" for n in range(1, 11)
    )
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def row(home: str, neighbours: list[str]) -> str:
    return f"{home},Somewhere,5,North West," + ",".join(f"{n},Very close" for n in neighbours)


TAMESIDE_2025 = ["372", "390", "354", "370", "384", "332", "894", "879", "394", "880"]


def test_a_bad_file_is_refused_by_line_and_column_and_changes_nothing(engine, tmp_path):
    good = import_neighbour_set(engine, groupings(tmp_path, [row("357", TAMESIDE_2025)]))
    assert good.changed and good.authorities == 1
    before = stored(engine, "2025")
    bad = groupings(
        tmp_path,
        [
            row("357", TAMESIDE_2025[:9] + ["399"]),  # 399 is no authority's number
            row("356", ["356", *TAMESIDE_2025[1:]]),  # Stockport is not its own neighbour
            row("358", ["372", "372", *TAMESIDE_2025[2:]]),  # Rotherham twice
            row("357", TAMESIDE_2025),  # Tameside again
            row("", TAMESIDE_2025),  # neighbours of nobody
            row("355", [*TAMESIDE_2025[:9], ""]),  # only nine
            ",,,,",  # a blank row is skipped
        ],
        "bad.csv",
    )
    with pytest.raises(ImportRejected) as refused:
        import_neighbour_set(engine, bad)
    assert [(e.line, e.column, e.reason) for e in refused.value.errors] == [
        (2, "SN_10", "'399' is not an LA number DfE gives an authority "
                     "(sample_data/local_authorities.csv)"),
        (3, "SN_1", "LA number 356 is itself"),
        (4, "SN_2", "LA number 372 is the same authority as SN_1"),
        (5, "old_la_code", "LA number 357 has its neighbours on line 2 already"),
        (6, "old_la_code", "is empty, but the row names neighbours"),
        (7, "SN_10", "is empty: each authority has 10"),
    ]  # fmt: skip
    assert stored(engine, "2025") == before


def test_a_file_of_neither_set_or_of_no_authority_is_refused(engine, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("LA num,SN1\n357,372\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        import_neighbour_set(engine, other)
    [error] = refused.value.errors
    assert error.line == 1 and error.reason == (
        "the file is not a DfE statistical-neighbour file: it has neither LA num and SN1 ... "
        "SN10 (DfE April 2021 groupings) nor old_la_code and SN_1 ... SN_10 (DfE 2025 model)"
    )
    with pytest.raises(ImportRejected) as empty:
        import_neighbour_set(engine, groupings(tmp_path, [",,,"], "empty.csv"))
    assert [e.reason for e in empty.value.errors] == ["the file has no authority's row"]


def test_the_command_line_stores_a_set_and_reports_a_refusal(engine, tmp_path, capsys):
    url = engine.url.render_as_string(hide_password=False)
    path = groupings(tmp_path, [row("357", TAMESIDE_2025)])
    assert main(["--database-url", url, "import-neighbours", str(path)]) == 0
    assert "DfE 2025 model (sets.csv): 1 authority's neighbours stored" in capsys.readouterr().out
    bad = groupings(tmp_path, [row("357", ["399", *TAMESIDE_2025[1:]])], "bad.csv")
    assert main(["--database-url", url, "import-neighbours", str(bad)]) == 1
    assert "line 2, column SN_1: '399' is not an LA number" in capsys.readouterr().err


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
    from dashboard.pages import indicator

    url = compared.url.render_as_string(hide_password=False)
    shown = {}
    for key in SETS:
        app = make_app(url, STATISTICAL_NEIGHBOURS=key)
        with as_role(app.server, "/indicator/12", "director"), database.session() as db:
            _home, comparators = measure_lines(db, "12", "percent")
            page = str(indicator.layout("12"))
        [line] = [line for line in comparators if line.code == "SN"]
        shown[key] = line
        assert [point.provenance for point in line.points] == ["computed"] * len(line.points)
        name = {"2021": "DfE April 2021 groupings", "2025": "DfE 2025 model"}[key]
        assert line.name == f"Statistical neighbours' mean ({name})"
        assert f"({name})" in page and "Computed figure" in page
    assert shown["2025"].points[0].value == mean_of(TAMESIDE_2025)
    assert shown["2021"].points[0].value == mean_of(TAMESIDE_2021)
    assert len(shown["2025"].points) == 2 and len(shown["2021"].points) == 1


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
