"""The import page takes DfE's own files as `import-dfe` does: recognised by their columns
through the DfE catalogue, each with all its measures or none."""

from __future__ import annotations

from datetime import date

from data_access.importers.dfe_catalogue import read_catalogue
from tests.conftest import as_role
from tests.test_import_dfe import stored
from tests.test_import_dfe_files import REFERRALS, SOCIAL_WORKERS, figures
from tests.test_import_ees import EES, TAMESIDE, needs_ees
from tests.test_import_page import app, run, upload  # noqa: F401 - app is a fixture

pytestmark = needs_ees


def test_a_dfe_file_is_known_by_its_columns_whatever_its_name(app, empty_engine):  # noqa: F811
    told: list = []
    data = (EES / SOCIAL_WORKERS).read_bytes()
    shown, report, report_hidden = run(app, upload(data), "social workers.csv", told)
    assert "social workers.csv: DfE's la_cla_swcount.csv, 1 measure(s): 165 figure(s)" in shown
    assert "165 added, 0 updated, 0 unchanged." in shown
    assert "id='import-measures'" in shown and "'D12'" in shown
    assert report is None and report_hidden
    figure = stored(empty_engine, "D12")[(TAMESIDE, date(2024, 3, 31))]
    assert tuple(figure[:3]) == (28.0, 180.0, 645.0)
    assert figure[-1].startswith("DfE: social workers.csv, column percentage")
    rows = 330  # the file's rows, checked once for its one measure
    assert told[0][:2] == ("0", str(rows)) and told[-1][:2] == (str(rows), str(rows))


def test_a_bad_dfe_file_is_refused_with_its_line_and_column(app, empty_engine):  # noqa: F811
    lines = (EES / REFERRALS).read_text(encoding="utf-8-sig").splitlines()
    cells = lines[40].split(",")
    cells[13] = "lots"
    lines[40] = ",".join(cells)
    shown, report, _ = run(app, upload(("\n".join(lines) + "\n").encode()), REFERRALS)
    assert "Nothing was imported" in shown
    assert report["rows"][0][:2] == [41, "rereferral_percent"]
    assert report["rows"][0][2].startswith("measure 6: 'lots'")
    assert figures(empty_engine, "D1") == figures(empty_engine, "6") == 0


def test_the_page_lists_the_dfe_files_it_knows(app):  # noqa: F811
    from dashboard.pages import import_data

    with as_role(app.server, "/admin/import"):
        page = str(import_data.layout())
    for known in read_catalogue():
        assert f"Code('{known.name}')" in page
    assert "dfe_catalogue.csv" in page


def test_a_statistical_neighbour_file_is_stored_as_import_neighbours_stores_it(app):  # noqa: F811
    data = (EES / "sn_model_2025_wide.csv").read_bytes()
    shown, report, _ = run(app, upload(data), "neighbours.csv")
    assert "✓ Imported" in shown
    assert "neighbours.csv: Statistical neighbours, DfE 2025 model" in shown
    assert report is None
