"""The scrutiny pack: `GET /export/pack.pdf?as_at=YYYY-MM-DD[&theme=<slug>]` (SPEC section 7),
a PDF of the scorecard by theme and a page per red measure, as things stood on that date.

Without `as_at`, the pack is as at the data's own "as at" date.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from dashboard import database
from dashboard.date_arguments import BadDate, date_argument
from dashboard.error_answers import json_error
from dashboard.pack.contents import UnknownTheme, build_pack
from dashboard.pack.document import pack_pdf
from data_access.queries.plans import decision_date

pack = Blueprint("pack", __name__)


@pack.get("/export/pack.pdf")
def scrutiny_pack() -> ResponseReturnValue:
    """The pack as a PDF, or a JSON error saying what was wrong with the request."""
    try:
        on = date_argument("as_at")
    except BadDate as bad:
        return json_error(str(bad), 400)
    theme = request.args.get("theme", "").strip() or None
    with database.session() as db:
        on = decision_date(db, on)
        try:
            contents = build_pack(db, on, theme)
        except UnknownTheme:
            return json_error(
                f"There is no theme '{theme}'. Leave theme out for every theme, or use one "
                "of the themes' slugs, for example theme=demand-and-need.",
                404,
            )
    name = f"scrutiny-pack-{on.isoformat()}{'-' + theme if theme else ''}.pdf"
    return Response(
        pack_pdf(contents),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
