"""Security headers on every response (SPEC section 8).

The content security policy lets scripts run only from this site, plus Dash's own inline
scripts by their hashes (Dash computes them); styles may be inline, because Plotly writes its
chart styles into the page. No other site may frame the dashboard, and data responses are not
kept in shared caches.
"""

from __future__ import annotations

from dash import Dash
from flask import Response, request

from dashboard.auth import STATIC_PREFIXES


def content_security_policy(app: Dash) -> str:
    scripts = " ".join(app.csp_hashes())  # each already in quotes
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def attach(app: Dash) -> None:
    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(app)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if not request.path.startswith(STATIC_PREFIXES):
            headers["Cache-Control"] = "no-store"
        return response

    app.server.after_request(add_headers)
