"""What the import page says of Ofsted's Annex A lists, and where it asks for the as-at date
and the months to compute (SPEC section 13); and of the list of other names of teams."""

from __future__ import annotations

from dash import dcc, html

from data_access.annex_a.importer import DEFAULT_MONTHS, MOST_MONTHS
from data_access.annex_a.measures import MEASURES


def annex_a_help(as_at_id: str, months_id: str) -> html.Section:
    return html.Section(
        [
            html.H2("The council's Annex A lists", className="h4 mt-4"),
            html.P(
                "Upload the Annex A workbook Ofsted asks for (one sheet per list, named List 1 "
                "to List 11) to compute measures "
                + ", ".join(measure.ref for measure in MEASURES)
                + " for each month, for the authority and each allocated team. The children's "
                "rows are read and checked in memory only: only the figures are kept, marked "
                "computed from Annex A. A cell that cannot be read is named by its list, line "
                "and column, and nothing is imported; a list or column that is missing leaves "
                "out only the measures that need it, and the report says which."
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(
                                "As-at date of the lists", htmlFor=as_at_id, className="form-label"
                            ),
                            dcc.Input(
                                id=as_at_id, type="date", className="form-control", required=False
                            ),
                        ],
                        className="col-sm-4",
                    ),
                    html.Div(
                        [
                            html.Label(
                                "Months to compute", htmlFor=months_id, className="form-label"
                            ),
                            dcc.Input(
                                id=months_id,
                                type="number",
                                min=1,
                                max=MOST_MONTHS,
                                step=1,
                                value=DEFAULT_MONTHS,
                                className="form-control",
                            ),
                        ],
                        className="col-sm-3",
                    ),
                ],
                className="row g-3 mb-2",
            ),
            html.P(
                [
                    "Teams are matched by name. Where the lists call a team something else, "
                    "upload a CSV file with the columns ",
                    html.Code("team_slug,alias"),
                    ": the whole list of other names, which replaces the one before.",
                ],
                className="small",
            ),
        ]
    )
