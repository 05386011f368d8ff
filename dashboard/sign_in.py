"""Signing in and out (SPEC section 8): `/login` and `/logout` as plain forms with a CSRF token,
the session cookie, and the slowing down of password guessing.

The cookie names a session kept on the server (data_access/user_sessions.py), which signing
out deletes, so that a copy of the cookie stops working too.

After five refused sign-ins for one username, or twenty from one address, within fifteen
minutes, further tries are refused without checking the password until the window has passed.
The counts come from the audit log, so every worker process sees the same ones.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, request, session
from flask.sessions import SecureCookieSessionInterface

from dashboard import auth, database
from dashboard.plain_pages import authority_name, sign_in_page, sign_out_page
from data_access import audit, user_sessions
from data_access.users import authenticate, normal_username

sign_in = Blueprint("sign_in", __name__)

WINDOW_MINUTES = 15
MOST_REFUSALS_PER_USERNAME = 5
MOST_REFUSALS_PER_ADDRESS = 20
FIELD_MAX = 1024  # characters of a username or password read from the form


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the request came over HTTPS (or the setting
    SESSION_COOKIE_SECURE says so), and is always `HttpOnly` and `SameSite=Lax`."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def csrf_token() -> str:
    """The session's token that every form post must send back."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _csrf_ok() -> bool:
    sent = request.form.get("csrf_token", "")
    return bool(session.get("csrf")) and hmac.compare_digest(sent, session["csrf"])


def _local(path: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site; "/" otherwise.

    Browsers drop tabs and line breaks from an address and read a backslash as a slash, so
    `/<tab>/evil.example` and `/\\evil.example` lead to another site: an address with any of
    them, any other control character or space, is refused rather than cleaned. What is left
    must be a path alone: one slash first, no scheme and no host."""
    if not path or not path.isprintable() or " " in path or "\\" in path:
        return "/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return "/"
    return path


@sign_in.get("/login")
def login_form():
    message = "You have signed out." if request.args.get("signed_out") else ""
    return sign_in_page(csrf_token(), _local(request.args.get("next")), "", message, "success")


@sign_in.post("/login")
def login():
    username = request.form.get("username", "")[:FIELD_MAX]
    password = request.form.get("password", "")[:FIELD_MAX]
    next_path = _local(request.form.get("next"))
    area = authority_name()  # for a refusal's form, read before the session below is open

    def refuse(message: str, status: int):
        return sign_in_page(csrf_token(), next_path, username, message, area=area), status

    if not _csrf_ok():
        return refuse("The form had expired. Please sign in again.", 400)
    address = request.remote_addr
    # Counted and logged under the name as it is looked up, so that `Viewer1 ` and `viewer1`
    # are one user's tries, as they are one user's sign-in.
    name = normal_username(username)
    with database.session() as db:
        since = audit.window_start(WINDOW_MINUTES)
        by_name, by_address = audit.refusals_since(db, name, address, since)
        if by_name >= MOST_REFUSALS_PER_USERNAME or by_address >= MOST_REFUSALS_PER_ADDRESS:
            audit.record(db, audit.SIGN_IN_REFUSED, name, address, "too many tries")
            return refuse(
                f"Too many tries. Please wait {WINDOW_MINUTES} minutes and try again.", 429
            )
        user = authenticate(db, username, password)
        if user is None:
            audit.record(db, audit.SIGN_IN_REFUSED, name, address, "wrong details")
            return refuse("The username or password is not right.", 401)
        audit.record(db, audit.SIGNED_IN, user.username, address)
        if isinstance(session.get("sid"), str):
            user_sessions.end(db, session["sid"])  # signed in again: the old one ends
        session.clear()  # a new session, so one made before sign-in cannot be taken over
        session.permanent = True
        session["sid"] = user_sessions.begin(db, user.id)
        session["key"] = auth.password_key(user)
        if next_path == "/":  # nothing else asked for: a team manager's own team
            next_path = auth.landing_page(user.role, [team.slug for team in user.teams])
    return redirect(next_path, 303)


@sign_in.get("/logout")
def logout_form():
    return sign_out_page(csrf_token())


@sign_in.post("/logout")
def logout():
    if not _csrf_ok():
        return sign_out_page(csrf_token()), 400
    principal = auth.current()
    with database.session() as db:
        if isinstance(session.get("sid"), str):
            user_sessions.end(db, session["sid"])  # a copy of the cookie no longer works
        if principal.signed_in:
            audit.record(db, audit.SIGNED_OUT, principal.username, request.remote_addr)
    session.clear()
    return redirect("/login?signed_out=1", 303)


def attach(server: Flask) -> None:
    """Sign-in pages, the session cookie, and the guard in front of every other request."""
    server.session_interface = SessionCookies()
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The server ends a session (data_access/user_sessions.py); the cookie need not
        # outlive the longest session, nor be sent again with each answer to last longer.
        PERMANENT_SESSION_LIFETIME=user_sessions.LONGEST,
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.register_blueprint(sign_in)
    # First of all: Dash's own first-request work then already knows who is asking.
    server.before_request_funcs.setdefault(None, []).insert(0, auth.guard)
