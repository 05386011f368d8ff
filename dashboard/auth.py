"""Who may see and do what (SPEC section 8): the one place that decides.

Every request passes `guard` first. Without a signed-in user (or `PUBLIC_VIEW=1`, which lets an
anonymous visitor in as a viewer) only `/login`, `/healthz` and static files answer; pages send
the visitor to sign in, and everything else (Dash callbacks, the API, downloads, the pack) gets
401 and no data. A signed-in user who lacks the right for a page, or for the callbacks and
downloads of that page, gets 403. Pages declare the right they need in `register_page`
(`right=`, and `team_argument=` for a page about one team); a page's callbacks need the same.
Edits are checked again where they are saved, against the record: `may_update_action`,
`may_write_commentary`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import dash
from dash._pages import _path_to_page  # the router's own matching, see find_page
from dash.exceptions import AppNotFoundError, UnsupportedRelativePath
from flask import current_app, g, jsonify, redirect, request, session
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden

from dashboard import database
from dashboard.components.not_found import refused
from dashboard.plain_pages import refusal_page
from data_access import user_sessions
from data_access.models import User

VIEWER, TEAM_MANAGER, DIRECTOR, ANALYST, ADMIN = (
    "viewer",
    "team_manager",
    "director",
    "analyst",
    "admin",
)

# The rights, in the words of the users' own jobs.
READ = "read the authority's figures and plans"
TEAM_DATA = "see team figures and plans"  # a team manager: only their own teams
ALL_TEAMS = "see every team"
UPDATE_ACTIONS = "record progress on actions"  # a team manager: only their own teams' actions
WRITE_COMMENTARY = "write commentary"  # a team manager: only on their own teams' figures
SET_TARGETS = "set targets"
IMPORT = "import figures"
MANAGE_USERS = "manage users and read the audit log"

RIGHTS: dict[str, frozenset[str]] = {
    VIEWER: frozenset({READ}),
    TEAM_MANAGER: frozenset({READ, TEAM_DATA, UPDATE_ACTIONS, WRITE_COMMENTARY}),
    DIRECTOR: frozenset({READ, TEAM_DATA, ALL_TEAMS, WRITE_COMMENTARY}),
    ANALYST: frozenset({READ, TEAM_DATA, ALL_TEAMS, WRITE_COMMENTARY, SET_TARGETS, IMPORT}),
    # An admin can give themselves any role, so holding a right back would protect nothing.
    ADMIN: frozenset(
        {READ, TEAM_DATA, ALL_TEAMS, UPDATE_ACTIONS, WRITE_COMMENTARY}
        | {SET_TARGETS, IMPORT, MANAGE_USERS}
    ),
}

# Exports that need more than the right to read: the plan workbook holds every team's plan.
EXPORT_RIGHTS = {"/export/plan.xlsx": ALL_TEAMS, "/export/plan-template.xlsx": IMPORT}

OPEN_PATHS = {"/login", "/healthz", "/_favicon.ico"}
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
DATA_PREFIXES = ("/_dash-", "/api/", "/download", "/export/")


@dataclass(frozen=True)
class Principal:
    """Whoever is asking: a signed-in user, or an anonymous viewer of a public site."""

    role: str
    username: str = ""
    teams: frozenset[str] = frozenset()
    user_id: int | None = None

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    def may(self, right: str) -> bool:
        return right in RIGHTS.get(self.role, ())

    @property
    def sees_staff_names(self) -> bool:
        """Staff who see team data see who recorded what by username; a viewer, or the public,
        sees the person's role (dashboard/staff_names.py)."""
        return self.may(TEAM_DATA)

    @property
    def sees_small_numbers(self) -> bool:
        """Those who see team data see counts of 1 to 5; a viewer, or nobody, sees `c`."""
        return self.may(TEAM_DATA)

    @property
    def view(self) -> tuple[str, tuple[str, ...], str]:
        """What a page can differ by between two people: the role; the teams unless the role
        sees every team; and the username for all but a viewer, as their forms say who saves.
        Viewers alike see the same pages, so a page many of them open is built once."""
        teams = () if self.may(ALL_TEAMS) else tuple(sorted(self.teams))
        return self.role, teams, "" if self.role == VIEWER else self.username

    def sees_team(self, slug: str | None) -> bool:
        return self.may(ALL_TEAMS) or (self.may(TEAM_DATA) and slug in self.teams)

    def _for_teams(self, right: str, slugs) -> bool:
        return self.may(right) and (self.may(ALL_TEAMS) or bool(self.teams & set(slugs)))

    def may_update_action(self, team_slugs) -> bool:
        """Progress on an action: a team manager of one of the action's teams, or an admin."""
        return self._for_teams(UPDATE_ACTIONS, team_slugs)

    def may_write_commentary(self, team_slug: str | None = None) -> bool:
        """Commentary on the authority's figures (`team_slug` None) or on one team's."""
        return self._for_teams(WRITE_COMMENTARY, [team_slug] if team_slug else [])


def landing_page(role: str, team_slugs) -> str:
    """Where someone lands after signing in without asking for a page: a team manager on
    their team's plan on a page (the first of their teams, by slug), everyone else on the
    scorecard."""
    slugs = sorted(team_slugs)
    return f"/teams/{slugs[0]}" if role == TEAM_MANAGER and slugs else "/"


def my_team_link(principal: Principal) -> tuple[str, str] | None:
    """A team manager's own link in the navigation: their team's page, or the list of their
    teams when they have more than one."""
    if principal.role != TEAM_MANAGER or not principal.teams:
        return None
    if len(principal.teams) == 1:
        return "My team", landing_page(principal.role, principal.teams)
    return "My teams", "/teams"


NOBODY = Principal(role="")  # no rights at all
PUBLIC_VIEWER = Principal(role=VIEWER)


def current() -> Principal:
    """Whoever the current request is from; nobody outside a request or before the guard."""
    return g.get("principal", NOBODY)


def password_key(user: User) -> str:
    """Kept in the session: a new password (or a new hash) ends the sessions made before it."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def _signed_in_user() -> Principal | None:
    """The user of the session the cookie names, if that session is still open on the server
    (data_access/user_sessions.py): one query on most requests, the user's teams joined."""
    session_id = session.get("sid")
    if not isinstance(session_id, str):
        return None
    with database.session() as db:
        user = user_sessions.user_of(db, session_id)
        if user is None or session.get("key") != password_key(user):
            return None
        return Principal(
            user.role, user.username, frozenset(team.slug for team in user.teams), user.id
        )


def find_page(path: str) -> tuple[dict | None, dict[str, str]]:
    """The registered page that shows `path`, and its path arguments; (None, {}) if none.

    Found exactly as Dash's router finds it (outer slashes stripped, templates matched by
    wildcard), so `/clinic/`, `//clinic` and `/teams/a/b` are judged as the page they open."""
    if not isinstance(path, str):
        return None, {}
    try:
        path_id = dash.get_app().strip_relative_path(path)
    except (AppNotFoundError, UnsupportedRelativePath):
        return None, {}
    page, arguments = _path_to_page(path_id)
    return page or None, arguments or {}


def may_see(principal: Principal, page: dict, arguments: dict) -> bool:
    """Whether `principal` may see `page` drawn with these arguments (a team page's team)."""
    if not principal.may(page.get("right", READ)):
        return False
    team_argument = page.get("team_argument")
    return team_argument is None or principal.sees_team(arguments.get(team_argument))


def may_open(principal: Principal, path: str) -> bool:
    """Whether `principal` may see the page at `path` (an unknown path shows "not found")."""
    page, arguments = find_page(path)
    return page is None or may_see(principal, page, arguments)


def guard_pages() -> None:
    """Every page's layout decides access itself, on the arguments it is drawn with: Dash's
    router passes the path's arguments, then the query's and forged inputs over them, so a
    check on the address alone can be walked round (`/teams/mine?slug=theirs`)."""
    for page in dash.page_registry.values():
        layout = page["layout"]
        if callable(layout) and not hasattr(layout, "guarded_page"):
            page["layout"] = _guarded(page, layout)


def _guarded(page: dict, layout: Callable) -> Callable:
    @functools.wraps(layout)
    def guarded_layout(**arguments):
        principal = current()
        if may_see(principal, page, arguments):
            return layout(**arguments)
        if principal.signed_in:
            return refused("You cannot see this page", NOT_YOURS)
        return refused("Sign in to see this", STAFF_ONLY)

    guarded_layout.guarded_page = True
    return guarded_layout


def _callback_allowed(principal: Principal) -> bool:
    """A Dash callback, before Dash has gathered its callbacks (on a worker's first request):
    the router's address must be one the asker may open. Which callback it is, and whether its
    page allows the asker, is decided after that, by `may_call` (dashboard/callback_inputs.py)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return principal.may(READ)  # refused as malformed afterwards
    for item in body.get("inputs") or []:
        if (
            isinstance(item, dict)
            and item.get("id") == "_pages_location"
            and item.get("property") == "pathname"
            and not may_open(principal, str(item.get("value")))
        ):
            return False
    return principal.may(READ)


def may_call(principal: Principal, function: Callable) -> bool:
    """Whether `principal` may call a Dash callback: the page it belongs to decides."""
    for page in dash.page_registry.values():
        if page["module"] == function.__module__:
            return principal.may(page.get("right", READ))
    return principal.may(READ)


def _allowed(principal: Principal) -> bool:
    path = request.path
    if path == "/_dash-update-component":
        return _callback_allowed(principal)
    if path == "/download":
        return may_open(principal, request.args.get("page", "/"))
    if path.startswith("/api/"):
        team = request.args.get("team")
        return principal.may(READ) and (not team or principal.sees_team(team))
    if path.startswith(DATA_PREFIXES):
        return principal.may(export_right(path))
    return may_open(principal, path)


def export_right(path: str) -> str:
    """The right a data address needs: READ, or more for an export in EXPORT_RIGHTS, however
    its slashes are written (Flask sends `/export//plan.xlsx` on to `/export/plan.xlsx`)."""
    return EXPORT_RIGHTS.get(re.sub("/+", "/", path).removesuffix("/"), READ)


SIGN_IN_FIRST = "Sign in to see this."
NOT_YOURS = "Your account does not give you access to this. Ask an administrator if you need it."
STAFF_ONLY = "This is for staff who have signed in with an account that allows it."


def refusal(status: int) -> ResponseReturnValue:
    """401 or 403, in words for whoever asked: JSON on the data addresses, else a page."""
    staff = NOT_YOURS if current().signed_in else STAFF_ONLY
    message = SIGN_IN_FIRST if status == 401 else staff
    if request.path.startswith(DATA_PREFIXES):
        return jsonify({"error": message, "status": status}), status
    if status == 401:
        # The address asked for, as it was sent (percent-encoded), and encoded once more as
        # one parameter: a line break in it would break the header, an `&` cut it short.
        query = request.query_string.decode("latin-1")
        asked = quote(request.path) + (f"?{query}" if query else "")
        return redirect(f"/login?next={quote(asked, safe='/')}")
    return refusal_page(message), status


def _from_another_site() -> bool:
    """A post sent by a page of another site (browsers say where a post comes from). Only the
    host is compared: behind a proxy that ends HTTPS, the app itself is reached over HTTP."""
    origin = request.headers.get("Origin")
    return (
        request.method not in ("GET", "HEAD", "OPTIONS")
        and origin is not None
        and urlsplit(origin).netloc != request.host
    )


def guard() -> ResponseReturnValue | None:
    """Runs before every request: answers it with 401/403 unless the asker may have it."""
    path = request.path
    if _from_another_site():
        g.principal = NOBODY
        return jsonify({"error": "Posts from other sites are refused.", "status": 403}), 403
    if path in OPEN_PATHS or path.startswith(STATIC_PREFIXES):
        g.principal = NOBODY
        return None
    principal = _signed_in_user()
    if principal is None and current_app.config.get("PUBLIC_VIEW"):
        principal = PUBLIC_VIEWER
    g.principal = principal or NOBODY
    if principal is None:
        return refusal(401)
    if not _allowed(principal):
        return refusal(403)
    return None


def require(allowed: bool) -> None:
    """Inside a callback or view: stop with 403 unless `allowed`."""
    if not allowed:
        raise Forbidden("Your account does not give you access to this.")
