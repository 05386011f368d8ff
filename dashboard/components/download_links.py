"""Links under a table to download it as CSV or XLSX (see dashboard/downloads.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import html


def download_links(
    page: str, table_id: str, what: str, label: str = "Download this table"
) -> html.P:
    """'Download this table: CSV · Excel (XLSX)' for the table `table_id` on `page`.

    `what` names the table for screen readers. A script (assets/downloads.js) adds the
    page's current filters from the address bar when a link is followed.
    """

    def link(label: str, extension: str) -> html.A:
        query = urlencode({"page": page, "table": table_id, "format": extension})
        return html.A(
            [label, html.Span(f": {what}", className="visually-hidden")],
            href=f"/download?{query}",
            className="table-download",
            **{"data-download": table_id},
        )

    return html.P(
        [f"{label}: ", link("CSV", "csv"), " · ", link("Excel (XLSX)", "xlsx")],
        className="small table-downloads d-print-none",
    )
