"""Who may see and do what, tried from outside with raw HTTP as an outsider would: every page,
Dash callback, API address and export, anonymously and with each role (SPEC section 8).

The rules are written out here by hand, not read from dashboard/auth.py, so that a mistake
there shows up as a failure here.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD, form_token, make_app, router_body, sign_in, user_client

TEAM = "leaving-care"  # the team manager's own team
OTHER_TEAM = "front-door-mash"
ROLES = {
    "viewer": (),
    "team_manager": (TEAM,),
    "director": (),
    "analyst": (),
    "admin": (),
}
EVERYONE = set(ROLES)
SEES_TEAMS = {"team_manager", "director", "analyst", "admin"}
PAGES = {
    "/": EVERYONE,
    "/actions": EVERYONE,
    "/actions/F3": EVERYONE,
    "/indicator/9b": EVERYONE,
    "/recommendations": EVERYONE,
    "/inspections": EVERYONE,
    "/glossary": EVERYONE,
    "/search": EVERYONE,
    "/theme/demand-and-need": EVERYONE,
    "/teams": SEES_TEAMS,
    f"/teams/{TEAM}": SEES_TEAMS,
    f"/teams/{OTHER_TEAM}": {"director", "analyst", "admin"},
    "/clinic": {"director", "analyst", "admin"},
    "/admin/import": {"analyst", "admin"},
    "/targets/9b": {"analyst", "admin"},
    "/admin/users": {"admin"},
    "/admin/audit": {"admin"},
}
DATA = [
    "/api/v1/indicators",
    "/api/v1/indicators/9b",
    "/api/v1/indicators/9b/observations",
    "/api/v1/indicators/9b/spc",
    "/api/v1/indicators/9b/forecast",
    "/api/v1/indicators/9b/benchmark",
    "/api/v1/actions",
    "/api/v1/recommendations",
    "/api/v1/teams",
    "/download?page=/&table=scorecard-table&format=csv",
    "/export/pack.pdf",
    "/_dash-layout",
    "/_dash-dependencies",
]
TEAM_NAME = "Leaving care"  # words that only a team's figures or plan would show


@pytest.fixture(scope="module")
def clients(app):
    """One signed-in test client per role, and an anonymous one."""
    signed_in = {role: user_client(app.server, role, teams) for role, teams in ROLES.items()}
    signed_in[None] = app.server.test_client()
    signed_in[None].get("/")  # Dash registers the page router on its first request
    return signed_in


def _callback(app, module: str, output_part: str) -> dict:
    """The body Dash's renderer posts for the server callback of `module` whose output names
    `output_part`, with every input empty."""
    for output, entry in app.callback_map.items():
        function = entry.get("callback")
        if function is not None and function.__module__ == module and output_part in output:
            return {
                "output": output,
                "outputs": [
                    dict(zip(("id", "property"), part.rsplit(".", 1)))
                    for part in output.strip(".").split("...")
                ],
                "inputs": [{**item, "value": None} for item in entry["inputs"]],
                "state": [{**item, "value": None} for item in entry["state"]],
                "changedPropIds": [],
            }
    raise LookupError(f"{module} has no callback with {output_part}")


def _post_callback(client, body: dict):
    return client.post("/_dash-update-component", json=body)


def test_without_sign_in_pages_go_to_sign_in_and_data_gives_401_and_nothing(clients):
    anonymous = clients[None]
    for path in PAGES:
        response = anonymous.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == f"/login?next={path}"
    for path in DATA:
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.get_json() == {"error": "Sign in to see this.", "status": 401}
    for path in PAGES:
        response = _post_callback(anonymous, router_body(path))
        assert response.status_code == 401 and b"Tameside" not in response.data, path
    assert anonymous.get("/login").status_code == 200
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.get("/assets/dashboard.css").status_code == 200


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_opens_its_pages_and_is_refused_the_others_everywhere(clients, role):
    client = clients[role]
    for path, allowed in PAGES.items():
        expected = 200 if role in allowed else 403
        assert client.get(path).status_code == expected, (role, path)
        drawn = _post_callback(client, router_body(path))
        assert drawn.status_code == expected, (role, path)
        if expected == 403:
            assert drawn.get_json()["status"] == 403 and TEAM_NAME not in drawn.text
        download = client.get(f"/download?page={path}&table=anything&format=csv")
        assert (download.status_code == 403) is (expected == 403), (role, path)


def test_a_viewer_is_refused_every_callback_of_a_page_it_may_not_open(app, clients):
    refused = {
        "dashboard.pages.clinic": "clinic-comparison",
        "dashboard.pages.import_data": "import-result",
        "dashboard.pages.users": "user-add-message",
    }
    for module, output in refused.items():
        response = _post_callback(clients["viewer"], _callback(app, module, output))
        assert response.status_code == 403, module
    comparison = _callback(app, "dashboard.pages.clinic", "clinic-comparison")
    comparison["inputs"][0]["value"] = "25"
    assert _post_callback(clients["team_manager"], comparison).status_code == 403
    shown = _post_callback(clients["director"], comparison)
    assert shown.status_code == 200 and "Disabled children" in shown.text


def test_team_figures_in_the_api_only_for_those_who_see_that_team(clients):
    for what in ("observations", "spc"):
        address = f"/api/v1/indicators/25/{what}?team={{}}&from=2023-01-01"
        assert clients["viewer"].get(address.format(TEAM)).status_code == 403
        assert clients["team_manager"].get(address.format(OTHER_TEAM)).status_code == 403
        assert clients["team_manager"].get(address.format(TEAM)).status_code == 200
        assert clients["director"].get(address.format(OTHER_TEAM)).status_code == 200


def test_nobody_without_the_right_can_record_progress_or_commentary(app, clients):
    from dashboard import database
    from data_access.models import ActionUpdate, Commentary

    def counts():
        with app.server.app_context(), database.session() as db:
            return (
                db.scalar(select(func.count()).select_from(ActionUpdate)),
                db.scalar(select(func.count()).select_from(Commentary)),
            )

    before = counts()
    progress = _callback(app, "dashboard.pages.action", "progress-message")
    values = {"progress-save": 1, "progress-date": "2023-06-01", "progress-status": "green"}
    values |= {"progress-note": "Done."}
    for item in progress["inputs"] + progress["state"]:
        item["value"] = values.get(item["id"])
    progress["state"][0]["value"] = {"ref": "A1", "version": 1}  # A1 has no team
    commentary = _callback(app, "dashboard.pages.indicator", "commentary-message")
    commentary["inputs"][0]["value"] = 1
    commentary["state"] = [
        {**item, "value": value}
        for item, value in zip(
            commentary["state"], [{"ref": "9a", "versions": {}, "texts": {}}, "2023-03-31", "Mine."]
        )
    ]
    for role in ("viewer", "team_manager", "director", "analyst"):
        assert _post_callback(clients[role], progress).status_code == 403, role
    for role in ("viewer", "team_manager"):
        assert _post_callback(clients[role], commentary).status_code == 403, role
    assert counts() == before


def test_forms_without_the_session_s_token_are_refused(app, clients):
    client = app.server.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 400 and "expired" in response.text
    assert client.get("/").status_code == 302  # not signed in
    signed_in = user_client(app.server, "director")
    assert signed_in.post("/logout", data={}).status_code == 400
    assert signed_in.get("/").status_code == 200  # still signed in
    token = form_token(signed_in, "/logout")
    assert signed_in.post("/logout", data={"csrf_token": token}).status_code == 303
    assert signed_in.get("/").status_code == 302


def test_posts_from_another_site_are_refused_even_with_a_session(app, clients):
    body = router_body("/")
    evil = {"Origin": "https://evil.example"}
    response = clients["admin"].post("/_dash-update-component", json=body, headers=evil)
    assert response.status_code == 403
    same = {"Origin": "http://localhost"}
    assert (
        clients["admin"].post("/_dash-update-component", json=body, headers=same).status_code == 200
    )
    token = form_token(app.server.test_client())
    refused = app.server.test_client().post("/login", data={"csrf_token": token}, headers=evil)
    assert refused.status_code == 403


def test_sign_in_goes_back_only_to_a_page_of_this_site(app):
    user_client(app.server, "analyst")
    for asked, lands in (("/clinic", "/clinic"), ("//evil.example", "/"), ("https://x.y", "/")):
        client = app.server.test_client()
        token = form_token(client)
        data = {"csrf_token": token, "username": "analyst", "password": PASSWORD, "next": asked}
        assert client.post("/login", data=data).headers["Location"] == lands


def test_guessing_passwords_is_slowed_down_by_username_and_by_address(app):
    # A user of this test's own: the other tests sign in as "director" on the same database.
    user_client(app.server, "director", username="guessed")
    for attempt in range(5):
        _client, response = sign_in(app.server, "guessed", f"wrong guess {attempt}")
        assert response.status_code == 401 and "not right" in response.text
    _client, response = sign_in(app.server, "guessed")  # the right password, too late
    assert response.status_code == 429 and "Too many tries" in response.text

    def from_address(username: str, password: str):
        client = app.server.test_client()
        client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
        token = form_token(client)
        data = {"csrf_token": token, "username": username, "password": password}
        return client.post("/login", data=data)

    user_client(app.server, "analyst")
    for attempt in range(20):
        assert from_address(f"nobody{attempt}", "wrong guess").status_code == 401
    assert from_address("analyst", PASSWORD).status_code == 429
    assert sign_in(app.server, "analyst")[1].status_code == 303  # from another address


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(app):
    user_client(app.server, "viewer")
    _client, response = sign_in(app.server, "viewer")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    client = app.server.test_client()
    token = form_token(client, base_url="https://dashboard.example")
    data = {"csrf_token": token, "username": "viewer", "password": PASSWORD}
    secure = client.post("/login", data=data, base_url="https://dashboard.example")
    assert secure.status_code == 303 and "Secure" in secure.headers["Set-Cookie"]


def test_a_deactivated_user_or_a_new_password_ends_the_session(app):
    from dashboard import database
    from data_access.models import User
    from data_access.users import hash_password

    client = user_client(app.server, "team_manager", (OTHER_TEAM,))
    assert client.get("/").status_code == 200
    username = f"team_manager-{OTHER_TEAM}"
    with app.server.app_context(), database.session() as db:
        db.execute(
            update(User)
            .where(User.username == username)
            .values(password_hash=hash_password(PASSWORD))
        )
        db.commit()
    assert client.get("/").status_code == 302
    client = user_client(app.server, "team_manager", (OTHER_TEAM,))
    with app.server.app_context(), database.session() as db:
        db.execute(update(User).where(User.username == username).values(active=False))
        db.commit()
    assert client.get("/api/v1/actions").status_code == 401


def test_security_headers_on_pages_and_data(clients):
    for path in ("/", "/login", "/api/v1/indicators"):
        headers = clients["director"].get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert (
            "script-src 'self' 'sha256-" in policy
            and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        )
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_public_view_lets_anyone_in_as_a_viewer_and_no_further(seeded_url):
    public = make_app(seeded_url, PUBLIC_VIEW=True).server.test_client()
    assert public.get("/").status_code == 200
    assert public.get("/api/v1/indicators").status_code == 200
    assert public.get("/teams").status_code == 403
    assert public.get(f"/api/v1/indicators/25/observations?team={TEAM}").status_code == 403
    layout = json.dumps(public.get("/_dash-layout").get_json())
    assert "Public view" in layout and "Sign in" in layout and "Clinic" not in layout


def test_without_a_secret_key_the_app_does_not_start(seeded_url):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(seeded_url, SECRET_KEY=None)


def test_every_sign_in_and_refusal_is_in_the_audit_log(app):
    from dashboard import database
    from data_access.models import AuditEvent

    user_client(app.server, "analyst")
    sign_in(app.server, "analyst", "not the password")
    with app.server.app_context(), database.session() as db:
        events = db.execute(
            select(AuditEvent.event, AuditEvent.detail)
            .where(AuditEvent.username == "analyst")
            .order_by(AuditEvent.id.desc())
            .limit(2)
        ).all()
    assert [tuple(event) for event in events] == [
        ("sign-in refused", "wrong details"),
        ("signed in", ""),
    ]


def test_the_audit_log_cannot_be_changed(seeded_engine):
    from data_access.models import AuditEvent

    with Session(seeded_engine) as db:
        db.add(AuditEvent(at=func.now(), event="x", username="x", address="x", detail=""))
        db.commit()
        with pytest.raises(Exception, match="append-only"):
            db.execute(update(AuditEvent).values(detail="changed"))
        db.rollback()


def test_no_page_s_html_carries_any_data(seeded_url):
    """The HTML shell is the same for everyone and holds no figures, teams or users: Dash
    must not embed a copy of every page's layout to check callbacks against."""
    admin = user_client(make_app(seeded_url, PUBLIC_VIEW=True).server, "admin")
    admin.get("/clinic")  # the first request, by someone who sees everything
    public = make_app(seeded_url, PUBLIC_VIEW=True).server.test_client()
    for client in (admin, public):
        html = client.get("/").text
        assert "validation_layout" not in html
        assert TEAM_NAME not in html and "admin" not in html.lower().replace("administrator", "")
        assert len(html) < 20_000
