"""What a person is told when the database cannot be reached, or is busy with another write
(SQLite while an import is written), instead of a bare 500: the one place that answers them.

Any request that meets such a fault, wherever it arises (the sign-in check before every request,
a page, the API, a download, the pack, a save), ends here. Pages get a plain page and data routes
JSON, both with status 503 and Retry-After. A Dash callback is answered with the words where the
person reads them: a save in its form's message (what they typed stays in the form), the page
router in the page. Dash's renderer applies only a 200 answer, so these are 200; any other Dash
callback gets the 503 JSON. Nothing is kept between requests: pooled connections are tested
before use (`data_access.db.make_engine`), so the app recovers by itself once the database is
back.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from plotly.io.json import to_json_plotly
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from dashboard.auth import DATA_PREFIXES
from dashboard.components.edit_forms import MESSAGE, not_saved_message
from dashboard.page_cache import DASH_CALLBACKS
from dashboard.plain_pages import fault_page
from dashboard.shell import database_unavailable

UNREACHABLE = "The data cannot be reached just now"
BUSY = "The data is busy just now"
NOTHING_LOST = "Nothing you entered was lost; try again in a moment."
RETRY_AFTER_SECONDS = 10
PAGE_CONTENT = "_pages_content"  # where Dash's page router draws the page
SQLITE_ERROR, SQLITE_BUSY, SQLITE_LOCKED = 1, 5, 6
POSTGRESQL_BUSY = {"55P03", "40001", "40P01"}  # lock not available, serialisation, deadlock
log = logging.getLogger(__name__)


def fault(error: SQLAlchemyError) -> str | None:
    """What went wrong, in a person's words (BUSY or UNREACHABLE); None when it is not a fault
    of the database but of the code."""
    if not isinstance(error, DBAPIError):
        return None
    if not (isinstance(error, OperationalError) or error.connection_invalidated):
        return None  # an InterfaceError from SQLite is a value it cannot store
    if _sqlite_code(error) == SQLITE_ERROR:
        return None  # SQLite's OperationalError for SQL it cannot run ("no such table")
    return BUSY if _busy(error) else UNREACHABLE


def words(what: str) -> str:
    """All a person needs to be told of a fault: what went wrong, and what to do."""
    return f"{what}. {NOTHING_LOST}"


def _sqlite_code(error: DBAPIError) -> int:
    return getattr(error.orig, "sqlite_errorcode", 0) & 0xFF  # the primary code


def _busy(error: DBAPIError) -> bool:
    """Another connection holds the lock the statement needs (SQLite allows one writer)."""
    return (
        _sqlite_code(error) in (SQLITE_BUSY, SQLITE_LOCKED)
        or getattr(error.orig, "sqlstate", None) in POSTGRESQL_BUSY
    )


def _dash_answer(said: str) -> Response | None:
    """The callback's page content or form message with the words in it, and nothing else
    changed; None when the callback has neither."""
    body = request.get_json(silent=True)
    outputs = body.get("outputs") if isinstance(body, dict) else None
    outputs = outputs if isinstance(outputs, list) else [outputs]
    asked = {
        (output.get("id"), output.get("property"))
        for output in outputs
        if isinstance(output, dict) and isinstance(output.get("id"), str)
    }
    answer: dict[str, dict] = {}
    if (PAGE_CONTENT, "children") in asked:
        answer[PAGE_CONTENT] = {"children": database_unavailable()}
    message = dict(zip(("children", "className", "role"), not_saved_message(said), strict=True))
    for component, prop in asked:
        if component.endswith(MESSAGE) and prop == "children":
            answer[component] = {
                name: value for name, value in message.items() if (component, name) in asked
            }
    if not answer:
        return None
    body = to_json_plotly({"multi": True, "response": answer}, engine="orjson")
    return Response(body, mimetype="application/json")


def answer_fault(error: DBAPIError):
    """The answer to a request that met a database fault (Flask's handler for DBAPIError)."""
    what = fault(error)
    if what is None:
        raise error  # a fault of the code: Flask answers 500 and logs it
    log.warning("%s (%s): said so to %s", what, error.orig, request.path)
    said = words(what)
    if request.path.endswith(DASH_CALLBACKS):
        drawn = _dash_answer(said)
        if drawn is not None:
            return drawn
    if request.path.startswith(DATA_PREFIXES):
        response = jsonify({"error": said, "status": 503})
    else:
        response = Response(fault_page(what, said), mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def attach(server: Flask) -> None:
    server.register_error_handler(DBAPIError, answer_fault)
