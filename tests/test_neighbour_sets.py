"""Both DfE statistical-neighbour sets (SPEC section 12): the real files stored for every
authority, each under its set (data_access/importers/neighbours.py), bad files refused by line
and column, and the command line. The means they give: test_neighbour_averages.py."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_access import data_version
from data_access.__main__ import main
from data_access.importers.area_codes import current_codes, local_authorities
from data_access.importers.errors import ImportRejected
from data_access.importers.neighbours import import_neighbour_set, neighbour_set_of
from data_access.models import Area, StatisticalNeighbour
from data_access.seed import seed_reference_data
from tests.test_import_ees import EES, NEIGHBOURS, NEIGHBOURS_2025, needs_ees

TAMESIDE, BARNSLEY, ROCHDALE = "E08000008", "E08000038", "E08000005"
SETS = {  # the set's key: its file, the column of each authority's LA number, its neighbours'
    "2021": (NEIGHBOURS, "LA num", [f"SN{n}" for n in range(1, 11)]),
    "2025": (NEIGHBOURS_2025, "old_la_code", [f"SN_{n}" for n in range(1, 11)]),
}


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
