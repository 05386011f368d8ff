"""Security headers on every response (SPEC section 8).

The content security policy lets scripts run only from this site, plus Dash's own inline
scripts by their hashes (Dash computes them); styles may be inline, because Plotly writes its
chart styles into the page. Images may also come from `blob:` addresses the page itself made:
Plotly draws a chart saved as a PNG through one. No other site may frame the dashboard, and
data responses are not kept in shared caches. Once a browser has reached the dashboard over
HTTPS, it is told to use nothing else for a year (HSTS); behind a proxy that ends HTTPS, that
needs PROXY_COUNT (README).
"""

from __future__ import annotations

from dash import Dash
from flask import Response, request

from dashboard.auth import STATIC_PREFIXES

HSTS = "max-age=31536000; includeSubDomains"  # a year of HTTPS only, once seen over HTTPS


def content_security_policy(app: Dash) -> str:
    # Each already in quotes; Dash gives the same script's hash once for each time it is used.
    scripts = " ".join(dict.fromkeys(app.csp_hashes()))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
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
        if request.is_secure:  # over plain HTTP, browsers ignore it: it could not be trusted
            headers["Strict-Transport-Security"] = HSTS
        return response

    app.server.after_request(add_headers)
