"""Pages served without Dash, so that they work before sign-in and without JavaScript: the
sign-in and sign-out forms, and the page that says access is refused. Jinja escapes every value,
so nothing typed by anyone is ever read as HTML."""

from __future__ import annotations

import logging

from flask import render_template_string
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from dashboard import configured

log = logging.getLogger(__name__)

FRAME = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} – Children's Services Improvement Dashboard</title>
<link rel="stylesheet" href="/assets/bootstrap.min.css">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<a href="#main" class="skip-link">Skip to main content</a>
<header class="site-header"><div class="container">
<a class="product-name" href="/">Children's Services Improvement Dashboard</a>
{% if area %}<span class="product-area"> · {{ area }}</span>{% endif %}
</div></header>
<main id="main" tabindex="-1"><div class="container py-4" style="max-width: 36rem">
<h1>{{ title }}</h1>
{% if message %}<div class="alert alert-{{ tone }}" role="{{ 'alert' if tone == 'danger'
else 'status' }}">{{ message }}</div>{% endif %}
{{ body }}
</div></main>
</body>
</html>"""

SIGN_IN = """<form method="post" action="/login" novalidate>
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<input type="hidden" name="next" value="{{ next }}">
<div class="mb-3">
<label class="form-label fw-bold" for="username">Username</label>
<input class="form-control" id="username" name="username" type="text" value="{{ username }}"
 autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus>
</div>
<div class="mb-3">
<label class="form-label fw-bold" for="password">Password</label>
<input class="form-control" id="password" name="password" type="password"
 autocomplete="current-password" required>
</div>
<button class="btn btn-primary" type="submit">Sign in</button>
</form>
<p class="mt-4">Forgotten your password, or need an account?
Ask your dashboard administrator.</p>"""

SIGN_OUT = """<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<button class="btn btn-primary" type="submit">Sign out</button>
</form>"""

FAULT = """<p>If it goes on, tell the performance team.</p>"""

REFUSED = """<p><a href="/">Go to the scorecard</a> or
<a href="/logout">sign in as someone else</a>.</p>"""


def _area() -> str:
    """The authority's name for the header; none when the database cannot be read."""
    try:
        return configured.authority().name
    except SQLAlchemyError:
        log.warning("The database cannot be read: the page's header names no authority.")
        return ""


def _page(
    title: str, body: str, message: str = "", tone: str = "danger", area: str = "", **values
) -> str:
    return render_template_string(
        FRAME,
        title=title,
        message=message,
        tone=tone,
        area=area,
        body=Markup(render_template_string(body, **values)),  # escaped as it was rendered
    )


def sign_in_page(csrf: str, next_path: str, username: str = "", message: str = "", tone="danger"):
    values = {"csrf": csrf, "next": next_path, "username": username}
    return _page("Sign in", SIGN_IN, message, tone, _area(), **values)


def sign_out_page(csrf: str) -> str:
    return _page("Sign out", SIGN_OUT, area=_area(), csrf=csrf)


def refusal_page(message: str) -> str:
    return _page("You cannot see this page", REFUSED, message, area=_area())


def fault_page(title: str, message: str) -> str:
    """The data cannot be read or written just now (dashboard/database_faults.py): the header
    names no authority, as its name is in the database."""
    return _page(title, FAULT, message, "warning")
