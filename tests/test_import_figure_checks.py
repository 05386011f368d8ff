"""What a careful analyst would refuse, or ask about, in a file of figures (figure_checks.py and
the number rule of numbers.py), through the template importer and the DfE importer: each
refusal names its line, column and reason and changes nothing; each warning names its line and
column and lets the file load; and what a real file may rightly hold still loads."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.importers.ees import import_ees
from data_access.importers.errors import ImportRejected
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.importers.uploaded import import_template_file
from data_access.models import Area, Indicator, Observation, Team
from data_access.numbers import NumberRefused, parse_number
from data_access.periods import (
    EARLIEST,
    is_month_end,
    label_contradicts,
    label_names_day,
    month_end,
    period_label,
    today,
)
from data_access.seed import seed_reference_data
from tests.test_import_ees_small_files import ALL
from tests.test_import_ees_small_files import HEADER as EES_HEADER
from tests.test_import_ees_small_files import write as write_ees
from tests.test_import_template import snapshot
from tests.test_importer_properties import (
    BASELINE,
    COLUMNS,
    PROPERTIES,
    Table,
    module_engine,
    reset,
)

HEADER = ",".join([*REQUIRED_COLUMNS, "period_label"])
GOOD = "9b,E08000008,,2023-03-31,650,,,,illustrative,test,"
FUTURE = month_end(date(today().year + 5, 3, 1))


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


def write(tmp_path, lines: list[str], name: str = "figures.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


# row → (column, words of the reason)
REFUSED = {
    "a date in the future": (
        f"9b,E08000008,,{FUTURE},650,,,,illustrative,,",
        ("period_end", f"a figure dated in the future ({FUTURE})"),
    ),
    "1900": (
        "9b,E08000008,,1900-01-31,650,,,,illustrative,,",
        ("period_end", "1900-01-31 is before 2000"),
    ),
    "a mid-month date on a monthly measure": (
        "9b,E08000008,,2023-04-15,650,,,,illustrative,,",
        ("period_end", "not the last day of its month: a monthly measure"),
    ),
    "a mid-month date on a quarterly measure": (
        "C8,E08000008,,2023-06-15,3.5,,,,illustrative,,",
        ("period_end", "not the last day of its month: a quarterly measure"),
    ),
    "a month's first day for the month": (
        "9b,E08000008,,2023-04-01,650,,,,illustrative,,Apr 2023",
        ("period_end", "(2023-04-30)"),
    ),
    "a label naming another month": (
        "9b,E08000008,,2023-04-30,650,,,,illustrative,,May 2023",
        ("period_label", "'May 2023' says May 2023, but period_end is 2023-04-30"),
    ),
    "a label naming another year": (
        "C8,E08000008,,2023-03-31,3.5,,,,illustrative,,2023/24",
        ("period_label", "says 2023/24"),
    ),
    "a label naming another quarter": (
        "C8,E08000008,,2023-06-30,3.5,,,,illustrative,,2023-24 Q2",
        ("period_label", "says 2023-24 Q2"),
    ),
    "a label naming another day": (
        "9b,E08000008,,2023-04-30,650,,,,illustrative,,7 Apr 2023",
        ("period_label", "says 7 Apr 2023"),
    ),
    "1,5 read as 15": (
        '8,E08000008,,2023-04-30,"1,5",,,,illustrative,,',
        ("value", "'1,5' has a comma"),
    ),
    "thousands separators": (
        '9b,E08000008,,2023-04-30,"1,650",,,,illustrative,,',
        ("value", "has a comma"),
    ),
    "fullwidth digits": (
        "8,E08000008,,2023-04-30,５,,,,illustrative,,",
        ("value", "not a plain ASCII 0-9 ('５')"),
    ),
    "Arabic-Indic digits": (
        "8,E08000008,,2023-04-30,٥٠,,,,illustrative,,",
        ("value", "not a plain ASCII 0-9 ('٥')"),
    ),
    "an underscore": (
        "9b,E08000008,,2023-04-30,1_000,,,,illustrative,,",
        ("value", "has an underscore"),
    ),
    "a percent sign in a file": (
        "8,E08000008,,2023-04-30,92%,,,,illustrative,,",
        ("value", "has a % sign"),
    ),
    "a count of 2.5": (
        "9b,E08000008,,2023-04-30,2.5,,,,illustrative,,",
        ("value", "2.5 is a count that is not a whole number"),
    ),
    "a count of 1e300": (
        "9b,E08000008,,2023-04-30,1e300,,,,illustrative,,",
        ("value", "'1e300' is beyond any figure"),
    ),
    "a numerator of 2.5": (
        "8,E08000008,,2023-04-30,,2.5,10,,illustrative,,",
        ("numerator", "2.5 is a count that is not a whole number"),
    ),
    "a denominator of 10.5": (
        "8,E08000008,,2023-04-30,,2,10.5,,illustrative,,",
        ("denominator", "10.5 is a count that is not a whole number"),
    ),
    "a count worked out as a fraction": (
        "9b,E08000008,,2023-04-30,,1,2,,illustrative,,",
        ("value", "0.5 (numerator / denominator) is a count that is not a whole number"),
    ),
    "a team on England": (
        "9b,E92000001,cared-for-children,2023-04-30,65,,,,illustrative,,",
        ("team_slug", "for the authority the team belongs to (E08000008), not E92000001"),
    ),
    "a team on a measure without teams": (
        "4,E08000008,duty-and-assessment,2023-04-30,65,,,,illustrative,,",
        ("team_slug", "measure 4 has no team figures"),
    ),
}


@pytest.mark.parametrize("kind", REFUSED)
def test_careless_figures_are_refused_by_line_column_and_reason(kind, engine, tmp_path):
    import_template(engine, write(tmp_path, [GOOD], name="before.csv"))
    before = snapshot(engine)
    row, (column, words) = REFUSED[kind]
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, write(tmp_path, [GOOD, row]))
    [error] = rejected.value.errors
    assert (error.line, error.column) == (3, column), error
    assert words in error.reason, error
    assert snapshot(engine) == before


@pytest.mark.parametrize("symbol", ["x", "c", "k", "z", "low", "u", ":"])
@pytest.mark.parametrize(
    ("numbers", "columns"),
    [
        (",3,4", ["numerator", "denominator"]),
        (",3,", ["numerator"]),
        (",,4", ["denominator"]),
        ("75,3,4", ["value", "numerator", "denominator"]),
    ],
)
def test_a_symbol_with_any_number_beside_it_is_refused(symbol, numbers, columns, engine, tmp_path):
    """A symbol stands for a figure that is not shown: numbers beside it would show it."""
    before = snapshot(engine)
    row = f"8,E08000008,,2023-04-30,{numbers},{symbol},published,DfE,"
    with pytest.raises(ImportRejected) as rejected:
        import_template(engine, write(tmp_path, [row]))
    errors = rejected.value.errors
    assert [(error.line, error.column) for error in errors] == [(2, c) for c in columns]
    assert all("must be empty when a symbol is given" in error.reason for error in errors)
    assert snapshot(engine) == before


def test_the_measures_the_cases_use_are_what_the_cases_say(engine):
    with Session(engine) as session:
        measures = {
            ref: (unit, frequency, team_level)
            for ref, unit, frequency, team_level in session.execute(
                select(Indicator.ref, Indicator.unit, Indicator.frequency, Indicator.team_level)
            )
        }
        teams = set(session.scalars(select(Team.slug)))
    assert measures["9b"] == ("count", "monthly", True)
    assert measures["8"][:2] == ("percent", "monthly")
    assert measures["C8"][:2] == ("percent", "quarterly")
    assert measures["4"][2] is False
    assert {"cared-for-children", "duty-and-assessment"} <= teams


# What a real file may rightly hold.
ACCEPTED = {
    "a figure as at one day, named in its label": (
        "8,E08000008,,2023-06-07,98,,,,published,Scrutiny pack,7 Jun 2023"
    ),
    "a year's figure on a monthly measure, as DfE dates it": (
        "8,E92000001,,2023-03-31,81,,,,published,DfE,2022/23"
    ),
    "a label over a span, read by its end": (
        "8,E08000008,,2017-01-31,79,,,,illustrative,,Aug 2016 to Jan 2017"
    ),
    "a label that names no period": "8,E08000008,,2023-05-31,80,,,,illustrative,,Provisional",
    "a small number as a spreadsheet writes it": (
        "8,E08000008,,2023-07-31,1.5E-05,,,,illustrative,,"
    ),
    "a sign": "8,E08000008,,2023-08-31,+80,,,,illustrative,,",
    "the workforce counted in full-time equivalents": (
        "C10,E08000008,,2023-04-30,117.5,,,,illustrative,,"
    ),
    "the neighbours' mean of a count": "9b,SN,,2023-04-30,650.4,,,,illustrative,mean,",
    "a team of the authority, on a measure with teams": (
        "9b,E08000008,cared-for-children,2023-03-31,585,,,,illustrative,,"
    ),
    "a symbol alone": "8,E08000008,,2023-09-30,,,,c,illustrative,,",
}


@pytest.mark.parametrize("kind", ACCEPTED)
def test_what_a_real_file_may_hold_loads(kind, engine, tmp_path):
    report = import_template(engine, write(tmp_path, [GOOD, ACCEPTED[kind]]))
    assert (report.rows, report.added, report.warnings) == (2, 2, ())


def test_a_team_figure_above_its_authoritys_is_loaded_with_a_warning(engine, tmp_path):
    rows = [
        GOOD,
        "9b,E08000008,cared-for-children,2023-03-31,700,,,,illustrative,,",
        "9b,E08000008,fostering,2023-03-31,40,,,,illustrative,,",
        "8,E08000008,,2023-03-31,,80,100,,illustrative,,",
        "8,E08000008,duty-and-assessment,2023-03-31,,90,120,,illustrative,,",
    ]
    report = import_template(engine, write(tmp_path, rows))
    assert report.added == 5
    found = [(warning.line, warning.column) for warning in report.warnings]
    assert found == [(3, "value"), (6, "numerator"), (6, "denominator")]
    assert "the team's 700 is above the whole authority's 650" in report.warnings[0].reason
    text = str(report)
    assert "3 warning(s), imported all the same: please check" in text
    assert "line 3, column value: the team's 700" in text


def test_a_team_figure_is_set_beside_the_authoritys_already_stored(engine, tmp_path):
    import_template(engine, write(tmp_path, [GOOD], name="authority.csv"))
    team = "9b,E08000008,cared-for-children,2023-03-31,6500,,,,illustrative,,"
    report = import_template(engine, write(tmp_path, [team]))
    [warning] = report.warnings
    assert (warning.line, warning.column) == (2, "value")
    assert "6500 is above the whole authority's 650" in warning.reason
    below = "9b,E08000008,cared-for-children,2023-03-31,600,,,,illustrative,,"
    assert import_template(engine, write(tmp_path, [below])).warnings == ()


# The DfE importer reads its cells by the same rules, and names the file's own columns.

EES_REFUSED = {
    "a year in the future": (
        f"{FUTURE.year},Reporting year,National,E92000001,England,,,,,,All,150,50",
        ("time_period", f"a figure dated in the future ({FUTURE})"),
    ),
    "1,5": (
        '2023,Reporting year,National,E92000001,England,,,,,,All,150,"1,5"',
        ("percent", "'1,5' has a comma"),
    ),
    "fullwidth digits": (
        "2023,Reporting year,National,E92000001,England,,,,,,All,150,５",
        ("percent", "not a plain ASCII 0-9"),
    ),
}


@pytest.mark.parametrize("kind", EES_REFUSED)
def test_the_dfe_importer_refuses_the_same(kind, engine, tmp_path):
    before = snapshot(engine)
    row, (column, words) = EES_REFUSED[kind]
    with pytest.raises(ImportRejected) as rejected:
        import_ees(engine, write_ees(tmp_path, [row], EES_HEADER), "20a", "percent", ALL)
    [error] = rejected.value.errors
    assert (error.line, error.column) == (2, column), error
    assert words in error.reason, error
    assert snapshot(engine) == before


def test_a_dfe_count_of_a_fraction_is_refused_but_its_neighbours_mean_is_kept(engine, tmp_path):
    """The statistical neighbours' mean of a count need not be whole; the counts must be."""
    with pytest.raises(ImportRejected) as rejected:
        path = write_ees(
            tmp_path,
            ["2023,Reporting year,National,E92000001,England,,,,,,All,150.5,50"],
            EES_HEADER,
        )
        import_ees(engine, path, "9b", "children", ALL)
    [error] = rejected.value.errors
    assert (error.line, error.column) == (2, "children")
    assert "150.5 is a count that is not a whole number" in error.reason
    import_template(engine, write(tmp_path, ["9b,SN,,2023-03-31,12.25,,,,illustrative,mean,"]))
    with Session(engine) as session:
        stored = session.scalar(
            select(Observation.value)
            .join(Area, Area.id == Observation.area_id)
            .where(Area.code == "SN")
        )
    assert stored == 12.25


# Properties, tried on many rows (Hypothesis): each rule holds for any date, number and label.


@pytest.fixture(scope="module")
def rows_engine(tmp_path_factory):
    engine = module_engine("sqlite", tmp_path_factory, "figure_checks", reset)
    yield engine
    engine.dispose()


def refusals(engine, **cells: str) -> set[str] | None:
    """The columns a one-row file is refused for, or None when it loads. The row is a count of
    Tameside's cared-for children (9b, monthly) at the end of March 2023, with `cells` changed."""
    row = dict(zip(COLUMNS, BASELINE[0]), period_label="")
    row.update(cells)
    data = Table(list(COLUMNS), [[row[column] for column in COLUMNS]]).csv_bytes()
    try:
        import_template_file(engine, "row.csv", data)
    except ImportRejected as rejected:
        return {error.column for error in rejected.errors}
    return None


DAYS = st.dates(date(1800, 1, 1), date(2200, 12, 31))


@PROPERTIES
@given(day=DAYS | DAYS.map(month_end))
def test_a_monthly_figure_loads_only_at_the_end_of_a_month_that_is_over(rows_engine, day):
    loads = EARLIEST <= day <= today() and is_month_end(day)
    assert refusals(rows_engine, period_end=day.isoformat()) == (None if loads else {"period_end"})


NUMBERISH = st.text(st.sampled_from("0123456789+-.eE%,_ ５٥²"), min_size=1, max_size=12)


@PROPERTIES
@given(
    cell=NUMBERISH
    | st.floats().map(repr)
    | st.integers(-(10**13), 10**13).map(str)
    | st.floats(0, 1e6).map("{:.1f}".format)
)
def test_a_count_loads_only_as_a_whole_plain_number_in_range(rows_engine, cell):
    try:
        number = parse_number(cell)
        loads = number >= 0 and number.is_integer()
    except NumberRefused:
        loads = False
    assert refusals(rows_engine, value=cell) == (None if loads else {"value"})


MONTH_NAMES = st.dates(date(2000, 1, 1), date(2030, 12, 31)).map(
    lambda day: st.sampled_from([f"{day:%b %Y}", f"{day.day} {day:%b %Y}", f"{day:%Y}"])
)
LABELS = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=30)


@PROPERTIES
@given(label=LABELS | MONTH_NAMES.flatmap(lambda names: names))
def test_a_label_loads_only_when_it_names_the_figures_own_period(rows_engine, label):
    loads = label_contradicts(label.strip(), date(2023, 3, 31)) is None
    assert refusals(rows_engine, period_label=label) == (None if loads else {"period_label"})


@given(day=st.dates(EARLIEST, date(2100, 12, 31)), other=st.dates(EARLIEST, date(2100, 12, 31)))
def test_a_periods_own_names_agree_with_it_and_another_months_do_not(day, other):
    for frequency in ("monthly", "quarterly", "annual"):
        assert label_contradicts(period_label(day, frequency), day) is None
    assert label_names_day(f"{day.day} {day:%b %Y}", day)
    assert not label_names_day(f"{day:%b %Y}", day)
    if (other.year, other.month) != (day.year, day.month):
        assert label_contradicts(f"{other:%b %Y}", day) == f"{other:%b %Y}"
        assert label_contradicts(f"Dec 2015 to {other:%b %Y}", day) == f"{other:%b %Y}"
