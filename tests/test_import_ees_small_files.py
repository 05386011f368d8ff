"""The DfE (Explore Education Statistics) importer on small files written by the tests: each
kind of bad input, symbols, other geographic levels, period ends and the command line. The real
DfE files are tested in test_import_ees.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.__main__ import main
from data_access.importers.ees import import_ees
from data_access.importers.ees_rows import BadCell, EesReader, parse_period_end
from data_access.importers.errors import ImportRejected
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.models import Area, Observation
from data_access.periods import period_label
from data_access.queries.neighbour_averages import neighbours_series
from data_access.seed import seed_reference_data
from tests.test_import_ees import ENGLAND, NORTH_WEST, TAMESIDE, snapshot

# Small files written by the tests, for each kind of bad input.

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,la_name,new_la_code,population_type,children,percent"
)
GOOD = [
    "2023,Reporting year,National,E92000001,England,,,,,,All,150,50",
    "2023,Reporting year,National,E92000001,England,,,,,,Boys,60,40",
    "2023,Reporting year,Regional,E92000001,England,E12000002,North West,,,,All,20,40",
    "2023,Reporting year,Local authority,E92000001,England,E12000002,North West,357,Tameside,"
    "E08000008,All,c,c",
    "2023,Reporting year,Local authority,E92000001,England,E12000002,North West,358,Trafford,"
    "E08000009,All,5,12.5",
    "2023,Reporting year,Ward,E92000001,England,E12000002,North West,357,Tameside,"
    "E08000008,All,1,1",
]


NEW_AUTHORITY = "E08000009"  # Trafford, taken out of the seeded areas: the file adds it


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
        session.execute(delete(Area).where(Area.code == NEW_AUTHORITY))
    return empty_engine


def write(tmp_path: Path, lines: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "ees.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join([header, *lines, ""]).encode("utf-8"))
    return path


ALL = [("population_type", "All")]


def test_a_small_file_loads_with_symbols_and_skips_other_levels(engine, tmp_path):
    report = import_ees(engine, write(tmp_path, GOOD), "20a", "percent", ALL)
    assert (report.rows, report.areas_added, report.filtered_out) == (4, 1, 1)
    assert report.skipped_levels == {"Ward": 1}
    assert "1 row(s) skipped: geographic level 'Ward'" in str(report)
    with Session(engine) as session:
        figures = dict(
            session.execute(
                select(Area.code, Observation.value)
                .join(Area, Area.id == Observation.area_id)
                .where(Observation.symbol.is_(None))
            ).all()
        )
        tameside = session.execute(
            select(Observation.value, Observation.symbol, Observation.period_label)
            .join(Area, Area.id == Observation.area_id)
            .where(Area.code == TAMESIDE)
        ).one()
    assert figures == {ENGLAND: 50, NORTH_WEST: 40, "E08000009": 12.5}
    assert tuple(tameside) == (None, "c", "2022/23")


@pytest.mark.parametrize(
    ("time_period", "identifier", "override", "expected", "label"),
    [
        ("202122", "Financial year", None, date(2022, 3, 31), "2021/22"),
        ("202122", "Academic year", None, date(2022, 8, 31), "2021/22"),
        ("2021", "Calendar year", None, date(2021, 12, 31), "2021"),
        ("2021", "Reporting year", None, date(2021, 3, 31), "2020/21"),
        ("2021", "Reporting year", "09-30", date(2021, 9, 30), "Year to Sep 2021"),
        ("2021", "Week 12", "06-30", date(2021, 6, 30), "Year to Jun 2021"),
    ],
)
def test_periods_end_as_their_time_identifier_says(
    time_period, identifier, override, expected, label
):
    line = f"{time_period},{identifier},National,E92000001,England,,,,,,All,100,50"
    end = parse_period_end(override) if override else None
    reader = EesReader(HEADER.split(","), "children", [], end)
    row = reader.read(2, line.split(","))
    assert (row.area_code, row.period_end, row.cell) == (ENGLAND, expected, "100")
    assert period_label(row.period_end, "annual") == label


def rejected(engine, path: Path, *args, **kwargs) -> list[tuple[int, str, str]]:
    before = snapshot(engine)
    with pytest.raises(ImportRejected) as caught:
        import_ees(engine, path, *args, **kwargs)
    assert snapshot(engine) == before, "a rejected file changed the database"
    return [(error.line, error.column, error.reason) for error in caught.value.errors]


def test_an_unknown_indicator_is_refused(engine, tmp_path):
    [(line, column, reason)] = rejected(engine, write(tmp_path, GOOD), "ZZ9", "percent", ALL)
    assert (line, column) == (1, "--indicator") and "'ZZ9' is not a known indicator" in reason


def test_a_missing_value_column_is_refused_and_the_columns_listed(engine, tmp_path):
    [(line, column, reason)] = rejected(engine, write(tmp_path, GOOD), "20a", "rate", ALL)
    assert (line, column) == (1, "rate") and "population_type, children, percent" in reason


def test_a_missing_ees_column_is_refused(engine, tmp_path):
    header = HEADER.replace("old_la_code,", "")
    lines = [line.replace(",357,", ",").replace(",358,", ",") for line in GOOD]
    errors = rejected(engine, write(tmp_path, lines, header), "20a", "percent", ALL)
    assert errors == [(1, "old_la_code", "required EES column is missing")]


def test_a_bad_time_period_is_refused_with_its_line(engine, tmp_path):
    lines = [
        *GOOD[:3],
        GOOD[3].replace("2023,", "2021-22,", 1),
        GOOD[4].replace("2023", "202124", 1),
    ]
    errors = rejected(engine, write(tmp_path, lines), "20a", "percent", ALL)
    assert [(line, column) for line, column, _ in errors] == [
        (5, "time_period"),
        (6, "time_period"),
    ]
    assert "'2021-22' is not a year as YYYY or YYYYYY" in errors[0][2]
    assert "'202124' is not two years in a row" in errors[1][2]


def test_a_filter_that_matches_nothing_lists_the_values_there_are(engine, tmp_path):
    errors = rejected(
        engine, write(tmp_path, GOOD), "20a", "percent", [("population_type", "Girls")]
    )
    assert errors == [(1, "population_type", "no row has 'Girls'; the values are 'All', 'Boys'")]
    [(line, column, reason)] = rejected(
        engine, write(tmp_path, GOOD), "20a", "percent", [("gender", "Girls")]
    )
    assert (line, column) == (1, "gender") and "the filter column is not in the file" in reason


def test_a_percentage_over_100_is_refused_in_the_files_own_column(engine, tmp_path):
    errors = rejected(engine, write(tmp_path, GOOD), "20a", "children", ALL)
    [(line, column, reason)] = errors
    assert (line, column) == (2, "children") and "150 is a percentage above 100" in reason


def test_every_bad_row_is_reported_and_nothing_changes(engine, tmp_path):
    lines = [*GOOD, GOOD[4].replace(",5,12.5", ",5,112.5").replace("2023", "2022", 1)]
    lines[2] = lines[2].replace(",40", ",-4")
    lines[3] = lines[3].replace(",c,c", ",c,q")
    errors = rejected(engine, write(tmp_path, lines), "20a", "percent", ALL)
    # the template importer words the reasons; these are the words that must be there
    assert [(line, column) for line, column, _ in errors] == [
        (4, "percent"),
        (5, "percent"),
        (8, "percent"),
    ]
    assert "-4 is negative" in errors[0][2]
    assert "'q' is not a number" in errors[1][2]
    assert "112.5 is a percentage above 100" in errors[2][2]
    with Session(engine) as session:  # the new authorities were not created either
        assert session.scalar(select(Area.id).where(Area.code == "E08000009")) is None


def test_rows_left_for_one_area_and_period_are_duplicates_that_ask_for_a_filter(engine, tmp_path):
    [(line, column, reason)] = rejected(engine, write(tmp_path, GOOD), "20a", "percent")
    assert (line, column) == (3, "time_period")
    assert "duplicates the figure on line 2" in reason and "--filter" in reason


def test_the_neighbours_mean_keeps_off_a_published_sn_figure(engine, tmp_path):
    groupings = tmp_path / "groupings.csv"
    groupings.write_text(
        "LA num,LA Name," + ",".join(f"SN{n},SNP" for n in range(1, 11)) + ",\n"
        "357,Tameside," + ",".join(f"{n},Close" for n in range(358, 368)) + ",\n"
    )
    authorities = [
        f"{year},Reporting year,Local authority,E92000001,England,E12000002,North West,"
        f"{number},LA {number},E0{number},All,{number - 350},1"
        for year in (2022, 2023)
        for number in range(358, 368)
        if year == 2023 or number < 363
    ]
    template = tmp_path / "published.csv"
    template.write_text(
        ",".join(REQUIRED_COLUMNS) + "\n9b,SN,,2022-03-31,9,,,,published,Improvement Plan 2017\n"
    )
    import_template(engine, template)
    path = write(tmp_path, authorities)
    import_ees(engine, path, "9b", "children", ALL, neighbours=groupings)
    with Session(engine) as session:
        sn = neighbours_series(session, "9b", "2021")
        stored = session.scalars(
            select(Observation.provenance).join(Area).where(Area.code == "SN")
        ).all()
    assert [(f.date, f.value, f.provenance) for f in sn] == [
        (date(2022, 3, 31), 9.0, "published"),
        (date(2023, 3, 31), 12.5, "computed"),  # mean of 8 ... 17, worked out when read
    ]
    assert sn[1].source.startswith("Mean of 10 statistical neighbours (DfE April 2021 groupings)")
    assert stored == ["published"]  # the mean is never stored


def test_the_command_line_imports_and_reports_refusals(engine, tmp_path, capsys):
    url = engine.url.render_as_string(hide_password=False)
    path = write(tmp_path, GOOD)
    command = ["--database-url", url, "import-ees", str(path), "--indicator", "20a"]
    assert main([*command, "--value-column", "percent", "--filter", "population_type=All"]) == 0
    assert "Imported 4 row(s)" in capsys.readouterr().out
    assert main([*command, "--value-column", "children", "--filter", "population_type=All"]) == 1
    assert "line 2, column children: 150 is a percentage above 100" in capsys.readouterr().err
    assert main([*command, "--value-column", "nope"]) == 1
    assert "line 1, column nope: the value column is not in the file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("time_period", "identifier", "column", "reason"),
    [
        ("2021", "Financial year", "time_period", "'2021' is not a financial year as YYYYYY"),
        ("202122", "Calendar year", "time_period", "'202122' is not a calendar year as YYYY"),
        ("21", "Reporting year", "time_period", "'21' is not a year as YYYY or YYYYYY"),
        ("2021", "Week 12", "time_identifier", "'Week 12' has no known period end"),
    ],
)
def test_a_period_that_cannot_be_placed_names_its_column(time_period, identifier, column, reason):
    line = f"{time_period},{identifier},National,E92000001,England,,,,,,All,100,50"
    reader = EesReader(HEADER.split(","), "children", [], None)
    with pytest.raises(BadCell) as caught:
        reader.read(2, line.split(","))
    assert caught.value.column == column and reason in caught.value.reason
