"""What the import page says of the plan workbook: what it is for, where to get the template
and the plan as it stands, and what each sheet's columns hold (from
data_access/importers/plan_sheets.py, the same words as the template's read-me sheet)."""

from __future__ import annotations

from dash import html

from data_access.importers.plan_sheets import MEANINGS, SHEETS

TEMPLATE_ADDRESS, PLAN_ADDRESS = "/export/plan-template.xlsx", "/export/plan.xlsx"


def _sheet(name: str) -> html.Details:
    items = []
    for column, meaning in MEANINGS[name].items():
        optional = "" if column in SHEETS[name].required else " (may be left out)"
        items += [html.Dt(html.Code(column)), html.Dd(meaning + optional)]
    return html.Details(
        [html.Summary(html.Code(name)), html.Dl(items, className="import-columns")],
        className="mb-2",
    )


def plan_workbook_help() -> html.Section:
    return html.Section(
        [
            html.H2("A plan workbook", className="h4 mt-4"),
            html.P(
                "A council's own improvement plan comes in as one Excel workbook with the sheets "
                + ", ".join(SHEETS)
                + ". It is checked whole: if any row is wrong, nothing is imported and every "
                "problem is listed with its sheet, line and column. Rows are matched by their "
                "ref, id or slug, so importing a changed plan keeps each action's progress "
                "history, and importing a plan exported from here changes nothing. The links "
                "sheet holds every link: a link it leaves out is removed. Plans, actions and "
                "teams it leaves out are kept, and listed."
            ),
            html.P(
                "Upload it below, as a file of figures is uploaded: a workbook with a sheet "
                "called plans or actions is read as a plan workbook."
            ),
            html.P(
                [
                    html.A("Download the template", href=TEMPLATE_ADDRESS, download=""),
                    " (each sheet's columns and a worked example row to replace), or ",
                    html.A("download the plan as it stands", href=PLAN_ADDRESS, download=""),
                    " to change it and import it again.",
                ]
            ),
            html.P("The sheets' columns:", className="mb-1"),
            *(_sheet(name) for name in SHEETS),
        ]
    )
