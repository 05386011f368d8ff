"""Errors on the data addresses (the API, downloads, the pack, Dash's own calls) are answered in
JSON, `{"error": ..., "status": N}`, as their other answers are, so a script never has to read an
HTML error page; pages keep Flask's HTML ones. An unexpected fault is logged and answered with
a 500 that says nothing of its cause."""

from __future__ import annotations

from dash.exceptions import DependencyException
from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from dashboard.auth import DATA_PREFIXES

PAGE_ADDRESSES = ("/", "/<path:path>")  # Dash's: every other address is drawn as a page
FAULT = (
    "Something went wrong on the server and this could not be answered. Nothing was changed; "
    "try again, and if it goes on, tell the performance team."
)


def json_error(message: str, status: int) -> ResponseReturnValue:
    """The answer of a data address that cannot give what was asked, saying why."""
    return jsonify({"error": message, "status": status}), status


def _answer(error: HTTPException) -> ResponseReturnValue:
    if not request.path.startswith(DATA_PREFIXES):
        return error  # Flask's HTML page
    if isinstance(error, InternalServerError):
        return json_error(FAULT, 500)
    response = error.get_response()
    answer, status = json_error(error.description or error.name, error.code or 500)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response.headers:  # e.g. the methods a 405 would have allowed
            answer.headers[header] = response.headers[header]
    return answer, status


def _no_such_data_address() -> None:
    """A data address that nothing serves (/export/nothing) is not found, rather than drawn
    as a page by Dash's catch-all address."""
    rule = request.url_rule
    if rule is not None and rule.rule in PAGE_ADDRESSES and request.path.startswith(DATA_PREFIXES):
        raise NotFound(f"Nothing is served at '{request.path}'.")


def _unknown_script(error: DependencyException) -> ResponseReturnValue:
    """Dash's answer to a script of a library it does not have is a fault; it is not found."""
    return _answer(NotFound("There is no such script."))


def attach(server: Flask) -> None:
    """Answer every HTTP error, and any fault not handled (Flask makes it a 500), this way."""
    server.before_request(_no_such_data_address)
    server.register_error_handler(HTTPException, _answer)
    server.register_error_handler(DependencyException, _unknown_script)
