"""The scrutiny pack: `GET /export/pack.pdf?as_at=YYYY-MM-DD[&theme=<slug>]` (SPEC section 7),
a PDF of the scorecard by theme and a page per red measure, as things stood on that date.

Without `as_at`, the pack is as at the data's own "as at" date. Printing a pack takes seconds,
so it is never done in the request (SPEC section 9): the pack is built in the background and
kept until the data changes (dashboard/pack/kept.py). When the asker's pack is kept, it is the
answer, at once. When it is not, its build is started (unless it is under way) and the answer
says so: a browser is sent (303) to the pack's page, which shows the build's progress and then
the link; a script gets 202 Accepted with `Retry-After` and how far the build has got, in
JSON, and asks again until it gets the PDF.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, request
from flask.typing import ResponseReturnValue

from dashboard import background, database
from dashboard.date_arguments import BadDate, date_argument
from dashboard.error_answers import json_error
from dashboard.pack.kept import KIND, address, file_name, kept_pdf, state
from data_access.queries.plans import decision_date
from data_access.queries.themes import list_themes

pack = Blueprint("pack", __name__)
RETRY_SECONDS = 5  # a pack takes a few seconds to a minute to build


def _unknown_theme(theme: str) -> ResponseReturnValue:
    return json_error(
        f"There is no theme '{theme}'. Leave theme out for every theme, or use one of the "
        "themes' slugs, for example theme=demand-and-need.",
        404,
    )


def start_build(on, theme: str | None) -> None:
    """Build the asker's pack in the background (a worker; never this request)."""
    background.start(KIND, on.isoformat(), theme)


@pack.get("/export/pack.pdf")
def scrutiny_pack() -> ResponseReturnValue:
    """The kept pack as a PDF; or its build started and a pointer to its progress; or a JSON
    error saying what was wrong with the request."""
    try:
        on = date_argument("as_at")
    except BadDate as bad:
        return json_error(str(bad), 400)
    theme = request.args.get("theme", "").strip() or None
    with database.session() as db:
        on = decision_date(db, on)
        if theme is not None and theme not in {t.slug for t in list_themes(db)}:
            return _unknown_theme(theme)
    pdf = kept_pdf(on, theme)
    if pdf is not None:
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{file_name(on, theme)}"'},
        )
    now = state(on, theme)
    if now.status == "failed":  # it is tried again a few minutes after failing
        return json_error(now.reason, 500)
    if now.status != "running":
        start_build(on, theme)
    page = address(on, theme, "/pack")
    if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
        return redirect(page, 303)
    answer = {
        "status": "building",
        "message": "The pack is being made. Ask again in a few seconds for the PDF.",
        "pages_drawn": now.drawn if now.status == "running" else 0,
        "pages_expected": now.pages if now.status == "running" else 0,
        "progress_page": page,
    }
    return jsonify(answer), 202, {"Retry-After": str(RETRY_SECONDS)}
