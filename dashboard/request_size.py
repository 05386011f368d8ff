"""How large a request may be (SPEC section 8), so that one large post cannot take a worker's
memory.

A request may carry MAX_REQUEST_BYTES (1 MB): enough for any form and Dash callback. The import
page's callbacks, from someone signed in, may carry MAX_UPLOAD_BYTES: a whole file of up to
20 MB (dashboard/uploads.py MAX_BYTES), which Dash sends as base64 inside JSON, a
third larger. Which kind a request is must be told before its body is read, so the import
page's are known by the page they come from (browsers say it, in `Referer`): someone who writes
that header themselves gains only the larger limit.

A request that says it is larger is answered 413 before its body is read; one sent in chunks,
without saying its length, as soon as it passes the limit. The limit is set before the guard
(dashboard/auth.py), which reads a Dash callback's body to decide who may make it.

No address, query or form may carry a NUL character: no page sends one, and PostgreSQL cannot
store or compare text holding one, so it is refused (400) before anything reads it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, jsonify, request, session
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from dashboard.auth import DATA_PREFIXES
from dashboard.plain_pages import refusal_page

IMPORT_PAGE = "/admin/import"
CALLBACKS = "/_dash-update-component"
NUL = "\x00"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _limit(server: Flask) -> int:
    from_import_page = urlsplit(request.referrer or "").path.rstrip("/") == IMPORT_PAGE
    if request.path == CALLBACKS and from_import_page and "sid" in session:
        return server.config["MAX_UPLOAD_BYTES"]
    return server.config["MAX_REQUEST_BYTES"]


def attach(server: Flask) -> None:
    """The limit on each request, first of all, and the answer to a request over it."""
    server.config["MAX_CONTENT_LENGTH"] = server.config["MAX_UPLOAD_BYTES"]  # the most of all

    def limit_request_size() -> None:
        limit = _limit(server)
        length = request.content_length or 0
        if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            # Its length unsaid: read here, up to one byte past the limit, as werkzeug would
            # stop at the limit without a word and leave a cut-off body to be read as whole.
            request.max_content_length = limit + 1
            length = len(request.get_data(cache=True))
        request.max_content_length = limit
        if length > limit:
            raise RequestEntityTooLarge()
        texts = [request.path, *request.args.keys(), *request.args.values()]
        if request.mimetype in FORMS:
            texts += [*request.form.keys(), *request.form.values()]
        if any(NUL in text for text in texts):
            raise BadRequest("An address, query or form may not carry a NUL character (0x00).")

    def too_large(_error: RequestEntityTooLarge) -> ResponseReturnValue:
        message = (
            "This is more than the dashboard takes in one request "
            f"({request.max_content_length / 1_000_000:g} MB). Import a file of figures on the "
            "import page, or a larger one with the command line: python -m data_access import "
            "FILE."
        )
        if request.path.startswith(DATA_PREFIXES):
            return jsonify({"error": message, "status": 413}), 413
        return refusal_page(message), 413

    server.before_request_funcs.setdefault(None, []).insert(0, limit_request_size)
    server.register_error_handler(RequestEntityTooLarge, too_large)
