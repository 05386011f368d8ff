"""Managing users (data_access/users.py): refusals name the field and write nothing; no
administrator can lock the system out; every change is logged without a password."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from data_access import audit
from data_access.models import AuditEvent
from data_access.users import (
    PASSWORD_MAX,
    UserRejected,
    authenticate,
    change_user,
    create_user,
    list_users,
    set_password,
)
from tests.conftest import NEW_PASSWORD, PASSWORD, counted_queries, user_events


def _all_details(db) -> str:
    return " ".join(db.scalars(select(AuditEvent.detail)))


# The data functions ------------------------------------------------------------------------


def test_list_users_gives_each_user_with_their_team_slugs_in_one_query(sessions, engine):
    with sessions() as db:
        create_user(db, "zoe", PASSWORD, "team_manager", ["front-door-mash", "duty-and-assessment"])
        create_user(db, "amir", PASSWORD, "director")
        create_user(db, "kim", PASSWORD, "team_manager", ["front-door-mash"])
    with sessions() as db, counted_queries(engine) as statements:
        users = list_users(db)
    assert len(statements) == 1
    assert [(u.username, u.role, u.teams, u.active) for u in users] == [
        ("amir", "director", (), True),
        ("kim", "team_manager", ("front-door-mash",), True),
        ("zoe", "team_manager", ("duty-and-assessment", "front-door-mash"), True),
    ]
    assert all(isinstance(user.created_at, datetime) for user in users)
    with sessions() as db:
        assert [u.username for u in list_users(db, " ZOE ")] == ["zoe"]
        assert list_users(db, "nobody") == []


def test_a_user_added_by_an_administrator_is_logged_without_the_password(sessions):
    with sessions() as db:
        create_user(db, "cli-made", PASSWORD, "admin")  # the command line: no one to log
        create_user(
            db, "Kim", PASSWORD, "team_manager", ["front-door-mash"], by="boss", address="10.0.0.9"
        )
        create_user(db, "amir", PASSWORD, "director", by="boss", address="10.0.0.9")
        assert user_events(db) == [
            (
                audit.USER_CREATED,
                "boss",
                "10.0.0.9",
                "kim: role team_manager, teams front-door-mash",
            ),
            (audit.USER_CREATED, "boss", "10.0.0.9", "amir: role director"),
        ]
        assert PASSWORD not in _all_details(db)


def test_a_refused_user_is_not_logged(sessions):
    with sessions() as db:
        with pytest.raises(UserRejected, match="at least 12"):
            create_user(db, "kim", "too short", "viewer", by="boss", address="10.0.0.9")
        with pytest.raises(UserRejected, match=f"at most {PASSWORD_MAX}"):
            create_user(db, "kim", "x" * (PASSWORD_MAX + 1), "viewer", by="boss", address="1")
        assert user_events(db) == [] and list_users(db) == []


def test_role_teams_and_sign_in_are_changed_and_each_change_logged(sessions):
    with sessions() as db:
        create_user(db, "boss", PASSWORD, "admin")
        create_user(db, "carol", PASSWORD, "director")
    with sessions() as db:
        say = {"by": "boss", "address": "10.0.0.9"}
        assert change_user(db, "Carol", role="analyst", **say) == "carol: role director -> analyst"
        assert change_user(db, "carol", role="team_manager", teams=["front-door-mash"], **say) == (
            "carol: role analyst -> team_manager; teams none -> front-door-mash"
        )
        # Teams not given stay as they are while the role has teams.
        assert change_user(db, "carol", teams=["duty-and-assessment", "front-door-mash"], **say)
        assert list_users(db, "carol")[0].teams == ("duty-and-assessment", "front-door-mash")
        assert change_user(db, "carol", active=False, **say) == "carol: deactivated"
    with sessions() as db:
        assert authenticate(db, "carol", PASSWORD) is None  # deactivated
        # A role without teams drops them.
        assert change_user(db, "carol", role="viewer", active=True, by="boss", address="1") == (
            "carol: role team_manager -> viewer; "
            "teams duty-and-assessment, front-door-mash -> none; reactivated"
        )
        assert authenticate(db, "carol", PASSWORD).role == "viewer"
        assert [event[3] for event in user_events(db)] == [
            "carol: role director -> analyst",
            "carol: role analyst -> team_manager; teams none -> front-door-mash",
            "carol: teams front-door-mash -> duty-and-assessment, front-door-mash",
            "carol: deactivated",
            "carol: role team_manager -> viewer; teams duty-and-assessment, front-door-mash -> "
            "none; reactivated",
        ]
        assert {event[1] for event in user_events(db)} == {"boss"}


def test_a_change_that_changes_nothing_is_not_logged(sessions):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
        assert change_user(db, "carol", role="director", active=True, by="boss", address="1") == ""
        assert user_events(db) == []


@pytest.mark.parametrize(
    ("username", "change", "field", "says"),
    [
        ("nobody", {"role": "viewer"}, "username", "no user called 'nobody'"),
        ("carol", {"role": "superuser"}, "role", "'superuser' is not one of"),
        ("carol", {"role": "team_manager"}, "team", "at least one team"),
        ("carol", {"teams": ["front-door-mash"]}, "team", "only a team_manager has teams"),
        ("carol", {"role": "team_manager", "teams": ["no-such"]}, "team", "'no-such'"),
    ],
)
def test_each_refused_change_names_the_field_and_writes_nothing(
    sessions, username, change, field, says
):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
    with sessions() as db:
        with pytest.raises(UserRejected, match=says) as refused:
            change_user(db, username, **change, by="boss", address="1")
        assert refused.value.field == field
    with sessions() as db:
        assert list_users(db, "carol")[0].role == "director"
        assert user_events(db) == []


def test_an_administrator_cannot_lock_themselves_out(sessions):
    with sessions() as db:
        create_user(db, "boss", PASSWORD, "admin")
        create_user(db, "deputy", PASSWORD, "admin")  # another admin does not make it allowed
    for change, field, says in [
        ({"active": False}, "active", "you cannot deactivate your own account"),
        ({"role": "analyst"}, "role", "you cannot take away your own administrator role"),
    ]:
        with sessions() as db:
            with pytest.raises(UserRejected, match=says) as refused:
                change_user(db, "boss", **change, by="Boss", address="1")
            assert refused.value.field == field
    with sessions() as db:
        assert list_users(db, "boss")[0].role == "admin" and list_users(db, "boss")[0].active
        assert user_events(db) == []
        # Nothing that keeps them an active administrator is refused.
        assert change_user(db, "boss", role="admin", active=True, by="boss", address="1") == ""


def test_the_last_active_administrator_cannot_be_removed_by_anyone(sessions):
    with sessions() as db:
        create_user(db, "boss", PASSWORD, "admin")
        create_user(db, "former", PASSWORD, "admin")
        change_user(db, "former", active=False, by="boss", address="1")
    only = "'boss' is the only active administrator"
    for change in ({"active": False}, {"role": "director"}):
        with sessions() as db, pytest.raises(UserRejected, match=only):
            change_user(db, "boss", **change, by="someone else", address="1")
    with sessions() as db:
        create_user(db, "deputy", PASSWORD, "admin")
        assert change_user(db, "boss", role="director", by="deputy", address="1") == (
            "boss: role admin -> director"
        )


def test_a_new_password_replaces_the_old_and_only_that_it_was_set_is_logged(sessions):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
        before = list_users(db, "carol")
    with sessions() as db:
        user = set_password(db, " Carol", NEW_PASSWORD, by="boss", address="10.0.0.9")
        assert user.username == "carol"
    with sessions() as db:
        assert authenticate(db, "carol", PASSWORD) is None
        assert authenticate(db, "carol", NEW_PASSWORD) is not None
        assert list_users(db, "carol") == before  # nothing else changed
        assert user_events(db) == [(audit.USER_CHANGED, "boss", "10.0.0.9", "carol: password set")]
        assert NEW_PASSWORD not in _all_details(db) and PASSWORD not in _all_details(db)


@pytest.mark.parametrize(
    ("username", "password", "field", "says"),
    [
        ("carol", "eleven char", "password", "at least 12 characters"),
        ("carol", "", "password", "at least 12 characters"),
        ("nobody", NEW_PASSWORD, "username", "no user called 'nobody'"),
    ],
)
def test_a_refused_password_names_the_field_and_writes_nothing(
    sessions, username, password, field, says
):
    with sessions() as db:
        create_user(db, "carol", PASSWORD, "director")
    with sessions() as db:
        with pytest.raises(UserRejected, match=says) as refused:
            set_password(db, username, password, by="boss", address="1")
        assert refused.value.field == field
    with sessions() as db:
        assert authenticate(db, "carol", PASSWORD) is not None and user_events(db) == []
