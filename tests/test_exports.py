import io

from openpyxl import load_workbook

from dashboard.exports import neutralise, to_csv, to_xlsx

DANGEROUS = ["=1+1", "+44", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_text_that_a_spreadsheet_would_run_is_neutralised():
    for text in DANGEROUS:
        assert neutralise(text) == "'" + text
    assert neutralise("Tameside") == "Tameside"
    assert neutralise(-5) == -5  # numbers stay numbers


def test_csv_and_xlsx_carry_neutralised_cells():
    rows = [[text, 1.5] for text in DANGEROUS]
    csv_text = to_csv(["note", "value"], rows).decode("utf-8-sig")
    assert "'=1+1,1.5" in csv_text
    sheet = load_workbook(io.BytesIO(to_xlsx(["note", "value"], rows))).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ("note", "value")
    assert values[1] == ("'=1+1", 1.5)
    assert all(not str(row[0]).startswith(("=", "+", "-", "@")) for row in values[1:])
