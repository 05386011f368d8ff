"""Signed-in sessions are kept on the server, so that they can be ended (SPEC section 8): a copy
of the session cookie stops working at sign-out, on a new password and on deactivation, and
every session runs out after 8 idle hours, or 12 hours however busy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from dashboard import database
from data_access import user_sessions
from data_access.db import utc_now
from data_access.models import UserSession
from data_access.users import change_user, set_password
from tests.conftest import NEW_PASSWORD, PASSWORD, counted_queries, form_token, user_client

SIGNED_IN_ONLY = "/api/v1/teams"  # a small answer, 401 without a session


def _works(client) -> bool:
    response = client.get(SIGNED_IN_ONLY)
    assert response.status_code in (200, 401)
    return response.status_code == 200


def _copy(server, client):
    """Another browser holding a copy of `client`'s session cookie, as a thief would."""
    thief = server.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _sign_out(client) -> None:
    token = form_token(client, "/logout")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303


def _rows(server, username: str) -> list[UserSession]:
    from data_access.models import User

    with server.app_context(), database.session() as db:
        return list(
            db.scalars(
                select(UserSession)
                .join(User, User.id == UserSession.user_id)
                .where(User.username == username)
                .order_by(UserSession.created_at)
            )
        )


def _set_times(server, username: str, **times) -> None:
    """Move the user's sessions back in time: `created_at` and `last_seen` as given."""
    from data_access.models import User

    user_id = select(User.id).where(User.username == username).scalar_subquery()
    with server.app_context(), database.session() as db:
        db.execute(update(UserSession).where(UserSession.user_id == user_id).values(**times))
        db.commit()


def test_a_copy_of_the_cookie_stops_working_at_sign_out(app):
    client = user_client(app.server, "viewer", username="s-out")
    other_device = user_client(app.server, "viewer", username="s-out")
    thief = _copy(app.server, client)
    assert _works(client) and _works(thief)
    _sign_out(client)
    assert not _works(thief) and not _works(client)
    assert _works(other_device)  # only the session signed out of has ended
    assert len(_rows(app.server, "s-out")) == 1


def test_a_new_password_ends_every_session_of_the_user_but_the_asker_s_own(app):
    boss = user_client(app.server, "admin", username="s-boss")
    boss_elsewhere = _copy(app.server, user_client(app.server, "admin", username="s-boss"))
    carol = _copy(app.server, user_client(app.server, "director", username="s-carol"))
    assert _works(boss) and _works(boss_elsewhere) and _works(carol)
    set_carol = boss.post("/_dash-update-component", json=_save_password(app, "s-carol"))
    assert set_carol.status_code == 200 and "Their sessions have ended" in set_carol.text
    assert not _works(carol) and _works(boss) and _works(boss_elsewhere)
    set_own = boss.post("/_dash-update-component", json=_save_password(app, "s-boss"))
    assert "Your other sessions have ended" in set_own.text
    assert _works(boss) and not _works(boss_elsewhere)
    assert len(_rows(app.server, "s-boss")) == 1 and _rows(app.server, "s-carol") == []


def _save_password(app, username: str) -> dict:
    """What the users page posts when an administrator sets `username`'s password."""
    for output, entry in app.callback_map.items():
        if getattr(entry.get("callback"), "__name__", "") == "save_password":
            values = iter([username, NEW_PASSWORD])
            return {
                "output": output,
                "outputs": [
                    dict(zip(("id", "property"), part.rsplit(".", 1)))
                    for part in output.strip(".").split("...")
                ],
                "inputs": [{**item, "value": 1} for item in entry["inputs"]],
                "state": [{**item, "value": next(values)} for item in entry["state"]],
                "changedPropIds": [f"{entry['inputs'][0]['id']}.n_clicks"],
            }
    raise LookupError("no save_password callback")


def test_deactivation_ends_every_session_even_once_reactivated(app):
    client = user_client(app.server, "analyst", username="s-gone")
    thief = _copy(app.server, client)
    with app.server.app_context(), database.session() as db:
        change_user(db, "s-gone", active=False, by="admin", address="192.0.2.1")
    assert not _works(client) and not _works(thief)
    with app.server.app_context(), database.session() as db:
        change_user(db, "s-gone", active=True, by="admin", address="192.0.2.1")
    assert not _works(client) and not _works(thief)
    assert _rows(app.server, "s-gone") == []


def test_a_new_password_set_from_the_command_line_or_code_ends_sessions_too(app):
    client = user_client(app.server, "viewer", username="s-code")
    with app.server.app_context(), database.session() as db:
        set_password(db, "s-code", NEW_PASSWORD, by="admin", address=None)
        set_password(db, "s-code", PASSWORD, by="admin", address=None)  # even the old one again
    assert not _works(client) and _rows(app.server, "s-code") == []


def test_a_session_idle_for_8_hours_ends(app):
    client = user_client(app.server, "viewer", username="s-idle")
    now = utc_now()
    _set_times(app.server, "s-idle", created_at=now - timedelta(hours=9), last_seen=now)
    assert _works(client)
    _set_times(app.server, "s-idle", last_seen=now - timedelta(hours=7, minutes=59))
    assert _works(client)  # and it is seen now
    assert utc_now() - _rows(app.server, "s-idle")[0].last_seen < timedelta(minutes=1)
    _set_times(app.server, "s-idle", last_seen=now - timedelta(hours=8, seconds=1))
    assert not _works(client)


def test_a_session_ends_after_12_hours_however_busy(app):
    client = user_client(app.server, "viewer", username="s-long")
    now = utc_now()
    _set_times(app.server, "s-long", created_at=now - timedelta(hours=11, minutes=59))
    assert _works(client)
    _set_times(app.server, "s-long", created_at=now - timedelta(hours=12, seconds=1))
    assert not _works(client)


def test_when_a_session_was_seen_is_written_only_every_few_minutes(app):
    client = user_client(app.server, "viewer", username="s-seen")
    assert _works(client)  # Dash's first request is done
    with app.server.app_context():
        engine = database.engine()
    with counted_queries(engine) as statements:
        assert _works(client)
    first = len(statements)
    _set_times(app.server, "s-seen", last_seen=utc_now() - timedelta(minutes=6))
    with counted_queries(engine) as statements:
        assert _works(client)
    assert len(statements) > first and any("UPDATE user_session" in s for s in statements)
    with counted_queries(engine) as statements:
        assert _works(client)
    assert len(statements) == first


def test_the_cookie_is_not_sent_again_with_every_answer(app):
    client = user_client(app.server, "viewer", username="s-cookie")
    assert "Set-Cookie" not in client.get(SIGNED_IN_ONLY).headers
    assert "Set-Cookie" not in client.get("/").headers


def test_only_a_hash_of_the_session_id_is_kept_and_run_out_sessions_are_deleted(app):
    client = user_client(app.server, "viewer", username="s-kept")
    with client.session_transaction() as cookie:
        session_id = cookie["sid"]
    assert all(row.id_hash != session_id for row in _rows(app.server, "s-kept"))
    user_client(app.server, "viewer", username="s-old")
    _set_times(app.server, "s-old", last_seen=utc_now() - timedelta(hours=8, minutes=1))
    user_client(app.server, "viewer", username="s-kept")  # any sign-in clears away old sessions
    assert _rows(app.server, "s-old") == [] and len(_rows(app.server, "s-kept")) == 2


@pytest.mark.parametrize("cookie", [{"sid": 1}, {"sid": "made-up"}, {"user": 1}, {}])
def test_a_cookie_naming_no_open_session_is_nobody(app, cookie):
    client = app.server.test_client()
    with client.session_transaction() as session:
        session.update(cookie)
    assert not _works(client)


def test_the_session_the_user_and_their_teams_are_found_in_one_query(app):
    client = user_client(app.server, "team_manager", ("leaving-care",), username="s-one")
    with client.session_transaction() as cookie:
        session_id = cookie["sid"]
    with app.server.app_context():
        engine = database.engine()
        with counted_queries(engine) as statements, database.session() as db:
            user = user_sessions.user_of(db, session_id)
            assert [team.slug for team in user.teams] == ["leaving-care"]
    assert len(statements) == 1


def test_a_busy_database_does_not_stop_a_session_being_used(app, backend):
    """While a long import holds SQLite's write lock, marking a session seen waits for it
    (5 s), then gives up, and the request goes on."""
    if backend != "sqlite":
        pytest.skip("SQLite's whole-database write lock")
    client = user_client(app.server, "viewer", username="s-busy")
    _set_times(app.server, "s-busy", last_seen=utc_now() - timedelta(minutes=6))
    with app.server.app_context():
        engine = database.engine()
    with engine.connect() as importing:
        importing.exec_driver_sql("BEGIN IMMEDIATE")  # as an import's transaction holds it
        assert _works(client)
        importing.rollback()
    assert utc_now() - _rows(app.server, "s-busy")[0].last_seen > timedelta(minutes=5)
