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


# Filled in for each address's variable parts; /download is given a table that exists.
SAMPLE_ARGUMENTS = {"ref": "8", "rest": "nothing-here", "path": "about"}
DOWNLOAD_TABLE = {"page": "/inspections", "table": "timeline"}
FILES = ("/_dash-", "/assets/", "/static/", "/_favicon", "/_reload-hash")


def _addresses(server) -> list[str]:
    """Every address the server answers a GET on (but Dash's own files), with its variable
    parts filled in."""
    addresses = []
    for rule in server.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(FILES):
            continue
        addresses.append(rule.build({name: SAMPLE_ARGUMENTS[name] for name in rule.arguments})[1])
    return addresses


def test_every_answer_names_its_charset_once_and_csv_is_utf8(client, app):
    """Flask adds the charset to text types; naming it in the type as well said it twice."""
    as_csv = []
    for address in _addresses(app.server):
        response = client.get(address, query_string={"format": "csv", **DOWNLOAD_TABLE})
        content_type = response.headers.get("Content-Type", "")
        assert content_type.count("charset") <= 1, (address, content_type)
        if response.mimetype == "text/csv":
            assert content_type == "text/csv; charset=utf-8", (address, content_type)
            as_csv.append(address)
    api_tables = ["indicators", "indicators/8/observations", "indicators/8/benchmark"]
    api_tables += ["actions", "recommendations", "teams", "changes"]
    assert sorted(as_csv) == sorted(["/download"] + [f"/api/v1/{name}" for name in api_tables])
