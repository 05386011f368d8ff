"""The synthetic benchmark data set: it registers what its files name, its files import without
an error, its teams add up to Tameside, and the same seed writes the same bytes."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.__main__ import main
from data_access.authority import DEFAULT_AUTHORITY_CODE as TAMESIDE
from data_access.db import init_db, make_engine
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.models import (
    Area,
    Indicator,
    Observation,
    Team,
    indicator_theme,
    team_indicator,
)
from data_access.seed import read_csv, seed_reference_data
from data_access.synthetic import MAX_ROWS_PER_FILE, generate, planned_rows, write_files
from data_access.synthetic_plan import (
    ENGLAND,
    KINDS,
    REGIONS,
    SCALES,
    plan,
)
from tests.conftest import database_url

SMALL = SCALES["small"]
ROWS_PER_FILE = 500  # so the small set spreads over several files, as the large one does


def counts(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in (
                Indicator.__table__,
                Area.__table__,
                Team.__table__,
                indicator_theme,
                team_indicator,
                Observation.__table__,
            )
        }


def read_rows(files) -> list[dict[str, str]]:
    rows = []
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            assert tuple(reader.fieldnames) == REQUIRED_COLUMNS
            rows += list(reader)
    return rows


@pytest.fixture(scope="module")
def loaded(backend, tmp_path_factory):
    """A database with the sample reference data, the small set generated and imported."""
    folder = tmp_path_factory.mktemp("synthetic")
    engine = make_engine(database_url(backend, "synthetic", folder))
    init_db(engine)
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    report = generate(engine, folder / "first", "small", seed=7, rows_per_file=ROWS_PER_FILE)
    imports = [import_template(engine, path) for path in sorted(report.files)]
    yield engine, report, imports
    engine.dispose()


def test_small_set_imports_file_by_file_without_an_error(loaded):
    engine, report, imports = loaded
    assert report.rows == SMALL.rows == 6 * (1 + 3 + 6) * 24 + 3 * 3 * 24
    assert [path.name for path in report.files] == [
        f"observations_{n:03d}.csv" for n in range(1, 5)
    ]
    assert sum(result.rows for result in imports) == report.rows
    assert sum(result.added for result in imports) == report.rows
    rows = read_rows(report.files)
    assert len(rows) == report.rows
    assert all(row["provenance"] == "illustrative" for row in rows)
    assert all("Synthetic benchmark data" in row["source"] for row in rows)
    assert all(row["indicator_ref"].startswith("S") for row in rows)
    with Session(engine) as session:
        synthetic = (
            select(func.count())
            .select_from(Observation)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Indicator.ref.like("S%"))
        )
        assert session.scalar(synthetic) == report.rows


def test_no_file_is_larger_than_the_limit(loaded):
    _, report, _ = loaded
    for path in report.files:
        assert len(read_rows([path])) <= ROWS_PER_FILE
    assert MAX_ROWS_PER_FILE == 1_000_000


def test_what_the_files_name_is_registered_with_its_themes_and_teams(loaded):
    engine, report, _ = loaded
    data = plan(SMALL, 7)
    with Session(engine) as session:
        refs = session.scalars(select(Indicator.ref).where(Indicator.ref.like("S%"))).all()
        assert sorted(refs) == [f"S{n:03d}" for n in range(1, 7)]
        units = set(session.scalars(select(Indicator.unit).where(Indicator.ref.in_(refs))))
        assert units == {"count", "percent", "rate_per_10k", "days", "average"}
        linked = session.scalar(
            select(func.count(func.distinct(indicator_theme.c.indicator_id)))
            .join(Indicator, Indicator.id == indicator_theme.c.indicator_id)
            .where(Indicator.ref.in_(refs))
        )
        assert linked == 6
        codes = set(session.scalars(select(Area.code)))
        assert {place.code for place in data.areas} <= codes
        # the sample data's Tameside and England are kept as they were
        names = dict(session.execute(select(Area.code, Area.name)).all())
        assert names[TAMESIDE] == "Tameside" and names[ENGLAND] == "England"
        team_links = session.scalar(
            select(func.count())
            .select_from(team_indicator)
            .join(Team, Team.id == team_indicator.c.team_id)
            .where(Team.slug.like("synthetic-team-%"))
        )
        assert team_links == SMALL.team_level * SMALL.teams


def test_teams_add_up_to_tameside(loaded):
    """Counts sum; a percentage's or an average's numerators and denominators sum."""
    _, report, _ = loaded
    units = {m.ref: m.unit for m in plan(SMALL, 7).measures if m.team_level}
    assert set(units.values()) == {"count", "percent", "average"}
    tameside: dict[tuple[str, str], dict] = {}
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    teams = defaultdict(set)
    for row in read_rows(report.files):
        if row["indicator_ref"] not in units or row["area_code"] != TAMESIDE:
            continue
        key = (row["indicator_ref"], row["period_end"])
        assert not row["symbol"]
        if not row["team_slug"]:
            tameside[key] = row
            continue
        teams[key].add(row["team_slug"])
        total = sums[key]
        total[0] += float(row["value"])
        total[1] += float(row["numerator"] or 0)
        total[2] += float(row["denominator"] or 0)
    assert len(tameside) == len(units) * SMALL.months
    for key, row in tameside.items():
        assert len(teams[key]) == SMALL.teams
        value, numerator, denominator = sums[key]
        if units[key[0]] == "count":
            assert float(row["value"]) == value, key
        else:
            assert (float(row["numerator"]), float(row["denominator"])) == (numerator, denominator)
            scale = 100 if units[key[0]] == "percent" else 1
            assert float(row["value"]) == pytest.approx(scale * numerator / denominator, abs=0.05)


def test_england_adds_up_its_regions(loaded):
    _, report, _ = loaded
    regions = {code for code, _ in SMALL.regions}
    totals: dict[tuple[str, str], int] = defaultdict(int)
    england = {}
    for row in read_rows(report.files):
        if row["indicator_ref"] != "S001" or row["team_slug"]:
            continue
        key = (row["indicator_ref"], row["period_end"])
        if row["area_code"] in regions:
            totals[key] += int(row["value"])
        elif row["area_code"] == ENGLAND:
            england[key] = int(row["value"])
    assert england == totals and len(england) == SMALL.months


def test_same_seed_same_bytes_and_generating_again_changes_nothing(loaded, tmp_path):
    engine, report, _ = loaded
    before = counts(engine)
    again = generate(engine, tmp_path / "again", "small", seed=7, rows_per_file=ROWS_PER_FILE)
    assert [p.read_bytes() for p in again.files] == [p.read_bytes() for p in report.files]
    assert counts(engine) == before
    reimports = [import_template(engine, path) for path in again.files]
    assert sum(result.unchanged for result in reimports) == report.rows
    assert counts(engine) == before
    other, _ = write_files(plan(SMALL, 8), tmp_path / "other", ROWS_PER_FILE)
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in report.files]


def test_command_line_on_a_database_without_themes(tmp_path):
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "observations_009.csv").write_text("stale")  # from an earlier, larger run
    command = ["--database-url", url, "generate", "--scale", "small", "--out", str(folder)]
    assert main([*command, "--seed", "3"]) == 0
    files = sorted(folder.iterdir())
    assert [path.name for path in files] == ["observations_001.csv"]
    for path in files:
        assert main(["--database-url", url, "import", str(path)]) == 0
    engine = make_engine(url)
    assert counts(engine)["observation"] == SMALL.rows
    assert counts(engine)["indicator_theme"] == 0
    assert main([*command, "--seed", "3"]) == 0
    assert counts(engine)["area"] == SMALL.areas
    engine.dispose()


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        main(["generate", "--scale", "huge", "--out", str(tmp_path)])


def test_large_set_is_planned_at_more_than_three_million_rows():
    large = SCALES["large"]
    assert planned_rows("large") == 200 * 160 * 120 + 40 * 40 * 120 >= 3_000_000
    data = plan(large, 1)
    assert [m.ref for m in data.measures] == [f"S{n:03d}" for n in range(1, 201)]
    assert len(data.months) == 120 and data.months[-1].isoformat() == "2025-03-31"
    assert sum(m.team_level for m in data.measures) == 40 == len(data.teams)
    assert {m.unit for m in data.measures if m.team_level} == {"count", "percent", "average"}
    assert {m.unit for m in data.measures} == {unit for unit, _ in KINDS}
    assert {m.polarity for m in data.measures} == {"up", "down", "neutral"}
    assert any(m.target is not None for m in data.measures)
    assert all(m.target is None for m in data.measures if m.polarity == "neutral")
    assert all(1 <= len(m.themes) <= 2 for m in data.measures)
    kinds = defaultdict(list)
    for place in data.areas:
        kinds[place.kind].append(place.code)
    assert kinds["country"] == [ENGLAND]
    assert kinds["region"] == [code for code, _, _ in REGIONS]
    assert len(kinds["local_authority"]) == 150 and TAMESIDE in kinds["local_authority"]
    synthetic = set(kinds["local_authority"]) - {TAMESIDE}
    assert all(code.startswith("X") and len(code) == 9 for code in synthetic)
    real = {row["code"] for row in read_csv("areas.csv")}
    assert not synthetic & real
    assert len({team.slug for team in data.teams}) == 40
