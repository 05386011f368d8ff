"""`import-dfe DIR` on folders the tests make from the real DfE files: a renamed file is known by
its columns, unknown files are listed and skipped, a bad file changes nothing and leaves the
others loaded, a document's figure is kept. The whole real folder is in test_import_dfe.py."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.__main__ import main
from data_access.importers.dfe import import_dfe_folder
from data_access.importers.dfe_catalogue import CATALOGUE, CatalogueError, read_catalogue
from data_access.importers.template import REQUIRED_COLUMNS, import_template
from data_access.models import Indicator, Observation
from data_access.seed import seed_reference_data
from tests.test_import_dfe import stored
from tests.test_import_ees import EES, ENGLAND, needs_ees, snapshot

pytestmark = needs_ees
REFERRALS = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
SOCIAL_WORKERS = "la_cla_swcount.csv"
ACCOMMODATION = "la_care_leavers_accommodation_suitability.csv"


@pytest.fixture
def engine(empty_engine):
    with Session(empty_engine) as session, session.begin():
        seed_reference_data(session)
    return empty_engine


def figures(engine, ref: str) -> int:
    with Session(engine) as session:
        return session.scalar(
            select(func.count())
            .select_from(Observation)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Indicator.ref == ref)
        )


def copy(folder: Path, name: str, as_name: str | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(EES / name, folder / (as_name or name)))


def test_files_are_known_by_their_columns_and_unknown_ones_skipped(engine, tmp_path):
    folder = tmp_path / "dfe"
    copy(folder, SOCIAL_WORKERS, "social workers 2024.csv")
    copy(folder, ACCOMMODATION, "leavers.csv")  # the same columns as their activity's file
    (folder / "notes.txt").write_text("not data\n")
    (folder / "other.csv").write_text("time_period,area,count\n2024,E08000008,3\n")
    (folder / "template.csv").write_text(",".join(REQUIRED_COLUMNS) + "\n")
    report = import_dfe_folder(engine, folder)
    assert {file.path.name: file.known.name for file in report.files} == {
        "leavers.csv": ACCOMMODATION,
        "social workers 2024.csv": SOCIAL_WORKERS,
    }
    assert report.refused == []
    assert dict(report.unknown) == {
        "notes.txt": "not a CSV or XLSX file",
        "other.csv": "its columns are not those of a known file",
        "template.csv": "its columns are not those of a known file",
    }
    assert figures(engine, "D10") > 700 and figures(engine, "D12") == 165
    assert figures(engine, "C6") == 0  # the care leavers' activity measures are not these
    text = str(report)
    assert "Skipped, not known to the DfE catalogue (3):" in text
    assert "  notes.txt: not a CSV or XLSX file" in text


def test_a_bad_file_changes_nothing_and_the_others_still_load(engine, tmp_path):
    folder = tmp_path / "dfe"
    bad = copy(folder, REFERRALS)
    lines = bad.read_text(encoding="utf-8").splitlines()
    cells = lines[40].split(",")
    cells[13] = "22,5%"  # rereferral_percent: the second measure's column, not the first's
    lines[40] = ",".join(cells[:13]) + ',"22,5%",' + ",".join(cells[14:])
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy(folder, SOCIAL_WORKERS)
    before = snapshot(engine)
    report = import_dfe_folder(engine, folder)
    [refused] = report.refused
    assert refused.path.name == REFERRALS and refused.measures == []
    [error] = refused.refused.errors
    assert (error.line, error.column) == (41, "rereferral_percent")
    assert error.reason.startswith("measure 6: '22,5%'")
    assert figures(engine, "D1") == figures(engine, "6") == 0  # the file's first measure too
    assert figures(engine, "D12") == 165
    assert f"Refused: {REFERRALS}" in str(report)
    assert snapshot(engine) != before  # the good file was loaded ...
    after = snapshot(engine)
    report = import_dfe_folder(engine, folder)
    assert [file.path.name for file in report.refused] == [REFERRALS]
    assert snapshot(engine) == after  # ... and the bad one changed nothing


def test_a_file_named_as_dfe_names_it_but_without_the_rows_its_measures_pick_is_refused(
    engine, tmp_path
):
    folder = tmp_path / "dfe"
    path = copy(folder, ACCOMMODATION)
    kept = [
        line
        for line in path.read_text(encoding="utf-8-sig").splitlines()
        if "Suitability total" not in line
    ]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    report = import_dfe_folder(engine, folder)
    [refused] = report.refused
    reasons = [error.reason for error in refused.refused.errors]
    assert reasons[0].startswith("measure D10: no row has 'Suitability total'")
    assert figures(engine, "D10") == 0


def test_a_documents_figure_is_kept_and_the_difference_listed(engine, tmp_path):
    document = tmp_path / "document.csv"
    document.write_text(
        ",".join(REQUIRED_COLUMNS)
        + f"\n6,{ENGLAND},,2016-03-31,24,,,,published,Improvement Plan 2017 section 4\n"
    )
    import_template(engine, document)
    folder = tmp_path / "dfe"
    copy(folder, REFERRALS)
    report = import_dfe_folder(engine, folder)
    [file] = report.files
    rereferrals = file.measures[1]
    [found] = rereferrals.differences
    assert (found.area_code, found.period_end, found.document, found.dfe) == (
        ENGLAND,
        date(2016, 3, 31),
        "24",
        "22.5",
    )
    figure = stored(engine, "6")[(ENGLAND, date(2016, 3, 31))]
    assert (figure[0], figure[-1]) == (24.0, "Improvement Plan 2017 section 4")
    assert stored(engine, "6")[(ENGLAND, date(2017, 3, 31))][-1].startswith("DfE: c1_")
    assert "the document's 24 (Improvement Plan 2017 section 4) is kept" in str(report)


def test_the_command_prints_the_table_and_says_what_it_skipped(empty_url, tmp_path, capsys):
    folder = tmp_path / "dfe"
    copy(folder, SOCIAL_WORKERS)
    (folder / "readme.md").write_text("# notes\n")
    assert main(["--database-url", empty_url, "seed"]) == 0
    capsys.readouterr()
    assert main(["--database-url", empty_url, "import-dfe", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["file", "measure", "rows", "authorities", "years"]
    assert out[1].split() == [SOCIAL_WORKERS, "D12", "165", "153", "2024"]
    assert "  readme.md: not a CSV or XLSX file" in out
    (folder / SOCIAL_WORKERS).write_text("time_period,cla_group,sw_stability,number,percentage\n")
    assert main(["--database-url", empty_url, "import-dfe", str(folder)]) == 1


def test_a_wrong_catalogue_line_is_named(tmp_path):
    with open(CATALOGUE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["filters"] = "sw_stability"
    path = tmp_path / "catalogue.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CatalogueError, match="line 2, filters: 'sw_stability' is not COLUMN="):
        read_catalogue(path)
    rows[0]["filters"], rows[1]["file_columns"] = "", "referral_count"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CatalogueError, match="line 3: .* other file_columns"):
        read_catalogue(path)
