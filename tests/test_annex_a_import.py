"""Importing Annex A: a hand-worked workbook gives exactly the hand's figures for every measure,
for the authority and each team; nothing about a child reaches the database or a log; bad input
names list, line and column and changes nothing; importing twice changes nothing."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from data_access.__main__ import main
from data_access.annex_a.importer import figure_label, import_annex_a, months_to
from data_access.annex_a.measures import MEASURES
from data_access.annex_a.teams import replace_aliases
from data_access.db import init_db, make_engine
from data_access.importers.errors import ImportRejected
from data_access.models import Indicator, Observation, Team, TeamAlias
from data_access.seed import seed
from tests.annex_a_workbook import AS_AT, EXPECTED, LISTS, PRIVATE, C, write_workbook
from tests.conftest import database_url

SOURCE = "Annex A as at 31 December 2025"


@pytest.fixture(scope="module")
def annex_engine(backend, tmp_path_factory):
    """A seeded database of this module's own: its tests import into it."""
    folder = tmp_path_factory.mktemp("annex_a")
    engine = make_engine(database_url(backend, "annex_a", folder))
    init_db(engine)
    seed(engine)
    yield engine
    engine.dispose()


def _figures(engine, source: str = SOURCE) -> dict:
    query = (
        select(
            Indicator.ref,
            Team.slug,
            Observation.period_end,
            Observation.value,
            Observation.numerator,
            Observation.denominator,
            Observation.provenance,
            Observation.period_label,
        )
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .outerjoin(Team, Team.id == Observation.team_id)
        .where(Observation.source == source)
    )
    with engine.connect() as connection:
        return {
            (ref, team, end.isoformat()): (value, numerator, denominator, provenance, label)
            for ref, team, end, value, numerator, denominator, provenance, label in (
                connection.execute(query)
            )
        }


def _everything(engine) -> list:
    with engine.connect() as connection:
        return sorted((tuple(row) for row in connection.execute(select(Observation))), key=str)


def test_every_measure_gives_the_hand_worked_figures_and_twice_changes_nothing(
    annex_engine, tmp_path, caplog
):
    path = write_workbook(tmp_path / "annex.xlsx")
    caplog.set_level(logging.DEBUG)
    report = import_annex_a(annex_engine, path, date.fromisoformat(AS_AT), months=2)
    stored = _figures(annex_engine)
    # Values are stored to 6 decimal places, as the hand's are written.
    assert {key: tuple(figure[:3]) for key, figure in stored.items()} == EXPECTED
    assert {provenance for _v, _n, _d, provenance, _l in stored.values()} == {"computed"}
    assert stored["34", None, "2025-12-31"][4] == "Per month, year to Dec 2025"
    assert stored["9a", C, "2025-11-30"][4] == "Nov 2025"
    assert report.computed == tuple(measure.ref for measure in MEASURES)
    assert report.skipped == ()
    assert report.unmatched_teams == (("Locality 9", 1),)
    assert report.without_team == 1
    assert "4" in report.authority_only and "9a" not in report.authority_only
    assert (report.figures, report.added) == (len(EXPECTED), len(EXPECTED))
    text = str(report)
    assert "Team 'Locality 9' (1 row(s)) is not one of the teams" in text

    before = _everything(annex_engine)
    again = import_annex_a(annex_engine, path, date.fromisoformat(AS_AT), months=2)
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(EXPECTED))
    assert _everything(annex_engine) == before

    told = caplog.text + text + str(again)
    assert not [secret for secret in PRIVATE if secret in told]
    if annex_engine.dialect.name == "sqlite":  # the database and its write-ahead log
        database = Path(annex_engine.url.database)
        stored_bytes = b"".join(
            found.read_bytes() for found in database.parent.glob(database.name + "*")
        )
        assert len(stored_bytes) > 100_000
        assert not [secret for secret in PRIVATE if secret.encode() in stored_bytes]


def _bad(lists: dict, sheet: str, row: int, column: int, value) -> dict:
    header, rows = lists[sheet]
    rows = [list(cells) for cells in rows]
    rows[row][column] = value
    return {**lists, sheet: (header, rows)}


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "said"),
    [
        ("List 1", 1, 3, "31/02/2025", "List 1, line 3, column Date of Contact: is not a real"),
        ("LIST 4", 0, 1, "soon", "List 4, line 2, column Continuous Assessment Start Date: is"),
        ("List 7", 2, 3, "two", "List 7, line 4, column Number of Previous Child Protection"),
        ("List 9", 3, 5, "z) Palatial", "List 9, line 5, column Suitability of Accommodation"),
        ("List 9", 0, 4, None, "List 9, line 2, column LA in Touch: is empty"),
    ],
)
def test_a_bad_date_or_code_names_list_line_and_column_and_changes_nothing(
    annex_engine, tmp_path, sheet, row, column, value, said
):
    before = _everything(annex_engine)
    path = write_workbook(tmp_path / "bad.xlsx", _bad(LISTS, sheet, row, column, value))
    with pytest.raises(ImportRejected) as rejected:
        import_annex_a(annex_engine, path, date(2025, 12, 31), months=2)
    assert f"sheet {said}" in [str(error)[: len(said) + 6] for error in rejected.value.errors]
    assert not [secret for secret in PRIVATE if secret in rejected.value.report()]
    assert _everything(annex_engine) == before


def test_a_missing_list_or_column_skips_only_the_measures_that_need_it(annex_engine, tmp_path):
    lists = {name: sheet for name, sheet in LISTS.items() if name != "List 9"}
    header, rows = lists["List 8"]
    dental = header.index("Date of Last Dental Check")
    lists["List 8"] = (
        [cell for place, cell in enumerate(header) if place != dental],
        [[cell for place, cell in enumerate(row) if place != dental] for row in rows],
    )
    path = write_workbook(tmp_path / "partial.xlsx", lists)
    report = import_annex_a(annex_engine, path, date(2025, 11, 30), months=1)
    assert dict(report.skipped) == {
        "19b": "List 8 has no column 'Date of Last Dental Check'",
        "21a": "the workbook has no List 9",
        "21b": "the workbook has no List 9",
        "21c": "the workbook has no List 9",
    }
    assert "Measure 21a skipped: the workbook has no List 9." in str(report)
    stored = _figures(annex_engine, "Annex A as at 30 November 2025")
    # At 30 November the child who ceased in December is still looked after (and 12 months on).
    assert stored["19a", None, "2025-11-30"][:3] == (100, 2, 2)
    assert not [key for key in stored if key[0] in {"19b", "21a", "21b", "21c"}]


def test_an_alias_gives_a_team_its_rows(annex_engine, tmp_path):
    path = write_workbook(tmp_path / "annex.xlsx")
    with annex_engine.begin() as connection:
        assert replace_aliases(connection, "team_slug,alias\ncared-for-children,Locality 9\n") == 1
    try:
        report = import_annex_a(annex_engine, path, date(2025, 12, 31), months=1)
    finally:
        with annex_engine.begin() as connection:
            connection.execute(TeamAlias.__table__.delete())
    assert report.unmatched_teams == ()


def test_bad_aliases_are_named_by_line_and_nothing_changes(annex_engine):
    text = "alias,team_slug\nA team,no-such-team\n,leaving-care\nX,leaving-care\nx!,fostering\n"
    with annex_engine.begin() as connection, pytest.raises(ImportRejected) as rejected:
        replace_aliases(connection, text)
    assert [str(error) for error in rejected.value.errors] == [
        "line 2, column team_slug: 'no-such-team' is not a known team",
        "line 3, column alias: is empty",
        "line 5, column alias: is given to two teams",
    ]


def test_an_as_at_date_in_the_future_or_months_out_of_range_are_refused(annex_engine, tmp_path):
    path = write_workbook(tmp_path / "annex.xlsx")
    with pytest.raises(ImportRejected) as rejected:
        import_annex_a(annex_engine, path, date(2999, 1, 31))
    assert rejected.value.report() == (
        "Nothing was imported: the as-at date 2999-01-31 is in the future."
    )
    with pytest.raises(ImportRejected) as rejected:
        import_annex_a(annex_engine, path, date(2025, 1, 31), months=25)
    assert "the months must be 1 to 24, not 25" in rejected.value.report()


def test_the_months_end_with_the_as_at_date_and_a_part_month_is_named_by_its_day():
    months = months_to(date(2026, 3, 15), 3)
    assert [(m.first, m.last) for m in months] == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 15)),
    ]
    assert figure_label(date(2026, 3, 15), "monthly") == "15 Mar 2026"
    assert figure_label(date(2026, 3, 31), "quarterly") == "2025-26 Q4"
    assert figure_label(date(2026, 2, 28), "quarterly") == "28 Feb 2026"
    assert figure_label(date(2026, 2, 28), "monthly", "12 months to") == "12 months to Feb 2026"


def test_the_command_line_imports_and_reports_a_bad_file(annex_engine, tmp_path, capsys):
    url = annex_engine.url.render_as_string(hide_password=False)
    path = write_workbook(tmp_path / "annex.xlsx")
    assert main(["--database-url", url, "import-annex-a", str(path), "--as-at", AS_AT,
                 "--months", "2"]) == 0  # fmt: skip
    assert "Measures computed: 1a, 4, 6" in capsys.readouterr().out
    bad = write_workbook(tmp_path / "bad.xlsx", _bad(LISTS, "List 1", 0, 3, "soon"))
    assert main(["--database-url", url, "import-annex-a", str(bad), "--as-at", AS_AT]) == 1
    assert "sheet List 1, line 2, column Date of Contact" in capsys.readouterr().err


def test_a_published_figure_is_never_replaced_by_a_computed_one(annex_engine, tmp_path):
    """DfE or a document published a figure for the same measure and month: it stays, exactly,
    and the report says so."""
    path = write_workbook(tmp_path / "annex.xlsx")
    as_at = date.fromisoformat(AS_AT)
    import_annex_a(annex_engine, path, as_at, months=2)
    ref_id = select(Indicator.id).where(Indicator.ref == "4").scalar_subquery()
    one = (
        Observation.indicator_id == ref_id,
        Observation.team_id.is_(None),
        Observation.period_end == date(2025, 12, 31),
    )
    with annex_engine.begin() as connection:
        computed = connection.execute(select(Observation.value, Observation.source).where(*one))
        value, source = computed.one()
        connection.execute(
            update(Observation)
            .where(*one)
            .values(value=999.0, provenance="published", source="A council report")
        )
    try:
        report = import_annex_a(annex_engine, path, as_at, months=2)
        with annex_engine.connect() as connection:
            kept = connection.execute(select(Observation.value, Observation.provenance).where(*one))
            assert kept.one() == (999.0, "published")
        assert report.published_kept == ("4 Dec 2025",)
        assert "Published figures kept, not replaced by the computed ones: 4 Dec 2025" in str(
            report
        )
    finally:
        with annex_engine.begin() as connection:
            connection.execute(
                update(Observation)
                .where(*one)
                .values(value=value, provenance="computed", source=source)
            )
