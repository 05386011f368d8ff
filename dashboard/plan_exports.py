"""The council's plan as a workbook (SPEC section 12): `GET /export/plan.xlsx`, every plan,
priority, action, inspection, recommendation, team and link as the dashboard holds them, the
workbook `python -m data_access import-plan` and the import page take back; and
`GET /export/plan-template.xlsx`, the same sheets empty but for a worked example row.
Who may have each is decided in dashboard/auth.py (EXPORT_RIGHTS).
"""

from __future__ import annotations

from flask import Blueprint, Response

from dashboard import auth, database
from dashboard.exports import XLSX, to_workbook
from data_access.queries.plan_workbook import plan_template, plan_workbook

plan_exports = Blueprint("plan_exports", __name__)
PLAN, TEMPLATE = "/export/plan.xlsx", "/export/plan-template.xlsx"


def _workbook(body: bytes, name: str) -> Response:
    return Response(
        body, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@plan_exports.get(PLAN)
def plan() -> Response:
    auth.require(auth.current().may(auth.export_right(PLAN)))
    with database.session() as db:
        sheets = plan_workbook(db)
    return _workbook(to_workbook(sheets), "plan.xlsx")


@plan_exports.get(TEMPLATE)
def template() -> Response:
    auth.require(auth.current().may(auth.export_right(TEMPLATE)))
    return _workbook(to_workbook(plan_template()), "plan-template.xlsx")
